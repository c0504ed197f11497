// conv1d: values for every padding mode, dilation, stride, kernel 1 and even kernels, float64
// gradient checks of every configuration (bias or not, strided input), the geometry rule and the
// error messages. The Conv1d module and causal stacks are in layers/test_sequence_layers.cpp;
// values against PyTorch in test_conv_reference.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "autograd/ops.h"
#include "core/generator.h"
#include "tests/op_testing.h"
#include "tests/tensor_testing.h"

namespace ripple {
namespace {

using namespace testing;  // ripple::testing: tests/op_testing.h, tests/tensor_testing.h

// --- values ------------------------------------------------------------------------------------

TEST(Conv1d, TutorialDemoPaddingModes) {
  Tensor x = tensor({1, 2, 3, 4, 5}, {1, 5, 1});
  Tensor w = ones({3, 1, 1});
  expect_values(conv1d(x, w, Tensor(), 1, 1, Padding::Same), {3, 6, 9, 12, 9});
  expect_values(conv1d(x, w, Tensor(), 1, 1, Padding::Causal), {1, 3, 6, 9, 12});
  expect_values(conv1d(x, w, Tensor(), 1, 1, Padding::Valid), {6, 9, 12});
  EXPECT_EQ(conv1d(x, w, Tensor(), 1, 1, Padding::Valid).shape(), (Shape{1, 3, 1}));
}

TEST(Conv1d, DilationStrideAndBiasValues) {
  Tensor x = tensor({1, 2, 3, 4, 5, 6, 7}, {1, 7, 1});
  Tensor w = tensor({1, 10}, {2, 1, 1});  // y[t] = x[t] + 10 x[t + d]
  expect_values(conv1d(x, w, Tensor(), 1, 2, Padding::Valid), {31, 42, 53, 64, 75});
  expect_values(conv1d(x, w, Tensor(), 1, 2, Padding::Causal), {10, 20, 31, 42, 53, 64, 75});
  expect_values(conv1d(x, w, Tensor(), 2, 1, Padding::Valid), {21, 43, 65});
  // same, even kernel, stride 1: one pad on the right
  expect_values(conv1d(x, w, Tensor(), 1, 1, Padding::Same), {21, 32, 43, 54, 65, 76, 7});
  // same, stride 2: T_out = 4, total pad = max(3*2 + 2 - 7, 0) = 1, on the right
  expect_values(conv1d(x, w, tensor({0.5}, {1}), 2, 1, Padding::Same), {21.5, 43.5, 65.5, 7.5});
}

TEST(Conv1d, GeometryFollowsKerasRule) {
  Conv1dGeometry g = conv1d_geometry(7, 3, 2, 1, Padding::Same);
  EXPECT_EQ(g.out_length, 4);
  EXPECT_EQ(g.pad_left, 1);
  EXPECT_EQ(g.pad_right, 1);
  g = conv1d_geometry(10, 4, 1, 1, Padding::Same);  // total 3: 1 left, 2 right
  EXPECT_EQ(g.out_length, 10);
  EXPECT_EQ(g.pad_left, 1);
  EXPECT_EQ(g.pad_right, 2);
  g = conv1d_geometry(10, 2, 1, 4, Padding::Causal);
  EXPECT_EQ(g.out_length, 10);
  EXPECT_EQ(g.pad_left, 4);
  EXPECT_EQ(conv1d_geometry(10, 3, 3, 2, Padding::Valid).out_length, 2);  // (10 - 5) / 3 + 1
}

TEST(Conv1d, KernelOneIsMatmulAndFloat32MatchesFloat64) {
  Generator gen(1);
  Tensor x = gen.normal({2, 6, 4}, 0, 1, DType::Float64);
  Tensor w = gen.normal({1, 4, 3}, 0, 1, DType::Float64);
  Tensor b = gen.normal({3}, 0, 1, DType::Float64);
  Tensor want = add(matmul(x, select(w, 0, 0)), b);
  expect_values(conv1d(x, w, b), want.to_vector());
  // float32 through im2col agrees with float64
  Tensor w3 = gen.normal({3, 4, 5}, 0, 1, DType::Float64);
  Tensor y64 = conv1d(x, w3, Tensor(), 1, 2, Padding::Causal);
  Tensor y32 = conv1d(to_dtype(x, DType::Float32), to_dtype(w3, DType::Float32), Tensor(), 1, 2,
                      Padding::Causal);
  std::vector<double> a = y64.to_vector(), c = y32.to_vector();
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], c[i], 1e-4);
}

// --- gradients ---------------------------------------------------------------------------------

struct Case {
  int64_t kernel, stride, dilation;
  Padding padding;
  bool bias;
};

TEST(Conv1d, GradcheckEveryConfiguration) {
  const std::vector<Case> cases = {
      {3, 1, 1, Padding::Valid, true},  {3, 1, 2, Padding::Valid, false},
      {2, 1, 4, Padding::Valid, true},  {3, 1, 1, Padding::Same, true},
      {3, 1, 2, Padding::Same, false},  {3, 1, 4, Padding::Same, true},
      {2, 1, 1, Padding::Same, true},   {4, 1, 2, Padding::Same, false},
      {2, 1, 1, Padding::Causal, true}, {2, 1, 2, Padding::Causal, false},
      {3, 1, 4, Padding::Causal, true}, {3, 2, 1, Padding::Valid, true},
      {2, 2, 2, Padding::Valid, false}, {3, 2, 1, Padding::Same, true},
      {2, 2, 1, Padding::Same, false},  {1, 1, 1, Padding::Valid, true},
      {1, 1, 1, Padding::Causal, false}, {1, 2, 1, Padding::Same, true},
  };
  Generator gen(7);
  for (const Case& c : cases) {
    const int64_t C_in = 3, C_out = 2;
    Inputs in = {gen.normal({2, 9, C_in}, 0, 1, DType::Float64),
                              gen.normal({c.kernel, C_in, C_out}, 0, 1, DType::Float64)};
    if (c.bias) in.push_back(gen.normal({C_out}, 0, 1, DType::Float64));
    auto f = [c](const Inputs& v) {
      return conv1d(v[0], v[1], v.size() > 2 ? v[2] : Tensor(), c.stride, c.dilation, c.padding);
    };
    expect_gradcheck(f, in,
                     "kernel " + std::to_string(c.kernel) + " stride " + std::to_string(c.stride) +
                         " dilation " + std::to_string(c.dilation) + " " + padding_name(c.padding) +
                         (c.bias ? " bias" : " no bias"));
  }
}

TEST(Conv1d, GradcheckNonContiguousInput) {
  Generator gen(8);
  // x given as (B, C, T) and permuted to (B, T, C): a strided view
  auto f = [](const Inputs& v) {
    return conv1d(permute(v[0], {0, 2, 1}), v[1], v[2], 1, 2, Padding::Causal);
  };
  expect_gradcheck(f, {gen.normal({2, 3, 7}, 0, 1, DType::Float64),
                       gen.normal({2, 3, 4}, 0, 1, DType::Float64),
                       gen.normal({4}, 0, 1, DType::Float64)},
                   "permuted input");
}

// --- errors ------------------------------------------------------------------------------------

TEST(Conv1d, ErrorMessagesNameOpAndShapes) {
  Tensor w = zeros({2, 1, 64});
  try {
    conv1d(zeros({32, 50, 3}), w, Tensor());
    ADD_FAILURE() << "expected a channel mismatch";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "conv1d: input (32, 50, 3) has 3 channels, weight (2, 1, 64) expects 1");
  }
  expect_error_containing([&] { conv1d(zeros({50, 1}), w, Tensor()); },
                          "conv1d: expected input (B, T, C_in), got (50, 1)");
  expect_error_containing([&] { conv1d(zeros({1, 50, 1}), zeros({2, 64}), Tensor()); },
                          "conv1d: expected weight (K, C_in, C_out), got (2, 64)");
  expect_error_containing([&] { conv1d(zeros({1, 2, 1}), zeros({3, 1, 1}), Tensor()); },
                          "conv1d: input of 2 steps is too short for kernel 3 with dilation 1");
  expect_error_containing([&] { conv1d(zeros({1, 4, 1}), zeros({2, 1, 1}), Tensor(), 1, 4); },
                          "valid padding needs at least 5 steps");
  expect_error_containing([&] { conv1d(zeros({1, 5, 1}), w, zeros({3})); },
      "conv1d: bias (3,) does not match weight (2, 1, 64) with 64 output channels");
  expect_error_containing([&] { conv1d(zeros({1, 5, 1}), w, Tensor(), 0); },
                          "conv1d: stride must be >= 1, got 0");
  expect_error_containing([&] { conv1d(zeros({1, 5, 1}), w, Tensor(), 1, 0); },
                          "conv1d: dilation must be >= 1");
  expect_error_containing([&] { conv1d(zeros({1, 5, 1}), zeros({0, 1, 1}), Tensor()); },
                          "conv1d: kernel size must be >= 1, got 0");
  expect_error_containing([&] { conv1d(zeros({1, 5, 1}), w, Tensor(), 2, 1, Padding::Causal); },
                          "conv1d: causal padding needs stride 1 (as in Keras), got stride 2");
  expect_error_containing([&] { conv1d(zeros({1, 5, 1}), zeros({2, 1, 64}, DType::Float64), Tensor()); },
                          "conv1d: dtype mismatch, input float32, weight float64");
}

}  // namespace
}  // namespace ripple
