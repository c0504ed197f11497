// bench_makemore_step: milliseconds per training step of the makemore Part 5 WaveNet (batch 32,
// plain SGD), measured like ../shared/anchors/makemore_torch.py (the first 100 steps are warm-up),
// plus the resident memory at a few points, to show it stays flat.
// usage: bench_makemore_step NAMES.txt [STEPS=3000] [THREADS=1] [MODEL=wavenet] [GEMM=auto]
// GEMM picks the float32 products' path (core/gemm.h): auto, avx512, avx2 or blas.
#include <cblas.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

#include "autograd/ops.h"
#include "core/gemm.h"
#include "models/makemore.h"
#include "optim/sgd.h"

using namespace ripple;

static double resident_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s NAMES.txt [STEPS] [THREADS] [MODEL] [GEMM]\n", argv[0]);
    return 2;
  }
  const int64_t steps = argc > 2 ? std::stoll(argv[2]) : 3000;
  openblas_set_num_threads(argc > 3 ? std::stoi(argv[3]) : 1);
  makemore::ModelConfig cfg;
  if (argc > 4) cfg.kind = makemore::parse_model_kind(argv[4]);
  if (argc > 5) {
    const std::string path = argv[5];
    for (kernel::GemmPath p : {kernel::GemmPath::Auto, kernel::GemmPath::Avx512, kernel::GemmPath::Avx2, kernel::GemmPath::Blas})
      if (path == kernel::gemm_path_name(p)) kernel::set_gemm_path(p);  // throws if the CPU cannot
    std::printf("gemm path: %s\n", kernel::gemm_path_name(kernel::gemm_path()));
  }
  auto words = makemore::load_words(argv[1]);
  auto vocab = makemore::build_vocab(words);
  auto train = makemore::build_dataset(makemore::split_words(words, 42).train, vocab, cfg.block_size);
  Generator gen(42);
  auto model = makemore::make_model(cfg, gen);
  SGD opt(model->parameters(), 0.1);
  std::printf("params %lld\n", static_cast<long long>(model->num_parameters()));
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < steps; ++i) {
    Tensor ix = gen.randint(0, train.size(), {32});
    Tensor loss = cross_entropy((*model)(index_select(train.x, 0, ix)), index_select(train.y, 0, ix));
    opt.zero_grad();
    loss.backward();
    opt.step();
    if (i == 99) t0 = std::chrono::steady_clock::now();  // warm-up excluded, as in the anchor
    if ((i + 1) % (steps / 4) == 0)
      std::printf("step %lld  loss %.4f  resident %.1f MB\n", static_cast<long long>(i + 1), loss.item(), resident_mb());
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("ms_per_step %.4f\n", ms / static_cast<double>(steps - 100));
}
