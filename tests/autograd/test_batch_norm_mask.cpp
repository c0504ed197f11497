// batch_norm with a mask: statistics from the counted rows only (padding left out), every row
// normalised with them; gradients checked in float64 and values against the unmasked op run on
// the counted rows alone.
#include <gtest/gtest.h>

#include "tests/layer_testing.h"
#include "layers/batch_norm.h"

using namespace ripple;
using ripple::testing::Inputs;
using ripple::testing::error_of;
using ripple::testing::expect_gradcheck;

namespace {

// (3, 4) rows: the counted ones are 1; row 2 keeps only two positions, like a short word
Tensor row_mask() { return tensor({1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0}, {3, 4}, DType::Float64); }

}  // namespace

TEST(BatchNormMask, Gradcheck) {
  for (VarianceConvention variance : {VarianceConvention::PyTorch, VarianceConvention::Unbiased}) {
    Generator gen(3);
    Tensor x = gen.normal({3, 4, 2}, 0.3, 1.5, DType::Float64);
    Tensor gamma = gen.normal({2}, 1, 0.5, DType::Float64), beta = gen.normal({2}, 0, 1, DType::Float64);
    Tensor rm = zeros({2}, DType::Float64), rv = ones({2}, DType::Float64);
    BatchNormOptions opt;
    opt.variance = variance;
    expect_gradcheck(
        [&](const Inputs& in) { return batch_norm(in[0], in[1], in[2], rm, rv, true, opt, row_mask()); },
        {x, gamma, beta});
  }
}

TEST(BatchNormMask, CountedRowsMatchTheUnmaskedOpOnThoseRowsAlone) {
  Generator gen(4);
  Tensor x = gen.normal({3, 4, 2}, 0, 2, DType::Float64);
  Tensor gamma = gen.normal({2}, 1, 0.5, DType::Float64), beta = gen.normal({2}, 0, 1, DType::Float64);
  Tensor rm1 = zeros({2}, DType::Float64), rv1 = ones({2}, DType::Float64);
  Tensor rm2 = zeros({2}, DType::Float64), rv2 = ones({2}, DType::Float64);
  const BatchNormOptions opt;
  Tensor y = batch_norm(x, gamma, beta, rm1, rv1, true, opt, row_mask());

  const std::vector<double> mask = row_mask().to_vector<double>();
  std::vector<int64_t> counted;
  for (int64_t i = 0; i < 12; ++i)
    if (mask[static_cast<size_t>(i)] != 0) counted.push_back(i);
  const auto n = static_cast<int64_t>(counted.size());
  Tensor rows = index_select(reshape(x, {12, 2}), 0, from_vector(counted, {n}));  // (9, 2)
  Tensor want = batch_norm(rows, gamma, beta, rm2, rv2, true, opt);
  Tensor got = index_select(reshape(y, {12, 2}), 0, from_vector(counted, {n}));
  for (int64_t i = 0; i < n * 2; ++i) EXPECT_NEAR(got.at_flat(i), want.at_flat(i), 1e-12);
  for (int64_t j = 0; j < 2; ++j) {
    EXPECT_NEAR(rm1.at({j}), rm2.at({j}), 1e-12);
    EXPECT_NEAR(rv1.at({j}), rv2.at({j}), 1e-12);
  }
  // an all-ones mask is no mask
  Tensor all = ones({3, 4}, DType::Float64);
  Tensor a = batch_norm(x, gamma, beta, zeros({2}, DType::Float64), ones({2}, DType::Float64), true, opt, all);
  Tensor b = batch_norm(x, gamma, beta, zeros({2}, DType::Float64), ones({2}, DType::Float64), true, opt);
  for (int64_t i = 0; i < 24; ++i) EXPECT_NEAR(a.at_flat(i), b.at_flat(i), 1e-12);
}

TEST(BatchNormMask, Errors) {
  Tensor x = zeros({3, 4, 2}), g = ones({2}), b = zeros({2}), rm = zeros({2}), rv = ones({2});
  EXPECT_EQ(error_of([&] { batch_norm(x, g, b, rm, rv, true, {}, ones({3})); }),
            "batch_norm: mask (3,) must have the shape (3, 4) of input (3, 4, 2) without its channels");
  Tensor one = zeros({3, 4});
  one.set_flat(5, 1);
  EXPECT_EQ(error_of([&] { batch_norm(x, g, b, rm, rv, true, {}, one); }),
            "batch_norm: training needs more than one value per channel, got input (3, 4, 2) with 1 "
            "row counted by the mask");
}
