/// @file
/// BatchNorm1d: normalise each channel over the batch (and time), then scale and shift.
///
/// @code{.unparsed}
///   x: (N, C)    statistics over N            (PyTorch BatchNorm1d on (N, C))
///   x: (N, L, C) statistics over N and L      (channels last; the makemore lecture's fix)
/// @endcode
///
/// Training mode normalises with the batch's own mean and variance and updates the running
/// statistics: running = (1 - momentum) * running + momentum * batch. Evaluation mode normalises
/// with the running statistics, so a single example gives a sensible output.
///
/// Which variance: PyTorch normalises with the biased variance (divide by n) and stores the
/// unbiased one (n - 1) in running_var; that is the default here. The makemore lecture's
/// hand-written BatchNorm1d uses torch.var's unbiased default for both; pass
/// VarianceConvention::Unbiased to match it.
#pragma once

#include "module.h"

namespace ripple {

/// Which variance BatchNorm normalises with and stores: see batch_norm.h.
enum class VarianceConvention { PyTorch, Unbiased };

/// BatchNorm's settings, with PyTorch's defaults.
struct BatchNormOptions {
  double eps = 1e-5;      ///< added to the variance before the square root
  double momentum = 0.1;  ///< weight of the batch in the running statistics
  VarianceConvention variance = VarianceConvention::PyTorch;
};

/// The differentiable op. gamma, beta: (C,); running_mean, running_var: (C,) buffers, updated in
/// place when `training`. Throws if x is not (N, C) or (N, L, C) with C matching.
///
/// `mask`, optional, has x's shape without the channels ((N,) or (N, L)): in training, only the
/// rows where it is non-zero count for the batch statistics (padding, say), while every row is
/// normalised with them. Evaluation ignores it. Throws if its shape differs or fewer than two
/// rows are counted.
Tensor batch_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta,
                  const Tensor& running_mean, const Tensor& running_var, bool training,
                  const BatchNormOptions& options = {}, const Tensor& mask = Tensor());

/// The BatchNorm1d layer over C channels: x (N, C) or (N, L, C), the same shape out.
class BatchNorm1d : public Module {
 public:
  explicit BatchNorm1d(int64_t channels, BatchNormOptions options = {},
                       DType dtype = DType::Float32);
  Tensor forward(const Tensor& x) override;
  std::string describe() const override;
  const BatchNormOptions& options() const { return options_; }  ///< eps, momentum, variance

  /// @{
  Tensor weight, bias;               ///< gamma (ones) and beta (zeros), (C,)
  /// @}
  /// @{
  Tensor running_mean, running_var;  ///< buffers, (C,)
  /// @}

 private:
  int64_t channels_;
  BatchNormOptions options_;
};

}  // namespace ripple
