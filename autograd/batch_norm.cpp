// batch_norm as one fused op over x viewed as (M, C) with M = N or N*L: the forward makes three
// passes (mean, variance, output), the backward two (the sums, dx), each over rows with the C
// channels innermost, in x's own dtype so that they vectorise at its width. The backward keeps x
// and recomputes xhat, which costs less than writing it in the forward and reading it back.
//
// Training, with D the variance divisor (M for PyTorch's convention, M - 1 for the lecture's):
//   mu = mean(x)   v = sum((x - mu)^2) / D   istd = 1 / sqrt(v + eps)   xhat = (x - mu) * istd
//   y = gamma * xhat + beta
// Backward, with dxhat = g * gamma and sums over the M rows:
//   dx = istd * (dxhat - sum(dxhat) / M - xhat * sum(dxhat * xhat) / D)
//   dgamma = sum(g * xhat)    dbeta = sum(g)
// Evaluation uses the running statistics as constants, so dx = g * gamma * istd.
//
// With a mask (int64, 1 = counted), mu and v come from the counted rows only (M = their count),
// every row is still normalised with them, and the sums in the backward run over all rows (each
// output depends on the statistics); only the counted rows get the two correction terms, since
// only they feed mu and v.
//
// batch_norm_tanh is tanh(batch_norm(x)) in the same passes: the forward's last pass writes
// t = tanh(y) where it would write y, and the backward's first pass takes tanh's derivative,
// g' = g * (1 - t^2), writes it where dx goes and sums it; the second pass turns g' into dx in
// place. The arithmetic is the two ops' own, so the numbers are the same to the bit.
//
// With a group of processes (data parallelism, options.group), M, the sums of x and of
// (x - mu)^2 in the forward and sum(dxhat), sum(dxhat * xhat) in the backward run over every
// rank's rows: each rank adds its own and an allreduce adds the ranks'. The parameters' own
// gradients (dgamma, dbeta) stay this rank's sums, since the data-parallel step adds those up.
#include <cmath>
#include <type_traits>
#include <vector>

#include "autograd/ops.h"
#include "core/fastmath.h"
#include "core/kernels.h"
#include "core/loops.h"

namespace ripple {

namespace {

// xhat, as the forward computes it and the backward recomputes it: one expression, so the two
// agree to the bit.
template <class T>
inline T normalised(T x, T mean, T istd) {
  return (x - mean) * istd;
}

// The sums over rows below keep their per-channel accumulators in registers: a loop that adds
// each row into acc[j] in memory waits on its own stores from one row to the next, and spent more
// time than the rest of batch_norm together. A register here is a GCC vector of T (64 bytes:
// 16 floats or 8 doubles), read unaligned from rows of any length.
template <class T>
struct Register {
  typedef T type __attribute__((vector_size(64), aligned(sizeof(T)), may_alias));
};

// Calls block.template operator()<V, R>(j0) over the c channels, R registers V at a time: blocks
// of 4, then of 1. When c is not a multiple of a register's lanes, once with R = 0 instead: the
// block then walks every channel of each row, its accumulators in memory (a per-channel walk down
// the rows would be turned into an in-order vector reduction by GCC, without the fused
// multiply-adds the register blocks get, and so would differ from them in the last bits). Each
// channel's sums add its rows in order either way, so the numbers do not depend on the blocking.
template <class T, class Block>
void over_channels(int64_t c, Block&& block) {
  using V = typename Register<T>::type;
  constexpr int64_t lanes = sizeof(V) / sizeof(T);
  if (c % lanes != 0) return block.template operator()<T, 0>(0);
  int64_t j = 0;
  for (; j + 4 * lanes <= c; j += 4 * lanes) block.template operator()<V, 4>(j);
  for (; j < c; j += lanes) block.template operator()<V, 1>(j);
}

// One row's term of the sums, for a register of channels or for one channel (V = T): the same
// expressions in both, so that they round alike.
template <class V>
inline void add_centred_square(V& sum, V x, V mean) {
  const V d = x - mean;
  sum += d * d;
}
template <class V>
inline void add_gradient_terms(V& sum_g, V& sum_gh, V g, V x, V mean, V istd) {
  sum_g += g;
  sum_gh += g * normalised(x, mean, istd);
}
template <class V>
inline V through_tanh(V g, V t) {
  return g * (1 - t * t);
}

// sum[j] = the sum of x[i][j] over the counted rows i (all if `counted` is null); with Centred,
// of (x[i][j] - mean[j])^2 instead
template <class T, bool Centred>
void column_sums(const T* x, const T* mean, T* sum, int64_t rows, int64_t c, const int64_t* counted) {
  over_channels<T>(c, [&]<class V, int R>(int64_t j0) {
    auto add = [&](V& s, V xv, V mu) {
      if constexpr (Centred) add_centred_square(s, xv, mu);
      else s += xv;
    };
    if constexpr (R == 0) {
      std::fill(sum, sum + c, T(0));
      for (int64_t i = 0; i < rows; ++i)
        if (!counted || counted[i])
          for (int64_t j = 0; j < c; ++j) add(sum[j], x[i * c + j], Centred ? mean[j] : T(0));
      return;
    } else {
      constexpr int64_t lanes = sizeof(V) / sizeof(T);
      auto in = [&](const T* p, int64_t i, int k) -> const V& { return *reinterpret_cast<const V*>(p + i * c + j0 + k * lanes); };
      V s[R], mu[R];
#pragma GCC unroll 4
      for (int k = 0; k < R; ++k) s[k] = V{}, mu[k] = Centred ? in(mean, 0, k) : V{};
      for (int64_t i = 0; i < rows; ++i) {
        if (counted && !counted[i]) continue;
#pragma GCC unroll 4
        for (int k = 0; k < R; ++k) add(s[k], in(x, i, k), mu[k]);
      }
#pragma GCC unroll 4
      for (int k = 0; k < R; ++k) *reinterpret_cast<V*>(sum + j0 + k * lanes) = s[k];
    }
  });
}

// y = gamma * xhat + beta with xhat = (x - mean) * istd, row by row (y = tanh of it when Tanh);
// the per-channel values are in T, so the loop over channels vectorises at the width of T.
template <class T, bool Tanh>
void bn_forward(const T* __restrict x, T* __restrict y, int64_t m, int64_t c, const T* __restrict gamma,
                const T* __restrict beta, const T* __restrict mean, const T* __restrict istd) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < c; ++j) {
      const T h = normalised(x[i * c + j], mean[j], istd[j]);
      const T v = gamma[j] * h + beta[j];
      if constexpr (!Tanh) y[i * c + j] = v;
      else if constexpr (std::is_same_v<T, float>) y[i * c + j] = fast::tanh(v);
      else y[i * c + j] = std::tanh(v);
    }
}

// this rank's sum(g) and sum(g * xhat) per channel, added to sum_g (dbeta) and sum_gh (dgamma),
// with xhat = (x - mean) * istd recomputed as the forward computed it (cheaper than storing it).
// After tanh (Tanh), g is first turned into g (1 - t^2), the gradient at tanh's input, which is
// written to gt and summed.
template <class T, bool Tanh>
void bn_sums(const T* g, const T* t, const T* x, const T* mean, const T* istd, T* gt, T* sum_g, T* sum_gh,
             int64_t m, int64_t c) {
  over_channels<T>(c, [&]<class V, int R>(int64_t j0) {
    if constexpr (R == 0) {
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < c; ++j) {
          T gv = g[i * c + j];
          if constexpr (Tanh) gt[i * c + j] = gv = through_tanh(gv, t[i * c + j]);
          add_gradient_terms(sum_g[j], sum_gh[j], gv, x[i * c + j], mean[j], istd[j]);
        }
    } else {
      constexpr int64_t lanes = sizeof(V) / sizeof(T);
      // register k of row i (row 0 of the per-channel arrays)
      auto in = [&](const T* p, int64_t i, int k) -> const V& { return *reinterpret_cast<const V*>(p + i * c + j0 + k * lanes); };
      auto out = [&](T* p, int64_t i, int k) -> V& { return *reinterpret_cast<V*>(p + i * c + j0 + k * lanes); };
      V sg[R], sgh[R], mu[R], is[R];
#pragma GCC unroll 4
      for (int k = 0; k < R; ++k) sg[k] = in(sum_g, 0, k), sgh[k] = in(sum_gh, 0, k), mu[k] = in(mean, 0, k), is[k] = in(istd, 0, k);
      for (int64_t i = 0; i < m; ++i) {
#pragma GCC unroll 4
        for (int k = 0; k < R; ++k) {
          V gv = in(g, i, k);
          if constexpr (Tanh) out(gt, i, k) = gv = through_tanh(gv, in(t, i, k));
          add_gradient_terms(sg[k], sgh[k], gv, in(x, i, k), mu[k], is[k]);
        }
      }
#pragma GCC unroll 4
      for (int k = 0; k < R; ++k) out(sum_g, 0, k) = sg[k], out(sum_gh, 0, k) = sgh[k];
    }
  });
}

// dx = a g - b - e xhat on the rows that fed the statistics (`counted` null: all of them), a g on
// the others. InPlace: g is dx itself (bn_sums's gt), each element read before it is written.
template <class T, bool InPlace>
void bn_dx(const T* __restrict g, const T* __restrict x, const T* __restrict mean, const T* __restrict istd,
           T* __restrict dx, int64_t m, int64_t c, const T* __restrict a, const T* __restrict b,
           const T* __restrict e, bool training, const int64_t* counted) {
  for (int64_t i = 0; i < m; ++i) {
    const T* gi = InPlace ? dx + i * c : g + i * c;
    const T* xi = x + i * c;
    T* dxi = dx + i * c;
    if (training && (!counted || counted[i])) {  // the row fed the statistics
      for (int64_t j = 0; j < c; ++j) dxi[j] = a[j] * gi[j] - b[j] - e[j] * normalised(xi[j], mean[j], istd[j]);
    } else {
      for (int64_t j = 0; j < c; ++j) dxi[j] = a[j] * gi[j];
    }
  }
}

Tensor batch_norm_op(const Tensor& x_in, const Tensor& gamma, const Tensor& beta,
                     const Tensor& running_mean, const Tensor& running_var, bool training,
                     const BatchNormOptions& opt, const Tensor& mask_in, bool then_tanh) {
  const char* name = then_tanh ? "batch_norm_tanh" : "batch_norm";
  if (x_in.dim() != 2 && x_in.dim() != 3)
    throw Error("batch_norm: expected (N, C) or (N, L, C) input, got " + to_string(x_in.shape()));
  const int64_t c = x_in.size(-1);
  if (gamma.shape() != Shape{c} || beta.shape() != Shape{c} || running_mean.shape() != Shape{c} ||
      running_var.shape() != Shape{c})
    throw Error("batch_norm: input " + to_string(x_in.shape()) + " has " + std::to_string(c) +
                " channels, parameters have shape " + to_string(gamma.shape()));
  for (const Tensor* t : {&gamma, &beta, &running_mean, &running_var})
    if (t->dtype() != x_in.dtype())
      throw Error(std::string("batch_norm: input is ") + dtype_name(x_in.dtype()) +
                  ", parameters and running statistics must be too, got " +
                  dtype_name(t->dtype()));
  const int64_t rows = x_in.numel() / std::max<int64_t>(c, 1);
  // which rows the statistics count: all (no mask), or those where the mask is 1
  Tensor mask;  // (rows,) int64, contiguous
  int64_t m = rows;
  if (mask_in.defined()) {
    Shape expected(x_in.shape().begin(), x_in.shape().end() - 1);
    if (mask_in.shape() != expected)
      throw Error("batch_norm: mask " + to_string(mask_in.shape()) + " must have the shape " +
                  to_string(expected) + " of input " + to_string(x_in.shape()) + " without its channels");
    if (mask_in.dtype() != DType::Int64)
      throw Error("batch_norm: mask " + to_string(mask_in.shape()) +
                  " must be int64 (1 = counted), got " + dtype_name(mask_in.dtype()));
    mask = kernel::contiguous(mask_in);
    const int64_t* pm = mask.data<int64_t>();
    m = 0;
    for (int64_t i = 0; i < rows; ++i) {
      if (pm[i] != 0 && pm[i] != 1)
        throw Error("batch_norm: mask values must be 0 or 1 (1 = counted), got " +
                    std::to_string(pm[i]));
      m += pm[i];
    }
  }
  const int64_t* counted = mask.defined() ? mask.data<int64_t>() : nullptr;  // null: every row
  Collective* group = training && several(opt.group) ? opt.group : nullptr;
  if (group) {  // the rows every rank counts (doubles: exact up to 2^53 rows)
    double total = static_cast<double>(m);
    group->allreduce_sum(&total, 1);
    m = static_cast<int64_t>(total);
  }
  const double divisor = opt.variance == VarianceConvention::PyTorch ? m : m - 1;
  if (training && (m < 2)) {
    const std::string counted_rows =
        " with " + std::to_string(m) + (m == 1 ? " row" : " rows") + " counted by the mask";
    throw Error("batch_norm: training needs more than one value per channel, got input " +
                to_string(x_in.shape()) + (mask_in.defined() ? counted_rows : ""));
  }

  // gamma and beta are read as plain arrays; the running statistics, updated in place, are walked
  // with their stride (a strided view would otherwise be read and written wrongly)
  Tensor x = kernel::contiguous(x_in);
  const Tensor gamma_c = kernel::contiguous(gamma), beta_c = kernel::contiguous(beta);
  const int64_t rm_step = running_mean.strides()[0], rv_step = running_var.strides()[0];
  Tensor y = empty(x.shape(), x.dtype());
  // the statistics: sums over rows in T (float32 for float32 input, as PyTorch's CPU kernel),
  // channels innermost so that they vectorise; the per-channel values after them in double
  std::vector<double> mean(c, 0.0), istd(c);
  dispatch_float(x.dtype(), "batch_norm", [&]<class T>() {
    const T* px = x.data<T>();
    std::vector<T> mean_t(c), istd_t(c);
    if (training) {
      std::vector<T> acc(c);
      column_sums<T, false>(px, nullptr, acc.data(), rows, c, counted);
      for (int64_t j = 0; j < c; ++j) mean[j] = acc[j];
      if (group) group->allreduce_sum(mean.data(), c);
      for (int64_t j = 0; j < c; ++j) {
        mean[j] /= static_cast<double>(m);
        mean_t[j] = static_cast<T>(mean[j]);
      }
      column_sums<T, true>(px, mean_t.data(), acc.data(), rows, c, counted);
      std::vector<double> sq(acc.begin(), acc.end());
      if (group) group->allreduce_sum(sq.data(), c);
      T* rm = running_mean.data<T>();
      T* rv = running_var.data<T>();
      for (int64_t j = 0; j < c; ++j) {
        istd[j] = 1.0 / std::sqrt(sq[j] / divisor + opt.eps);
        // running statistics: always the unbiased variance, as PyTorch stores it
        T& rmj = rm[j * rm_step];
        T& rvj = rv[j * rv_step];
        rmj = static_cast<T>((1 - opt.momentum) * rmj + opt.momentum * mean[j]);
        rvj = static_cast<T>((1 - opt.momentum) * rvj + opt.momentum * sq[j] / (m - 1));
      }
    } else {
      const T* rm = running_mean.data<T>();
      const T* rv = running_var.data<T>();
      for (int64_t j = 0; j < c; ++j) {
        mean[j] = rm[j * rm_step];
        istd[j] = 1.0 / std::sqrt(rv[j * rv_step] + opt.eps);
        mean_t[j] = static_cast<T>(mean[j]);
      }
    }
    for (int64_t j = 0; j < c; ++j) istd_t[j] = static_cast<T>(istd[j]);
    auto forward = then_tanh ? bn_forward<T, true> : bn_forward<T, false>;
    forward(px, y.data<T>(), rows, c, gamma_c.data<T>(), beta_c.data<T>(), mean_t.data(), istd_t.data());
  });

  return record(name, y, {x_in, gamma, beta},
                [x = x.detach(), gamma = gamma_c.detach(), mean, istd, rows, m, c, divisor, training, mask, group,
                 t = then_tanh ? y.detach() : Tensor()](const Tensor& g_in) {
    Tensor g = kernel::contiguous(g_in);
    Tensor dx = empty(g.shape(), g.dtype());
    Tensor dgamma = zeros({c}, g.dtype()), dbeta = zeros({c}, g.dtype());
    dispatch_float(g.dtype(), "batch_norm_backward", [&]<class T>() {
      const T* pg = g.data<T>();
      const T* px = x.data<T>();
      const T* pgamma = gamma.data<T>();
      T* pdx = dx.data<T>();
      T* pdg = dgamma.data<T>();
      T* pdb = dbeta.data<T>();
      std::vector<T> mean_t(c), istd_t(c);  // as the forward rounded them
      for (int64_t j = 0; j < c; ++j) mean_t[j] = static_cast<T>(mean[j]), istd_t[j] = static_cast<T>(istd[j]);
      const T *pm = mean_t.data(), *ps = istd_t.data();
      if (t.defined()) bn_sums<T, true>(pg, t.data<T>(), px, pm, ps, pdx, pdb, pdg, rows, c);
      else bn_sums<T, false>(pg, nullptr, px, pm, ps, nullptr, pdb, pdg, rows, c);
      // a = gamma istd, b = a sum(g) / M, e = a sum(g xhat) / D (sums over every rank's rows)
      std::vector<double> sums(2 * c);
      std::copy(pdb, pdb + c, sums.begin());
      std::copy(pdg, pdg + c, sums.begin() + c);
      if (group) group->allreduce_sum(sums.data(), 2 * c);
      std::vector<T> a(c), b(c), e(c);
      for (int64_t j = 0; j < c; ++j) {
        const double aj = pgamma[j] * istd[j];
        a[j] = static_cast<T>(aj);
        b[j] = static_cast<T>(aj * sums[j] / static_cast<double>(m));
        e[j] = static_cast<T>(aj * sums[c + j] / divisor);
      }
      const int64_t* counted = mask.defined() ? mask.data<int64_t>() : nullptr;
      if (t.defined()) bn_dx<T, true>(nullptr, px, pm, ps, pdx, rows, c, a.data(), b.data(), e.data(), training, counted);
      else bn_dx<T, false>(pg, px, pm, ps, pdx, rows, c, a.data(), b.data(), e.data(), training, counted);
    });
    return std::vector<Tensor>{dx, dgamma, dbeta};
  });
}

}  // namespace

Tensor batch_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, const Tensor& running_mean,
                  const Tensor& running_var, bool training, const BatchNormOptions& options, const Tensor& mask) {
  return batch_norm_op(x, gamma, beta, running_mean, running_var, training, options, mask, false);
}

Tensor batch_norm_tanh(const Tensor& x, const Tensor& gamma, const Tensor& beta, const Tensor& running_mean,
                       const Tensor& running_var, bool training, const BatchNormOptions& options,
                       const Tensor& mask) {
  return batch_norm_op(x, gamma, beta, running_mean, running_var, training, options, mask, true);
}

}  // namespace ripple
