// ripple's float32 GEMM: the AVX-512 and AVX2 micro-kernels, the loops over tiles and the
// choice of path (gemm.h).
#include "core/gemm.h"

#include <cblas.h>
#include <immintrin.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "core/tensor.h"

namespace ripple::kernel {
namespace {

std::atomic<GemmPath> forced{GemmPath::Auto};

// Where the kernels read: A's element (i, p) at a[i * row + p * col]; B's row p at b + p * ldb.
struct Operands {
  const float* a;
  int64_t row, col;
  const float* b;
  int64_t ldb;
};

// --- AVX-512: tiles of up to 14 rows by 32 columns, or 28 rows by 16 ------------------------------

constexpr int kMr512 = 14, kNr512 = 32;     // two registers per row: 28 accumulators
constexpr int kMr512Narrow = 28;            // one register per row, for panels of 16 columns or fewer

// NV registers of 16 floats per row of the tile (NV = 1 or 2); m1 masks the second.
template <int MR, int NV>
__attribute__((target("avx512f"))) void tile512(int64_t k, const Operands& o, float* c, int64_t ldc,
                                                __mmask16 m0, __mmask16 m1) {
  __m512 acc[MR][NV];
#pragma GCC unroll 28
  for (int i = 0; i < MR; ++i)
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_ps();
  const float* bp = o.b;
  const float* ap = o.a;
  for (int64_t p = 0; p < k; ++p, bp += o.ldb, ap += o.col) {
    __m512 bv[NV];
    bv[0] = _mm512_maskz_loadu_ps(m0, bp);
    if constexpr (NV == 2) bv[1] = _mm512_maskz_loadu_ps(m1, bp + 16);
#pragma GCC unroll 28
    for (int i = 0; i < MR; ++i) {
      const __m512 ai = _mm512_set1_ps(ap[i * o.row]);
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
    }
  }
#pragma GCC unroll 28
  for (int i = 0; i < MR; ++i) {
    _mm512_mask_storeu_ps(c + i * ldc, m0, acc[i][0]);
    if constexpr (NV == 2) _mm512_mask_storeu_ps(c + i * ldc + 16, m1, acc[i][1]);
  }
}

using Tile512 = void (*)(int64_t, const Operands&, float*, int64_t, __mmask16, __mmask16);
template <int NV, int... R>
constexpr auto tiles512(std::integer_sequence<int, R...>) {
  return std::array<Tile512, sizeof...(R)>{&tile512<R + 1, NV>...};
}
constexpr auto kTiles512 = tiles512<2>(std::make_integer_sequence<int, kMr512>{});
constexpr auto kTiles512Narrow = tiles512<1>(std::make_integer_sequence<int, kMr512Narrow>{});

__attribute__((target("avx512f"))) void panel512(int64_t m, int64_t nr, int64_t k, const Operands& o,
                                                 float* c, int64_t ldc) {
  const int64_t lo = std::min<int64_t>(nr, 16), hi = std::max<int64_t>(nr - 16, 0);
  const auto m0 = static_cast<__mmask16>((1u << lo) - 1), m1 = static_cast<__mmask16>((1u << hi) - 1);
  const bool narrow = nr <= 16;
  const int64_t mr = narrow ? kMr512Narrow : kMr512;
  for (int64_t i = 0; i < m; i += mr) {
    const int64_t rows = std::min<int64_t>(mr, m - i);
    Operands oi = o;
    oi.a += i * o.row;
    (narrow ? kTiles512Narrow[rows - 1] : kTiles512[rows - 1])(k, oi, c + i * ldc, ldc, m0, m1);
  }
}

// --- AVX2 + FMA: tiles of up to 6 rows by 16 columns -------------------------------------------

constexpr int kMr256 = 6, kNr256 = 16;

template <int MR>
__attribute__((target("avx2,fma"))) void tile256(int64_t k, const Operands& o, float* c, int64_t ldc,
                                                 const int32_t* lanes0, const int32_t* lanes1) {
  const __m256i m0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(lanes0));
  const __m256i m1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(lanes1));
  __m256 acc[MR][2];
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
  for (int64_t p = 0; p < k; ++p) {
    const float* bp = o.b + p * o.ldb;
    const __m256 b0 = _mm256_maskload_ps(bp, m0), b1 = _mm256_maskload_ps(bp + 8, m1);
    const float* ap = o.a + p * o.col;
#pragma GCC unroll 6
    for (int i = 0; i < MR; ++i) {
      const __m256 ai = _mm256_broadcast_ss(ap + i * o.row);
      acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
    }
  }
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) {
    _mm256_maskstore_ps(c + i * ldc, m0, acc[i][0]);
    _mm256_maskstore_ps(c + i * ldc + 8, m1, acc[i][1]);
  }
}

using Tile256 = void (*)(int64_t, const Operands&, float*, int64_t, const int32_t*, const int32_t*);
template <int... R>
constexpr auto tiles256(std::integer_sequence<int, R...>) {
  return std::array<Tile256, sizeof...(R)>{&tile256<R + 1>...};
}
constexpr auto kTiles256 = tiles256(std::make_integer_sequence<int, kMr256>{});

__attribute__((target("avx2,fma"))) void panel256(int64_t m, int64_t nr, int64_t k, const Operands& o,
                                                  float* c, int64_t ldc) {
  // lanes [0, n) of a mask: 8 ones then 8 zeros, read from 8 - n
  alignas(32) static const int32_t ones[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  const int64_t lo = std::min<int64_t>(nr, 8), hi = std::max<int64_t>(nr - 8, 0);
  for (int64_t i = 0; i < m; i += kMr256) {
    const int64_t rows = std::min<int64_t>(kMr256, m - i);
    Operands oi = o;
    oi.a += i * o.row;
    kTiles256[rows - 1](k, oi, c + i * ldc, ldc, ones + 8 - lo, ones + 8 - hi);
  }
}

// --- packing a transposed B ---------------------------------------------------------------------

// dst (k, ldd) = the transpose of src's rows [0, nr), each k floats, ldb apart (zero beyond nr).
// 8 x 8 blocks are transposed in registers (three rounds of shuffles), the rest element by element:
// a scalar copy writes one float per cycle at best, which at k = 128 cost as much as the product.
__attribute__((target("avx2"))) void pack_transposed(const float* src, int64_t ldb, int64_t nr, int64_t k,
                                                     float* dst, int64_t ldd) {
  int64_t j = 0;
  for (; j + 8 <= nr; j += 8) {
    int64_t p = 0;
    for (; p + 8 <= k; p += 8) {
      __m256 r[8], t[8];
      for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + (j + i) * ldb + p);
      for (int i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
      }
      for (int i = 0; i < 8; i += 4) {
        r[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
        r[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
        r[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
        r[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
      }
      for (int i = 0; i < 4; ++i) {
        _mm256_storeu_ps(dst + (p + i) * ldd + j, _mm256_permute2f128_ps(r[i], r[i + 4], 0x20));
        _mm256_storeu_ps(dst + (p + i + 4) * ldd + j, _mm256_permute2f128_ps(r[i], r[i + 4], 0x31));
      }
    }
    for (; p < k; ++p)
      for (int64_t jj = j; jj < j + 8; ++jj) dst[p * ldd + jj] = src[jj * ldb + p];
  }
  for (; j < nr; ++j)
    for (int64_t p = 0; p < k; ++p) dst[p * ldd + j] = src[j * ldb + p];
  for (int64_t p = 0; p < k; ++p)
    for (int64_t jj = nr; jj < ldd; ++jj) dst[p * ldd + jj] = 0.0f;
}

// --- the loop over column panels, shared by both kernels ----------------------------------------

template <class Panel>
void tiled(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
           const float* b, int64_t ldb, float* c, int64_t ldc, int64_t nr_max, Panel panel) {
  thread_local std::vector<float> packed;  // a transposed B's panel, (k, nr_max)
  Operands o{a, trans_a ? 1 : lda, trans_a ? lda : 1, nullptr, 0};
  for (int64_t j = 0; j < n; j += nr_max) {
    const int64_t nr = std::min(nr_max, n - j);
    if (trans_b) {  // B stored (n, k): its columns j.. as rows of a contiguous panel
      packed.resize(static_cast<size_t>(k * nr_max));
      pack_transposed(b + j * ldb, ldb, nr, k, packed.data(), nr_max);
      o.b = packed.data();
      o.ldb = nr_max;
    } else {
      o.b = b + j;
      o.ldb = ldb;
    }
    panel(m, nr, k, o, c + j, ldc);
  }
}

bool cpu_has(GemmPath path) {
  switch (path) {
    case GemmPath::Avx512: return __builtin_cpu_supports("avx512f");
    case GemmPath::Avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    default: return true;
  }
}

// Whether OpenBLAS runs FMA kernels (AVX2 or wider) on this CPU, from the core it chose itself. The
// OpenBLAS 0.3.21 of Debian 12 falls back to its SSE3 (Prescott) kernels on CPUs newer than it
// knows unless OPENBLAS_CORETYPE names one, as on the Intel Xeon of model 207 where a forecast
// epoch took 3.4 s through them and 0.85 s through ripple's. ripple reads OpenBLAS's answer,
// never the variable.
bool blas_has_fma_kernels() {
  const std::string core = openblas_get_corename();
  for (const char* fma : {"Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"})
    if (core == fma) return true;
  return false;
}

// The path for one product when none is forced, from bench/gemm.cpp (one thread). The AVX-512
// kernel is 1.2-2.8x OpenBLAS's AVX2 (Haswell) kernels on every layer shape up to 512 x 512 x 512
// and on K = 10,752, even with a B panel beyond L2, and level with them at 1024^3, where its
// loops, which do not block for the caches, fall to ~36% of the core's peak; so OpenBLAS takes
// the products above 2^29 multiply-adds when it runs FMA kernels. Its SSE3 kernels are half the
// AVX-512 kernel's speed even there (square 1024: 31 against 63 GFLOP/s), so then the kernel
// takes every size. The AVX2 kernel reaches 0.8-1.0x OpenBLAS's AVX2 kernels, 1.1-1.2x only on
// narrow outputs (N <= 32, such as makemore's 27 logits), so on a CPU without AVX-512 it takes
// those alone.
GemmPath choose(int64_t m, int64_t n, int64_t k) {
  static const bool avx512 = cpu_has(GemmPath::Avx512), avx2 = cpu_has(GemmPath::Avx2),
                    blas_fma = blas_has_fma_kernels();
  if (blas_fma && static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) > 536870912.0)
    return GemmPath::Blas;
  if (avx512) return GemmPath::Avx512;
  if (avx2 && n <= 32) return GemmPath::Avx2;
  return GemmPath::Blas;
}

}  // namespace

void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
           const float* b, int64_t ldb, float* c, int64_t ldc) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    for (int64_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
    return;
  }
  GemmPath path = forced.load(std::memory_order_relaxed);
  if (path == GemmPath::Auto) path = choose(m, n, k);
  switch (path) {
    case GemmPath::Avx512:
      tiled(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, kNr512, panel512);
      return;
    case GemmPath::Avx2:
      tiled(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, kNr256, panel256);
      return;
    default:
      cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                  static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0f, a, static_cast<int>(lda), b,
                  static_cast<int>(ldb), 0.0f, c, static_cast<int>(ldc));
  }
}

void set_gemm_path(GemmPath path) {
  if (!cpu_has(path))
    throw Error(std::string("set_gemm_path: this CPU cannot run the ") + gemm_path_name(path) + " kernel");
  forced.store(path);
}

GemmPath gemm_path() { return forced.load(); }

bool gemm_path_supported(GemmPath path) { return cpu_has(path); }

const char* gemm_path_name(GemmPath path) {
  switch (path) {
    case GemmPath::Auto: return "auto";
    case GemmPath::Avx512: return "avx512";
    case GemmPath::Avx2: return "avx2";
    default: return "blas";
  }
}

}  // namespace ripple::kernel
