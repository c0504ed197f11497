// Data parallelism gives what one process gives: run under `mpirun -np N`, every rank trains an
// MLP on its shard of each global batch (dist/data_parallel.h) and, beside it, a copy on the whole
// batch alone; after the steps the two must hold the same weights to float rounding. Rank 0's
// initial weights reach the others by broadcast_state: the other ranks start from other weights.
// Batches of 10 rows: with 3 ranks the shards are 4, 3 and 3 rows, which the weights b_r / B
// must account for. Prints one line per rank; exit code 1 when a difference exceeds 1e-5.
//
// Tolerance: each rank's gradient sums its rows in another grouping than the whole batch does,
// and the allreduce adds the ranks' sums in an order of MPI's choosing, so the float32 results
// differ in their last bits (about 1e-7 relative); 20 SGD steps at lr 0.1 keep that below 1e-5.
#include <cmath>
#include <cstdio>

#include "autograd/ops.h"
#include "dist/data_parallel.h"
#include "layers/activation.h"
#include "layers/linear.h"
#include "layers/sequential.h"
#include "optim/sgd.h"

using namespace ripple;

namespace {

std::shared_ptr<Sequential> mlp(uint64_t seed) {
  Generator gen(seed);
  return std::make_shared<Sequential>(std::initializer_list<std::shared_ptr<Module>>{
      std::make_shared<Linear>(8, 16, gen), std::make_shared<Tanh>(), std::make_shared<Linear>(16, 4, gen)});
}

}  // namespace

int main() {
  dist::Communicator& world = dist::Communicator::world();
  const int64_t B = 10, steps = 20;
  auto alone = mlp(1);
  auto shared = mlp(1 + static_cast<uint64_t>(world.rank()));  // rank 0's weights must win
  dist::broadcast_state(*shared, world);
  SGD opt_alone(alone->parameters(), 0.1), opt_shared(shared->parameters(), 0.1);
  Generator data(7);  // the same stream on every rank: the same global batches
  const auto [begin, end] = dist::shard(B, world.rank(), world.size());
  for (int64_t step = 0; step < steps; ++step) {
    const Tensor x = data.normal({B, 8});
    const Tensor y = data.randint(0, 4, {B});
    opt_alone.zero_grad();
    cross_entropy((*alone)(x), y).backward();
    opt_alone.step();
    opt_shared.zero_grad();
    cross_entropy((*shared)(narrow(x, 0, begin, end - begin)), narrow(y, 0, begin, end - begin)).backward();
    dist::sum_gradients(shared->parameters(), world, static_cast<double>(end - begin) / static_cast<double>(B));
    opt_shared.step();
  }
  double worst = 0;
  const auto a = alone->parameters(), s = shared->parameters();
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, max(flatten(abs(a[i] - s[i])), 0).item());
  std::printf("rank %d of %d (rows %lld..%lld, MPI %s): largest weight difference after %lld steps %.3g\n",
              world.rank(), world.size(), static_cast<long long>(begin), static_cast<long long>(end),
              dist::Communicator::mpi() ? "on" : "off", static_cast<long long>(steps), worst);
  return worst <= 1e-5 ? 0 : 1;
}
