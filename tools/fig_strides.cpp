// fig_strides: draws docs/figures/strides.svg for chapter 1 - one storage block of six numbers,
// the (2, 3) tensor a that views it row by row, and transpose(a, 0, 1), a (3, 2) view of the same
// numbers with the strides swapped. The layouts are read from real ripple tensors.
// usage: fig_strides OUT.svg
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <ripple/ripple.h>

using namespace ripple;

namespace {

// One pale colour per storage element, so a cell of a view can be matched to its storage slot.
const char* kColors[] = {"#fde2e4", "#e2ece9", "#dfe7fd", "#fff1c1", "#e8dff5", "#d7f2d0"};
constexpr int kCell = 40;

std::string text(double x, double y, const std::string& s, const char* extra = "") {
  std::ostringstream o;
  o << "<text x=\"" << x << "\" y=\"" << y << "\" " << extra << ">" << s << "</text>\n";
  return o.str();
}

std::string cell(double x, double y, int value) {
  std::ostringstream o;
  o << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << kCell << "\" height=\"" << kCell
    << "\" fill=\"" << kColors[value] << "\" stroke=\"#333\"/>\n"
    << text(x + kCell / 2.0, y + kCell / 2.0 + 6, std::to_string(value),
            "text-anchor=\"middle\" font-size=\"18\"");
  return o.str();
}

std::string arrow(double x1, double y1, double x2, double y2, const std::string& label, double lx,
                  double ly) {
  std::ostringstream o;
  o << "<line x1=\"" << x1 << "\" y1=\"" << y1 << "\" x2=\"" << x2 << "\" y2=\"" << y2
    << "\" stroke=\"#c0392b\" stroke-width=\"2\" marker-end=\"url(#head)\"/>\n"
    << text(lx, ly, label, "fill=\"#c0392b\" font-size=\"14\"");
  return o.str();
}

// A 2-d view drawn as a grid at (x, y), with arrows for one step along each dim.
std::string grid(const Tensor& t, const std::string& title, double x, double y) {
  std::string s = text(x, y - 44, title, "font-size=\"15\" font-weight=\"bold\"");
  s += text(x, y - 24, "shape " + to_string(t.shape()) + ", strides " + to_string(t.strides()),
            "font-size=\"14\"");
  const int64_t rows = t.size(0), cols = t.size(1);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      s += cell(x + j * kCell, y + i * kCell, static_cast<int>(t.at({i, j})));
  const double right = x + cols * kCell, bottom = y + rows * kCell;
  s += arrow(x + 8, bottom + 14, x + kCell + 8, bottom + 14,
             "dim 1: +" + std::to_string(t.strides()[1]), x + kCell + 18, bottom + 19);
  s += arrow(right + 14, y + 8, right + 14, y + kCell + 8,
             "dim 0: +" + std::to_string(t.strides()[0]), right + 26, y + kCell / 2.0 + 12);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fig_strides OUT.svg\n");
    return 2;
  }
  const Tensor a = reshape(arange(6), {2, 3});
  const Tensor t = transpose(a, 0, 1);

  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 400\" width=\"640\" "
      "height=\"400\" "
      "font-family=\"sans-serif\">\n"
      "<defs><marker id=\"head\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" "
      "orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#c0392b\"/></marker></defs>\n"
      "<rect width=\"640\" height=\"400\" fill=\"white\"/>\n";
  svg += text(20, 30, "storage: one block of 6 floats", "font-size=\"15\" font-weight=\"bold\"");
  for (int k = 0; k < 6; ++k) {
    char index[16];
    std::snprintf(index, sizeof index, "[%d]", k);
    svg += text(20 + k * kCell + kCell / 2.0, 54, index,
                "text-anchor=\"middle\" font-size=\"12\" fill=\"#666\"");
    svg += cell(20 + k * kCell, 60, k);
  }
  svg += text(20, 128,
              "element [i, j] of a view is storage[offset + i * strides[0] + j * strides[1]]",
              "font-size=\"14\"");
  svg += grid(a, "a = reshape(arange(6), {2, 3})", 20, 220);
  svg += grid(t, "t = transpose(a, 0, 1): no copy", 350, 220);
  svg += "</svg>\n";
  std::ofstream(argv[1]) << svg;
  return 0;
}
