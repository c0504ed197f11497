// shard, broadcast_state, the fused gradient sum and synchronised BatchNorm (data_parallel.h).
#include "optim/data_parallel.h"

#include <algorithm>

#include "core/tensor.h"
#include "layers/batch_norm.h"

namespace ripple {
namespace {

// Copies every tensor of `ts` whose dtype is T into one buffer, runs `reduce` on it, copies back.
template <class T, class Reduce>
void fused(const std::vector<Tensor>& ts, double weight, Reduce reduce) {
  DType dtype = std::is_same_v<T, float> ? DType::Float32 : DType::Float64;
  int64_t total = 0;
  for (const Tensor& t : ts)
    if (t.dtype() == dtype) total += t.numel();
  if (total == 0) return;
  std::vector<T> buffer(static_cast<size_t>(total));
  int64_t at = 0;
  for (const Tensor& t : ts)
    if (t.dtype() == dtype) {
      const T* p = t.data<T>();
      const int64_t n = t.numel();
      T* out = buffer.data() + at;
      if (weight == 1) std::copy(p, p + n, out);
      else
        for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(weight * p[i]);
      at += n;
    }
  reduce(buffer.data(), total);
  at = 0;
  for (const Tensor& t : ts)
    if (t.dtype() == dtype) {
      std::copy(buffer.begin() + at, buffer.begin() + at + t.numel(), t.data<T>());
      at += t.numel();
    }
}

}  // namespace

std::pair<int64_t, int64_t> shard(int64_t batch, int rank, int size) {
  if (batch < 0 || size < 1 || rank < 0 || rank >= size)
    throw Error("shard: batch " + std::to_string(batch) + " for rank " + std::to_string(rank) + " of " +
                std::to_string(size));
  const int64_t base = batch / size, extra = batch % size;
  const int64_t begin = rank * base + std::min<int64_t>(rank, extra);
  return {begin, begin + base + (rank < extra ? 1 : 0)};
}

void broadcast_state(Module& model, Collective& comm) {
  std::vector<Tensor> ts;
  for (auto& [name, t] : model.state()) {
    if (!t.is_contiguous()) throw Error("broadcast_state: " + name + " is not contiguous");
    ts.push_back(t);
  }
  for (const Tensor& t : ts)
    if (t.dtype() == DType::Int64) comm.broadcast(reinterpret_cast<uint64_t*>(t.data<int64_t>()), t.numel(), 0);
  fused<float>(ts, 1.0, [&](float* p, int64_t n) { comm.broadcast(p, n, 0); });
  fused<double>(ts, 1.0, [&](double* p, int64_t n) { comm.broadcast(p, n, 0); });
}

void sum_gradients(const std::vector<Tensor>& params, Collective& comm, double weight) {
  std::vector<Tensor> grads;
  for (size_t i = 0; i < params.size(); ++i) {
    Tensor p = params[i];
    if (!p.grad().defined()) p.set_grad(zeros_like(p));  // an empty slice: no backward ran
    Tensor g = p.grad();
    if (!g.is_contiguous())
      throw Error("sum_gradients: parameter " + std::to_string(i) + " " + to_string(p.shape()) +
                  " has a gradient that is not contiguous");
    grads.push_back(g);
  }
  if (comm.size() == 1 && weight == 1) return;  // nothing to add, nothing to scale
  fused<float>(grads, weight, [&](float* p, int64_t n) { comm.allreduce_sum(p, n); });
  fused<double>(grads, weight, [&](double* p, int64_t n) { comm.allreduce_sum(p, n); });
}

int sync_batch_norm(Module& model, Collective* group) {
  int n = 0;
  if (auto* bn = dynamic_cast<BatchNorm1d*>(&model)) {
    bn->set_group(group);
    ++n;
  }
  for (auto& [name, child] : model.children()) n += sync_batch_norm(*child, group);
  return n;
}

}  // namespace ripple
