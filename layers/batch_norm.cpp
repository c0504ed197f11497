// BatchNorm1d: owns gamma, beta and the running statistics and calls the batch_norm op.
#include "layers/batch_norm.h"

namespace ripple {

BatchNorm1d::BatchNorm1d(int64_t channels, BatchNormOptions options, DType dtype)
    : channels_(channels), options_(options) {
  weight = register_parameter("weight", ones({channels}, dtype));
  bias = register_parameter("bias", zeros({channels}, dtype));
  running_mean = register_buffer("running_mean", zeros({channels}, dtype));
  running_var = register_buffer("running_var", ones({channels}, dtype));
}

Tensor BatchNorm1d::forward(const Tensor& x) { return forward(x, Tensor()); }

Tensor BatchNorm1d::forward(const Tensor& x, const Tensor& mask) {
  return batch_norm(x, weight, bias, running_mean, running_var, is_training(), options_, mask);
}

Tensor BatchNorm1d::forward_tanh(const Tensor& x) {
  return batch_norm_tanh(x, weight, bias, running_mean, running_var, is_training(), options_);
}

std::string BatchNorm1d::describe() const {
  return "BatchNorm1d(" + std::to_string(channels_) +
         (options_.variance == VarianceConvention::Unbiased ? ", unbiased" : "") + ")";
}

}  // namespace ripple
