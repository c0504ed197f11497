// The paper's WaveNet, exercise 2: 8 bits of mu-law against 8 bits spaced evenly, on a quiet and
// a loud sine: the signal-to-noise ratio of each.
#include <cmath>
#include <cstdio>
#include <functional>

using Quantiser = std::function<double(double)>;

// doc-begin solution
constexpr double kMu = 255, kPi = 3.14159265358979323846;

double mulaw_8bit(double x) {  // compand, round to one of 256 levels, expand
  const double y = std::copysign(std::log1p(kMu * std::fabs(x)) / std::log1p(kMu), x);
  const double level = 2.0 * static_cast<double>(std::lround((y + 1) / 2 * kMu)) / kMu - 1;
  return std::copysign(std::expm1(std::fabs(level) * std::log1p(kMu)) / kMu, level);
}
double linear_8bit(double x) {  // 256 evenly spaced levels over [-1, 1]
  return 2.0 * static_cast<double>(std::lround((x + 1) / 2 * kMu)) / kMu - 1;
}
// 10 log10(signal power / error power) over 1,000 samples of a sine of the given amplitude
double snr_db(double amplitude, const Quantiser& quantise) {
  double signal = 0, noise = 0;
  for (int i = 0; i < 1000; ++i) {
    const double x = amplitude * std::sin(2 * kPi * 7.3 * i / 1000.0);
    signal += x * x;
    noise += (quantise(x) - x) * (quantise(x) - x);
  }
  return 10 * std::log10(signal / noise);
}
// doc-end solution

int main() {
  // doc-begin run
  for (double amplitude : {0.9, 0.1, 0.01})
    std::printf("amplitude %.2f: mu-law %5.1f dB, linear %5.1f dB\n", amplitude,
                snr_db(amplitude, mulaw_8bit), snr_db(amplitude, linear_8bit));
  // doc-end run
  return 0;
}
