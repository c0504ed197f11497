// forecast::Streamer (forecast_streamer.h): which models stream, the shapes, the trained run's
// scaling; the steps themselves are WaveNetCache's (wavenet.cpp).
#include "models/forecast_streamer.h"

#include "autograd/ops.h"
#include "models/forecast_norm.h"
#include "models/forecast_quantile.h"

namespace ripple::forecast {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

// The WaveNet inside `model`, or an Error saying why `model` cannot be streamed.
WaveNet& streamable(Forecaster& model) {
  if (auto* norm = dynamic_cast<NormalizedForecaster*>(&model)) {
    if (norm->norm() == Norm::None) return streamable(norm->inner());
    throw Error(std::string("forecast::Streamer: the model normalises every window by its own ") +
                (norm->norm() == Norm::Last ? "last value" : "mean and standard deviation") + " (" +
                norm_name(norm->norm()) +
                "); these change with every new step, and with them every cached activation, so "
                "there is nothing to reuse. Stream a model trained without per-window "
                "normalisation (--norm none), or forecast each window with forecast_last");
  }
  if (dynamic_cast<QuantileForecaster*>(&model))
    throw Error("forecast::Streamer: the model forecasts quantiles (" + model.describe() +
                "); streaming gives point forecasts only so far: forecast each window with "
                "predict_quantiles");
  if (auto* net = dynamic_cast<WaveNet*>(&model)) return *net;
  throw Error("forecast::Streamer: streams a WaveNet (models/wavenet.h), whose dilated "
              "convolutions it caches; got " + model.describe() +
              ": forecast each window with forecast_last instead");
}

}  // namespace

Streamer::Streamer(std::shared_ptr<Forecaster> model, const Tensor& history) : owner_(std::move(model)) {
  if (!owner_) throw Error("forecast::Streamer: no model");
  net_ = &streamable(*owner_);
  reset(history);
}

Streamer::Streamer(const TrainedForecaster& trained, const Tensor& history) : owner_(trained.model) {
  if (!owner_) throw Error("forecast::Streamer: the trained forecaster has no model");
  if (trained.all_targets())
    throw Error("forecast::Streamer: the run forecast every column (target \"all\"), one window "
                "per column; stream a run with a single target");
  if (!trained.calendar.empty())
    throw Error("forecast::Streamer: the run's inputs include calendar features (" +
                std::to_string(trained.calendar.size()) +
                ", from its time column), which a stream of values does not carry; stream its model "
                "with the calendar features appended to each x_t, or forecast with --predict-only");
  net_ = &streamable(*owner_);
  scaler_ = trained.scaler;
  reset(history);
}

void Streamer::reset(const Tensor& history) {
  const int64_t F = features();
  Tensor h = history.defined() ? history : zeros({0, F}, net_->options().dtype);
  if (h.dim() != 2 || h.size(1) != F)
    throw Error("forecast::Streamer: expected the history (T, " + str(F) + "), one row per step of " +
                str(F) + " feature(s), got " + to_string(h.shape()));
  if (scaler_ && h.size(0) > 0) h = scaler_->transform(h);
  EvalGuard eval(*owner_);
  cache_ = std::make_unique<WaveNetCache>(*net_, unsqueeze(h, 0));  // one series: (1, T, F)
}

Tensor Streamer::push(const Tensor& x_t) {
  const int64_t F = features();
  if (x_t.dim() != 1 || x_t.size(0) != F)
    throw Error("forecast::Streamer::push: expected x_t (" + str(F) + ",), one value per feature, got " +
                to_string(x_t.shape()));
  Tensor x = reshape(x_t, {1, F});
  if (scaler_) x = scaler_->transform(x);
  EvalGuard eval(*owner_);
  cache_->push(x);
  return forecast();
}

Tensor Streamer::forecast() const {
  if (!cache_->forecast().defined())
    throw Error("forecast::Streamer: no forecast before the first step (the history was empty)");
  const Tensor y = select(cache_->forecast(), 0, 0);  // (E,)
  return scaler_ ? scaler_->inverse_target(y) : y;
}

int64_t Streamer::features() const { return net_->options().features; }
int64_t Streamer::outputs() const { return net_->options().outputs; }
int64_t Streamer::context() const { return std::max(net_->receptive_field(), net_->options().linear_window); }

}  // namespace ripple::forecast
