// libFuzzer's entry for the target forecast_checkpoint: one input to ripple::fuzz::forecast_checkpoint (targets.h says what it
// reads and what counts as a finding).
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ripple::fuzz::forecast_checkpoint({reinterpret_cast<const char*>(data), size});
  return 0;
}
