// Chapter 1: broadcasting two shapes against each other, and reducing over a dim.
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
  output_region("begin", "broadcast");
  // doc-begin broadcast
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3});  // (2, 3)
  Tensor b = tensor({10, 20, 30});                // (3,)   -> read as (1, 3) -> (2, 3)
  std::cout << x + b << "\n";

  Tensor col = tensor({1, 2}, {2, 1});  // (2, 1)
  Tensor row = tensor({1, 10, 100});    // (3,)   -> (1, 3); together (2, 3)
  std::cout << col * row << "\n";

  try {
    x + tensor({1, 2});  // (2, 3) with (2,): trailing sizes 3 and 2 differ, neither is 1
  } catch (const Error& err) {
    std::printf("error: %s\n", err.what());
  }
  // doc-end broadcast
  output_region("end", "broadcast");

  output_region("begin", "reduce");
  // doc-begin reduce
  std::cout << sum(x, {0}) << "\n";                    // down the columns: (3,)
  std::cout << sum(x, {1}) << "\n";                    // along each row: (2,)
  Tensor mu = mean(x, {1}, /*keepdim=*/true);          // (2, 1): ready to broadcast back
  std::cout << x - mu << "\n";                         // each row centred on its own mean
  // doc-end reduce
  output_region("end", "reduce");
  return 0;
}
