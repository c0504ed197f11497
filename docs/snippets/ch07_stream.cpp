// Chapter 9: streaming forecasts. forecast::Streamer takes one observation at a time and returns
// the forecast after it from the WaveNet's cached states; it equals forecast_last on a window of
// the receptive field.
#include <algorithm>
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin stream
  Generator gen(42);
  auto model = forecast::make_model({.kind = "wavenet", .window = 50, .outputs = 2}, gen);
  const int64_t R = model->receptive_field();                   // 64
  const Tensor series = gen.normal({100, 1});                    // 100 steps, one feature
  forecast::Streamer stream(model, narrow(series, 0, 0, 80));   // warm up on the first 80
  NoGradGuard no_grad;
  double worst = 0;
  for (int64_t t = 80; t < 100; ++t) {
    const Tensor y = stream.push(select(series, 0, t));          // (2,): one step of the network
    const Tensor window = unsqueeze(narrow(series, 0, t + 1 - R, R), 0);  // (1, R, 1), ends at t
    const Tensor batch = model->forecast_last(window);           // (1, 2): R steps of the network
    worst = std::max(worst, max(flatten(abs(y - select(batch, 0, 0))), 0).item());
    if (t < 82)
      std::printf("after step %lld: push %.4f %.4f, forecast_last on the last %lld steps %.4f %.4f\n",
                  static_cast<long long>(t), y.at({0}), y.at({1}), static_cast<long long>(R),
                  batch.at({0, 0}), batch.at({0, 1}));
  }
  std::printf("%lld steps seen; 20 pushes agree with forecast_last to 1e-5: %s\n",
              static_cast<long long>(stream.steps()), worst < 1e-5 ? "yes" : "NO");
  // doc-end stream

  return 0;
}
