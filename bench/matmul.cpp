// bench_matmul: ripple's matmul against a raw cblas_sgemm on the same buffers (Google Benchmark).
//
// For each shape, three benchmarks on float32 operands:
//   sgemm   cblas_sgemm straight on the tensors' data (batched shapes: one call per batch entry)
//   kernel  kernel::matmul, the raw op (shape checks, output allocation, layout choice)
//   matmul  the autograd op with grad mode on and a leaf that requires grad (records a Node)
// Each reports GFLOP/s; after the runs a table gives the overhead of kernel and matmul as their
// time / sgemm time, shape by shape (medians of the repetitions). A transposed-view row passes b
// as transpose(b_storage) so BLAS reads it with CblasTrans, without a copy.
//
//   build/bench_matmul                               (about 15 s)
//   build/bench_matmul --benchmark_filter=512x512    (Google Benchmark's flags work)
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "autograd/ops.h"
#include "core/generator.h"
#include "core/kernels.h"

using namespace ripple;

namespace {

struct Case {
  std::string name;
  int64_t batch, m, k, n;
  bool transposed_b;  // b is a transpose(-1, -2) view of an (n, k) tensor
};

const std::vector<Case> kCases = {
    {"32x48@48x128", 1, 32, 48, 128, false},
    {"64x256@256x128", 1, 64, 256, 128, false},
    {"128x256@256x128", 1, 128, 256, 128, false},
    {"512x512@512x512", 1, 512, 512, 512, false},
    {"(8,64,64)@(8,64,64)", 8, 64, 64, 64, false},
    {"128x256@(128x256)^T", 1, 128, 256, 128, true},
    {"(8,64,64)@(8,64,64)^T", 8, 64, 64, 64, true},
};
const char* const kVariants[] = {"sgemm", "kernel", "matmul"};

// The operands of one case, drawn once.
struct Operands {
  Tensor a, b_store, b, out, leaf_b;
  explicit Operands(const Case& c) {
    Generator gen(0);
    const bool batched = c.batch > 1;
    a = gen.normal(batched ? Shape{c.batch, c.m, c.k} : Shape{c.m, c.k});
    b_store = gen.normal(c.transposed_b ? (batched ? Shape{c.batch, c.n, c.k} : Shape{c.n, c.k})
                                        : (batched ? Shape{c.batch, c.k, c.n} : Shape{c.k, c.n}));
    b = c.transposed_b ? transpose(b_store, -1, -2) : b_store;
    out = empty(batched ? Shape{c.batch, c.m, c.n} : Shape{c.m, c.n});
    Tensor leaf = b_store.detach();
    leaf.requires_grad_();  // so the autograd op records its Node, as in training
    leaf_b = c.transposed_b ? transpose(leaf, -1, -2) : leaf;
  }
};

void run_case(benchmark::State& state, const Case& c, int variant) {
  Operands ops(c);
  const float* pa = ops.a.data<float>();
  const float* pb = ops.b_store.data<float>();
  float* pc = ops.out.data<float>();
  const CBLAS_TRANSPOSE tb = c.transposed_b ? CblasTrans : CblasNoTrans;
  const int ldb = static_cast<int>(c.transposed_b ? c.k : c.n);
  for (auto _ : state) {
    if (variant == 0) {
      for (int64_t i = 0; i < c.batch; ++i)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, tb, c.m, c.n, c.k, 1.0f, pa + i * c.m * c.k, c.k,
                    pb + i * c.k * c.n, ldb, 0.0f, pc + i * c.m * c.n, c.n);
      benchmark::ClobberMemory();
    } else if (variant == 1) {
      benchmark::DoNotOptimize(kernel::matmul(ops.a, ops.b));
    } else {
      benchmark::DoNotOptimize(matmul(ops.a, ops.leaf_b));
    }
  }
  const double flops = 2.0 * static_cast<double>(c.batch * c.m * c.n * c.k);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// The console output, then the overheads side by side: time / sgemm time per shape.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs)
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median")
        median_us_[r.run_name.function_name] = r.GetAdjustedRealTime();
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\noverhead over cblas_sgemm (median time / sgemm median time), OpenBLAS with %d "
                "thread(s):\n%-26s %10s %10s %10s\n", openblas_get_num_threads(), "shape",
                "kernel", "matmul", "sgemm us");
    for (const Case& c : kCases) {
      auto time = [&](const char* variant) {
        auto it = median_us_.find("matmul/" + c.name + "/" + variant);
        return it == median_us_.end() ? 0.0 : it->second;
      };
      if (time("sgemm") <= 0) continue;  // filtered out
      std::printf("%-26s %9.2fx %9.2fx %10.1f\n", c.name.c_str(), time("kernel") / time("sgemm"),
                  time("matmul") / time("sgemm"), time("sgemm"));
    }
  }

 private:
  std::map<std::string, double> median_us_;  // by benchmark name, microseconds (the runs' unit)
};

}  // namespace

int main(int argc, char** argv) {
  for (const Case& c : kCases)
    for (int v = 0; v < 3; ++v)
      benchmark::RegisterBenchmark(("matmul/" + c.name + "/" + kVariants[v]).c_str(),
                                   [&c, v](benchmark::State& s) { run_case(s, c, v); })
          ->Unit(benchmark::kMicrosecond)
          ->MinTime(0.05)
          ->Repetitions(5)
          ->ReportAggregatesOnly(true);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
