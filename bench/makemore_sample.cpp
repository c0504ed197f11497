// bench_makemore_sample: how much the per-layer queues (makemore_cache.h, the fast WaveNet of
// Paine et al. 2016) save when sampling words from makemore's whole-word models, conv and gated.
//
// For each model it times, side by side in rounds so that a busy moment slows both ways:
//   passes    the model work of N words of LEN characters: LEN pushes of (N,) characters through
//             the cache, against the re-running way, a forward pass over the N words so far after
//             each character ((N, 1), (N, 2), ... (N, LEN)), reading the last position;
//   sampling  makemore::sample_words for N words of at most LEN characters, cached and not (the
//             same draws, so the same words), whole calls with the drawing and bookkeeping.
// Untrained weights unless a checkpoint of the makemore app is given (the time of a pass does
// not depend on the weights; sampled word lengths do). Times are CPU time of this process with
// one BLAS thread, the median of ROUNDS rounds.
//
//   build/bench_makemore_sample [N=1000] [LEN=16] [ROUNDS=5] [CHECKPOINT...]
#include <cblas.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "autograd/ops.h"
#include "models/makemore.h"
#include "models/makemore_cache.h"

using namespace ripple;

namespace {

double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class F>
double timed(F&& f) {
  const double t0 = cpu_seconds();
  f();
  return cpu_seconds() - t0;
}

void bench(const std::string& name, Module& model, const makemore::ModelConfig& cfg, const makemore::Vocab& vocab,
           int64_t N, int64_t len, int64_t rounds) {
  EvalGuard eval(model);
  NoGradGuard no_grad;
  Generator gen(1);
  const Tensor words = gen.randint(1, cfg.vocab_size, {N, len});  // the characters pushed
  const Tensor labels = cfg.labels ? zeros({N}, DType::Int64) : Tensor();
  std::vector<double> cached_pass, rerun_pass, cached_sample, rerun_sample;
  double mean_length = 0;
  for (int64_t r = 0; r < rounds; ++r) {
    cached_pass.push_back(timed([&] {
      auto cache = makemore::make_step_cache(model, cfg, N, labels);
      Tensor chars = zeros({N}, DType::Int64);  // '.'
      for (int64_t t = 0; t < len; ++t) {
        cache->push(chars);
        chars = contiguous(select(words, 1, t));
      }
    }));
    rerun_pass.push_back(timed([&] {
      for (int64_t t = 1; t <= len; ++t) {
        const Tensor x = concat({zeros({N, 1}, DType::Int64), narrow(words, 1, 0, t - 1)}, 1);  // (N, t)
        select(makemore::logits_of(model, x, labels), 1, t - 1);
      }
    }));
    makemore::SampleOptions opt{.max_length = len, .label = cfg.labels ? 0 : -1};
    Generator g1(r), g2(r);
    std::vector<makemore::Sampled> drawn;
    cached_sample.push_back(timed([&] { drawn = makemore::sample_words(model, cfg, vocab, N, opt, g1); }));
    opt.cached = false;
    rerun_sample.push_back(timed([&] { makemore::sample_words(model, cfg, vocab, N, opt, g2); }));
    mean_length = 0;
    for (const auto& s : drawn) mean_length += static_cast<double>(s.word.size());
    mean_length /= static_cast<double>(N);
  }
  const double cp = median(cached_pass), rp = median(rerun_pass), cs = median(cached_sample),
               rs = median(rerun_sample);
  std::printf("%-38s %9lld %8.3f s %8.3f s %6.1fx   %8.3f s %8.3f s %6.1fx  %5.1f\n", name.c_str(),
              static_cast<long long>(model.num_parameters()), rp, cp, rp / cp, rs, cs, rs / cs, mean_length);
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t N = argc > 1 ? std::atoll(argv[1]) : 1000, len = argc > 2 ? std::atoll(argv[2]) : 16,
                rounds = argc > 3 ? std::atoll(argv[3]) : 5;
  if (N < 1 || len < 1 || rounds < 1) {
    std::fprintf(stderr, "usage: bench_makemore_sample [N=1000] [LEN=16] [ROUNDS=5] [CHECKPOINT...]\n");
    return 2;
  }
  openblas_set_num_threads(1);
  std::printf("%lld words of %lld characters (sampling: at most %lld), CPU seconds, median of %lld rounds\n",
              static_cast<long long>(N), static_cast<long long>(len), static_cast<long long>(len),
              static_cast<long long>(rounds));
  std::printf("%-38s %9s %10s %10s %7s   %10s %10s %7s  %5s\n", "model", "params", "re-run", "cached", "ratio",
              "sample", "cached", "ratio", "chars");
  try {
    if (argc > 4) {
      for (int i = 4; i < argc; ++i) {
        makemore::TrainedModel t = makemore::load_trained(argv[i]);
        bench(makemore::kind_name(t.config.kind) + " " + argv[i], *t.model, t.config, t.vocab, N, len, rounds);
      }
      return 0;
    }
    const makemore::Vocab vocab = makemore::build_vocab({"abcdefghijklmnopqrstuvwxyz"});
    Generator gen(0);
    for (auto kind : {makemore::ModelKind::Conv, makemore::ModelKind::Gated}) {
      makemore::ModelConfig cfg = makemore::kind_info(kind).defaults;
      cfg.vocab_size = vocab.size();
      auto model = makemore::make_model(cfg, gen);
      bench(makemore::kind_name(kind) + " (defaults, untrained)", *model, cfg, vocab, N, len, rounds);
    }
    makemore::ModelConfig notes = makemore::kind_info(makemore::ModelKind::Conv).defaults;
    notes.dilations = {1, 2, 4, 8};
    notes.vocab_size = vocab.size();
    auto model = makemore::make_model(notes, gen);
    bench("conv --dilations 1,2,4,8 (untrained)", *model, notes, vocab, N, len, rounds);
  } catch (const Error& e) {
    std::fprintf(stderr, "bench_makemore_sample: %s\n", e.what());
    return 1;
  }
  return 0;
}
