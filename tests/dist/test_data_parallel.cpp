// dist/data_parallel.h in one process: the shards of a batch, and the world of one (built with or
// without MPI) under which summing gradients only weighs them. tests/dist/mpi_equivalence.cpp
// runs the same under mpirun with 2 and 3 ranks.
#include <gtest/gtest.h>

#include "autograd/ops.h"
#include "dist/data_parallel.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;

TEST(Shard, ConsecutiveSlicesThatDifferByAtMostOne) {
  EXPECT_EQ(dist::shard(10, 0, 3), (std::pair<int64_t, int64_t>{0, 4}));
  EXPECT_EQ(dist::shard(10, 1, 3), (std::pair<int64_t, int64_t>{4, 7}));
  EXPECT_EQ(dist::shard(10, 2, 3), (std::pair<int64_t, int64_t>{7, 10}));
  EXPECT_EQ(dist::shard(32, 1, 2), (std::pair<int64_t, int64_t>{16, 32}));
  EXPECT_EQ(dist::shard(1, 1, 2), (std::pair<int64_t, int64_t>{1, 1}));  // an empty slice
  EXPECT_EQ(error_of([] { dist::shard(10, 3, 3); }), "shard: batch 10 for rank 3 of 3");
}

TEST(DataParallel, AWorldOfOneWeighsTheGradients) {
  if (dist::Communicator::mpi()) GTEST_SKIP() << "MPI build: mpi_equivalence_np* covers the world";
  dist::Communicator& world = dist::Communicator::world();
  EXPECT_EQ(world.size(), 1);
  EXPECT_TRUE(world.root());
  Tensor w = from_vector(std::vector<float>{1, 2, 3}, {3});
  w.requires_grad_();
  sum(w * w).backward();  // grad 2w
  dist::sum_gradients({w}, world, 0.5);
  EXPECT_EQ(w.grad().to_vector<float>(), (std::vector<float>{1, 2, 3}));
  Tensor v = from_vector(std::vector<float>{1}, {1});
  v.requires_grad_();
  EXPECT_NE(error_of([&] { dist::sum_gradients({w, v}, world, 1); }).find("parameter 1 (1,) has no gradient"),
            std::string::npos);
}
