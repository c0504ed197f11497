// The backward pass: topological sort, gradient accumulation, broadcast reduction, graph release.
#include "autograd/engine.h"

#include <atomic>

#include "autograd/ops.h"

namespace ripple {

static thread_local bool g_grad_enabled = true;

bool grad_enabled() { return g_grad_enabled; }
NoGradGuard::NoGradGuard() : previous_(g_grad_enabled) { g_grad_enabled = false; }
NoGradGuard::~NoGradGuard() { g_grad_enabled = previous_; }

bool needs_grad(std::initializer_list<const Tensor*> inputs) {
  if (!g_grad_enabled) return false;
  for (const Tensor* t : inputs)
    if (t->defined() && t->requires_grad()) return true;
  return false;
}

Tensor record(const char* name, Tensor out, std::vector<Tensor> inputs, Node::Backward backward) {
  if (!g_grad_enabled) return out;
  bool any = false;
  for (const Tensor& t : inputs) any = any || (t.defined() && t.requires_grad());
  if (!any) return out;
  auto node = std::make_shared<Node>();
  node->name = name;
  node->backward = std::move(backward);
  node->inputs.reserve(inputs.size());
  for (const Tensor& t : inputs) {
    Node::Edge e;
    if (t.defined() && t.requires_grad()) {
      e.shape = t.shape();
      if (t.grad_fn()) e.node = t.grad_fn();
      else e.leaf = t.impl_ptr();
    }
    node->inputs.push_back(std::move(e));
  }
  out.impl()->requires_grad = true;
  out.impl()->grad_fn = std::move(node);
  return out;
}

// Each node owns its inputs' nodes, so the default destructor would recurse once per node of a
// chain. Instead, nodes that only this one owns are unlinked onto a local stack and released
// one by one; each then has no owning edges left, so its own destructor returns at once.
Node::~Node() {
  std::vector<std::shared_ptr<Node>> pending;
  auto unlink = [&pending](std::vector<Edge>& edges) {
    for (Edge& e : edges) {
      if (!e.node) continue;
      std::shared_ptr<Node> child = std::move(e.node);
      if (child.use_count() == 1) pending.push_back(std::move(child));  // else: still owned
    }
  };
  unlink(inputs);
  while (!pending.empty()) {
    std::shared_ptr<Node> node = std::move(pending.back());
    pending.pop_back();
    unlink(node->inputs);
  }
}

Tensor& Tensor::requires_grad_(bool on) {
  if (impl_->grad_fn)
    throw Error("requires_grad_: only leaf tensors can be marked; this one was made by " +
                std::string(impl_->grad_fn->name) + " (use detach() first)");
  if (on && !is_floating())
    throw Error(std::string("requires_grad_: only float tensors can require grad, not ") +
                dtype_name(dtype()));
  impl_->requires_grad = on;
  return *this;
}

Tensor Tensor::grad() const { return Tensor(impl_->grad); }
void Tensor::zero_grad() { impl_->grad.reset(); }
void Tensor::set_grad(const Tensor& g) {
  if (g.shape() != shape())
    throw Error("set_grad: gradient " + to_string(g.shape()) + " for a tensor of shape " + to_string(shape()));
  impl_->grad = kernel::clone(kernel::to_dtype(g, dtype())).impl_ptr();
}

Tensor Tensor::detach() const {
  Tensor t = kernel::as_strided(*this, shape(), strides(), offset());
  return t;
}

// Adds g into the leaf's grad. The leaf must own its first grad outright (a backward rule may
// hand the same tensor to two inputs, and optimizers scale grads in place): a gradient that no
// other handle holds, over a whole storage of its own, is adopted as it is; any other is copied.
static void accumulate_leaf(TensorImpl& leaf, Tensor g) {
  if (!leaf.grad) {
    const std::shared_ptr<TensorImpl>& impl = g.impl_ptr();
    const bool sole = impl.use_count() == 1 && impl->storage.use_count() == 1 && g.offset() == 0 &&
                      g.is_contiguous() && g.dtype() == leaf.dtype && !impl->grad_fn &&
                      impl->storage->bytes == static_cast<size_t>(g.numel()) * dtype_size(g.dtype());
    leaf.grad = sole ? impl : kernel::clone(kernel::to_dtype(g, leaf.dtype)).impl_ptr();
    return;
  }
  Tensor acc(leaf.grad);
  kernel::copy_into(acc, add(acc, g));
}

void Tensor::backward(const Tensor& gradient) const {
  if (!requires_grad())
    throw Error("backward: this tensor does not require grad (no input had requires_grad_())");
  Tensor seed = gradient;
  if (!seed.defined()) {
    if (numel() != 1)
      throw Error("backward: called on a tensor of shape " + to_string(shape()) +
                  "; pass a gradient of that shape or reduce it to one element first");
    seed = ones(shape(), dtype());
  } else if (seed.shape() != shape()) {
    throw Error("backward: gradient of shape " + to_string(seed.shape()) +
                " for a tensor of shape " + to_string(shape()));
  } else if (seed.dtype() != dtype()) {
    throw Error(std::string("backward: gradient of dtype ") + dtype_name(seed.dtype()) +
                " for a tensor of dtype " + dtype_name(dtype()));
  }
  NoGradGuard no_grad;
  if (!grad_fn()) {
    accumulate_leaf(*impl_, seed);
    return;
  }

  // Topological order by iterative depth-first search (post-order, root last). `order` owns
  // every node, so clearing edges below never frees a node that is still to be visited. A node
  // is seen in this call when its `pass` is this call's number; its `grad` starts empty.
  static std::atomic<uint64_t> passes{0};
  const uint64_t pass = ++passes;
  auto visit = [pass](Node& node) {
    node.pass = pass;
    node.grad = Tensor();
  };
  std::vector<std::shared_ptr<Node>> order;
  visit(*grad_fn());
  std::vector<std::pair<std::shared_ptr<Node>, size_t>> stack{{grad_fn(), 0}};
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next < node->inputs.size()) {
      std::shared_ptr<Node> child = node->inputs[next++].node;
      if (child && child->pass != pass) {
        visit(*child);
        stack.emplace_back(std::move(child), 0);
      }
      continue;
    }
    order.push_back(std::move(node));
    stack.pop_back();
  }

  grad_fn()->grad = seed;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Node& node = **it;
    Tensor g = std::move(node.grad);  // leaves node.grad empty
    if (!g.defined()) continue;  // nothing flowed here
    if (!node.backward)
      throw Error(std::string("backward: the graph through ") + node.name +
                  " was already freed by an earlier backward()");
    std::vector<Tensor> input_grads = node.backward(g);
    for (size_t i = 0; i < node.inputs.size() && i < input_grads.size(); ++i) {
      const Node::Edge& e = node.inputs[i];
      if (!input_grads[i].defined() || (!e.node && !e.leaf)) continue;
      Tensor gi = sum_to_shape(input_grads[i], e.shape);  // undo broadcasting, once for all ops
      input_grads[i] = Tensor();  // gi alone holds it now, unless the rule kept or shared it
      if (e.leaf) {
        accumulate_leaf(*e.leaf, std::move(gi));
      } else {
        Tensor& slot = e.node->grad;
        slot = slot.defined() ? add(slot, gi) : std::move(gi);
      }
    }
    node.backward = nullptr;  // release saved tensors and edges: the graph is freed
    node.inputs.clear();
  }
}

}  // namespace ripple
