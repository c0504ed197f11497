/// @file
/// Data-parallel training over a Collective (Horovod's and PyTorch DistributedDataParallel's
/// scheme): every rank holds the whole model, draws the same global batch from the same
/// generator stream, and computes the gradient of its slice of it; the gradients are summed
/// across the ranks before the optimizer step, so every rank takes the same step and the models
/// stay equal. The group is an interface (core/collective.h): dist::Communicator is the MPI one.
///
/// @code{.cpp}
///   dist::Communicator& world = dist::Communicator::world();  // mpirun -np N, or one process
///   broadcast_state(*model, world);           // rank 0's initial weights everywhere
///   sync_batch_norm(*model, &world);          // BatchNorm statistics over the global batch
///   for (...) {
///     auto [begin, end] = shard(B, world.rank(), world.size());  // this rank's rows
///     double share = double(end - begin) / B;                   // its part of the global mean
///     Tensor loss = loss_of(rows [begin, end) of the global batch) * share;
///     opt.zero_grad();
///     loss.backward();
///     sum_gradients(model->parameters(), world);   // now the gradient of the global batch
///     opt.step();                                  // the same step on every rank
///   }
/// @endcode
///
/// Why the share. Each rank's loss is the mean over its b_r rows; scaled by b_r / B it becomes
/// (1 / B) times the sum of its rows' losses, so the ranks' gradients add up to the gradient of
/// the mean over all B rows: what one process computes on the whole batch, also when B does not
/// divide by the number of ranks. (A loss whose mean runs over another count, such as targets
/// that are not ignored, takes that count's share instead.) Scaling the loss rather than the
/// summed gradient keeps every gradient inside the graph that of the global batch, which
/// synchronised BatchNorm needs: its backward adds the ranks' sums of gradients too.
///
/// The sum runs over one buffer that holds every gradient back to back (one allreduce per step,
/// not one per parameter: each call has a fixed cost of some microseconds).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "../core/collective.h"
#include "../core/tensor.h"
#include "../layers/module.h"

namespace ripple {

/// The rows [begin, end) of a global batch of `batch` rows that `rank` of `size` ranks takes:
/// consecutive slices whose sizes differ by at most one (the first batch % size ranks take one
/// more; a rank beyond the batch gets an empty slice). Throws ripple::Error for batch < 0 or a
/// rank outside [0, size).
std::pair<int64_t, int64_t> shard(int64_t batch, int rank, int size);

/// Every rank's parameters and buffers (model.state()) set to rank 0's, in place.
void broadcast_state(Module& model, Collective& group);

/// grad(p) = weight * the sum over the ranks of their grad(p), for every p, on every rank,
/// through one fused buffer per dtype. A parameter without a gradient (a rank whose slice of the
/// batch was empty and so ran no backward) counts as zeros and receives the sum. Every rank
/// must pass the same parameters in the same order; throws ripple::Error naming the parameter's
/// index for a gradient that is not contiguous.
void sum_gradients(const std::vector<Tensor>& params, Collective& group, double weight = 1);

/// Every BatchNorm1d in `model` (at any depth) takes its training statistics over the whole
/// group's batch from now on (PyTorch's SyncBatchNorm), or over its own rows again for null.
/// Returns how many layers it set.
int sync_batch_norm(Module& model, Collective* group);

}  // namespace ripple
