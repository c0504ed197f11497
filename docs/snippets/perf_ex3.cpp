// Performance, exercise 3: a contiguous copy before a product. Which of these views can be
// handed to a GEMM as they are, and which must be copied first?
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // BLAS reads a matrix whose rows (or, with its transpose flag, whose columns) are contiguous
  // and at least a row (column) apart: the leading dimension. core/matmul.cpp's blas_layout asks
  // exactly this. Slices keep stride 1 and a leading dimension of 6; a transpose has stride 1
  // down each column; an expand repeats one row with stride 0, so no leading dimension fits.
  Tensor a = reshape(arange(24), {4, 6});
  struct View { const char* name; Tensor t; };
  const View views[] = {{"a", a},
                        {"narrow(a, 0, 1, 2)", narrow(a, 0, 1, 2)},
                        {"transpose(a, 0, 1)", transpose(a, 0, 1)},
                        {"narrow(a, 1, 2, 3)", narrow(a, 1, 2, 3)},
                        {"expand(a[0], {4, 6})", expand(unsqueeze(select(a, 0, 0), 0), {4, 6})}};
  for (const View& v : views) {
    const Shape& s = v.t.strides();
    const int64_t R = v.t.size(0), C = v.t.size(1);
    const bool rows = s[1] == 1 && s[0] >= C, cols = s[0] == 1 && s[1] >= R;
    std::printf("%-22s strides %-8s %s\n", v.name, to_string(s).c_str(),
                rows ? "rows contiguous: as is" : cols ? "columns contiguous: as is, transposed"
                                                       : "neither: contiguous() copies it");
  }
  // doc-end solution
  return 0;
}
