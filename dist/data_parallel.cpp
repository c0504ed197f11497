// shard, broadcast_state and the fused gradient sum (data_parallel.h).
#include "dist/data_parallel.h"

#include <algorithm>

#include "core/tensor.h"

namespace ripple::dist {
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
      for (int64_t i = 0; i < t.numel(); ++i) buffer[static_cast<size_t>(at + i)] = static_cast<T>(weight * p[i]);
      at += t.numel();
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

void broadcast_state(Module& model, Communicator& comm) {
  std::vector<Tensor> ts;
  for (auto& [name, t] : model.state()) {
    if (!t.is_contiguous()) throw Error("broadcast_state: " + name + " is not contiguous");
    ts.push_back(t);
  }
  for (const Tensor& t : ts)
    if (t.dtype() == DType::Int64) comm.broadcast(reinterpret_cast<uint64_t*>(t.data<int64_t>()), t.numel());
  fused<float>(ts, 1.0, [&](float* p, int64_t n) { comm.broadcast(p, n); });
  fused<double>(ts, 1.0, [&](double* p, int64_t n) { comm.broadcast(p, n); });
}

void sum_gradients(const std::vector<Tensor>& params, Communicator& comm, double weight) {
  std::vector<Tensor> grads;
  for (size_t i = 0; i < params.size(); ++i) {
    Tensor g = params[i].grad();
    if (!g.defined() || !g.is_contiguous())
      throw Error("sum_gradients: parameter " + std::to_string(i) + " " + to_string(params[i].shape()) +
                  (g.defined() ? " has a gradient that is not contiguous" : " has no gradient (call backward first)"));
    grads.push_back(g);
  }
  fused<float>(grads, weight, [&](float* p, int64_t n) { comm.allreduce_sum(p, n); });
  fused<double>(grads, weight, [&](double* p, int64_t n) { comm.allreduce_sum(p, n); });
}

}  // namespace ripple::dist
