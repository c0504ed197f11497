/// @file
/// Processes that train one model together: a rank in a group of `size` processes, and the
/// collective operations data-parallel training needs, over MPI (OpenMPI on Debian).
///
/// @code{.cpp}
///   dist::Communicator& world = dist::Communicator::world();  // MPI_COMM_WORLD, or one process
///   if (world.rank() == 0) std::puts("printed once");
///   world.allreduce_sum(grads, n);      // every rank ends with the sum over the ranks
///   world.broadcast(weights, n, 0);     // every rank ends with rank 0's values
/// @endcode
///
/// One program, N copies: `mpirun -np N program ...` starts N processes of the same program; each
/// learns its rank (0 .. N-1) and the group's size from MPI, on one machine (the processes talk
/// through shared memory) or on several (over the network, with a hostfile). Without MPI, or run
/// without mpirun, the world is one process of rank 0 and every collective leaves the data as it
/// is, so a program written for N processes runs unchanged on one.
///
/// Built when CMake finds MPI (`RIPPLE_MPI=AUTO`, the default; `ON` requires it, `OFF` leaves it
/// out); `Communicator::mpi()` says which. The library `ripple_dist` holds it, beside `ripple`,
/// so that programs linking ripple alone never need MPI.
#pragma once

#include <cstdint>
#include <string>

#include "../core/collective.h"

namespace ripple::dist {

/// The group of processes this one belongs to.
class Communicator : public Collective {
 public:
  /// The world: MPI_COMM_WORLD, initialised on first use (and finalised at exit), or a group of
  /// one when ripple was built without MPI. Throws ripple::Error if MPI fails to start.
  static Communicator& world();
  /// Whether ripple was built with MPI.
  static bool mpi();

  int rank() const override { return rank_; }  ///< 0 .. size() - 1
  int size() const override { return size_; }  ///< the processes in the group
  bool root() const { return rank_ == 0; }
  /// The processor's name as MPI reports it (the host), for messages.
  const std::string& host() const { return host_; }

  /// data[i] = the sum over the ranks of their data[i], in place, on every rank. float and
  /// double. Every rank must call it with the same n. Throws ripple::Error if MPI reports an error.
  void allreduce_sum(float* data, int64_t n) override;
  void allreduce_sum(double* data, int64_t n) override;
  /// data[i] = rank `from`'s data[i] on every rank.
  void broadcast(float* data, int64_t n, int from) override;
  void broadcast(double* data, int64_t n, int from) override;
  void broadcast(uint64_t* data, int64_t n, int from) override;
  /// Returns when every rank has called it.
  void barrier();
  /// Ends every process of the group with `code` (MPI_Abort): what a rank that failed calls so
  /// that the others do not wait for it forever.
  [[noreturn]] void abort(int code);

  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;

 private:
  Communicator();
  ~Communicator() override;
  int rank_ = 0, size_ = 1;
  std::string host_;
};

}  // namespace ripple::dist
