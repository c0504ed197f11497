// Communicator over MPI (communicator.h): built when CMake finds MPI.
#include <mpi.h>

#include <cstdlib>
#include <limits>

#include "core/tensor.h"
#include "dist/communicator.h"

namespace ripple::dist {
namespace {

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw Error(std::string("MPI ") + what + " failed: " + std::string(text, static_cast<size_t>(length)));
}

// MPI counts are int: a longer buffer goes in pieces.
template <class F>
void in_chunks(int64_t n, F f) {
  constexpr int64_t kMax = std::numeric_limits<int>::max();
  for (int64_t start = 0; start < n; start += kMax) f(start, static_cast<int>(std::min(kMax, n - start)));
}

// Whether a launcher (mpirun, mpiexec, srun) started this process: each leaves its mark in the
// environment. Started by hand, the process is a group of one without calling MPI_Init, which as
// a "singleton" costs about 0.9 s here for nothing.
bool launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

}  // namespace

bool Communicator::mpi() { return true; }

Communicator& Communicator::world() {
  static Communicator w;
  return w;
}

Communicator::Communicator() {
  int started = 0;
  MPI_Initialized(&started);
  if (!started && !launched()) {
    host_ = "localhost";
    return;  // a group of one: size_ 1, and every collective below returns at once
  }
  if (!started) check(MPI_Init(nullptr, nullptr), "init");
  // errors come back as codes, and check() turns them into exceptions
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "size");
  char name[MPI_MAX_PROCESSOR_NAME];
  int length = 0;
  MPI_Get_processor_name(name, &length);
  host_.assign(name, static_cast<size_t>(length));
}

Communicator::~Communicator() {
  int started = 0, finished = 0;
  MPI_Initialized(&started);
  if (!started) return;
  MPI_Finalized(&finished);
  if (!finished) MPI_Finalize();
}

void Communicator::allreduce_sum(float* data, int64_t n) {
  if (size_ > 1)
    in_chunks(n, [&](int64_t at, int count) {
      check(MPI_Allreduce(MPI_IN_PLACE, data + at, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD), "allreduce");
    });
}

void Communicator::allreduce_sum(double* data, int64_t n) {
  if (size_ > 1)
    in_chunks(n, [&](int64_t at, int count) {
      check(MPI_Allreduce(MPI_IN_PLACE, data + at, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD), "allreduce");
    });
}

void Communicator::broadcast(float* data, int64_t n, int from) {
  if (size_ > 1)
    in_chunks(n, [&](int64_t at, int count) { check(MPI_Bcast(data + at, count, MPI_FLOAT, from, MPI_COMM_WORLD), "broadcast"); });
}

void Communicator::broadcast(double* data, int64_t n, int from) {
  if (size_ > 1)
    in_chunks(n, [&](int64_t at, int count) { check(MPI_Bcast(data + at, count, MPI_DOUBLE, from, MPI_COMM_WORLD), "broadcast"); });
}

void Communicator::broadcast(uint64_t* data, int64_t n, int from) {
  if (size_ > 1)
    in_chunks(n, [&](int64_t at, int count) { check(MPI_Bcast(data + at, count, MPI_UINT64_T, from, MPI_COMM_WORLD), "broadcast"); });
}

void Communicator::barrier() {
  if (size_ > 1) check(MPI_Barrier(MPI_COMM_WORLD), "barrier");
}

void Communicator::abort(int code) {
  if (size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

}  // namespace ripple::dist
