#include "layers/module.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "autograd/engine.h"
#include "core/kernels.h"

namespace ripple {

namespace {
// While summary() runs, every module call appends a row here (one thread, one summary at a time).
struct SummaryRow {
  int depth;
  std::string layer;
  std::string output;  // the output shape, or the shapes of a call that returns several
  int64_t params;
};
thread_local std::vector<SummaryRow>* t_rows = nullptr;
thread_local int t_depth = 0;
}  // namespace

Module::SummaryCall::SummaryCall(const Module& module) {
  if (!t_rows) return;
  row_ = static_cast<int64_t>(t_rows->size());
  t_rows->push_back({t_depth, module.describe(), "", module.num_parameters()});
  ++t_depth;
}

Module::SummaryCall::~SummaryCall() {
  if (row_ >= 0) --t_depth;
}

void Module::SummaryCall::outputs(std::initializer_list<Shape> shapes) {  // a list: no heap when no summary runs
  if (row_ < 0) return;
  std::string text;
  for (const Shape& shape : shapes) text += (text.empty() ? "" : ", ") + to_string(shape);
  (*t_rows)[static_cast<size_t>(row_)].output = text;
}

Tensor Module::operator()(const Tensor& x) {
  SummaryCall call(*this);
  Tensor y = forward(x);
  call.outputs({y.shape()});
  return y;
}

Tensor Module::register_parameter(std::string name, Tensor t) {
  t.requires_grad_();
  params_.emplace_back(std::move(name), t);
  return t;
}

Tensor Module::register_buffer(std::string name, Tensor t) {
  buffers_.emplace_back(std::move(name), t);
  return t;
}

void Module::collect(const std::string& prefix, bool buffers, NamedTensors& out) const {
  for (const auto& [name, t] : buffers ? buffers_ : params_) out.emplace_back(prefix + name, t);
  for (const auto& [name, child] : children_) child->collect(prefix + name + ".", buffers, out);
}

NamedTensors Module::named_parameters() const {
  NamedTensors out;
  collect("", false, out);
  return out;
}

NamedTensors Module::named_buffers() const {
  NamedTensors out;
  collect("", true, out);
  return out;
}

std::vector<Tensor> Module::parameters() const {
  std::vector<Tensor> out;
  for (auto& [name, t] : named_parameters()) out.push_back(t);
  return out;
}

int64_t Module::num_parameters() const {
  int64_t n = 0;
  for (auto& [name, t] : named_parameters()) n += t.numel();
  return n;
}

NamedTensors Module::state() const {
  NamedTensors out = named_parameters();
  for (auto& nt : named_buffers()) out.push_back(nt);
  return out;
}

void Module::load_state(const NamedTensors& state) {
  const std::map<std::string, Tensor> given(state.begin(), state.end());
  const NamedTensors mine = this->state();
  std::map<std::string, Tensor> expected(mine.begin(), mine.end());
  for (const auto& [name, t] : mine) {
    auto it = given.find(name);
    if (it == given.end()) throw Error("load_state: missing tensor '" + name + "' for " + describe());
    const Tensor& src = it->second;
    if (src.shape() != t.shape())
      throw Error("load_state: tensor '" + name + "' has shape " + to_string(src.shape()) +
                  ", the model expects " + to_string(t.shape()));
    if (src.dtype() != t.dtype())
      throw Error("load_state: tensor '" + name + "' is " + dtype_name(src.dtype()) +
                  ", the model expects " + dtype_name(t.dtype()));
  }
  for (const auto& [name, t] : given)
    if (!expected.count(name)) throw Error("load_state: unexpected tensor '" + name + "' for " + describe());
  for (const auto& [name, t] : mine) kernel::copy_into(t, given.at(name));
}

void Module::train(bool on) {
  training_ = on;
  for (auto& [name, child] : children_) child->train(on);
}

void Module::zero_grad() {
  for (auto& [name, t] : named_parameters()) t.zero_grad();
}

// Every module's training flag, parents before children.
static void collect_modes(Module& m, std::vector<std::pair<Module*, bool>>& out) {
  out.emplace_back(&m, m.is_training());
  for (auto& [name, child] : m.children()) collect_modes(*child, out);
}

EvalGuard::EvalGuard(Module& model) {
  collect_modes(model, modes_);
  model.eval();
}

// parents first, since train() recurses into the children
EvalGuard::~EvalGuard() {
  for (auto& [m, training] : modes_) m->train(training);
}

std::string summary(Module& model, const Shape& input_shape, DType dtype) {
  std::vector<SummaryRow> rows;
  {
    struct StopRecording {
      ~StopRecording() { t_rows = nullptr; }
    } stop;
    EvalGuard eval(model);
    NoGradGuard no_grad;
    t_rows = &rows;
    model(zeros(input_shape, dtype));
  }

  size_t w = 5, ow = 22;  // the widths of the layer and output columns
  for (auto& r : rows) {
    w = std::max(w, r.layer.size() + 2 * r.depth);
    ow = std::max(ow, r.output.size());
  }
  std::string line(w + ow + 18, '-'), out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%-*s  %-*s %12s\n", static_cast<int>(w), "Layer",
                static_cast<int>(ow), "Output shape", "Param #");
  out += line + "\n" + buf + line + "\n";
  for (auto& r : rows) {
    std::string name = std::string(2 * r.depth, ' ') + r.layer;
    std::snprintf(buf, sizeof buf, "%-*s  %-*s %12lld\n", static_cast<int>(w), name.c_str(),
                  static_cast<int>(ow), r.output.c_str(), static_cast<long long>(r.params));
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "Total params: %lld\n", static_cast<long long>(model.num_parameters()));
  return out + line + "\n" + buf + line + "\n";
}

}  // namespace ripple
