// Regression tests for the autograd engine: graph shapes (diamond, long chain), accumulation,
// the graph being freed after backward, grad mode, detach and leaf rules.
#include <gtest/gtest.h>

#include <pthread.h>

#include <cmath>
#include <functional>
#include <memory>

#include "autograd/ops.h"
#include "core/generator.h"
#include "tests/tensor_testing.h"

using namespace ripple;
using ripple::testing::expect_values;

namespace {

constexpr double kExact = 1e-12;  // float64 gradients of small integer expressions

Tensor leaf(std::initializer_list<double> values, Shape shape = {}) {
  Tensor t = tensor(values, std::move(shape), DType::Float64);
  t.requires_grad_();
  return t;
}

// Runs f on a thread with a 512 KiB stack, so that recursion once per graph node (about 200
// bytes a level) crashes at a depth of a few thousand instead of needing millions of nodes.
void on_small_stack(std::function<void()> f) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 512 * 1024);
  pthread_t thread;
  auto body = [](void* arg) -> void* {
    (*static_cast<std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, body, &f), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

}  // namespace

TEST(Autograd, DiamondGraph) {
  // b = a + a; c = b * b = 4a^2; dc/da = 8a. Both paths from c to a must add up.
  Tensor a = leaf({1, -2, 3});
  Tensor b = a + a;
  Tensor c = b * b;
  sum(c).backward();
  expect_values(a.grad(), {8, -16, 24}, kExact);
}

TEST(Autograd, DiamondThroughSharedIntermediate) {
  // y = x * 3 feeds two branches that meet again: z = exp(y) + y^2, dz/dx = 3 (exp(y) + 2y)
  Tensor x = leaf({0.1, -0.4});
  Tensor y = x * 3.0;
  Tensor z = exp(y) + pow(y, 2);
  sum(z).backward();
  std::vector<double> xs = {0.1, -0.4};
  for (int i = 0; i < 2; ++i) {
    double yv = 3 * xs[i];
    EXPECT_NEAR(x.grad().at({i}), 3 * (std::exp(yv) + 2 * yv), 1e-12);
  }
}

TEST(Autograd, LongChainDoesNotOverflowTheStack) {
  on_small_stack([] {
    Tensor x = leaf({1.0});
    Tensor y = x;
    for (int i = 0; i < 10000; ++i) y = y * 1.0001;
    sum(y).backward();
    EXPECT_NEAR(x.grad().item(), std::pow(1.0001, 10000), 1e-9);
  });
}

TEST(Autograd, DroppingALongGraphDoesNotOverflowTheStack) {
  // A graph that never runs backward is freed by its destructors, which must not recurse once
  // per node.
  on_small_stack([] {
    Tensor x = leaf({1.0});
    Tensor z = x;
    for (int i = 0; i < 20000; ++i) z = z + 1.0;
    std::weak_ptr<Node> last = z.grad_fn();
    z = Tensor();
    EXPECT_TRUE(last.expired());
    // each node reached through two edges (y + y)
    Tensor y = x;
    for (int i = 0; i < 20000; ++i) y = y + y;
    y = Tensor();
  });
}

TEST(Autograd, GradientsAccumulateAcrossBackwardCalls) {
  Tensor x = leaf({1, 2});
  sum(x * x).backward();
  expect_values(x.grad(), {2, 4}, kExact);
  sum(x * 3.0).backward();  // a new graph on the same leaf
  expect_values(x.grad(), {5, 7}, kExact);
  x.zero_grad();
  EXPECT_FALSE(x.grad().defined());
  sum(x).backward();
  expect_values(x.grad(), {1, 1}, kExact);
}

TEST(Autograd, GradIsOwnedByTheLeaf) {
  // add passes the same gradient tensor to both inputs; the leaves must not share it.
  Tensor a = leaf({1, 2}), b = leaf({3, 4});
  sum(a + b).backward();
  a.grad().set_flat(0, 100);
  expect_values(b.grad(), {1, 1}, kExact);
}

TEST(Autograd, BroadcastGradientsSumToInputShape) {
  Tensor w = leaf({1, 2, 3}, {1, 3});
  Tensor b = leaf({0.5}, {1});
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3}, DType::Float64);
  sum(x * w + b).backward();
  EXPECT_EQ(w.grad().shape(), (Shape{1, 3}));
  expect_values(w.grad(), {5, 7, 9}, kExact);
  EXPECT_EQ(b.grad().shape(), (Shape{1}));
  expect_values(b.grad(), {6}, kExact);
}

TEST(Autograd, GraphIsFreedAfterBackward) {
  Tensor x = leaf({1, 2, 3});
  Tensor hidden = tanh(x * 2.0);
  std::weak_ptr<Node> node = hidden.grad_fn();
  Tensor loss = sum(hidden * hidden);
  hidden = Tensor();  // only the graph holds the tanh node now
  EXPECT_FALSE(node.expired());
  loss.backward();
  EXPECT_TRUE(node.expired());
  EXPECT_TRUE(x.grad().defined());
}

TEST(Autograd, SavedTensorsAreReleased) {
  // exp saves its output; the saved copy must go with the graph (no cycle through the output).
  Tensor x = leaf({1, 2});
  std::weak_ptr<TensorImpl> out_impl;
  std::weak_ptr<Node> node;
  {
    Tensor y = exp(x);
    out_impl = y.impl_ptr();
    node = y.grad_fn();
  }
  EXPECT_TRUE(out_impl.expired());  // nothing captured the output handle itself
  EXPECT_TRUE(node.expired());
}

TEST(Autograd, SecondBackwardThroughFreedGraphThrows) {
  Tensor x = leaf({1, 2});
  Tensor y = x * x;
  Tensor loss = sum(y);
  loss.backward();
  EXPECT_THROW(loss.backward(), Error);
  try {
    sum(y * 2.0).backward();  // a new node on top of y, whose graph is gone
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "backward: the graph through mul was already freed by an earlier backward()");
  }
}

TEST(Autograd, UnreachedBranchIsFreedToo) {
  // where() gives no gradient to its condition: the comparison's inputs get none either, and a
  // branch that received no gradient must still release its saved tensors.
  Tensor x = leaf({1, -1});
  Tensor c = sigmoid(x);  // requires grad, used only as a condition
  std::weak_ptr<Node> node = c.grad_fn();
  Tensor loss = sum(where(c, x, x * 2.0));
  c = Tensor();
  loss.backward();
  EXPECT_TRUE(node.expired());
  expect_values(x.grad(), {1, 1}, kExact);
}

TEST(Autograd, NoGradGuard) {
  Tensor x = leaf({1, 2});
  EXPECT_TRUE(grad_enabled());
  {
    NoGradGuard guard;
    EXPECT_FALSE(grad_enabled());
    Tensor y = x * 2.0;
    EXPECT_FALSE(y.requires_grad());
    EXPECT_EQ(y.grad_fn(), nullptr);
    {
      NoGradGuard nested;
      EXPECT_FALSE(grad_enabled());
    }
    EXPECT_FALSE(grad_enabled());  // the nested guard restores "off", not "on"
  }
  EXPECT_TRUE(grad_enabled());
  Tensor z = x * 2.0;
  EXPECT_TRUE(z.requires_grad());
  EXPECT_NE(z.grad_fn(), nullptr);
  EXPECT_STREQ(z.grad_fn()->name, "mul");
}

TEST(Autograd, NoGradGuardRestoresOnException) {
  try {
    NoGradGuard guard;
    throw Error("boom");
  } catch (const Error&) {
  }
  EXPECT_TRUE(grad_enabled());
}

TEST(Autograd, Detach) {
  Tensor x = leaf({1, 2});
  Tensor y = x * 3.0;
  Tensor d = y.detach();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_EQ(d.grad_fn(), nullptr);
  EXPECT_EQ(d.impl()->storage, y.impl()->storage);
  // the detached branch contributes nothing
  sum(y + d * d).backward();
  expect_values(x.grad(), {3, 3}, kExact);
  // a detached tensor can become a new leaf
  d.requires_grad_();
  sum(d * d).backward();
  expect_values(d.grad(), {6, 12}, kExact);
}

TEST(Autograd, RequiresGradOnlyOnLeaves) {
  Tensor x = leaf({1, 2});
  Tensor y = x * 2.0;
  EXPECT_THROW(y.requires_grad_(), Error);
  EXPECT_THROW(y.requires_grad_(false), Error);
  Tensor c = tensor({1, 2}, {}, DType::Float64);
  EXPECT_FALSE(c.requires_grad());
  EXPECT_FALSE((c * 2.0).requires_grad());  // no input wants a gradient: nothing recorded
  EXPECT_EQ((c * 2.0).grad_fn(), nullptr);
}

TEST(Autograd, InputsWithoutRequiresGradGetNoGradient) {
  Tensor w = leaf({1, 2});
  Tensor x = tensor({3, 4}, {}, DType::Float64);
  sum(w * x).backward();
  expect_values(w.grad(), {3, 4}, kExact);
  EXPECT_FALSE(x.grad().defined());
}

TEST(Autograd, BackwardWithExplicitGradient) {
  Tensor x = leaf({1, 2, 3});
  Tensor y = x * x;
  y.backward(tensor({1, 0, -1}, {}, DType::Float64));
  expect_values(x.grad(), {2, 0, -6}, kExact);
}

TEST(Autograd, BackwardOnALeaf) {
  Tensor x = leaf({5});
  x.backward();
  expect_values(x.grad(), {1}, kExact);
}

TEST(Autograd, Float32Graph) {
  Tensor w = tensor({0.5, -1}, {}, DType::Float32);
  w.requires_grad_();
  sum(tanh(w) * 2.0).backward();
  EXPECT_EQ(w.grad().dtype(), DType::Float32);
  EXPECT_NEAR(w.grad().at({0}), 2 * (1 - std::pow(std::tanh(0.5), 2)), 1e-6);
}

TEST(Autograd, ToDtypeGradientReturnsToTheLeafDtype) {
  Tensor w = tensor({1, 2}, {}, DType::Float32);
  w.requires_grad_();
  sum(to_dtype(w, DType::Float64) * 3.0).backward();
  EXPECT_EQ(w.grad().dtype(), DType::Float32);
  expect_values(w.grad(), {3, 3}, kExact);
}

TEST(Autograd, ViewGradientsLandInPlace) {
  Tensor x = leaf({1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor row = select(x, 0, 1);              // x[1]
  Tensor col = narrow(transpose(x, 0, 1), 0, 2, 1);  // x[:, 2] as (1, 2)
  sum(row * 2.0).backward();
  sum(col * 10.0).backward();
  expect_values(x.grad(), {0, 0, 10, 2, 2, 12}, kExact);
}

TEST(Autograd, MlpStepReducesLoss) {
  // One hidden layer on a fixed batch: a few steps of plain gradient descent must lower the loss.
  Generator g(0);
  Tensor x = g.normal({8, 3}, 0, 1, DType::Float64);
  Tensor target = from_vector(std::vector<int64_t>{0, 1, 2, 0, 1, 2, 0, 1}, {8, 1});
  Tensor w1 = g.normal({3, 6}, 0, 0.5, DType::Float64).requires_grad_();
  Tensor w2 = g.normal({6, 3}, 0, 0.5, DType::Float64).requires_grad_();
  auto loss_fn = [&] { return -mean(gather(log_softmax(matmul(tanh(matmul(x, w1)), w2), 1), 1, target)); };
  double first = 0, last = 0;
  for (int step = 0; step < 20; ++step) {
    Tensor loss = loss_fn();
    if (step == 0) first = loss.item();
    last = loss.item();
    w1.zero_grad();
    w2.zero_grad();
    loss.backward();
    NoGradGuard no_grad;
    kernel::copy_into(w1, w1 - w1.grad() * 0.5);
    kernel::copy_into(w2, w2 - w2.grad() * 0.5);
  }
  EXPECT_LT(last, first * 0.8);
}
