// fig_wavenet_block: draws docs/figures/wavenet_block.svg for chapter 8 - one gated residual block
// of the paper's WaveNet, as models/wavenet.h builds it: the dilated causal convolution to 2C
// channels, the tanh and sigmoid halves multiplied, the 1x1 convolution split into the residual
// (added to the block's input) and the skip (summed over the blocks into the head). The shapes
// written on the figure are read from a real forecast::WaveNetBlock run on a batch, not typed in.
// usage: fig_wavenet_block OUT.svg
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <ripple/ripple.h>

using namespace ripple;

namespace {

std::ostringstream svg;

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return out;
}

void text(double x, double y, const std::string& s, int size = 14, const char* anchor = "middle",
          const char* colour = "#222") {
  svg << "<text x=\"" << x << "\" y=\"" << y << "\" text-anchor=\"" << anchor << "\" font-size=\""
      << size << "\" fill=\"" << colour << "\">" << escape(s) << "</text>\n";
}

// A box centred at (cx, cy) with a title and an optional second line in grey.
void box(double cx, double cy, double w, double h, const std::string& title,
         const std::string& detail = "", const char* fill = "#eaf2fb") {
  svg << "<rect x=\"" << cx - w / 2 << "\" y=\"" << cy - h / 2 << "\" width=\"" << w
      << "\" height=\"" << h << "\" rx=\"6\" fill=\"" << fill << "\" stroke=\"#34495e\"/>\n";
  text(cx, detail.empty() ? cy + 5 : cy - 3, title, 14);
  if (!detail.empty()) text(cx, cy + 14, detail, 12, "middle", "#555");
}

void circle(double cx, double cy, const std::string& op) {
  svg << "<circle cx=\"" << cx << "\" cy=\"" << cy << "\" r=\"13\" fill=\"white\" stroke=\"#34495e\"/>\n";
  text(cx, cy + 6, op, 18);
}

void arrow(double x1, double y1, double x2, double y2, const std::string& label = "",
           const char* colour = "#34495e") {
  svg << "<line x1=\"" << x1 << "\" y1=\"" << y1 << "\" x2=\"" << x2 << "\" y2=\"" << y2
      << "\" stroke=\"" << colour << "\" stroke-width=\"1.6\" marker-end=\"url(#head)\"/>\n";
  if (!label.empty()) text((x1 + x2) / 2 + 8, (y1 + y2) / 2 + 4, label, 12, "start", "#555");
}

void path(const std::string& d, const char* colour = "#34495e", const char* dash = "") {
  svg << "<path d=\"" << d << "\" fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"1.6\""
      << (*dash ? std::string(" stroke-dasharray=\"") + dash + "\"" : std::string())
      << " marker-end=\"url(#head)\"/>\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fig_wavenet_block OUT.svg\n");
    return 2;
  }
  const int64_t C = 32, S = 32, d = 4, B = 8, T = 50;
  Generator gen(0);
  forecast::WaveNetBlock block(C, S, d, DType::Float32, gen);
  Tensor x = gen.normal({B, T, C});
  forecast::WaveNetBlockOutput out = block.run(x);
  const std::string w_dilated = to_string(block.dilated().weight.shape());
  const std::string w_out = to_string(block.out().weight.shape());
  const std::string bt = "(" + std::to_string(B) + ", " + std::to_string(T) + ", ";

  const double width = 820, height = 640, mid = 330;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\" font-family=\"sans-serif\">\n"
      << "<defs><marker id=\"head\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" "
         "orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\" fill=\"#34495e\"/></marker></defs>\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  text(width / 2, 26, "One gated residual block (" + escape(block.describe()) + ")", 16);

  box(mid, 70, 230, 40, "block input x", "(B, T, C) = " + to_string(x.shape()), "#f4f6f7");
  arrow(mid, 90, mid, 122);
  box(mid, 150, 330, 52, "dilated causal conv, kernel 2, d = " + std::to_string(d),
      "weight (2, C, 2C) = " + w_dilated + " -> " + bt + std::to_string(2 * C) + ")");
  // the two halves
  arrow(mid - 60, 176, mid - 110, 226, "first C: W_f * x");
  arrow(mid + 60, 176, mid + 110, 226, "");
  text(mid + 128, 206, "last C: W_g * x", 12, "start", "#555");
  box(mid - 120, 250, 110, 44, "tanh", "filter", "#fdf2e9");
  box(mid + 120, 250, 110, 44, "sigmoid", "gate in (0, 1)", "#fdf2e9");
  arrow(mid - 120, 272, mid - 14, 316);
  arrow(mid + 120, 272, mid + 14, 316);
  circle(mid, 326, "×");
  text(mid + 24, 331, "z = tanh(W_f * x) · σ(W_g * x)   " + bt + std::to_string(C) + ")", 13, "start");
  arrow(mid, 339, mid, 372);
  box(mid, 400, 330, 52, "1x1 conv", "weight (1, C, C + S) = " + w_out + " -> " + bt +
      std::to_string(C + S) + ")");
  // residual: first C channels, added to x carried down the left
  arrow(mid - 60, 426, mid - 60, 478, "first C: r");
  path("M " + std::to_string(mid - 115) + " 70 L 70 70 L 70 492 L " + std::to_string(mid - 74) + " 492");
  text(78, 280, "x, unchanged", 12, "start", "#555");
  circle(mid - 60, 492, "+");
  arrow(mid - 60, 505, mid - 60, 560);
  box(mid - 60, 585, 250, 44, "residual x + r: next block's input",
      to_string(out.residual.shape()), "#f4f6f7");
  // skip: last S channels, to the head
  arrow(mid + 100, 426, mid + 250, 478, "last S: skip s");
  box(mid + 300, 500, 190, 44, "Σ skips of all blocks", to_string(out.skip.shape()) + " each",
      "#eafaf1");
  arrow(mid + 300, 522, mid + 300, 560);
  box(mid + 300, 585, 250, 44, "ReLU, 1x1, ReLU, 1x1", "the head: (B, T, S) -> (B, T, E)", "#eafaf1");
  svg << "</svg>\n";

  std::ofstream file(argv[1]);
  file << svg.str();
  if (!file) {
    std::fprintf(stderr, "fig_wavenet_block: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
