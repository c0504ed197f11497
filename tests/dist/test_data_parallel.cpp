// optim/data_parallel.h in one process: the shards of a batch, the world of one (built with or
// without MPI) under which summing gradients only weighs them, and sync_batch_norm reaching every
// BatchNorm1d. tests/dist/mpi_equivalence.cpp runs the same under mpirun with 2 and 3 ranks.
#include <gtest/gtest.h>

#include "autograd/ops.h"
#include "dist/communicator.h"
#include "layers/activation.h"
#include "layers/batch_norm.h"
#include "layers/linear.h"
#include "layers/sequential.h"
#include "optim/data_parallel.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;

TEST(Shard, ConsecutiveSlicesThatDifferByAtMostOne) {
  EXPECT_EQ(shard(10, 0, 3), (std::pair<int64_t, int64_t>{0, 4}));
  EXPECT_EQ(shard(10, 1, 3), (std::pair<int64_t, int64_t>{4, 7}));
  EXPECT_EQ(shard(10, 2, 3), (std::pair<int64_t, int64_t>{7, 10}));
  EXPECT_EQ(shard(32, 1, 2), (std::pair<int64_t, int64_t>{16, 32}));
  EXPECT_EQ(shard(1, 1, 2), (std::pair<int64_t, int64_t>{1, 1}));  // an empty slice
  EXPECT_EQ(error_of([] { shard(10, 3, 3); }), "shard: batch 10 for rank 3 of 3");
}

TEST(DataParallel, AWorldOfOneWeighsTheGradients) {
  // started without mpirun, the world is one process in either build (no MPI_Init)
  dist::Communicator& world = dist::Communicator::world();
  EXPECT_EQ(world.size(), 1);
  EXPECT_TRUE(world.root());
  EXPECT_FALSE(several(&world));
  EXPECT_FALSE(several(nullptr));
  Tensor w = from_vector(std::vector<float>{1, 2, 3}, {3});
  w.requires_grad_();
  sum(w * w).backward();  // grad 2w
  sum_gradients({w}, world, 0.5);
  EXPECT_EQ(w.grad().to_vector<float>(), (std::vector<float>{1, 2, 3}));
  // a parameter that saw no backward (an empty slice of the batch) counts as zeros
  Tensor v = from_vector(std::vector<float>{1, 1}, {2});
  v.requires_grad_();
  sum_gradients({w, v}, world);
  ASSERT_TRUE(v.grad().defined());
  EXPECT_EQ(v.grad().to_vector<float>(), (std::vector<float>{0, 0}));
}

TEST(DataParallel, SyncBatchNormReachesEveryBatchNormAtAnyDepth) {
  Generator gen(1);
  auto inner = std::make_shared<Sequential>(std::initializer_list<std::shared_ptr<Module>>{
      std::make_shared<Linear>(4, 4, gen), std::make_shared<BatchNorm1d>(4)});
  auto bn = std::make_shared<BatchNorm1d>(4);
  Sequential model({inner, std::make_shared<Tanh>(), bn});
  dist::Communicator& world = dist::Communicator::world();
  EXPECT_EQ(sync_batch_norm(model, &world), 2);
  EXPECT_EQ(bn->options().group, &world);
  // a group of one changes nothing: the same output as without a group
  const Tensor x = gen.normal({6, 4});
  const std::vector<float> synced = model(x).to_vector<float>();
  EXPECT_EQ(sync_batch_norm(model, nullptr), 2);
  EXPECT_EQ(bn->options().group, nullptr);
  EXPECT_EQ(model(x).to_vector<float>(), synced);
}
