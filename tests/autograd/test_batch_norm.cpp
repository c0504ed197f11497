// batch_norm: float64 gradient checks for (N, C) and (N, L, C), train and eval, both variance
// conventions, strided inputs, parameters and running statistics; and with a mask, statistics
// from the counted rows only (padding left out), every row normalised with them, checked against
// the unmasked op on the counted rows alone. The BatchNorm1d module is in layers/test_layers.cpp;
// values against PyTorch in layers/test_layers_reference.cpp.
#include <gtest/gtest.h>

#include <vector>

#include "autograd/ops.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;

namespace {

// gradcheck of batch_norm w.r.t. x, gamma and beta, with non-trivial running statistics (used in
// eval mode; updated, harmlessly, at every call in train mode).
void batch_norm_gradcheck(const Shape& shape, bool training, VarianceConvention variance) {
  const int64_t c = shape.back();
  Generator gen(11);
  Tensor x = gen.normal(shape, 0.3, 1.5, DType::Float64);
  Tensor gamma = gen.normal({c}, 1, 0.5, DType::Float64);
  Tensor beta = gen.normal({c}, 0, 1, DType::Float64);
  Tensor running_mean = gen.normal({c}, 0, 1, DType::Float64);
  Tensor running_var = gen.uniform({c}, 0.5, 2, DType::Float64);
  BatchNormOptions opt;
  opt.variance = variance;
  expect_gradcheck(
      [&](const Inputs& in) {
        return batch_norm(in[0], in[1], in[2], running_mean, running_var, training, opt);
      },
      {x, gamma, beta});
}

}  // namespace

TEST(BatchNormGradcheck, NC_Train_PyTorch) {
  batch_norm_gradcheck({6, 3}, true, VarianceConvention::PyTorch);
}

TEST(BatchNormGradcheck, NC_Train_Unbiased) {
  batch_norm_gradcheck({6, 3}, true, VarianceConvention::Unbiased);
}

TEST(BatchNormGradcheck, NC_Eval_PyTorch) {
  batch_norm_gradcheck({6, 3}, false, VarianceConvention::PyTorch);
}

TEST(BatchNormGradcheck, NC_Eval_Unbiased) {
  batch_norm_gradcheck({6, 3}, false, VarianceConvention::Unbiased);
}

TEST(BatchNormGradcheck, NLC_Train_PyTorch) {
  batch_norm_gradcheck({3, 4, 3}, true, VarianceConvention::PyTorch);
}

TEST(BatchNormGradcheck, NLC_Train_Unbiased) {
  batch_norm_gradcheck({3, 4, 3}, true, VarianceConvention::Unbiased);
}

TEST(BatchNormGradcheck, NLC_Eval_PyTorch) {
  batch_norm_gradcheck({3, 4, 3}, false, VarianceConvention::PyTorch);
}

TEST(BatchNormGradcheck, NLC_Eval_Unbiased) {
  batch_norm_gradcheck({3, 4, 3}, false, VarianceConvention::Unbiased);
}

TEST(BatchNormGradcheck, NonContiguousInput) {
  // x (N, L, C) = (2, 4, 3) arrives permuted from (2, 3, 4), as a (N, C, L) tensor would
  Tensor rm = zeros({3}, DType::Float64), rv = ones({3}, DType::Float64);
  expect_gradcheck(
      [&](const Inputs& in) {
        return batch_norm(permute(in[0], {0, 2, 1}), in[1], in[2], rm, rv, true);
      },
      {randn({2, 3, 4}, 1), randn({3}, 2), randn({3}, 3)});
}

TEST(BatchNorm, NonContiguousParametersAndRunningStats) {
  // gamma, beta, running mean and variance as strided columns of (C, 2) tables
  Tensor x = randn({6, 3}, 1), params = randn({3, 2}, 2);
  Tensor stats = tensor({0.1, -1, 0.2, -1, 0.3, -1}, {3, 2}, DType::Float64);
  Tensor var_stats = tensor({1.5, -1, 2.5, -1, 0.5, -1}, {3, 2}, DType::Float64);
  Tensor gamma = select(params, 1, 0), beta = select(params, 1, 1);
  Tensor rm = select(stats, 1, 0), rv = select(var_stats, 1, 0);
  ASSERT_FALSE(gamma.is_contiguous() || rm.is_contiguous());
  Tensor rm_c = contiguous(rm), rv_c = contiguous(rv);
  for (bool training : {false, true}) {
    Tensor want = batch_norm(x, contiguous(gamma), contiguous(beta), rm_c, rv_c, training);
    expect_same_values(batch_norm(x, gamma, beta, rm, rv, training), want);
    expect_same_values(rm, rm_c);
    expect_same_values(rv, rv_c);
  }
  // the other column of each table is untouched
  expect_same_values(select(stats, 1, 1), full({3}, -1, DType::Float64));
  expect_same_values(select(var_stats, 1, 1), full({3}, -1, DType::Float64));
}

// --- with a mask ------------------------------------------------------------------------------

namespace {

// (3, 4) rows, int64: the counted ones are 1; row 2 keeps only two positions, like a short word
const std::vector<int64_t> kRowMask = {1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0};
Tensor row_mask() { return from_vector(kRowMask, {3, 4}); }

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

  std::vector<int64_t> counted;
  for (int64_t i = 0; i < 12; ++i)
    if (kRowMask[static_cast<size_t>(i)] == 1) counted.push_back(i);
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
  Tensor all = ones({3, 4}, DType::Int64);
  Tensor a = batch_norm(x, gamma, beta, zeros({2}, DType::Float64), ones({2}, DType::Float64), true, opt, all);
  Tensor b = batch_norm(x, gamma, beta, zeros({2}, DType::Float64), ones({2}, DType::Float64), true, opt);
  for (int64_t i = 0; i < 24; ++i) EXPECT_NEAR(a.at_flat(i), b.at_flat(i), 1e-12);
}

TEST(BatchNormMask, Errors) {
  Tensor x = zeros({3, 4, 2}), g = ones({2}), b = zeros({2}), rm = zeros({2}), rv = ones({2});
  EXPECT_EQ(error_of([&] { batch_norm(x, g, b, rm, rv, true, {}, ones({3})); }),
            "batch_norm: mask (3,) must have the shape (3, 4) of input (3, 4, 2) without its channels");
  EXPECT_EQ(error_of([&] { batch_norm(x, g, b, rm, rv, true, {}, ones({3, 4})); }),
            "batch_norm: mask (3, 4) must be int64 (1 = counted), got float32");
  Tensor two = ones({3, 4}, DType::Int64);
  two.set_flat(7, 2);
  EXPECT_EQ(error_of([&] { batch_norm(x, g, b, rm, rv, true, {}, two); }),
            "batch_norm: mask values must be 0 or 1 (1 = counted), got 2");
  Tensor one = zeros({3, 4}, DType::Int64);
  one.set_flat(5, 1);
  EXPECT_EQ(error_of([&] { batch_norm(x, g, b, rm, rv, true, {}, one); }),
            "batch_norm: training needs more than one value per channel, got input (3, 4, 2) with 1 "
            "row counted by the mask");
}

// batch_norm_tanh against tanh(batch_norm(...)): the same bits forward and backward, for both
// dtypes, (N, C) and (N, L, C), train and eval, with and without a mask; and its own gradcheck.
namespace {

struct NormTanhRun {
  std::vector<double> y, dx, dgamma, dbeta, running_mean, running_var;
};

NormTanhRun run_norm_tanh(bool fused, DType dtype, const Shape& shape, bool training, const Tensor& mask) {
  const int64_t c = shape.back();
  Generator gen(17);
  Tensor x = gen.normal(shape, 0.2, 1.3, dtype).requires_grad_();
  Tensor gamma = gen.normal({c}, 1, 0.5, dtype).requires_grad_();
  Tensor beta = gen.normal({c}, 0, 1, dtype).requires_grad_();
  Tensor weights = gen.normal(shape, 0, 1, dtype);  // a loss whose gradient differs per element
  Tensor rm = gen.normal({c}, 0, 1, dtype), rv = gen.uniform({c}, 0.5, 2, dtype);
  const BatchNormOptions opt{.variance = VarianceConvention::Unbiased};
  Tensor y = fused ? batch_norm_tanh(x, gamma, beta, rm, rv, training, opt, mask)
                   : tanh(batch_norm(x, gamma, beta, rm, rv, training, opt, mask));
  sum(y * weights).backward();
  return {y.to_vector<double>(),     x.grad().to_vector<double>(), gamma.grad().to_vector<double>(),
          beta.grad().to_vector<double>(), rm.to_vector<double>(),  rv.to_vector<double>()};
}

}  // namespace

TEST(BatchNormTanh, SameBitsAsTanhOfBatchNorm) {
  for (DType dtype : {DType::Float32, DType::Float64})
    for (bool training : {true, false})
      for (const Shape& shape : {Shape{32, 128}, Shape{8, 4, 37}, Shape{3, 4, 2}}) {
        const Tensor mask = shape == Shape{3, 4, 2} ? row_mask() : Tensor();
        const NormTanhRun a = run_norm_tanh(true, dtype, shape, training, mask);
        const NormTanhRun b = run_norm_tanh(false, dtype, shape, training, mask);
        SCOPED_TRACE(std::string(dtype_name(dtype)) + " " + to_string(shape) + (training ? " train" : " eval"));
        EXPECT_EQ(a.y, b.y);
        EXPECT_EQ(a.dx, b.dx);
        EXPECT_EQ(a.dgamma, b.dgamma);
        EXPECT_EQ(a.dbeta, b.dbeta);
        EXPECT_EQ(a.running_mean, b.running_mean);
        EXPECT_EQ(a.running_var, b.running_var);
      }
}

TEST(BatchNormTanh, Gradcheck) {
  Generator gen(5);
  Tensor x = gen.normal({6, 3, 4}, 0.3, 1.5, DType::Float64);
  Tensor gamma = gen.normal({4}, 1, 0.5, DType::Float64), beta = gen.normal({4}, 0, 1, DType::Float64);
  Tensor rm = zeros({4}, DType::Float64), rv = ones({4}, DType::Float64);
  for (bool training : {true, false})
    expect_gradcheck(
        [&](const Inputs& in) { return batch_norm_tanh(in[0], in[1], in[2], rm, rv, training); }, {x, gamma, beta});
}

// Channels are independent, whatever path computes them: 80 channels run in register blocks (4
// registers of 16 floats, then one; in doubles 2 blocks of 4 x 8 then 2 x 1), one channel alone
// walks the rows with its sums in memory. Each channel of the wide run must give the bits of that
// channel run alone, forward and backward, with and without the fused tanh.
TEST(BatchNorm, EachChannelHasTheBitsOfThatChannelRunAlone) {
  for (DType dtype : {DType::Float32, DType::Float64})
    for (bool then_tanh : {false, true}) {
      SCOPED_TRACE(std::string(dtype_name(dtype)) + (then_tanh ? " with tanh" : ""));
      Generator gen(23);
      const int64_t rows = 37, c = 80;
      const Tensor x = gen.normal({rows, c}, 0.2, 1.3, dtype), weights = gen.normal({rows, c}, 0, 1, dtype);
      const Tensor gamma = gen.normal({c}, 1, 0.5, dtype), beta = gen.normal({c}, 0, 1, dtype);
      auto run = [&](const Tensor& xs, const Tensor& gs, const Tensor& bs, const Tensor& ws) {
        Tensor xv = xs.detach().requires_grad_(), gv = gs.detach().requires_grad_(), bv = bs.detach().requires_grad_();
        const int64_t n = xs.size(1);
        Tensor rm = zeros({n}, dtype), rv = ones({n}, dtype);
        Tensor y = then_tanh ? batch_norm_tanh(xv, gv, bv, rm, rv, true) : batch_norm(xv, gv, bv, rm, rv, true);
        sum(y * ws).backward();
        return std::vector<Tensor>{y, xv.grad(), gv.grad(), bv.grad(), rm, rv};
      };
      const std::vector<Tensor> wide = run(x, gamma, beta, weights);
      for (int64_t j : {0, 15, 16, 63, 64, 79}) {
        auto col = [&](const Tensor& t) { return kernel::contiguous(slice(t, -1, j, j + 1)); };
        const std::vector<Tensor> alone = run(col(x), slice(gamma, 0, j, j + 1), slice(beta, 0, j, j + 1), col(weights));
        for (size_t k = 0; k < wide.size(); ++k)
          EXPECT_EQ(col(wide[k]).to_vector<double>(), alone[k].to_vector<double>()) << "channel " << j << ", output " << k;
      }
    }
}
