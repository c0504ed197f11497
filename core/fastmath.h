// Branch-free float32 exp, expm1, tanh and sigmoid that the compiler can vectorise.
//
// libm's expf/tanhf are accurate but scalar calls: in a training step of the makemore WaveNet
// they took a third of the time. These versions are plain arithmetic on floats and integers, so a
// loop over an array becomes SIMD code; they stay within a few ulp of libm (tests/core/test_fastmath
// measures it). float64 keeps using libm, so gradient checks run on the exact functions.
//
//   exp(x)  = 2^n * e^r with n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2], e^r by its
//             Taylor series to r^7 (error below 1e-9 on that interval), 2^n built in the exponent bits
//   expm1(x) = e^x - 1 = 2^n * (e^r - 1) + (2^n - 1), with e^r - 1 = r * (the series of (e^r - 1) / r
//             to r^7): no cancellation near 0, where n = 0 and it is r times a value near 1
//   tanh(x) = sign(x) * -E / (2 + E) with E = expm1(-2|x|): one series for every x, accurate near
//             0 too (within 4 ulp over [-12, 12]; fast::tanh_small is the odd Taylor series
//             through x^15 that tanh_sigmoid uses below 0.55)
//   sigmoid(x) = 1 / (1 + e^(-x))
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

namespace ripple::fast {

// The range where 2^n below stays a normal float; exp and expm1 clamp to it.
inline float clamp_exp_arg(float x) { return x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x); }

// x in [-87, 88] as n ln2 + r with n = round(x / ln2) and r in [-ln2/2, ln2/2]; scale is 2^n,
// built in the exponent bits.
struct SplitLn2 {
  float r, scale;
};
inline SplitLn2 split_ln2(float x) {
  // round(x / ln2) by the 1.5 * 2^23 trick: adding it leaves the integer in the low mantissa bits
  constexpr float shifter = 12582912.0f;
  const float t = x * 1.44269504088896341f + shifter;
  const float n = t - shifter;
  const int32_t ni = std::bit_cast<int32_t>(t) - std::bit_cast<int32_t>(shifter);
  // r = x - n ln2 with ln2 split in two so n * ln2_hi is exact
  const float r = (x - n * 0.693145751953125f) - n * 1.428606765330187e-06f;
  return {r, std::bit_cast<float>((ni + 127) << 23)};
}

inline float exp(float x) {
  const auto [r, scale] = split_ln2(clamp_exp_arg(x));
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  return p * scale;
}

// tanh(a) for 0 <= a < 0.55: a times the odd Taylor series through a^15 (error < 1 ulp there).
inline float tanh_small(float a) {
  const float a2 = a * a;
  float s = -929569.0f / 638512875.0f;  // Taylor coefficients of tanh, from x^15 down
  s = s * a2 + 21844.0f / 6081075.0f;
  s = s * a2 - 1382.0f / 155925.0f;
  s = s * a2 + 62.0f / 2835.0f;
  s = s * a2 - 17.0f / 315.0f;
  s = s * a2 + 2.0f / 15.0f;
  s = s * a2 - 1.0f / 3.0f;
  return a + a * a2 * s;
}

// expm1 of x in [-87, 88]
inline float expm1_in_range(float x) {
  const auto [r, scale] = split_ln2(x);
  float q = 1.0f / 40320.0f;  // (e^r - 1) / r = 1 + r/2 + r^2/6 + ... + r^7/8!
  q = q * r + 1.0f / 5040.0f;
  q = q * r + 1.0f / 720.0f;
  q = q * r + 1.0f / 120.0f;
  q = q * r + 1.0f / 24.0f;
  q = q * r + 1.0f / 6.0f;
  q = q * r + 0.5f;
  q = q * r + 1.0f;
  return scale * (r * q) + (scale - 1.0f);
}

inline float expm1(float x) { return expm1_in_range(clamp_exp_arg(x)); }

// -2|x| is never above 0, so only the lower clamp is needed (the upper one cost a fifth of the time)
inline float tanh(float x) {
  const float y = -2.0f * std::fabs(x);
  const float e = expm1_in_range(y < -87.0f ? -87.0f : y);
  return std::copysign(-e / (2.0f + e), x);
}

inline float sigmoid(float x) { return 1.0f / (1.0f + fast::exp(-x)); }

// tanh(a) and sigmoid(b) with one division between them (a divide costs as much as a dozen
// multiplies): with e = exp(-2|a|), f = exp(-b) and r = 1 / ((1 + e)(1 + f)),
//   tanh(|a|) = (1 - e)(1 + f) r   and   sigmoid(b) = (1 + e) r.
// (1 + e)(1 + f) stays below 2 e^87 (exp is clamped), far under float's largest value.
inline void tanh_sigmoid(float a, float b, float& t, float& s) {
  const float x = std::fabs(a);
  const float e = fast::exp(-2.0f * x), f = fast::exp(-b);
  const float r = 1.0f / ((1.0f + e) * (1.0f + f));
  t = std::copysign(x < 0.55f ? tanh_small(x) : (1.0f - e) * (1.0f + f) * r, a);
  s = (1.0f + e) * r;
}

}  // namespace ripple::fast
