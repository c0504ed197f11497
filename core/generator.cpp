#include "core/generator.h"

#include <cmath>
#include <numbers>
#include <utility>

#include "core/loops.h"

namespace ripple {

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void Generator::manual_seed(uint64_t seed) {
  for (auto& word : s_) {  // splitmix64
    uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    word = z ^ (z >> 31);
  }
}

uint64_t Generator::next_u64() {  // xoshiro256**
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Generator::uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

// Box-Muller: two uniforms give two independent normals.
static std::pair<double, double> normal_pair(Generator& g) {
  double u1 = 1.0 - g.uniform01();  // (0, 1]: log stays finite
  double u2 = g.uniform01();
  double r = std::sqrt(-2.0 * std::log(u1));
  return {r * std::cos(2 * std::numbers::pi * u2), r * std::sin(2 * std::numbers::pi * u2)};
}

double Generator::normal01() { return normal_pair(*this).first; }

int64_t Generator::randint(int64_t low, int64_t high) {
  if (high <= low)
    throw Error("randint: empty range [" + std::to_string(low) + ", " + std::to_string(high) +
                ")");
  const uint64_t range = static_cast<uint64_t>(high - low);
  const uint64_t limit = UINT64_MAX - UINT64_MAX % range;  // reject the biased tail
  uint64_t x;
  do x = next_u64();
  while (x >= limit);
  return low + static_cast<int64_t>(x % range);
}

Tensor Generator::uniform(const Shape& shape, double low, double high, DType dtype) {
  Tensor t = empty(shape, dtype);
  dispatch_float(dtype, "uniform", [&]<class T>() {
    T* p = t.data<T>();
    for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<T>(low + (high - low) * uniform01());
  });
  return t;
}

Tensor Generator::normal(const Shape& shape, double mean, double stddev, DType dtype) {
  Tensor t = empty(shape, dtype);
  dispatch_float(dtype, "normal", [&]<class T>() {
    T* p = t.data<T>();
    const int64_t n = t.numel();
    for (int64_t i = 0; i < n; i += 2) {  // both halves of each pair; an odd last one is dropped
      auto [z0, z1] = normal_pair(*this);
      p[i] = static_cast<T>(mean + stddev * z0);
      if (i + 1 < n) p[i + 1] = static_cast<T>(mean + stddev * z1);
    }
  });
  return t;
}

Tensor Generator::randint(int64_t low, int64_t high, const Shape& shape) {
  Tensor t = empty(shape, DType::Int64);
  int64_t* p = t.data<int64_t>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = randint(low, high);
  return t;
}

Tensor Generator::multinomial(const Tensor& probs, int64_t num_samples) {
  if (probs.dim() != 1 && probs.dim() != 2)
    throw Error("multinomial: expected probs of shape (K,) or (N, K), got " +
                to_string(probs.shape()));
  const int64_t rows = probs.dim() == 2 ? probs.size(0) : 1, k = probs.size(-1);
  std::vector<double> p = probs.to_vector<double>();
  Tensor out = empty(probs.dim() == 2 ? Shape{rows, num_samples} : Shape{num_samples},
                     DType::Int64);
  int64_t* o = out.data<int64_t>();
  for (int64_t r = 0; r < rows; ++r) {
    const double* row = p.data() + r * k;
    double total = 0;
    for (int64_t j = 0; j < k; ++j) {
      if (!(row[j] >= 0) || !std::isfinite(row[j]))
        throw Error("multinomial: probabilities must be finite and non-negative");
      total += row[j];
    }
    if (total <= 0) throw Error("multinomial: a row of probabilities sums to zero");
    for (int64_t s = 0; s < num_samples; ++s) {
      double u = uniform01() * total, acc = 0;
      int64_t j = 0;
      for (; j < k - 1; ++j) {
        acc += row[j];
        if (u < acc && row[j] > 0) break;
      }
      while (row[j] == 0 && j > 0) --j;  // never land on a zero-probability category
      o[r * num_samples + s] = j;
    }
  }
  return out;
}

Tensor Generator::permutation(int64_t n) {
  Tensor t = arange(n, DType::Int64);
  int64_t* p = t.data<int64_t>();
  for (int64_t i = n - 1; i > 0; --i) std::swap(p[i], p[randint(0, i + 1)]);
  return t;
}

}  // namespace ripple
