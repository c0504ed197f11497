/// @file
/// ripple's version: semantic versioning (MAJOR.MINOR.PATCH), set once in CMakeLists.txt.
///
/// While MAJOR is 0, a MINOR release may change the API; PATCH releases never do. CHANGELOG.md
/// lists what each release changed.
#pragma once

#include <string>

namespace ripple {

/// A version as numbers, for comparisons in code.
struct Version {
  int major;
  int minor;
  int patch;
};

/// The version of the ripple library the program is linked against, as "MAJOR.MINOR.PATCH".
std::string version();

/// The same version as numbers.
Version version_numbers();

}  // namespace ripple
