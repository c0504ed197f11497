// Tensors, exercise 3: predict which shapes broadcast, and to what.
#include <cstdio>
#include <utility>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // Align the shapes on the right; each pair of sizes must be equal or contain a 1.
  const std::vector<std::pair<Shape, Shape>> pairs = {
      {{3, 1}, {4}}, {{2, 1, 3}, {4, 1}}, {{5, 4}, {4}}, {{5, 4}, {5}}, {{2, 3}, {3, 2}}};
  for (const auto& [sa, sb] : pairs) {
    try {
      Tensor c = zeros(sa) + zeros(sb);
      std::printf("%-10s + %-7s -> %s\n", to_string(sa).c_str(), to_string(sb).c_str(),
                  to_string(c.shape()).c_str());
    } catch (const Error& e) {
      std::printf("%-10s + %-7s -> %s\n", to_string(sa).c_str(), to_string(sb).c_str(), e.what());
    }
  }
  // doc-end solution
  return 0;
}
