// bench_streamer: microseconds per forecast when the observations arrive one at a time, for the
// forecast app's WaveNets: forecast::Streamer::push (one step through the cached layers, the fast
// WaveNet) against forecast_last on the full window (what --predict-only computes for each new
// row). Both in eval mode without gradients, one series, float32, untrained weights (the time does
// not depend on them). Also prints how far the two forecasts differ where forecast_last can take
// a window of the stream's context (at least the receptive field R; see forecast_streamer.h).
//
// The times are CPU time of this process (with one BLAS thread, the work done: the steadier
// figure on a busy machine), the median over 20 rounds that each time a block of pushes and a
// block of forecast_last calls, so that a busy moment slows both.
//
//   build/bench_streamer [PUSHES=4000] [THREADS=1]       (a few seconds)
#include <cblas.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "autograd/ops.h"
#include "models/forecast_streamer.h"
#include "models/wavenet.h"

using namespace ripple;
namespace fc = ripple::forecast;

namespace {

double cpu_us() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) * 1e-3;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Case {
  const char* name;
  fc::ModelConfig config;
};

void run(const Case& c, int64_t pushes) {
  constexpr int64_t kRounds = 20;
  Generator gen(42);
  auto model = fc::make_model(c.config, gen);
  const auto& net = dynamic_cast<const fc::WaveNet&>(*model);
  const int64_t W = c.config.window, R = net.receptive_field();
  const int64_t per_round = std::max<int64_t>(1, pushes / kRounds), batches = std::max<int64_t>(2, per_round / 5);
  const int64_t warm = std::max(W, R) + 10, N = warm + kRounds * per_round;
  const Tensor series = gen.normal({N, 1});  // float32
  auto window = [&](int64_t end, int64_t len) { return unsqueeze(narrow(series, 0, end - len, len), 0); };

  fc::Streamer s(model, narrow(series, 0, 0, warm));
  EvalGuard eval(*model);  // as forecast::predict runs forecast_last
  NoGradGuard no_grad;
  for (int64_t t = 0; t < 5; ++t) model->forecast_last(window(warm, W));  // warm-up, untimed
  std::vector<double> push_us, batch_us;
  for (int64_t r = 0; r < kRounds; ++r) {
    const int64_t from = warm + r * per_round;
    double t0 = cpu_us();
    for (int64_t t = from; t < from + per_round; ++t) s.push(select(series, 0, t));
    push_us.push_back((cpu_us() - t0) / static_cast<double>(per_round));
    t0 = cpu_us();  // forecast_last on the window ending at each of the same steps
    for (int64_t k = 0; k < batches; ++k) model->forecast_last(window(from + 1 + k, W));
    batch_us.push_back((cpu_us() - t0) / static_cast<double>(batches));
  }
  const double p = median(push_us), b = median(batch_us);

  // the stream against forecast_last on windows of its context, where forward takes them
  std::string diff = "-";
  const int64_t ctx = s.context();
  if (net.options().linear_window == 0 || net.options().linear_window == ctx) {
    s.reset(narrow(series, 0, 0, warm));
    double worst = 0, scale = 0;
    for (int64_t t = warm; t < warm + 20; ++t) {
      const Tensor y = s.push(select(series, 0, t)), want = select(model->forecast_last(window(t + 1, ctx)), 0, 0);
      worst = std::max(worst, max(flatten(abs(y - want)), 0).item());
      scale = std::max(scale, max(flatten(abs(want)), 0).item());
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1e (of %.2f)", worst, scale);
    diff = buf;
  }
  std::printf("%-44s %6lld %4lld %10.1f %8.1f %7.1fx  %s\n", c.name, static_cast<long long>(W),
              static_cast<long long>(R), b, p, b / p, diff.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t pushes = argc > 1 ? std::stoll(argv[1]) : 4000;
  openblas_set_num_threads(argc > 2 ? std::stoi(argv[2]) : 1);
  const Case cases[] = {
      {"direct, 1 stack, E 96 (ETTh2 default)",
       {.kind = "wavenet", .window = 336, .outputs = 96, .channels = 32, .stacks = 1, .direct = true}},
      {"direct + linear path, 1 stack, E 96",
       {.kind = "wavenet", .window = 336, .outputs = 96, .channels = 32, .stacks = 1, .direct = true,
        .linear_path = true}},
      {"sequence, 2 stacks, E 1 (synthetic default)",
       {.kind = "wavenet", .window = 50, .outputs = 1, .channels = 32, .stacks = 2}},
      {"sequence, 2 stacks, E 96 (--head sequence)",
       {.kind = "wavenet", .window = 336, .outputs = 96, .channels = 32, .stacks = 2}},
  };
  std::printf("CPU microseconds per forecast of one series (medians of 20 rounds, %lld pushes), float32, "
              "%d OpenBLAS thread(s)\n",
              static_cast<long long>(pushes), argc > 2 ? std::stoi(argv[2]) : 1);
  std::printf("%-44s %6s %4s %10s %8s %8s  %s\n", "wavenet, 32 channels", "window", "R", "window us",
              "push us", "speed-up", "max |push - forecast_last on R steps|");
  for (const Case& c : cases) run(c, pushes);
}
