// receptive_field: from a list of convolution specs, or by walking a module tree for Conv1d.
#include "layers/receptive_field.h"

#include <string>

#include "layers/conv1d.h"

namespace ripple {

int64_t receptive_field(const std::vector<ConvSpec>& stack) {
  int64_t field = 1, jump = 1;  // jump: input steps between neighbouring outputs so far
  for (size_t i = 0; i < stack.size(); ++i) {
    const ConvSpec& c = stack[i];
    if (c.kernel_size < 1 || c.dilation < 1 || c.stride < 1)
      throw Error("receptive_field: layer " + std::to_string(i) + " has kernel_size " +
                  std::to_string(c.kernel_size) + ", dilation " + std::to_string(c.dilation) +
                  ", stride " + std::to_string(c.stride) + "; all must be >= 1");
    field += (c.kernel_size - 1) * c.dilation * jump;
    jump *= c.stride;
  }
  return field;
}

static void collect_convs(const Module& m, std::vector<ConvSpec>& out) {
  if (auto* conv = dynamic_cast<const Conv1d*>(&m))
    out.push_back({conv->kernel_size(), conv->options().dilation, conv->options().stride});
  for (const auto& [name, child] : m.children()) collect_convs(*child, out);
}

int64_t receptive_field(const Module& model) {
  std::vector<ConvSpec> stack;
  collect_convs(model, stack);
  return receptive_field(stack);
}

}  // namespace ripple
