// libFuzzer's entry for the target safetensors: one input to ripple::fuzz::safetensors (targets.h says what it
// reads and what counts as a finding).
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ripple::fuzz::safetensors({reinterpret_cast<const char*>(data), size});
  return 0;
}
