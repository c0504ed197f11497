// clip_grad_norm (contract in clip.h).
#include "optim/clip.h"

#include <cmath>
#include <string>

#include "core/loops.h"

namespace ripple {

double clip_grad_norm(const std::vector<Tensor>& params, double max_norm) {
  if (!(max_norm >= 0))
    throw Error("clip_grad_norm: max_norm must be >= 0, got " + std::to_string(max_norm));
  std::vector<Tensor> grads;
  double sum_sq = 0;
  for (const Tensor& p : params) {
    Tensor g = p.defined() ? p.grad() : Tensor();
    if (!g.defined()) continue;
    Tensor c = kernel::contiguous(g);
    dispatch_float(c.dtype(), "clip_grad_norm", [&]<class T>() {
      const T* d = c.data<T>();
      for (int64_t k = 0, n = c.numel(); k < n; ++k) sum_sq += static_cast<double>(d[k]) * d[k];
    });
    grads.push_back(g);
  }
  const double norm = std::sqrt(sum_sq);
  const double scale = max_norm / (norm + 1e-6);
  if (!(scale < 1)) return norm;
  for (Tensor& g : grads) {
    Tensor c = kernel::contiguous(g);  // g itself unless it is a strided view
    dispatch_float(c.dtype(), "clip_grad_norm", [&]<class T>() {
      T* d = c.data<T>();
      for (int64_t k = 0, n = c.numel(); k < n; ++k) d[k] = static_cast<T>(d[k] * scale);
    });
    if (!c.is_same(g)) kernel::copy_into(g, c);
  }
  return norm;
}

}  // namespace ripple
