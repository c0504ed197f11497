/// @file
/// Reverse-mode autograd, define-by-run.
///
/// Every differentiable op computes its result and, when grad mode is on and an input requires
/// grad, records a Node: the op's name, an edge to each input, and a closure that maps the
/// gradient of the result to the gradients of the inputs. `loss.backward()` sorts the recorded
/// nodes topologically (iteratively, so a 10,000-op chain is fine), runs the closures in reverse
/// order with gradient accumulation for inputs used more than once, sums broadcast gradients back
/// to each input's shape (the one place this happens), adds the results into the leaves'
/// grad(), and frees the graph.
///
/// A closure may capture the op's inputs, or a detach()ed view of its output, never the output
/// handle itself: the output owns the node, so that would be a reference cycle.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "../core/tensor.h"

namespace ripple {

/// A recorded op in the autograd graph (see engine.h); its output tensor owns it via grad_fn.
struct Node {
  /// Maps the gradient of the op's output to one gradient per input.
  using Backward = std::function<std::vector<Tensor>(const Tensor& grad_out)>;
  /// Where one input of the op came from.
  struct Edge {
    std::shared_ptr<Node> node;        ///< the input was made by this node, or
    std::shared_ptr<TensorImpl> leaf;  ///< the input is a leaf that requires grad, or neither
    Shape shape;                       ///< the input's shape
  };
  const char* name = "";    ///< the op's name, as in "matmul"
  std::vector<Edge> inputs;  ///< one per input of the op, in order
  Backward backward;         ///< returns one gradient per input (undefined: none)
  /// @{
  /// backward()'s own bookkeeping, kept on the node rather than in a hash set and map per call:
  /// the number of the backward() that last reached this node, and the gradient of its output
  /// gathered so far in that call.
  uint64_t pass = 0;
  Tensor grad;
  /// @}

  Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  ~Node();  ///< iterative: dropping a 10,000-op graph that never ran backward must not recurse
};

/// Grad mode is per thread and on by default; NoGradGuard turns it off for its scope (evaluation,
/// optimizer updates, the backward pass itself).
bool grad_enabled();
/// Turns grad mode off for its scope and restores the previous mode when it ends.
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

/// True when an op over `inputs` must be recorded.
bool needs_grad(std::initializer_list<const Tensor*> inputs);

/// Attaches a Node for op `name` to `out` when needs_grad(inputs); returns `out`.
Tensor record(const char* name, Tensor out, std::vector<Tensor> inputs, Node::Backward backward);

}  // namespace ripple
