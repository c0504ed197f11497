// Chapter 2: gradients add up - where a tensor is used twice, where it was broadcast, and across
// two calls of backward(); and how to turn recording off.
#include <cstdio>
#include <iostream>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

int main() {
  output_region("begin", "diamond");
  // doc-begin diamond
  Tensor x = scalar(3);
  x.requires_grad_();
  Tensor u = x * 2;  // 6     x feeds two branches...
  Tensor v = x * 3;  // 9
  Tensor y = u * v;  // 54    ...which meet again: y = 6 x^2
  y.backward();
  // through u: dy/du * du/dx = v * 2 = 18; through v: u * 3 = 18; together 36 = 12 x
  std::printf("dy/dx = %.0f\n", x.grad().item());
  // doc-end diamond
  output_region("end", "diamond");

  output_region("begin", "twice");
  // doc-begin twice
  Tensor y2 = (x * 2) * (x * 3);  // the same expression, a new graph
  y2.backward();                  // adds another 36 to x.grad()
  std::printf("after a second backward: %.0f\n", x.grad().item());
  x.zero_grad();  // what an optimizer's zero_grad() does before each step
  std::printf("after zero_grad: grad defined = %s\n", x.grad().defined() ? "yes" : "no");
  // doc-end twice
  output_region("end", "twice");

  output_region("begin", "broadcast");
  // doc-begin broadcast
  Tensor m = tensor({1, 2, 3, 4, 5, 6}, {2, 3});  // (2, 3)
  Tensor bias = tensor({0, 0, 0});                  // (3,), broadcast over both rows
  bias.requires_grad_();
  Tensor r = tensor({1, 2, 3, 4, 5, 6}, {2, 3});  // fixed weights for the loss
  sum((m + bias) * r).backward();
  // the (2, 3) gradient r is summed over the broadcast dim: (1+4, 2+5, 3+6)
  std::cout << bias.grad() << "\n";
  // doc-end broadcast
  output_region("end", "broadcast");

  output_region("begin", "no_grad");
  // doc-begin no_grad
  Tensor w = tensor({1, 2});
  w.requires_grad_();
  {
    NoGradGuard no_grad;  // nothing is recorded until the end of this scope
    Tensor z = w * 2;
    std::printf("inside the guard:  requires_grad %d, grad_fn %s\n", z.requires_grad(),
                z.grad_fn() ? z.grad_fn()->name : "none");
  }
  Tensor z = w * 2;
  std::printf("outside the guard: requires_grad %d, grad_fn %s\n", z.requires_grad(),
              z.grad_fn() ? z.grad_fn()->name : "none");
  // doc-end no_grad
  output_region("end", "no_grad");
  return 0;
}
