// bench_gemm: ripple's float32 GEMM kernels (core/gemm.h) against OpenBLAS on the shapes ripple's
// layers make, and the core's measured FMA peak for scale.
//
// For each shape (M, N, K and the layout) it times every path this CPU runs, interleaved round
// by round so that a busy machine slows them alike, and prints GFLOP/s (the median round) and
// each kernel's speed as a ratio to OpenBLAS. The peak probe runs independent chains of FMAs
// (AVX-512 and AVX2), which is what a GEMM can reach at best on one core. The shapes:
//   makemore  the lecture's hierarchical WaveNet step, batch 32: four layers forward (NN) and
//             their two backward products each (NT for the input's gradient, TN for the weight's)
//   forecast  the linear model of ETTh2 (336 -> 96, batch 32) and a WaveNet block's dilated
//             convolution (32 windows x 336 steps, 2 taps x 32 channels -> 64)
//   square    64 .. 1024, where OpenBLAS's blocking takes over (gemm.cpp's crossover)
//
//   build/bench_gemm             (about 20 s; run it on an idle machine)
//   build/bench_gemm makemore    (only the shapes whose group starts so)
#include <cblas.h>
#include <immintrin.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/gemm.h"
#include "core/generator.h"

using namespace ripple;
namespace k = ripple::kernel;

namespace {

double now() {  // this thread's CPU time: steadier than wall time beside other work
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Shape3 {
  std::string group, name;
  bool ta, tb;
  int64_t m, n, k;
};

// Independent FMA chains: 2 * width * chains * iterations flops.
__attribute__((target("avx512f"))) double peak512() {
  __m512 acc[12];
  for (auto& a : acc) a = _mm512_set1_ps(1.0f);
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  const int64_t iters = 20'000'000;
  const double t0 = now();
  for (int64_t i = 0; i < iters; ++i)
    for (auto& a : acc) a = _mm512_fmadd_ps(a, x, y);
  const double s = now() - t0;
  float sink = 0;
  alignas(64) float v[16];
  for (auto& a : acc) _mm512_store_ps(v, a), sink += v[0];
  std::printf("  (sink %g)\r", static_cast<double>(sink));
  return 2.0 * 16 * 12 * static_cast<double>(iters) / s / 1e9;
}

__attribute__((target("avx2,fma"))) double peak256() {
  __m256 acc[12];
  for (auto& a : acc) a = _mm256_set1_ps(1.0f);
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
  const int64_t iters = 20'000'000;
  const double t0 = now();
  for (int64_t i = 0; i < iters; ++i)
    for (auto& a : acc) a = _mm256_fmadd_ps(a, x, y);
  const double s = now() - t0;
  float sink = 0;
  alignas(32) float v[8];
  for (auto& a : acc) _mm256_store_ps(v, a), sink += v[0];
  std::printf("  (sink %g)\r", static_cast<double>(sink));
  return 2.0 * 8 * 12 * static_cast<double>(iters) / s / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string only = argc > 1 ? argv[1] : "";
  openblas_set_num_threads(1);  // one core against one core (and CPU time counts this thread only)
  std::vector<Shape3> shapes = {
      {"makemore", "L1 fwd", false, false, 128, 128, 48},  {"makemore", "L1 dX", false, true, 128, 48, 128},
      {"makemore", "L1 dW", true, false, 48, 128, 128},    {"makemore", "L2 fwd", false, false, 64, 128, 256},
      {"makemore", "L2 dX", false, true, 64, 256, 128},    {"makemore", "L2 dW", true, false, 256, 128, 64},
      {"makemore", "L3 fwd", false, false, 32, 128, 256},  {"makemore", "L3 dX", false, true, 32, 256, 128},
      {"makemore", "L3 dW", true, false, 256, 128, 32},    {"makemore", "out fwd", false, false, 32, 27, 128},
      {"makemore", "out dX", false, true, 32, 128, 27},    {"makemore", "out dW", true, false, 128, 27, 32},
      {"forecast", "linear fwd", false, false, 32, 96, 336}, {"forecast", "linear dW", true, false, 336, 96, 32},
      {"forecast", "conv fwd", false, false, 10752, 64, 64}, {"forecast", "conv dW", true, false, 64, 64, 10752},
      {"square", "64", false, false, 64, 64, 64},          {"square", "128", false, false, 128, 128, 128},
      {"square", "256", false, false, 256, 256, 256},      {"square", "512", false, false, 512, 512, 512},
      {"square", "1024", false, false, 1024, 1024, 1024}};
  std::vector<k::GemmPath> paths = {k::GemmPath::Blas};
  for (k::GemmPath p : {k::GemmPath::Avx512, k::GemmPath::Avx2, k::GemmPath::Auto})
    if (k::gemm_path_supported(p)) paths.push_back(p);

  std::printf("FMA peak of one core, measured: ");
  if (k::gemm_path_supported(k::GemmPath::Avx512)) std::printf("AVX-512 %.0f GFLOP/s, ", peak512());
  if (k::gemm_path_supported(k::GemmPath::Avx2)) std::printf("AVX2 %.0f GFLOP/s", peak256());
  std::printf("\n\nGFLOP/s (median of 15 rounds, CPU time); ratio = OpenBLAS time / kernel time\n");
  std::printf("%-9s %-11s %3s %6s %6s %6s", "group", "shape", "op", "M", "N", "K");
  for (k::GemmPath p : paths) std::printf(" %8s", k::gemm_path_name(p));
  for (size_t i = 1; i < paths.size(); ++i) std::printf(" %7s", (std::string("x") + k::gemm_path_name(paths[i])).substr(0, 7).c_str());
  std::printf("\n");

  Generator gen(1);
  for (const Shape3& s : shapes) {
    if (!only.empty() && s.group.rfind(only, 0) != 0) continue;
    const int64_t lda = s.ta ? s.m : s.k, ldb = s.tb ? s.k : s.n;
    std::vector<float> a(static_cast<size_t>(s.m * s.k)), b(static_cast<size_t>(s.k * s.n)), c(static_cast<size_t>(s.m * s.n));
    for (float& v : a) v = static_cast<float>(gen.uniform01() - 0.5);
    for (float& v : b) v = static_cast<float>(gen.uniform01() - 0.5);
    const double flops = 2.0 * static_cast<double>(s.m * s.n * s.k);
    const int reps = std::max<int>(1, static_cast<int>(2e7 / flops));  // about 10 ms a round at 2 GFLOP/s
    std::vector<std::vector<double>> rounds(paths.size());
    for (int r = 0; r < 15; ++r)
      for (size_t p = 0; p < paths.size(); ++p) {
        k::set_gemm_path(paths[p]);
        const double t0 = now();
        for (int i = 0; i < reps; ++i) k::sgemm(s.ta, s.tb, s.m, s.n, s.k, a.data(), lda, b.data(), ldb, c.data(), s.n);
        rounds[p].push_back((now() - t0) / reps);
      }
    std::vector<double> med;
    for (auto& t : rounds) std::sort(t.begin(), t.end()), med.push_back(t[t.size() / 2]);
    std::printf("%-9s %-11s %c%c  %6lld %6lld %6lld", s.group.c_str(), s.name.c_str(), s.ta ? 'T' : 'N', s.tb ? 'T' : 'N',
                static_cast<long long>(s.m), static_cast<long long>(s.n), static_cast<long long>(s.k));
    for (double t : med) std::printf(" %8.1f", flops / t / 1e9);
    for (size_t p = 1; p < med.size(); ++p) std::printf(" %6.2fx", med[0] / med[p]);
    std::printf("\n");
  }
  k::set_gemm_path(k::GemmPath::Auto);
  return 0;
}
