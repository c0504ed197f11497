// fig_step_time: draws docs/figures/step_time.svg for chapter 10 - the time of one makemore
// WaveNet training step (forward, backward, SGD update) against the batch size, next to the time
// of that step's matrix products alone (the 12 GEMMs of its 4 Linear layers: forward, input
// gradient and weight gradient of each), both measured on this machine with 1 OpenBLAS thread.
// The gap between the two lines is everything that is not a matrix product. Each round times one
// step and then its products, 1,001 rounds per batch size; it prints the medians and the median
// share of a round's step outside its products.
// usage: fig_step_time OUT.svg
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <vector>

#include <ripple/ripple.h>

#include "apps/common/svg.h"

extern "C" void openblas_set_num_threads(int);

using namespace ripple;

namespace {

double ms_of(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// The step and its products, alternating, `runs` rounds after `warmup`: medians of each and of
// the per-round share of the step outside the products. Alternating keeps the two comparable on
// a machine whose clock drifts (a shared or virtual one): both see the same minute.
struct Timing {
  double step, gemm, rest_share;
};
Timing time_alternating(const std::function<void()>& step, const std::function<void()>& gemm, int warmup, int runs) {
  for (int i = 0; i < warmup; ++i) step(), gemm();
  std::vector<double> s, g, share;
  for (int i = 0; i < runs; ++i) {
    s.push_back(ms_of(step));
    g.push_back(ms_of(gemm));
    share.push_back(1 - g.back() / s.back());
  }
  return {median(s), median(g), median(share)};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fig_step_time OUT.svg\n");
    return 2;
  }
  try {
    openblas_set_num_threads(1);
    Generator gen(0);
    std::vector<double> batches, step_ms, gemm_ms;
    for (int64_t B : {8, 16, 32, 64, 128, 256}) {
      auto model = makemore::make_model({}, gen);  // the lecture's WaveNet, 76,579 parameters
      SGD opt(model->parameters(), 0.1);
      const Tensor x = gen.randint(0, 27, {B, 8}), y = gen.randint(0, 27, {B});
      auto step = [&] {
        Tensor loss = cross_entropy((*model)(x), y);
        opt.zero_grad();
        loss.backward();
        opt.step();
      };

      // the same step's products: Linear (K -> N) on M rows, as the model shapes them
      struct Gemm { int64_t m, k, n; };
      const Gemm linears[] = {{B * 4, 48, 128}, {B * 2, 256, 128}, {B, 256, 128}, {B, 128, 27}};
      std::vector<std::function<void()>> products;
      for (const Gemm& g : linears) {
        Tensor a = gen.normal({g.m, g.k}), w = gen.normal({g.n, g.k}), d = gen.normal({g.m, g.n});
        products.push_back([a, w, d] {
          NoGradGuard no_grad;
          matmul(a, transpose(w, 0, 1));  // forward: (M, K) @ (K, N)
          matmul(d, w);                   // input gradient: (M, N) @ (N, K)
          matmul(transpose(d, 0, 1), a);  // weight gradient: (N, M) @ (M, K)
        });
      }
      const Timing t = time_alternating(step, [&] { for (auto& p : products) p(); }, 50, 1001);
      std::printf("batch %4lld: step %.3f ms, its matrix products %.3f ms, the rest %.0f%% of the step\n",
                  static_cast<long long>(B), t.step, t.gemm, 100 * t.rest_share);
      batches.push_back(static_cast<double>(B));
      step_ms.push_back(t.step);
      gemm_ms.push_back(t.gemm);
    }
    apps::Plot plot;
    plot.title = "makemore WaveNet: one training step against its matrix products alone (1 thread)";
    plot.x_label = "batch size";
    plot.y_label = "ms (median of 1,001 rounds)";
    plot.log_y = true;
    plot.line("training step (forward, backward, SGD)", batches, step_ms, "#1f77b4")
        .points("", batches, step_ms, "#1f77b4")
        .line("its 12 matrix products alone", batches, gemm_ms, "#d62728")
        .points("", batches, gemm_ms, "#d62728");
    plot.save(argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fig_step_time: %s\n", e.what());
    return 1;
  }
  return 0;
}
