// ripple's float32 GEMM (core/gemm.h) against a float64 reference, on every path this CPU runs
// (AVX-512, AVX2, OpenBLAS), all four layouts, shapes from 1 to 300 in each dim with the tile
// edges (13..15 and 27..29 rows, 15..17 and 31..33 columns, panels of 16 columns or fewer), and
// leading dimensions wider than the matrices; and matmul on transposed views under each path.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "autograd/ops.h"
#include "core/gemm.h"
#include "core/generator.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;
namespace k = ripple::kernel;

namespace {

// Restores the automatic choice at the end of a test.
struct PathGuard {
  ~PathGuard() { k::set_gemm_path(k::GemmPath::Auto); }
};

std::vector<k::GemmPath> runnable() {
  std::vector<k::GemmPath> paths;
  for (k::GemmPath p : {k::GemmPath::Avx512, k::GemmPath::Avx2, k::GemmPath::Blas, k::GemmPath::Auto})
    if (k::gemm_path_supported(p)) paths.push_back(p);
  return paths;
}

// C = op(A) op(B) through sgemm, each matrix stored with `pad` extra columns, checked element by
// element against a float64 sum, to a tolerance of float rounding over k terms.
void check(k::GemmPath path, bool ta, bool tb, int64_t m, int64_t n, int64_t kk, int64_t pad, uint64_t seed) {
  Generator gen(seed);
  const int64_t a_rows = ta ? kk : m, a_cols = ta ? m : kk, b_rows = tb ? n : kk, b_cols = tb ? kk : n;
  const int64_t lda = a_cols + pad, ldb = b_cols + pad, ldc = n + pad;
  std::vector<float> a(static_cast<size_t>(a_rows * lda)), b(static_cast<size_t>(b_rows * ldb));
  std::vector<float> c(static_cast<size_t>(m * ldc), 12345.0f);
  for (float& v : a) v = static_cast<float>(gen.uniform01() * 2 - 1);
  for (float& v : b) v = static_cast<float>(gen.uniform01() * 2 - 1);
  k::set_gemm_path(path);
  k::sgemm(ta, tb, m, n, kk, a.data(), lda, b.data(), ldb, c.data(), ldc);
  auto A = [&](int64_t i, int64_t p) { return static_cast<double>(ta ? a[p * lda + i] : a[i * lda + p]); };
  auto B = [&](int64_t p, int64_t j) { return static_cast<double>(tb ? b[j * ldb + p] : b[p * ldb + j]); };
  int bad = 0;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < ldc; ++j) {
      const float got = c[static_cast<size_t>(i * ldc + j)];
      if (j >= n) {  // the padding between C's rows is never written
        bad += got != 12345.0f;
        continue;
      }
      double ref = 0;
      for (int64_t p = 0; p < kk; ++p) ref += A(i, p) * B(p, j);
      bad += !(std::abs(got - ref) <= 1e-6 * static_cast<double>(kk) + 1e-6);
    }
  EXPECT_EQ(bad, 0) << k::gemm_path_name(path) << (ta ? " T" : " N") << (tb ? "T" : "N") << " m " << m << " n "
                    << n << " k " << kk << " pad " << pad;
}

}  // namespace

TEST(Gemm, EveryPathEveryLayoutAgainstFloat64) {
  PathGuard guard;
  const int64_t edges[][3] = {{1, 1, 1},    {1, 32, 7},   {14, 32, 5},   {15, 33, 9},  {13, 31, 64},
                              {6, 16, 3},   {7, 17, 300}, {28, 64, 128}, {29, 1, 40},  {1, 300, 33},
                              {300, 3, 17}, {5, 8, 1},    {42, 96, 200}, {57, 129, 2}, {300, 300, 300},
                              {28, 16, 9},  {29, 48, 20}, {27, 15, 31},  {57, 10, 6}};
  uint64_t seed = 1;
  for (k::GemmPath path : runnable())
    for (const auto& e : edges)
      for (int layout = 0; layout < 4; ++layout, ++seed)
        check(path, layout & 1, layout & 2, e[0], e[1], e[2], seed % 3 == 0 ? 0 : 3, seed);
}

TEST(Gemm, RandomShapes) {
  PathGuard guard;
  Generator gen(99);
  uint64_t seed = 100;
  for (k::GemmPath path : runnable())
    for (int trial = 0; trial < 25; ++trial) {
      auto dim = [&] { return static_cast<int64_t>(1 + gen.uniform01() * 300); };
      const int64_t m = dim(), n = dim(), kk = dim();
      check(path, trial & 1, trial & 2, m, n, kk, trial % 5, seed++);
    }
}

TEST(Gemm, ZeroInnerDimensionGivesZeros) {
  PathGuard guard;
  for (k::GemmPath path : runnable()) {
    std::vector<float> c(6, 7.0f);
    k::set_gemm_path(path);
    k::sgemm(false, false, 2, 3, 0, nullptr, 1, nullptr, 3, c.data(), 3);
    EXPECT_EQ(c, std::vector<float>(6, 0.0f)) << k::gemm_path_name(path);
  }
}

TEST(Gemm, MatmulOfViewsAgreesAcrossPaths) {
  PathGuard guard;
  const Tensor a = to_dtype(randn({3, 37, 29}, 5), DType::Float32);
  const Tensor b = to_dtype(randn({3, 41, 29}, 6), DType::Float32);
  k::set_gemm_path(k::GemmPath::Blas);
  const Tensor ref = matmul(a, transpose(b, -2, -1));  // NT with a batch
  const Tensor ref_t = matmul(transpose(a, -2, -1), a);  // TN
  for (k::GemmPath path : runnable()) {
    k::set_gemm_path(path);
    EXPECT_LT(max(flatten(abs(matmul(a, transpose(b, -2, -1)) - ref)), 0).item(), 1e-4) << k::gemm_path_name(path);
    EXPECT_LT(max(flatten(abs(matmul(transpose(a, -2, -1), a) - ref_t)), 0).item(), 1e-4) << k::gemm_path_name(path);
  }
}

TEST(Gemm, PathNamesAndSupport) {
  EXPECT_STREQ(k::gemm_path_name(k::GemmPath::Avx512), "avx512");
  EXPECT_TRUE(k::gemm_path_supported(k::GemmPath::Blas));
  EXPECT_EQ(k::gemm_path(), k::GemmPath::Auto);
}
