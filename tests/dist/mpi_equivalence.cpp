// Data parallelism gives what one process gives: run under `mpirun -np N`, every rank trains two
// models on its shard of each global batch (optim/data_parallel.h) and, beside each, a copy on the
// whole batch alone; after the steps each pair must hold the same weights and buffers to float
// rounding. The models: an MLP, and a network with a BatchNorm1d over (batch, time, channels)
// whose statistics sync_batch_norm takes over every rank's rows (without it, the ranks normalise
// with their own rows' statistics and the weights part by about 1e-2: the test fails). Rank 0's
// initial weights reach the others by broadcast_state: the other ranks start from other weights.
// Batches of 10 rows: with 3 ranks the shards are 4, 3 and 3 rows, which the loss shares
// b_r / B must account for. Prints one line per rank; exit code 1 when a difference exceeds 1e-5.
//
// Tolerance: each rank sums its rows in another grouping than the whole batch does, and the
// allreduce adds the ranks' sums in an order of MPI's choosing, so the float32 results differ in
// their last bits (about 1e-7 relative); 20 SGD steps at lr 0.1 keep that below 1e-5.
#include <cmath>
#include <cstdio>
#include <cstring>

#include "autograd/ops.h"
#include "dist/communicator.h"
#include "layers/activation.h"
#include "layers/batch_norm.h"
#include "layers/linear.h"
#include "layers/sequential.h"
#include "optim/data_parallel.h"
#include "optim/sgd.h"

using namespace ripple;

namespace {

std::shared_ptr<Sequential> mlp(uint64_t seed) {
  Generator gen(seed);
  return std::make_shared<Sequential>(std::initializer_list<std::shared_ptr<Module>>{
      std::make_shared<Linear>(8, 16, gen), std::make_shared<Tanh>(), std::make_shared<Linear>(16, 4, gen)});
}

std::shared_ptr<Sequential> normalised(uint64_t seed) {  // as the makemore lecture's layers
  Generator gen(seed);
  return std::make_shared<Sequential>(std::initializer_list<std::shared_ptr<Module>>{
      std::make_shared<Linear>(8, 16, gen, LinearOptions{.bias = false}),
      std::make_shared<BatchNorm1d>(16, BatchNormOptions{.variance = VarianceConvention::Unbiased}),
      std::make_shared<Tanh>(), std::make_shared<Linear>(16, 4, gen)});
}

// Trains `alone` on whole batches and `shared` data-parallel; the largest difference after.
double train_pair(Sequential& alone, Sequential& shared, const Shape& x_shape, bool sync,
                  Collective& world) {
  const int64_t B = x_shape[0], steps = 20;
  broadcast_state(shared, world);
  if (sync) sync_batch_norm(shared, &world);
  SGD opt_alone(alone.parameters(), 0.1), opt_shared(shared.parameters(), 0.1);
  Generator data(7);  // the same stream on every rank: the same global batches
  const auto [begin, end] = shard(B, world.rank(), world.size());
  const double share = static_cast<double>(end - begin) / static_cast<double>(B);
  Shape y_shape(x_shape.begin(), x_shape.end() - 1);
  for (int64_t step = 0; step < steps; ++step) {
    const Tensor x = data.normal(x_shape);
    const Tensor y = data.randint(0, 4, y_shape);
    opt_alone.zero_grad();
    cross_entropy(alone(x), y).backward();
    opt_alone.step();
    opt_shared.zero_grad();
    (cross_entropy(shared(narrow(x, 0, begin, end - begin)), narrow(y, 0, begin, end - begin)) * share).backward();
    sum_gradients(shared.parameters(), world);
    opt_shared.step();
  }
  double worst = 0;
  const auto a = alone.state(), s = shared.state();
  for (size_t i = 0; i < a.size(); ++i)
    worst = std::max(worst, max(flatten(abs(a[i].second - s[i].second)), 0).item());
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  // --no-sync: the BatchNorm model without sync_batch_norm, to see the test fail
  const bool sync = !(argc > 1 && std::strcmp(argv[1], "--no-sync") == 0);
  dist::Communicator& world = dist::Communicator::world();
  const uint64_t other = 1 + static_cast<uint64_t>(world.rank());  // rank 0's weights must win
  const double worst_mlp = train_pair(*mlp(1), *mlp(other), {10, 8}, sync, world);
  const double worst_bn = train_pair(*normalised(1), *normalised(other), {10, 3, 8}, sync, world);
  const auto [begin, end] = shard(10, world.rank(), world.size());
  std::printf("rank %d of %d (rows %lld..%lld, MPI %s): largest difference after 20 steps: MLP %.3g, "
              "BatchNorm %s %.3g\n",
              world.rank(), world.size(), static_cast<long long>(begin), static_cast<long long>(end),
              dist::Communicator::mpi() ? "on" : "off", worst_mlp, sync ? "synchronised" : "per rank",
              worst_bn);
  return worst_mlp <= 1e-5 && worst_bn <= 1e-5 ? 0 : 1;
}
