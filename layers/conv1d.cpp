// Conv1d: owns the kernel (K, C_in, C_out) and bias (C_out,) and calls the conv1d op.
#include "layers/conv1d.h"

namespace ripple {

Conv1d::Conv1d(int64_t in_channels, int64_t out_channels, int64_t kernel_size,
               Conv1dOptions options, Generator& gen)
    : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(kernel_size),
      options_(options) {
  if (in_channels < 1 || out_channels < 1)
    throw Error("Conv1d: channels must be >= 1, got in_channels " + std::to_string(in_channels) +
                ", out_channels " + std::to_string(out_channels));
  check_conv1d_config(kernel_size, options.stride, options.dilation, options.padding, "Conv1d");
  const int64_t fan_in = kernel_size * in_channels, fan_out = kernel_size * out_channels;
  weight = register_parameter(
      "weight", init_weight(gen, {kernel_size, in_channels, out_channels}, fan_in, fan_out,
                            options.init, options.dtype));
  if (options.bias)
    bias = register_parameter("bias",
                              init_bias(gen, {out_channels}, fan_in, options.init, options.dtype));
}

Tensor Conv1d::forward(const Tensor& x) {
  return conv1d(x, weight, bias, options_.stride, options_.dilation, options_.padding);
}

std::string Conv1d::describe() const {
  std::string s = "Conv1d(" + std::to_string(in_channels_) + ", " + std::to_string(out_channels_) +
                  ", kernel_size=" + std::to_string(kernel_size_);
  if (options_.stride != 1) s += ", stride=" + std::to_string(options_.stride);
  if (options_.dilation != 1) s += ", dilation=" + std::to_string(options_.dilation);
  if (options_.padding != Padding::Valid)
    s += std::string(", padding=") + padding_name(options_.padding);
  if (!options_.bias) s += ", bias=false";
  return s + ")";
}

}  // namespace ripple
