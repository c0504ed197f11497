/// @file
/// Per-window normalisation: every input window is normalised on its own before the model sees
/// it, and the model's forecast is taken back to the window's level and scale.
///
/// A series that drifts shows the test windows levels the training windows never had; a model
/// z-scored once on the training rows then extrapolates. Normalising each window removes the level
/// (and the scale) the model cannot know, and puts it back on the way out:
///
/// @code{.unparsed}
///   last   (NLinear, Zeng et al. 2023)   x' = x - x[W-1]            y = y' + x[W-1, 0]
///   revin  (RevIN, Kim et al. 2022)      x' = (x - mu) / sigma       y = y' * sigma_0 + mu_0
///          mu, sigma over the window's W steps per feature, sigma = sqrt(var + eps), biased var,
///          eps 1e-5; an affine x'' = x' * a + b per feature, inverted as (y'' - b_0) / (a_0 + eps^2)
/// @endcode
///
/// Feature 0 is the target, so its statistics invert the forecast. The statistics are constants
/// of the window (detached, as in RevIN's code): the gradient flows to the model and the affine,
/// not through mu and sigma. A constant window is legal: sigma = sqrt(eps), x' = 0, no division
/// by zero. Both maps are equivariant: adding c to a window adds c to its forecast; scaling it by
/// s > 0 scales the forecast by s (exactly for `last`, up to eps for `revin`).
///
/// @code{.cpp}
///   auto inner = forecast::make_model({.kind = "linear", .window = 336, .outputs = 96}, gen);
///   auto model = std::make_shared<forecast::NormalizedForecaster>(inner, forecast::Norm::RevIN, 1);
///   Tensor y = model->forecast_last(x);   // x (B, 336, 1) -> (B, 96), at the windows' levels
/// @endcode
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "forecast_models.h"

namespace ripple::forecast {

/// How each input window is normalised (see forecast_norm.h).
enum class Norm { None, Last, RevIN };

/// "none", "last", "revin".
const char* norm_name(Norm norm);
/// The inverse of norm_name. Throws ripple::Error listing the names.
Norm parse_norm(const std::string& name);
/// The names, for `--help` and error messages.
const std::vector<std::string>& norm_names();

/// `model` inside the normalisation `norm` (with RevIN's affine), or `model` itself for
/// Norm::None: how the app builds a model and how a checkpoint's model is rebuilt. The last
/// `covariates` of the `features` pass through as they are (see NormalizedForecaster).
std::shared_ptr<Forecaster> normalized(std::shared_ptr<Forecaster> model, Norm norm, int64_t features,
                                       int64_t covariates = 0);

/// A forecaster between per-window normalisation and its inverse: x (B, T, F) -> the inner
/// model's output shape, (B, E) or (B, T, E), at the level and scale of each window's feature 0.
class NormalizedForecaster : public Forecaster {
 public:
  /// `features` is F. `affine` adds RevIN's learned per-feature scale and shift (parameters
  /// "affine_weight", "affine_bias" of `dtype`; ignored for Norm::Last and Norm::None). The
  /// last `covariates` features are known-future covariates such as calendar phases (sines and
  /// cosines, already on a fixed scale): they pass through unnormalised, since a window's own
  /// statistics would turn a slowly turning day-of-year phase into noise.
  NormalizedForecaster(std::shared_ptr<Forecaster> inner, Norm norm, int64_t features,
                       bool affine = true, DType dtype = DType::Float32, int64_t covariates = 0);
  /// Throws ripple::Error naming the shapes unless x is (B, T, F).
  Tensor forward(const Tensor& x) override;
  std::string describe() const override;
  bool sequence_output() const override { return inner_->sequence_output(); }
  int64_t outputs() const override { return inner_->outputs(); }
  int64_t receptive_field() const override { return inner_->receptive_field(); }
  Norm norm() const { return norm_; }
  Forecaster& inner() { return *inner_; }  ///< the wrapped model

  static constexpr double kEps = 1e-5;  ///< RevIN's eps

 private:
  std::shared_ptr<Forecaster> inner_;
  Norm norm_;
  /// forward on the series x (B, T, F - covariates) and the covariates (B, T, covariates) or
  /// an undefined tensor.
  Tensor forward_parts(const Tensor& x, const Tensor& covariates);

  int64_t features_;
  int64_t covariates_;    ///< the last features, passed through
  Tensor weight_, bias_;  ///< the affine, (F - covariates,) each; undefined without it
};

}  // namespace ripple::forecast
