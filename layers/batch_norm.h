/// @file
/// BatchNorm1d: normalise each channel over the batch (and time), then scale and shift. The layer
/// owns gamma, beta and the running statistics and calls the batch_norm op (autograd/ops.h),
/// which documents the shapes, the two modes and the variance conventions.
///
/// Training mode normalises with the batch's own statistics and updates the running ones;
/// evaluation mode normalises with the running statistics. The default variance convention is
/// PyTorch's; pass VarianceConvention::Unbiased to match the makemore lecture's BatchNorm1d.
#pragma once

#include "../autograd/ops.h"
#include "module.h"

namespace ripple {

/// The BatchNorm1d layer over C channels: x (N, C) or (N, L, C), the same shape out.
class BatchNorm1d : public Module {
 public:
  explicit BatchNorm1d(int64_t channels, BatchNormOptions options = {},
                       DType dtype = DType::Float32);
  Tensor forward(const Tensor& x) override;
  /// As forward(x), but in training mode only the rows where `mask` is 1 give the batch
  /// statistics: mask is int64, x's shape without the channels ((N,) or (N, L)); see batch_norm.
  Tensor forward(const Tensor& x, const Tensor& mask);
  /// tanh(forward(x)) as one op (batch_norm_tanh): what Sequential calls when a Tanh follows.
  Tensor forward_tanh(const Tensor& x);
  std::string describe() const override;
  const BatchNormOptions& options() const { return options_; }  ///< eps, momentum, variance
  /// Training statistics over a group of processes' rows (see BatchNormOptions::group; set on
  /// a whole model by sync_batch_norm in optim/data_parallel.h), or this process's alone (null).
  void set_group(Collective* group) { options_.group = group; }

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
