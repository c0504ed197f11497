// Loss functions. cross_entropy has its own fused kernel; mse, mae and the quantile (pinball)
// loss are compositions of ops.
//
// cross_entropy's gradient, for row i with target t and K counted rows:
//   dlogits[i] = (softmax(logits[i]) - onehot(t)) / K,   zero for ignored rows.
#include <cmath>

#include "autograd/ops.h"
#include "core/kernels.h"
#include "core/loops.h"

namespace ripple {

Tensor cross_entropy(const Tensor& logits_in, const Tensor& targets_in, int64_t ignore_index) {
  if (logits_in.dim() < 1 || targets_in.dtype() != DType::Int64 ||
      Shape(logits_in.shape().begin(), logits_in.shape().end() - 1) != targets_in.shape())
    throw Error("cross_entropy: logits " + to_string(logits_in.shape()) + " need int64 targets of shape " +
                (logits_in.dim() ? to_string(Shape(logits_in.shape().begin(), logits_in.shape().end() - 1)) : "?") +
                ", got " + dtype_name(targets_in.dtype()) + " " + to_string(targets_in.shape()));
  const int64_t v = logits_in.size(-1), n = targets_in.numel();
  Tensor logits = kernel::contiguous(logits_in), targets = kernel::contiguous(targets_in);
  const int64_t* t = targets.data<int64_t>();
  int64_t counted = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (t[i] == ignore_index) continue;
    if (t[i] < 0 || t[i] >= v)
      throw Error("cross_entropy: target " + std::to_string(t[i]) + " is out of range for " +
                  std::to_string(v) + " classes");
    ++counted;
  }
  // probs: softmax of each row, kept for the backward pass
  Tensor probs = empty({n, v}, logits.dtype());
  Tensor loss = empty({}, logits.dtype());
  dispatch_float(logits.dtype(), "cross_entropy", [&]<class T>() {
    const T* z = logits.data<T>();
    T* p = probs.data<T>();
    double total = 0;
    for (int64_t i = 0; i < n; ++i, z += v, p += v) {
      T m = z[0];
      for (int64_t j = 1; j < v; ++j) m = std::max(m, z[j]);
      double s = 0;
      for (int64_t j = 0; j < v; ++j) {
        p[j] = std::exp(z[j] - m);
        s += p[j];
      }
      const T inv = static_cast<T>(1.0 / s);
      for (int64_t j = 0; j < v; ++j) p[j] *= inv;
      if (t[i] != ignore_index) total += m + std::log(s) - z[t[i]];
    }
    loss.data<T>()[0] = static_cast<T>(counted ? total / counted : NAN);
  });
  return record("cross_entropy", loss, {logits_in},
                [probs, targets, ignore_index, counted, shape = logits_in.shape()](const Tensor& g) {
    Tensor d = kernel::clone(probs);
    const int64_t* t = targets.data<int64_t>();
    const int64_t n = probs.size(0), v = probs.size(1);
    dispatch_float(d.dtype(), "cross_entropy_backward", [&]<class T>() {
      const T scale = static_cast<T>(g.item() / std::max<int64_t>(counted, 1));
      T* p = d.data<T>();
      for (int64_t i = 0; i < n; ++i, p += v) {
        if (t[i] == ignore_index) {
          std::fill(p, p + v, T(0));
          continue;
        }
        p[t[i]] -= 1;
        for (int64_t j = 0; j < v; ++j) p[j] *= scale;
      }
    });
    return std::vector<Tensor>{reshape(d, shape)};
  });
}

static void check_same_shape(const Tensor& a, const Tensor& b, const char* op) {
  if (a.shape() != b.shape())
    throw Error(std::string(op) + ": prediction " + to_string(a.shape()) + " and target " +
                to_string(b.shape()) + " differ in shape");
}

Tensor mse_loss(const Tensor& pred, const Tensor& target) {
  check_same_shape(pred, target, "mse_loss");
  Tensor d = pred - target;
  return mean(d * d);
}

Tensor mae_loss(const Tensor& pred, const Tensor& target) {
  check_same_shape(pred, target, "mae_loss");
  return mean(abs(pred - target));
}

Tensor quantile_loss(const Tensor& pred, const Tensor& target, const std::vector<double>& levels) {
  const int64_t Q = static_cast<int64_t>(levels.size());
  if (Q == 0) throw Error("quantile_loss: no quantile levels");
  for (double q : levels)
    if (!(q > 0 && q < 1)) throw Error("quantile_loss: levels must lie in (0, 1), got " + std::to_string(q));
  Shape expect = target.shape();
  if (!expect.empty()) expect.back() *= Q;
  if (target.dim() < 1 || pred.shape() != expect)
    throw Error("quantile_loss: prediction " + to_string(pred.shape()) + " for " + std::to_string(Q) +
                " levels needs target (..., E) with prediction (..., " + std::to_string(Q) + " * E), got target " +
                to_string(target.shape()));
  // (..., Q, E) against (..., 1, E): d = y - p; pinball = q d + relu(-d), which is q d for d >= 0
  // and (q - 1) d below. Summed over the levels, averaged over everything else (as Darts).
  Shape split(target.shape().begin(), target.shape().end() - 1);
  split.push_back(Q);
  split.push_back(target.size(-1));
  Tensor d = unsqueeze(target, -2) - reshape(pred, split);
  const Tensor q = to_dtype(from_vector(levels, {Q, 1}), pred.dtype());
  return mean(q * d + relu(-d)) * static_cast<double>(Q);
}

}  // namespace ripple
