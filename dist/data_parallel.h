/// @file
/// Data-parallel training over a Communicator (Horovod's and PyTorch DistributedDataParallel's
/// scheme): every rank holds the whole model and computes the gradient of its slice of the same
/// global batch; the gradients are summed across the ranks before the optimizer step, so every
/// rank takes the same step and the models stay equal.
///
/// @code{.cpp}
///   auto& world = dist::Communicator::world();
///   dist::broadcast_state(*model, world);                 // rank 0's initial weights everywhere
///   for (...) {
///     auto [begin, end] = dist::shard(B, world.rank(), world.size());  // this rank's rows
///     Tensor loss = ...mean over rows [begin, end) of the global batch...;
///     opt.zero_grad();
///     loss.backward();
///     dist::sum_gradients(model->parameters(), world, double(end - begin) / B);
///     opt.step();                                         // the same step on every rank
///   }
/// @endcode
///
/// Why the weight (end - begin) / B. Each rank's loss is the mean over its b_r rows, so its
/// gradient is (1 / b_r) sum of its rows' gradients. Weighted by b_r / B and summed over the
/// ranks, that is (1 / B) sum over all B rows: the gradient one process computes on the whole
/// batch, also when B does not divide by the number of ranks. The sum runs over one buffer that
/// holds every gradient back to back (one allreduce per step, not one per parameter: each call
/// has a fixed cost of some microseconds).
///
/// What this does not cover: a layer whose forward mixes the rows of a batch (BatchNorm in
/// training mode: its mean and variance are over the rows this rank sees, so N ranks normalise
/// with statistics of B / N rows where one process uses B). Such a model matches the single
/// process only if its statistics are synchronised too.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "../core/tensor.h"
#include "../layers/module.h"
#include "communicator.h"

namespace ripple::dist {

/// The rows [begin, end) of a global batch of `batch` rows that `rank` of `size` ranks takes:
/// consecutive slices whose sizes differ by at most one (the first batch % size ranks take one
/// more). Throws ripple::Error for batch < 0 or a rank outside [0, size).
std::pair<int64_t, int64_t> shard(int64_t batch, int rank, int size);

/// Every rank's parameters and buffers (model.state()) set to rank 0's, in place.
void broadcast_state(Module& model, Communicator& comm);

/// grad(p) = the sum over the ranks of weight_r * grad_r(p), for every p, on every rank, through
/// one fused buffer per dtype. Every rank must pass the same parameters in the same order, each
/// with a contiguous gradient; throws ripple::Error naming the parameter's index otherwise.
void sum_gradients(const std::vector<Tensor>& params, Communicator& comm, double weight);

}  // namespace ripple::dist
