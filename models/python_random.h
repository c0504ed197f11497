// PythonRandom: the exact stream of CPython's `random` module for integer seeds, enough to
// reproduce `random.seed(42); random.shuffle(words)` from the makemore lecture bit for bit, so
// ripple's train/val/test split is the lecture's split (182,625 / 22,655 / 22,866 examples).
//
// CPython seeds a Mersenne Twister (MT19937) with init_by_array over the seed's 32-bit words,
// draws k random bits as the top k bits of one 32-bit output, and picks an index below n by
// rejection: draw bit_length(n) bits until the value is below n.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace ripple {

class PythonRandom {
 public:
  explicit PythonRandom(uint32_t seed);
  uint32_t next_u32();
  int64_t randbelow(int64_t n);  // uniform in [0, n), as random._randbelow
  // random.shuffle: for i from len-1 down to 1, swap x[i] with x[randbelow(i + 1)].
  template <class T>
  void shuffle(std::vector<T>& x) {
    for (int64_t i = static_cast<int64_t>(x.size()) - 1; i > 0; --i)
      std::swap(x[i], x[randbelow(i + 1)]);
  }

 private:
  std::array<uint32_t, 624> mt_{};
  int index_ = 624;
};

}  // namespace ripple
