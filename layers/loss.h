/// @file
/// Losses, as in torch.nn.functional: each returns a 0-d tensor, the mean over examples.
#pragma once

#include "../core/tensor.h"

namespace ripple {

/// Cross-entropy from raw logits, fused and stable (log-softmax is never materialised apart from
/// its row maximum): mean over targets of logsumexp(logits[i]) - logits[i][target[i]].
/// @code{.unparsed}
///   logits: (N, V) or (..., V); targets: int64 (N,) or (...), matching the leading dims.
/// @endcode
/// Targets equal to ignore_index are skipped and do not count in the mean (as PyTorch).
/// Throws on shape mismatch or a target outside [0, V).
Tensor cross_entropy(const Tensor& logits, const Tensor& targets, int64_t ignore_index = -100);

/// Mean squared error and mean absolute error; pred and target must have the same shape (no
/// silent broadcasting of (N, 1) against (N,)).
/// @{
Tensor mse_loss(const Tensor& pred, const Tensor& target);
Tensor mae_loss(const Tensor& pred, const Tensor& target);
/// @}

}  // namespace ripple
