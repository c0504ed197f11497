#include "models/python_random.h"

#include <bit>

namespace ripple {

PythonRandom::PythonRandom(uint32_t seed) {
  // init_genrand(19650218)
  mt_[0] = 19650218u;
  for (uint32_t i = 1; i < 624; ++i)
    mt_[i] = 1812433253u * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + i;
  // init_by_array with the one-word key {seed}
  const uint32_t key[1] = {seed};
  const uint32_t key_length = 1;
  uint32_t i = 1, j = 0;
  for (uint32_t k = 624; k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525u)) + key[j] + j;
    if (++i >= 624) {
      mt_[0] = mt_[623];
      i = 1;
    }
    if (++j >= key_length) j = 0;
  }
  for (uint32_t k = 623; k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941u)) - i;
    if (++i >= 624) {
      mt_[0] = mt_[623];
      i = 1;
    }
  }
  mt_[0] = 0x80000000u;
}

uint32_t PythonRandom::next_u32() {
  if (index_ >= 624) {  // regenerate the whole block
    for (int k = 0; k < 624; ++k) {
      uint32_t y = (mt_[k] & 0x80000000u) | (mt_[(k + 1) % 624] & 0x7fffffffu);
      mt_[k] = mt_[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
    }
    index_ = 0;
  }
  uint32_t y = mt_[index_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

int64_t PythonRandom::randbelow(int64_t n) {
  const int k = std::bit_width(static_cast<uint64_t>(n));  // n.bit_length()
  // getrandbits(k) for k <= 32 is the top k bits of one output; the lecture's n fits easily
  auto bits = [&] { return static_cast<int64_t>(next_u32() >> (32 - k)); };
  int64_t r = bits();
  while (r >= n) r = bits();
  return r;
}

}  // namespace ripple
