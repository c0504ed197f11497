// join_world and leave_world (ranks.h).
#include "apps/common/ranks.h"

#include <cstdio>
#include <iostream>

namespace ripple::apps {

dist::Communicator& join_world() {
  dist::Communicator& world = dist::Communicator::world();
  if (!world.root()) {
    std::cout.flush();
    if (!std::freopen("/dev/null", "w", stdout)) std::cout.setstate(std::ios::badbit);
  }
  return world;
}

int leave_world(int code) {
  dist::Communicator& world = dist::Communicator::world();
  if (code != 0 && world.size() > 1) {
    std::cout.flush();
    std::cerr.flush();
    world.abort(code);
  }
  return code;
}

}  // namespace ripple::apps
