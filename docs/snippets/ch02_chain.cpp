// Chapter 2: the graph that define-by-run ops record, and the chain rule run backwards over it.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

// Names of the leaves, so the printed graph can say which leaf an edge reaches.
using LeafNames = std::vector<std::pair<std::string, Tensor>>;

// doc-begin print_graph
// Prints the recorded graph below `node`, one op per line, its inputs indented under it. An edge
// leads to the node that made the input, or to a leaf that requires grad.
static void print_graph(const Node& node, const LeafNames& leaves, int depth = 0) {
  std::printf("%*s%s\n", 2 * depth, "", node.name);
  for (const Node::Edge& in : node.inputs) {
    if (in.node) print_graph(*in.node, leaves, depth + 1);
    for (const auto& [name, leaf] : leaves)
      if (in.leaf && in.leaf == leaf.impl_ptr())
        std::printf("%*s%s\n", 2 * depth + 2, "", name.c_str());
  }
}
// doc-end print_graph

int main() {
  output_region("begin", "forward");
  // doc-begin forward
  Tensor x = scalar(3), w = scalar(-2), b = scalar(4), t = scalar(5);
  for (Tensor* leaf : {&x, &w, &b, &t}) leaf->requires_grad_();

  Tensor p = x * w;  // -6
  Tensor q = p + b;  // -2
  Tensor L = q * t;  // -10
  std::printf("p = %.0f, q = %.0f, L = %.0f\n", p.item(), q.item(), L.item());
  print_graph(*L.grad_fn(), {{"x", x}, {"w", w}, {"b", b}, {"t", t}});
  // doc-end forward
  output_region("end", "forward");

  output_region("begin", "backward");
  // doc-begin backward
  L.backward();
  std::printf("dL/dx = %.0f  dL/dw = %.0f  dL/db = %.0f  dL/dt = %.0f\n", x.grad().item(),
              w.grad().item(), b.grad().item(), t.grad().item());
  std::printf("after backward, L still has a grad_fn: %s, with %zu inputs (the graph is freed)\n",
              L.grad_fn() ? "yes" : "no", L.grad_fn()->inputs.size());
  // doc-end backward
  output_region("end", "backward");
  return 0;
}
