// Performance, exercise 1: the arithmetic of one matrix product against the memory it touches.
#include <cstdio>

int main() {
  // doc-begin solution
  // (M x K) @ (K x N) costs 2 M K N flops and reads and writes at least (M K + K N + M N) floats
  // of 4 bytes. An elementwise op on the (M x N) result costs M N flops for 3 M N floats moved.
  struct Gemm { const char* name; long long M, K, N; };
  const Gemm gemms[] = {{"makemore level 2, batch 32", 32 * 2, 256, 128},
                        {"makemore output, batch 32", 32, 128, 27},
                        {"forecast conv, batch 32", 32 * 50, 128, 64},
                        {"square 1024", 1024, 1024, 1024}};
  for (const Gemm& g : gemms) {
    const double flops = 2.0 * g.M * g.K * g.N;
    const double bytes = 4.0 * (g.M * g.K + g.K * g.N + g.M * g.N);
    std::printf("%-28s %8.2f MFLOP, %7.1f KB: %6.1f flops per byte\n", g.name, flops / 1e6,
                bytes / 1e3, flops / bytes);
  }
  std::printf("%-28s %21s  %6.2f flops per byte\n", "an elementwise add", "", 1.0 / 12.0);
  // doc-end solution
  return 0;
}
