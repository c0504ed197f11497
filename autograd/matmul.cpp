// matmul and its gradient. With C = A @ B and G = dL/dC:
//   dL/dA = G @ B^T        dL/dB = A^T @ G
// Batch dims that broadcasting stretched are summed back by the engine. A 1-d operand is
// treated as a (1, K) row or a (K, 1) column, as in PyTorch, and that dim is dropped again.
#include "autograd/ops.h"
#include "core/kernels.h"

namespace ripple {

Tensor matmul(const Tensor& a, const Tensor& b) {
  if (a.dim() == 0 || b.dim() == 0)  // before the 1-d promotion below changes the shapes
    throw Error("matmul: both operands need at least 1 dim, got " + to_string(a.shape()) +
                " and " + to_string(b.shape()));
  if (a.dim() == 1 || b.dim() == 1) {
    if (a.size(-1) != b.size(b.dim() == 1 ? 0 : -2))
      throw Error("matmul: cannot multiply " + to_string(a.shape()) + " by " +
                  to_string(b.shape()));
    Tensor out = matmul(a.dim() == 1 ? unsqueeze(a, 0) : a, b.dim() == 1 ? unsqueeze(b, -1) : b);
    if (b.dim() == 1) out = squeeze(out, -1);
    if (a.dim() == 1) out = squeeze(out, -1 - (b.dim() == 1 ? 0 : 1));
    return out;
  }
  Tensor out = kernel::matmul(a, b);
  return record("matmul", out, {a, b}, [a = a.detach(), b = b.detach()](const Tensor& g) {
    return std::vector<Tensor>{matmul(g, transpose(b, -1, -2)), matmul(transpose(a, -1, -2), g)};
  });
}

}  // namespace ripple
