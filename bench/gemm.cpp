// bench_gemm: ripple's float32 GEMM kernels (core/gemm.h) against OpenBLAS on the shapes ripple's
// layers make, and the core's measured FMA peak for scale (Google Benchmark).
//
// For each shape (M, N, K and the layout) one benchmark per path this CPU runs (OpenBLAS with one
// thread, the AVX-512 and the AVX2 kernel), 5 repetitions each; after the runs a table gives each
// path's GFLOP/s (median repetition) as a share of the peak and as a ratio to OpenBLAS. The peak
// probe runs independent chains of FMAs (AVX-512 and AVX2): what a GEMM can reach at best on one
// core. The shapes:
//   makemore  the lecture's hierarchical WaveNet step, batch 32: four layers forward (NN) and
//             their two backward products each (NT for the input's gradient, TN for the weight's)
//   forecast  the linear model of ETTh2 (336 -> 96, batch 32) and a WaveNet block's dilated
//             convolution (32 windows x 336 steps, 2 taps x 32 channels -> 64)
//   square    64 .. 1024, where OpenBLAS's blocking takes over (gemm.cpp's crossover)
//
// Last, makemore/step_products runs the step's 12 products in a row, 2,000 rounds, each against a
// peak probe run right after it, and the table's last line gives their median share of the peak.
//
//   build/bench_gemm                                   (about 40 s; run it on an idle machine)
//   build/bench_gemm --benchmark_filter=makemore       (Google Benchmark's flags work)
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/gemm.h"
#include "core/generator.h"

using namespace ripple;
namespace k = ripple::kernel;

namespace {

struct Shape3 {
  std::string group, name;
  bool ta, tb;
  int64_t m, n, k;
  std::string id() const { return group + "/" + name; }
};

const std::vector<Shape3> kShapes = {
    {"makemore", "L1_fwd", false, false, 128, 128, 48},  {"makemore", "L1_dX", false, true, 128, 48, 128},
    {"makemore", "L1_dW", true, false, 48, 128, 128},    {"makemore", "L2_fwd", false, false, 64, 128, 256},
    {"makemore", "L2_dX", false, true, 64, 256, 128},    {"makemore", "L2_dW", true, false, 256, 128, 64},
    {"makemore", "L3_fwd", false, false, 32, 128, 256},  {"makemore", "L3_dX", false, true, 32, 256, 128},
    {"makemore", "L3_dW", true, false, 256, 128, 32},    {"makemore", "out_fwd", false, false, 32, 27, 128},
    {"makemore", "out_dX", false, true, 32, 128, 27},    {"makemore", "out_dW", true, false, 128, 27, 32},
    {"forecast", "linear_fwd", false, false, 32, 96, 336}, {"forecast", "linear_dW", true, false, 336, 96, 32},
    {"forecast", "conv_fwd", false, false, 10752, 64, 64}, {"forecast", "conv_dW", true, false, 64, 64, 10752},
    {"square", "64", false, false, 64, 64, 64},          {"square", "128", false, false, 128, 128, 128},
    {"square", "256", false, false, 256, 256, 256},      {"square", "512", false, false, 512, 512, 512},
    {"square", "1024", false, false, 1024, 1024, 1024}};

std::vector<k::GemmPath> paths() {
  std::vector<k::GemmPath> out = {k::GemmPath::Blas};
  for (k::GemmPath p : {k::GemmPath::Avx512, k::GemmPath::Avx2})
    if (k::gemm_path_supported(p)) out.push_back(p);
  return out;
}

// A shape's operands, A and B uniform in [-0.5, 0.5), and the product through the current path.
struct Operands {
  std::vector<float> a, b, c;
};
Operands operands_of(const Shape3& s, Generator& gen) {
  Operands o{std::vector<float>(static_cast<size_t>(s.m * s.k)), std::vector<float>(static_cast<size_t>(s.k * s.n)),
             std::vector<float>(static_cast<size_t>(s.m * s.n))};
  for (float& v : o.a) v = static_cast<float>(gen.uniform01() - 0.5);
  for (float& v : o.b) v = static_cast<float>(gen.uniform01() - 0.5);
  return o;
}
void multiply(const Shape3& s, Operands& o) {
  k::sgemm(s.ta, s.tb, s.m, s.n, s.k, o.a.data(), s.ta ? s.m : s.k, o.b.data(), s.tb ? s.k : s.n, o.c.data(), s.n);
}

void run_gemm(benchmark::State& state, const Shape3& s, k::GemmPath path) {
  Generator gen(1);
  Operands o = operands_of(s, gen);
  k::set_gemm_path(path);
  for (auto _ : state) {
    multiply(s, o);
    benchmark::ClobberMemory();
  }
  k::set_gemm_path(k::GemmPath::Auto);
  state.counters["GFLOP/s"] = benchmark::Counter(2e-9 * static_cast<double>(s.m * s.n * s.k),
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

// Independent FMA chains, 12 registers: 2 * lanes * 12 flops per round. Their starts are opaque
// to the compiler and differ (else it may compute a call with constant arguments once for every
// call, or one chain for all twelve), and only their sum escapes, so that they stay in registers.
__attribute__((target("avx512f"))) __m512 fma_chains512(int rounds) {
  __m512 start = _mm512_set1_ps(1.0f);
  benchmark::DoNotOptimize(start);
  __m512 acc[12];
  for (int i = 0; i < 12; ++i) acc[i] = _mm512_add_ps(start, _mm512_set1_ps(0.01f * static_cast<float>(i)));
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  for (int r = 0; r < rounds; ++r)
#pragma GCC unroll 12
    for (auto& a : acc) a = _mm512_fmadd_ps(a, x, y);
  __m512 sum = acc[0];
  for (int i = 1; i < 12; ++i) sum = _mm512_add_ps(sum, acc[i]);
  return sum;
}

__attribute__((target("avx512f"))) void peak512(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(fma_chains512(1000));
  state.counters["GFLOP/s"] = benchmark::Counter(2e-9 * 16 * 12 * 1000, benchmark::Counter::kIsIterationInvariantRate);
}

__attribute__((target("avx2,fma"))) void peak256(benchmark::State& state) {
  __m256 acc[12];
  for (auto& a : acc) a = _mm256_set1_ps(1.0f);
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
  for (auto _ : state)
    for (int r = 0; r < 1000; ++r)
      for (auto& a : acc) a = _mm256_fmadd_ps(a, x, y);
  for (auto& a : acc) benchmark::DoNotOptimize(a);
  state.counters["GFLOP/s"] = benchmark::Counter(2e-9 * 8 * 12 * 1000, benchmark::Counter::kIsIterationInvariantRate);
}

// The makemore step's 12 products in a row through the default path (what training runs), each
// round followed by a peak probe of similar length: the share of the peak is taken round by round
// against the probe next to it, so that a clock that drifts between benchmarks (a shared or
// boosting CPU) cancels out. Reports the median share over the rounds.
__attribute__((target("avx512f"))) double probe_peak512(int rounds) {
  const auto t0 = std::chrono::steady_clock::now();
  benchmark::DoNotOptimize(fma_chains512(rounds));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return 2e-9 * 16 * 12 * rounds / s;
}

void makemore_step_products(benchmark::State& state) {
  std::vector<const Shape3*> shapes;
  for (const Shape3& s : kShapes)
    if (s.group == "makemore") shapes.push_back(&s);
  Generator gen(1);
  std::vector<Operands> ops;
  double flop = 0;
  for (const Shape3* s : shapes) {
    ops.push_back(operands_of(*s, gen));
    flop += 2.0 * static_cast<double>(s->m * s->n * s->k);
  }
  std::vector<double> share;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < shapes.size(); ++i) multiply(*shapes[i], ops[i]);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    benchmark::ClobberMemory();
    share.push_back(flop * 1e-9 / seconds / probe_peak512(8000));
  }
  std::sort(share.begin(), share.end());
  state.counters["share_of_peak"] = share[share.size() / 2];
  state.counters["GFLOP/s"] = benchmark::Counter(flop * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// The console output, then per shape each path's GFLOP/s, its share of the AVX-512 peak, and its
// speed against OpenBLAS (OpenBLAS time / its time), medians of the repetitions.
class TableReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs)
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median" && r.counters.count("GFLOP/s"))
        gflops_[r.run_name.function_name] = r.counters.at("GFLOP/s").value;
    for (const Run& r : runs)
      if (r.run_type == Run::RT_Iteration && r.counters.count("share_of_peak"))
        step_share_ = r.counters.at("share_of_peak").value;
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const double peak = gflops_.count("peak/avx512") ? gflops_["peak/avx512"] : gflops_["peak/avx2"];
    std::printf("\nFMA peak of one core, measured: AVX-512 %.0f GFLOP/s, AVX2 %.0f GFLOP/s\n", gflops_["peak/avx512"],
                gflops_["peak/avx2"]);
    std::printf("GFLOP/s (share of the first peak) and, for the kernels, speed against OpenBLAS with one thread\n");
    std::printf("%-20s %2s %6s %6s %6s", "shape", "op", "M", "N", "K");
    for (k::GemmPath p : paths()) std::printf(" %18s", k::gemm_path_name(p));
    std::printf("\n");
    for (const Shape3& s : kShapes) {
      auto at = [&](k::GemmPath p) {
        auto it = gflops_.find("gemm/" + s.id() + "/" + k::gemm_path_name(p));
        return it == gflops_.end() ? 0.0 : it->second;
      };
      const double blas = at(k::GemmPath::Blas);
      if (blas <= 0) continue;  // filtered out
      std::printf("%-20s %c%c %6lld %6lld %6lld", s.id().c_str(), s.ta ? 'T' : 'N', s.tb ? 'T' : 'N',
                  static_cast<long long>(s.m), static_cast<long long>(s.n), static_cast<long long>(s.k));
      for (k::GemmPath p : paths()) {
        const double g = at(p);
        if (p == k::GemmPath::Blas) std::printf(" %7.1f (%3.0f%%)      ", g, 100 * g / peak);
        else std::printf(" %6.1f (%3.0f%%) %4.2fx", g, 100 * g / peak, g / blas);
      }
      std::printf("\n");
    }
    if (step_share_ > 0)
      std::printf("makemore step, its 12 products in a row (default path), against a peak probe run beside each "
                  "round: %.1f%% of the AVX-512 FMA peak (median of the rounds)\n",
                  100 * step_share_);
  }

 private:
  std::map<std::string, double> gflops_;  // by benchmark name
  double step_share_ = 0;                 // makemore/step_products's median share of the peak
};

}  // namespace

int main(int argc, char** argv) {
  openblas_set_num_threads(1);  // one core against one core
  if (k::gemm_path_supported(k::GemmPath::Avx512)) benchmark::RegisterBenchmark("peak/avx512", peak512)->Repetitions(3)->ReportAggregatesOnly(true);
  if (k::gemm_path_supported(k::GemmPath::Avx2)) benchmark::RegisterBenchmark("peak/avx2", peak256)->Repetitions(3)->ReportAggregatesOnly(true);
  if (k::gemm_path_supported(k::GemmPath::Avx512))
    benchmark::RegisterBenchmark("makemore/step_products", makemore_step_products)->Unit(benchmark::kMicrosecond)->Iterations(2000);
  for (const Shape3& s : kShapes)
    for (k::GemmPath p : paths())
      benchmark::RegisterBenchmark(("gemm/" + s.id() + "/" + k::gemm_path_name(p)).c_str(),
                                   [&s, p](benchmark::State& st) { run_gemm(st, s, p); })
          ->Unit(benchmark::kMicrosecond)
          ->MinTime(0.05)
          ->Repetitions(5)
          ->ReportAggregatesOnly(true);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  TableReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
