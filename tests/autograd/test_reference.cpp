// Forward values and gradients against PyTorch, from tests/fixtures/core_reference.json (made by
// tests/fixtures/make_core_reference.py; PyTorch is not needed to run this test). Each case holds
// float64 inputs, PyTorch's output, a random R and the gradients of sum(out * R) per input.
#include <gtest/gtest.h>

#include <cmath>

#include <functional>
#include <map>

#include "autograd/ops.h"
#include "tests/reference_fixtures.h"

using namespace ripple;
using ripple::testing::expect_close;
using ripple::testing::fixture;
using ripple::testing::fixture_tensor;
using ripple::testing::json;

namespace {

using Op = std::function<Tensor(const std::vector<Tensor>&, const json& args)>;

const std::map<std::string, Op>& ops() {
  static const std::map<std::string, Op> table = {
      {"matmul", [](const std::vector<Tensor>& in, const json&) { return matmul(in[0], in[1]); }},
      {"log_softmax",
       [](const std::vector<Tensor>& in, const json& a) { return log_softmax(in[0], a.at("dim").get<int64_t>()); }},
      {"softmax",
       [](const std::vector<Tensor>& in, const json& a) { return softmax(in[0], a.at("dim").get<int64_t>()); }},
      {"var",
       [](const std::vector<Tensor>& in, const json& a) {
         return var(in[0], a.at("dims").get<std::vector<int64_t>>(), a.at("unbiased").get<bool>(),
                    a.at("keepdim").get<bool>());
       }},
      {"tanh", [](const std::vector<Tensor>& in, const json&) { return tanh(in[0]); }},
      {"add", [](const std::vector<Tensor>& in, const json&) { return add(in[0], in[1]); }},
      {"mul", [](const std::vector<Tensor>& in, const json&) { return mul(in[0], in[1]); }},
  };
  return table;
}

void run_case(const json& c) {
  const std::string name = c.at("name");
  SCOPED_TRACE(name);
  auto op = ops().find(c.at("op").get<std::string>());
  ASSERT_NE(op, ops().end()) << "no op " << c.at("op") << " in test_reference.cpp";
  std::vector<Tensor> inputs;
  for (const json& j : c.at("inputs")) inputs.push_back(fixture_tensor(j).requires_grad_());
  Tensor out = op->second(inputs, c.at("args"));
  expect_close(out, c.at("output"), "output");
  sum(out * fixture_tensor(c.at("R"))).backward();
  for (size_t i = 0; i < inputs.size(); ++i)
    expect_close(inputs[i].grad(), c.at("grads").at(i), "gradient of input " + std::to_string(i));
}

// Runs every case of `op` in the fixture; there must be at least one.
void run_op(const std::string& op) {
  int n = 0;
  for (const json& c : fixture("core_reference").at("cases"))
    if (c.at("op") == op) {
      run_case(c);
      ++n;
    }
  EXPECT_GT(n, 0) << "no " << op << " cases in core_reference.json";
}

}  // namespace

TEST(Reference, FixtureIsFloat64) {
  EXPECT_EQ(fixture("core_reference").at("dtype"), "float64");
  EXPECT_GE(fixture("core_reference").at("cases").size(), 10u);
}
TEST(Reference, Matmul) { run_op("matmul"); }
TEST(Reference, LogSoftmax) { run_op("log_softmax"); }
TEST(Reference, Softmax) { run_op("softmax"); }
TEST(Reference, Var) { run_op("var"); }
TEST(Reference, Tanh) { run_op("tanh"); }
TEST(Reference, AddBroadcast) { run_op("add"); }
TEST(Reference, MulBroadcast) { run_op("mul"); }
