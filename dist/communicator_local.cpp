// Communicator without MPI (communicator.h): one process, and collectives that leave the data
// as they are. Built when CMake does not find MPI or RIPPLE_MPI is OFF.
#include <cstdlib>

#include "dist/communicator.h"

namespace ripple::dist {

bool Communicator::mpi() { return false; }

Communicator& Communicator::world() {
  static Communicator w;
  return w;
}

Communicator::Communicator() : host_("localhost") {}
Communicator::~Communicator() = default;

void Communicator::allreduce_sum(float*, int64_t) {}
void Communicator::allreduce_sum(double*, int64_t) {}
void Communicator::broadcast(float*, int64_t, int) {}
void Communicator::broadcast(double*, int64_t, int) {}
void Communicator::broadcast(uint64_t*, int64_t, int) {}
void Communicator::barrier() {}
void Communicator::abort(int code) { std::exit(code); }

}  // namespace ripple::dist
