// The forecast app's resumable checkpoints: written at every epoch boundary, read back by
// --resume so that the run continues as if it had never stopped.
//
//   callbacks.on_checkpoint = [&](const forecast::FitState& s) { apps::save_fit_state(ckpt, s, o, data); };
//   forecast::FitState st = apps::load_fit_state(ckpt, o, data);  // --resume
//
// The file is the run's DIR/model.safetensors, written atomically, so a crash leaves the last
// epoch's. It holds what load_trained reads (the model's weights: with --patience the best
// epoch's; the config, scaler and losses) plus the training state: tensors named "resume.*"
// (forecast::kTrainingStatePrefix) for Adam's state ("resume.optimizer.<name>") and, with
// --patience, the last epoch's weights ("resume.weights.<name>"); and the "fit_state" metadata,
// JSON: the epochs done, the next epoch's lr, the generator, the seconds per epoch, the best
// epoch, and the flags and data sizes a resume must match.
#pragma once

#include <string>

#include "apps/forecast/data.h"
#include "apps/forecast/options.h"
#include "models/forecast_train.h"

namespace ripple::apps {

// Writes `state` to `path` as described above. Throws FileError.
void save_fit_state(const std::string& path, const forecast::FitState& state, const ForecastOptions& o,
                    const ForecastData& data);

// Reads the state save_fit_state wrote, for a run with options `o` on `data`. Throws ripple::Error
// naming the file if it is missing, unreadable or corrupt, was not written by a forecast run that
// can resume, or was trained with other flags or data; --epochs may differ (train longer or stop
// sooner) but not fall below the epochs already done, nor change with --final-lr below 1 (the
// cosine spans all the epochs).
forecast::FitState load_fit_state(const std::string& path, const ForecastOptions& o, const ForecastData& data);

}  // namespace ripple::apps
