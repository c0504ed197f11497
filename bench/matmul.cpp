// bench_matmul: ripple's matmul against a raw cblas_sgemm on the same buffers, in GFLOP/s.
//
// For each shape it times three calls on float32 operands:
//   sgemm   cblas_sgemm straight on the tensors' data (batched shapes: one call per batch entry)
//   kernel  kernel::matmul, the raw op (shape checks, output allocation, layout choice)
//   matmul  the autograd op with grad mode on and a leaf that requires grad (records a Node)
// and prints the overhead of each as time / sgemm time. A transposed-view row passes b as
// transpose(b_storage) so BLAS reads it with CblasTrans, without a copy.
//
//   ./build/bench_matmul            (runs in a few seconds)
#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "autograd/ops.h"
#include "core/generator.h"
#include "core/kernels.h"

using namespace ripple;

namespace {

// Seconds per call of each function: the best of 7 samples of ~20 ms each, the functions taking
// turns sample by sample so that a busy spell on a shared machine hits them alike. The best, not
// the median, because such noise only ever adds time.
std::vector<double> seconds_per_call(const std::vector<std::function<void()>>& fs) {
  using clock = std::chrono::steady_clock;
  std::vector<int> reps;
  for (const auto& f : fs) {
    f();  // warm-up: first-touch of the output, BLAS thread start
    auto t0 = clock::now();
    f();
    double once = std::chrono::duration<double>(clock::now() - t0).count();
    reps.push_back(std::max(1, static_cast<int>(0.02 / std::max(once, 1e-9))));
  }
  std::vector<double> best(fs.size(), 1e30);
  for (int sample = 0; sample < 7; ++sample)
    for (size_t i = 0; i < fs.size(); ++i) {
      auto start = clock::now();
      for (int r = 0; r < reps[i]; ++r) fs[i]();
      double t = std::chrono::duration<double>(clock::now() - start).count() / reps[i];
      best[i] = std::min(best[i], t);
    }
  return best;
}

struct Case {
  std::string name;
  int64_t batch, m, k, n;
  bool transposed_b;  // b is a transpose(-1, -2) view of an (n, k) tensor
};

void run(const Case& c, Generator& gen) {
  const bool batched = c.batch > 1;
  Shape sa = batched ? Shape{c.batch, c.m, c.k} : Shape{c.m, c.k};
  Shape sb_store = c.transposed_b ? (batched ? Shape{c.batch, c.n, c.k} : Shape{c.n, c.k})
                                  : (batched ? Shape{c.batch, c.k, c.n} : Shape{c.k, c.n});
  Tensor a = gen.normal(sa);
  Tensor b_store = gen.normal(sb_store);
  Tensor b = c.transposed_b ? transpose(b_store, -1, -2) : b_store;
  Tensor out = empty(batched ? Shape{c.batch, c.m, c.n} : Shape{c.m, c.n});

  const float* pa = a.data<float>();
  const float* pb = b_store.data<float>();
  float* pc = out.data<float>();
  const CBLAS_TRANSPOSE tb = c.transposed_b ? CblasTrans : CblasNoTrans;
  const int ldb = static_cast<int>(c.transposed_b ? c.k : c.n);
  auto sgemm = [&] {
    for (int64_t i = 0; i < c.batch; ++i)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, tb, c.m, c.n, c.k, 1.0f, pa + i * c.m * c.k, c.k,
                  pb + i * c.k * c.n, ldb, 0.0f, pc + i * c.m * c.n, c.n);
  };
  auto kernel_call = [&] { kernel::matmul(a, b); };
  Tensor leaf = b_store.detach();
  leaf.requires_grad_();  // so the autograd op records its Node, as in training
  Tensor bw = c.transposed_b ? transpose(leaf, -1, -2) : leaf;
  auto autograd_call = [&] { matmul(a, bw); };

  const double flops = 2.0 * static_cast<double>(c.batch * c.m * c.n * c.k);
  const std::vector<double> t = seconds_per_call({sgemm, kernel_call, autograd_call});
  const double t_blas = t[0], t_kernel = t[1], t_op = t[2];
  std::printf("%-26s %9.2f %9.2f %9.2f %9.2fx %9.2fx %10.1f\n", c.name.c_str(), flops / t_blas * 1e-9,
              flops / t_kernel * 1e-9, flops / t_op * 1e-9, t_kernel / t_blas, t_op / t_blas,
              t_blas * 1e6);
}

}  // namespace

int main() {
  Generator gen(0);
  const std::vector<Case> cases = {
      {"32x48 @ 48x128", 1, 32, 48, 128, false},
      {"64x256 @ 256x128", 1, 64, 256, 128, false},
      {"128x256 @ 256x128", 1, 128, 256, 128, false},
      {"512x512 @ 512x512", 1, 512, 512, 512, false},
      {"(8,64,64) @ (8,64,64)", 8, 64, 64, 64, false},
      {"128x256 @ (128x256)^T", 1, 128, 256, 128, true},
      {"(8,64,64) @ (8,64,64)^T", 8, 64, 64, 64, true},
  };
  std::printf("float32, OpenBLAS with %d threads; GFLOP/s (higher is better); overhead = time / "
              "sgemm time\n", openblas_get_num_threads());
  std::printf("%-26s %9s %9s %9s %10s %10s %10s\n", "shape", "sgemm", "kernel", "matmul",
              "kernel/sg", "matmul/sg", "sgemm us");
  for (const Case& c : cases) run(c, gen);
  return 0;
}
