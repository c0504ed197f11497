// Forward values and gradients against PyTorch, from tests/fixtures/core_reference.json (made by
// tests/fixtures/make_core_reference.py; PyTorch is not needed to run this test). Each case holds
// float64 inputs, PyTorch's output, a random R and the gradients of sum(out * R) per input.
#include <gtest/gtest.h>

#include <cmath>

#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "autograd/ops.h"

using namespace ripple;
using json = nlohmann::json;

namespace {

constexpr double kTolerance = 1e-10;

Tensor unpack(const json& j) {
  Shape shape = j.at("shape").get<Shape>();
  std::vector<double> data = j.at("data").get<std::vector<double>>();
  if (shape.empty()) return scalar(data.at(0), DType::Float64);
  return from_vector(data, shape);
}

void expect_close(const Tensor& got, const json& want, const std::string& what) {
  Tensor w = unpack(want);
  ASSERT_TRUE(got.defined()) << what << " is undefined";
  ASSERT_EQ(got.shape(), w.shape()) << what;
  ASSERT_EQ(got.dtype(), DType::Float64) << what;
  std::vector<double> g = got.to_vector<double>(), e = w.to_vector<double>();
  for (size_t i = 0; i < e.size(); ++i)
    EXPECT_NEAR(g[i], e[i], kTolerance * std::max(1.0, std::abs(e[i]))) << what << " element " << i;
}

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

const json& reference() {
  static const json data = [] {
    const std::string path = std::string(RIPPLE_SOURCE_DIR) + "/tests/fixtures/core_reference.json";
    std::ifstream file(path);
    if (!file)
      throw std::runtime_error("cannot open " + path +
                               " (regenerate it with /usr/bin/python3 "
                               "tests/fixtures/make_core_reference.py)");
    return json::parse(file);
  }();
  return data;
}

void run_case(const json& c) {
  const std::string name = c.at("name");
  SCOPED_TRACE(name);
  auto op = ops().find(c.at("op").get<std::string>());
  ASSERT_NE(op, ops().end()) << "no op " << c.at("op") << " in test_reference.cpp";
  std::vector<Tensor> inputs;
  for (const json& j : c.at("inputs")) inputs.push_back(unpack(j).requires_grad_());
  Tensor out = op->second(inputs, c.at("args"));
  expect_close(out, c.at("output"), "output");
  sum(out * unpack(c.at("R"))).backward();
  for (size_t i = 0; i < inputs.size(); ++i)
    expect_close(inputs[i].grad(), c.at("grads").at(i), "gradient of input " + std::to_string(i));
}

// Runs every case of `op` in the fixture; there must be at least one.
void run_op(const std::string& op) {
  int n = 0;
  for (const json& c : reference().at("cases"))
    if (c.at("op") == op) {
      run_case(c);
      ++n;
    }
  EXPECT_GT(n, 0) << "no " << op << " cases in core_reference.json";
}

}  // namespace

TEST(Reference, FixtureIsFloat64) {
  EXPECT_EQ(reference().at("dtype"), "float64");
  EXPECT_GE(reference().at("cases").size(), 10u);
}
TEST(Reference, Matmul) { run_op("matmul"); }
TEST(Reference, LogSoftmax) { run_op("log_softmax"); }
TEST(Reference, Softmax) { run_op("softmax"); }
TEST(Reference, Var) { run_op("var"); }
TEST(Reference, Tanh) { run_op("tanh"); }
TEST(Reference, AddBroadcast) { run_op("add"); }
TEST(Reference, MulBroadcast) { run_op("mul"); }
