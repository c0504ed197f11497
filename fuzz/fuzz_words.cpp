// libFuzzer's entry for the target words: one input to ripple::fuzz::words (targets.h says what it
// reads and what counts as a finding).
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ripple::fuzz::words({reinterpret_cast<const char*>(data), size});
  return 0;
}
