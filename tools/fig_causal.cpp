// fig_causal: draws docs/figures/causal_padding.svg for chapter 4 - conv1d with kernel size 3,
// all weights 1, on the input [1, 2, 3, 4, 5] with same, causal and valid padding. Each panel
// shows the padded input (zeros in grey) and the outputs, every output placed under the newest
// input it reads, with the window of one output drawn. Padding and outputs come from ripple
// (conv1d_geometry and conv1d).
// usage: fig_causal OUT.svg
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <ripple/ripple.h>

using namespace ripple;

namespace {

constexpr int kCell = 40, kK = 3;
constexpr double kBase = 230;  // x of input step 0 in every panel

std::string text(double x, double y, const std::string& s, const char* extra = "") {
  std::ostringstream o;
  o << "<text x=\"" << x << "\" y=\"" << y << "\" " << extra << ">" << s << "</text>\n";
  return o.str();
}

std::string cell(double x, double y, const std::string& label, const char* fill,
                 const char* color = "#000") {
  std::ostringstream o;
  o << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << kCell << "\" height=\"" << kCell
    << "\" fill=\"" << fill << "\" stroke=\"#555\"/>\n"
    << "<text x=\"" << x + kCell / 2.0 << "\" y=\"" << y + kCell / 2.0 + 6
    << "\" text-anchor=\"middle\" font-size=\"17\" fill=\"" << color << "\">" << label
    << "</text>\n";
  return o.str();
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// One panel at height y: padded input, outputs, and the window of output `shown`.
std::string panel(const Tensor& x, Padding padding, double y, const std::string& note) {
  const int64_t T = x.size(1);
  const Conv1dGeometry g = conv1d_geometry(T, kK, 1, 1, padding);
  const Tensor out = conv1d(x, ones({kK, 1, 1}), Tensor(), 1, 1, padding);
  std::string s = text(20, y + 26, padding_name(padding), "font-size=\"17\" font-weight=\"bold\"");
  s += text(20, y + 46, "pad " + std::to_string(g.pad_left) + " left, " +
                            std::to_string(g.pad_right) + " right",
            "font-size=\"12\" fill=\"#555\"");
  s += text(20, y + 100, "output", "font-size=\"13\" fill=\"#555\"");
  // padded input: position p (0 = first padding zero) is input step p - pad_left
  const int64_t padded = g.pad_left + T + g.pad_right;
  auto column = [&](int64_t p) { return kBase + static_cast<double>(p - g.pad_left) * kCell; };
  for (int64_t p = 0; p < padded; ++p) {
    const int64_t t = p - g.pad_left;
    const bool pad = t < 0 || t >= T;
    s += cell(column(p), y + 10, pad ? "0" : fmt(x.at({0, t, 0})), pad ? "#eeeeee" : "#dfe7fd",
              pad ? "#999" : "#000");
  }
  // output j reads padded positions j .. j + K - 1: place it under the newest one, j + K - 1
  const int64_t shown = 2;
  for (int64_t j = 0; j < out.size(1); ++j) {
    const double left = column(j + kK - 1);
    s += cell(left, y + 75, fmt(out.at({0, j, 0})), j == shown ? "#fde2e4" : "#fff6d5");
    s += text(left + kCell / 2.0, y + 75 + kCell + 14, "y[" + std::to_string(j) + "]",
              "text-anchor=\"middle\" font-size=\"11\" fill=\"#555\"");
  }
  std::ostringstream o;
  o << "<rect x=\"" << column(shown) - 3 << "\" y=\"" << y + 7 << "\" width=\"" << kK * kCell + 6
    << "\" height=\"" << kCell + 6
    << "\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2.5\"/>\n";
  for (int64_t k = 0; k < kK; ++k)
    o << "<line x1=\"" << column(shown + k) + kCell / 2.0 << "\" y1=\"" << y + 10 + kCell
      << "\" x2=\"" << column(shown + kK - 1) + kCell / 2.0 << "\" y2=\"" << y + 75
      << "\" stroke=\"#c0392b\" stroke-width=\"1.5\"/>\n";
  s += o.str();
  s += text(kBase + 7 * kCell + 12, y + 66, note, "font-size=\"13\"");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fig_causal OUT.svg\n");
    return 2;
  }
  const Tensor x = reshape(tensor({1, 2, 3, 4, 5}), {1, 5, 1});  // (B, T, C)
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 740 480\" width=\"740\" "
      "height=\"480\" font-family=\"sans-serif\">\n<rect width=\"740\" height=\"480\" "
      "fill=\"white\"/>\n";
  svg += text(20, 22, "conv1d, kernel size 3, all weights 1: each output is the sum of its window.",
              "font-size=\"13\"");
  svg += text(20, 40, "Each output sits under the newest input it reads; one window in red.",
              "font-size=\"13\"");
  for (int k = 0; k < 5; ++k)
    svg += text(kBase + k * kCell + kCell / 2.0, 66, "x[" + std::to_string(k) + "]",
                "text-anchor=\"middle\" font-size=\"12\" fill=\"#555\"");
  svg += panel(x, Padding::Same, 68, "y[t] reads x[t+1]: the future");
  svg += panel(x, Padding::Causal, 203, "y[t] reads x[t-2..t] only");
  svg += panel(x, Padding::Valid, 338, "no padding: only 3 outputs");
  svg += "</svg>\n";
  std::ofstream(argv[1]) << svg;
  return 0;
}
