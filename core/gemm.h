/// @file
/// ripple's own float32 GEMM for the small and thin products deep-learning layers make, with
/// register-blocked AVX-512 and AVX2 (FMA) micro-kernels chosen at run time from the CPU, and
/// OpenBLAS for everything else.
///
/// @code{.unparsed}
///   C (m, n) = op(A) @ op(B)        row-major; op(A) (m, k), op(B) (k, n); C's rows ldc apart
///   A as stored: (m, k) rows lda apart, or with trans_a its transpose, stored (k, m)
///   B as stored: (k, n) rows ldb apart, or with trans_b its transpose, stored (n, k)
/// @endcode
///
/// How a micro-kernel works. C is cut into tiles of MR rows by NR columns (AVX-512: 14 x 32, two
/// 16-float registers per row, so 28 of the 32 vector registers accumulate, and 28 x 16 for a last
/// panel of 16 columns or fewer, which would leave half of a 14 x 32 tile's registers idle; AVX2:
/// 6 x 16, 12 of 16). For each p of the k products, the kernel loads row p of the tile's B panel (NR floats) and
/// for each of the MR rows broadcasts A's element (i, p) and adds their product with one fused
/// multiply-add per register. The tile stays in registers for the whole sum over k and is written
/// once. B's rows are read where they lie when B is not transposed; a transposed B is copied once
/// per column panel into a (k, NR) buffer, so that its rows are contiguous. A is read where it
/// lies in both layouts (one element per row and step). Tiles at the right and bottom edges use
/// masked loads and stores (AVX-512) or a kernel with fewer rows.
///
/// The kernels do not block k or pack A: for the shapes of ripple's layers a tile's operands stay
/// in a core's caches anyway. Products above 2^29 multiply-adds (when OpenBLAS runs its own FMA
/// kernels, not its SSE3 fallback), float64, and CPUs without AVX2 and FMA go to OpenBLAS, whose
/// packing and cache blocking win there; on a CPU with AVX2 but not
/// AVX-512, OpenBLAS's AVX2 kernels match ripple's, which then takes only narrow outputs. The
/// measured crossovers are in gemm.cpp's choose() and bench/gemm.cpp prints them.
#pragma once

#include <cstdint>

namespace ripple::kernel {

/// The code paths sgemm can take.
enum class GemmPath {
  Auto,    ///< the default: the fastest path for the shape and the CPU (gemm.cpp's choose())
  Avx512,  ///< ripple's AVX-512 kernel for every shape (throws if the CPU lacks AVX-512F)
  Avx2,    ///< ripple's AVX2 + FMA kernel for every shape (throws if the CPU lacks them)
  Blas,    ///< OpenBLAS's cblas_sgemm
};

/// C = op(A) @ op(B) as described in gemm.h. C must not overlap A or B.
void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
           const float* b, int64_t ldb, float* c, int64_t ldc);

/// Forces a path for every later sgemm (tests and benchmarks compare them); Auto restores the
/// default. Throws ripple::Error if this CPU cannot run the path asked for.
void set_gemm_path(GemmPath path);
/// The path set by set_gemm_path.
GemmPath gemm_path();
/// Whether this CPU can run `path` (Auto and Blas: always).
bool gemm_path_supported(GemmPath path);
/// "auto", "avx512", "avx2", "blas".
const char* gemm_path_name(GemmPath path);

}  // namespace ripple::kernel
