// Per-window normalisation (NLinear's last value, RevIN) around any forecaster.
#include "models/forecast_norm.h"

#include "autograd/ops.h"

namespace ripple::forecast {

const std::vector<std::string>& norm_names() {
  static const std::vector<std::string> names{"none", "last", "revin"};
  return names;
}

const char* norm_name(Norm norm) {
  switch (norm) {
    case Norm::None: return "none";
    case Norm::Last: return "last";
    case Norm::RevIN: return "revin";
  }
  return "?";
}

Norm parse_norm(const std::string& name) {
  if (name == "none") return Norm::None;
  if (name == "last") return Norm::Last;
  if (name == "revin") return Norm::RevIN;
  throw Error("unknown normalisation '" + name + "' (known: none, last, revin)");
}

std::shared_ptr<Forecaster> normalized(std::shared_ptr<Forecaster> model, Norm norm, int64_t features,
                                       int64_t covariates) {
  if (norm == Norm::None) return model;
  return std::make_shared<NormalizedForecaster>(std::move(model), norm, features, true, DType::Float32, covariates);
}

NormalizedForecaster::NormalizedForecaster(std::shared_ptr<Forecaster> inner, Norm norm,
                                           int64_t features, bool affine, DType dtype, int64_t covariates)
    : inner_(std::move(inner)), norm_(norm), features_(features), covariates_(covariates) {
  if (!inner_ || features < 1 || covariates < 0 || covariates >= features)
    throw Error("NormalizedForecaster: needs a model, features >= 1 and covariates in [0, features), got " +
                std::to_string(features) + " and " + std::to_string(covariates));
  register_module("model", inner_);
  if (norm == Norm::RevIN && affine) {
    weight_ = register_parameter("affine_weight", ones({features - covariates}, dtype));
    bias_ = register_parameter("affine_bias", zeros({features - covariates}, dtype));
  }
}

Tensor NormalizedForecaster::forward(const Tensor& x) {
  if (x.dim() != 3 || x.size(2) != features_)
    throw Error("NormalizedForecaster: expected x (B, T, " + std::to_string(features_) + "), got " +
                to_string(x.shape()));
  if (norm_ == Norm::None) return (*inner_)(x);
  if (covariates_ > 0) {  // normalise the series, pass the covariates through
    const int64_t S = features_ - covariates_;
    return forward_parts(narrow(x, 2, 0, S), narrow(x, 2, S, covariates_));
  }
  return forward_parts(x, Tensor());
}

Tensor NormalizedForecaster::forward_parts(const Tensor& x, const Tensor& covariates) {
  const int64_t T = x.size(1);
  // level and scale per window and feature, (B, 1, F), constants of the window
  Tensor level, scale;
  Tensor xn;
  if (norm_ == Norm::Last) {
    level = narrow(x, 1, T - 1, 1).detach();
    xn = x - level;
  } else {
    level = mean(x, {1}, true).detach();
    scale = sqrt(var(x, {1}, false, true) + kEps).detach();
    xn = (x - level) / scale;
    if (weight_.defined()) xn = xn * weight_ + bias_;
  }
  Tensor y = (*inner_)(covariates.defined() ? concat({xn, covariates}, 2) : xn);  // (B, E) or (B, T, E),
                                                                                  // normalised units of feature 0
  // feature 0's statistics, shaped to broadcast over y: (B, 1) or (B, 1, 1)
  auto target = [&](const Tensor& s) {
    Tensor s0 = select(s, 2, 0);  // (B, 1)
    return y.dim() == 3 ? unsqueeze(s0, 2) : s0;
  };
  if (norm_ == Norm::RevIN) {
    if (weight_.defined())
      y = (y - narrow(bias_, 0, 0, 1)) / (narrow(weight_, 0, 0, 1) + kEps * kEps);
    y = y * target(scale);
  }
  return y + target(level);
}

std::string NormalizedForecaster::describe() const {
  return std::string("NormalizedForecaster(") + norm_name(norm_) +
         (weight_.defined() ? ", affine" : "") +
         (covariates_ ? ", " + std::to_string(covariates_) + " covariates as they are" : "") + ")";
}

}  // namespace ripple::forecast
