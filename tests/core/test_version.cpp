// The library reports the version CMake's project() declares.
#include <gtest/gtest.h>

#include "core/version.h"

TEST(Version, MatchesTheProjectVersion) {
  EXPECT_EQ(ripple::version(), RIPPLE_PROJECT_VERSION);
  const ripple::Version v = ripple::version_numbers();
  EXPECT_EQ(std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch),
            RIPPLE_PROJECT_VERSION);
}
