/// @file
/// Receptive field of a stack of 1-d convolutions: how many input steps one output step sees.
///
/// For layers l = 1..L with kernel k_l, dilation d_l and stride s_l, applied in sequence:
/// @code{.unparsed}
///   receptive field = 1 + sum_l (k_l - 1) * d_l * (s_1 * ... * s_{l-1})
/// @endcode
/// e.g. kernel 2 with dilations 1, 2, 4, 8 sees 16 steps; that block twice sees 31.
#pragma once

#include <cstdint>
#include <vector>

#include "module.h"

namespace ripple {

/// One convolution of a stack, as receptive_field sees it.
struct ConvSpec {
  int64_t kernel_size = 1;
  int64_t dilation = 1;
  int64_t stride = 1;
};

/// 1 for an empty stack. Throws ripple::Error on a kernel size, dilation or stride below 1.
int64_t receptive_field(const std::vector<ConvSpec>& stack);

/// Finds every Conv1d in `model` (the module itself, then its children depth-first in
/// registration order) and combines them as if stacked in sequence. Branches (skip connections,
/// parallel towers) are not understood: for them this is an upper bound, not the exact field.
int64_t receptive_field(const Module& model);

}  // namespace ripple
