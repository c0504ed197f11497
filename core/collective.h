/// @file
/// A group of processes that train one model together, as the library sees it: how many there
/// are, which one this is, and the two collectives data parallelism needs. The library codes
/// against this interface only, so that nothing below dist/ depends on MPI: dist::Communicator
/// implements it over MPI (dist/communicator.h), and a null group or a group of one means "this
/// process alone" everywhere it is accepted (optim/data_parallel.h, BatchNormOptions::group,
/// forecast::TrainConfig::group).
#pragma once

#include <cstdint>

namespace ripple {

/// The processes of a data-parallel run (PyTorch's ProcessGroup, in miniature).
class Collective {
 public:
  virtual ~Collective() = default;
  virtual int rank() const = 0;  ///< 0 .. size() - 1
  virtual int size() const = 0;  ///< the processes in the group
  /// data[i] = the sum over the ranks of their data[i], in place, on every rank. Every rank must
  /// call it with the same n, in the same order as the other collectives.
  virtual void allreduce_sum(float* data, int64_t n) = 0;
  virtual void allreduce_sum(double* data, int64_t n) = 0;
  /// data[i] = rank `from`'s data[i] on every rank.
  virtual void broadcast(float* data, int64_t n, int from) = 0;
  virtual void broadcast(double* data, int64_t n, int from) = 0;
  virtual void broadcast(uint64_t* data, int64_t n, int from) = 0;
};

/// Whether `group` holds more than this process: false for null and for a group of one.
inline bool several(const Collective* group) { return group && group->size() > 1; }

}  // namespace ripple
