// Printing a tensor the way PyTorch does:
//   tensor([[ 1.0000,  2.0000],
//           [ 3.0000,  4.0000]], shape=(2, 2), dtype=float32)
// Dims longer than 6 show their first and last 3 entries around "...". As in PyTorch, blocks of
// a 3-d tensor are separated by a blank line (two for 4-d, and so on).
#include <cstdio>
#include <ostream>
#include <string>

#include "core/loops.h"
#include "core/tensor.h"

namespace ripple {

static std::string format_value(double v, bool integral) {
  char buf[32];
  if (integral) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  else std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

static void print_dim(std::ostream& os, const Tensor& t, int64_t d, int64_t offset, int indent,
                      bool integral, size_t width) {
  const int64_t n = t.shape()[d];
  std::string sep = ",";  // ", " within a row; else newlines (one per dim below) and an indent
  if (d + 1 == t.dim()) {
    sep += ' ';
  } else {
    sep.append(static_cast<size_t>(t.dim() - d - 1), '\n');
    sep.append(static_cast<size_t>(indent + 1), ' ');
  }
  os << '[';
  for (int64_t i = 0; i < n; ++i) {
    if (n > 6 && i == 3) {
      os << "..." << sep;
      i = n - 3;
    }
    int64_t off = offset + i * t.strides()[d];
    if (d + 1 == t.dim()) {
      double v = dispatch_all(t.dtype(), [&]<class T>() { return static_cast<double>(t.data<T>()[off]); });
      std::string s = format_value(v, integral);
      os << std::string(width > s.size() ? width - s.size() : 0, ' ') << s;
    } else {
      print_dim(os, t, d + 1, off, indent + 1, integral, width);
    }
    if (i + 1 < n) os << sep;
  }
  os << ']';
}

std::ostream& operator<<(std::ostream& os, const Tensor& t) {
  if (!t.defined()) return os << "tensor(undefined)";
  bool integral = t.dtype() == DType::Int64;
  os << "tensor(";
  if (t.dim() == 0) {
    os << format_value(t.item(), integral);
  } else if (t.numel() == 0) {
    os << "[]";
  } else {
    size_t width = 0;
    for (int64_t i = 0; i < t.numel(); ++i)
      width = std::max(width, format_value(t.at_flat(i), integral).size());
    print_dim(os, t, 0, 0, 7, integral, width);
  }
  return os << ", shape=" << to_string(t.shape()) << ", dtype=" << dtype_name(t.dtype()) << ")";
}

}  // namespace ripple
