/// @file
/// Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_.
#pragma once

#include <vector>

#include "../core/tensor.h"

namespace ripple {

/// Computes the L2 norm of all the params' grads taken together (as if concatenated into one
/// vector, accumulated in double) and, if it exceeds max_norm, scales every grad in place by
/// max_norm / (norm + 1e-6), as PyTorch does. Returns the norm before clipping. Params without a
/// grad are skipped; a NaN norm is returned with the grads left as they are. Throws ripple::Error
/// if max_norm is negative or NaN, or a grad is not a float tensor.
double clip_grad_norm(const std::vector<Tensor>& params, double max_norm);

}  // namespace ripple
