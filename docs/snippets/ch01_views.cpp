// Chapter 1: how a tensor sits in memory, and the views that reuse it.
#include <cstdio>
#include <iostream>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

// The layout of a tensor: shape, strides (in elements), offset, and whether it is row-major.
static void show(const char* name, const Tensor& t) {
  std::printf("%-10s shape %-7s strides %-7s offset %lld  contiguous: %s\n", name,
              to_string(t.shape()).c_str(), to_string(t.strides()).c_str(),
              static_cast<long long>(t.offset()), t.is_contiguous() ? "yes" : "no");
}

// True when two tensors are views of the same block of memory.
static bool same_storage(const Tensor& a, const Tensor& b) {
  return a.impl()->storage == b.impl()->storage;
}

int main() {
  output_region("begin", "strides");
  // doc-begin strides
  Tensor a = reshape(arange(6), {2, 3});  // storage: 0 1 2 3 4 5
  std::cout << a << "\n";
  show("a", a);
  // element [i, j] lives at offset + i * strides[0] + j * strides[1]
  std::printf("a[1, 2] = %.0f, at storage index 0 + 1*3 + 2*1 = 5\n", a.at({1, 2}));
  // doc-end strides
  output_region("end", "strides");

  output_region("begin", "views");
  // doc-begin views
  Tensor t = transpose(a, 0, 1);  // (3, 2): the strides swap, no number moves
  Tensor n = narrow(a, 1, 1, 2);  // columns 1..2: the offset moves to 1
  Tensor row = reshape(arange(3), {1, 3});
  Tensor e = expand(row, {4, 3});  // 4 copies of one row: stride 0 along dim 0
  show("t", t);
  show("n", n);
  show("e", e);
  std::printf("t shares a's storage: %s\n", same_storage(t, a) ? "yes" : "no");

  t.set_flat(1, 100);  // t[0, 1] is a[1, 0]: writing through a view changes a
  std::cout << a << "\n";
  // doc-end views
  output_region("end", "views");

  output_region("begin", "contiguous");
  // doc-begin contiguous
  Tensor c = contiguous(t);  // a fresh row-major copy in t's order
  show("c", c);
  std::printf("c shares a's storage: %s\n", same_storage(c, a) ? "yes" : "no");
  std::printf("c in storage order:");
  for (double v : c.to_vector()) std::printf(" %.0f", v);
  std::printf("\n");
  // doc-end contiguous
  output_region("end", "contiguous");
  return 0;
}
