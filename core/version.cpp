// The numbers come from CMake's project(VERSION), passed to this file alone (CMakeLists.txt).
#include "core/version.h"

namespace ripple {

Version version_numbers() { return {RIPPLE_VERSION_MAJOR, RIPPLE_VERSION_MINOR, RIPPLE_VERSION_PATCH}; }

std::string version() {
  const Version v = version_numbers();
  return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
}

}  // namespace ripple
