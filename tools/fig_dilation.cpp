// fig_dilation: draws docs/figures/dilation.svg for chapter 5 - the Keras tutorial's stack of
// causal convolutions (kernel 2, dilations 1, 2, 4, 8) over 20 time steps, with every connection
// in grey and, highlighted, the nodes and connections that the output at the last step depends on.
// The highlighted input steps are counted and checked against ripple's receptive_field().
// usage: fig_dilation OUT.svg
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

namespace {

constexpr int kSteps = 20, kKernel = 2;
const std::vector<int64_t> kDilations = {1, 2, 4, 8};
constexpr double kLeft = 140, kTop = 50, kDx = 34, kDy = 78, kRadius = 8;

double x_of(int t) { return kLeft + t * kDx; }
double y_of(int level) { return kTop + (kDilations.size() - level) * kDy; }  // level 0 = input

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fig_dilation OUT.svg\n");
    return 2;
  }
  const int levels = static_cast<int>(kDilations.size());
  // seen[level]: the steps of that level the last output depends on, walking down the stack
  std::vector<std::set<int>> seen(levels + 1);
  seen[levels].insert(kSteps - 1);
  for (int level = levels; level > 0; --level)
    for (int t : seen[level])
      for (int k = 0; k < kKernel; ++k)
        if (int s = t - k * static_cast<int>(kDilations[level - 1]); s >= 0) seen[level - 1].insert(s);

  std::vector<ConvSpec> specs;
  for (int64_t d : kDilations) specs.push_back({kKernel, d});
  const int64_t field = receptive_field(specs);
  if (static_cast<int64_t>(seen[0].size()) != field) {
    std::fprintf(stderr, "fig_dilation: %zu input steps highlighted, receptive_field says %lld\n",
                 seen[0].size(), static_cast<long long>(field));
    return 1;
  }

  const double width = x_of(kSteps - 1) + 40, height = y_of(0) + 80;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\" font-family=\"sans-serif\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << width / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">"
      << "Causal convolutions, kernel 2, dilations 1, 2, 4, 8: the last output sees " << field
      << " input steps</text>\n";
  // connections: grey for all, coloured for those on the last output's paths
  for (int level = 1; level <= levels; ++level) {
    const int d = static_cast<int>(kDilations[level - 1]);
    for (int t = 0; t < kSteps; ++t)
      for (int k = 0; k < kKernel; ++k) {
        const int s = t - k * d;
        if (s < 0) continue;
        const bool hot = seen[level].count(t) && seen[level - 1].count(s);
        svg << "<line x1=\"" << x_of(s) << "\" y1=\"" << y_of(level - 1) << "\" x2=\"" << x_of(t)
            << "\" y2=\"" << y_of(level) << "\" stroke=\"" << (hot ? "#c0392b" : "#d0d0d0")
            << "\" stroke-width=\"" << (hot ? 2.2 : 1) << "\"/>\n";
      }
  }
  // nodes and row labels
  for (int level = 0; level <= levels; ++level) {
    const std::string label = level == 0 ? "input" : level == levels ? "output, d = 8"
                                                   : "d = " + std::to_string(kDilations[level - 1]);
    svg << "<text x=\"" << kLeft - 24 << "\" y=\"" << y_of(level) + 5
        << "\" text-anchor=\"end\" font-size=\"14\">" << label << "</text>\n";
    for (int t = 0; t < kSteps; ++t) {
      const bool hot = seen[level].count(t) > 0;
      svg << "<circle cx=\"" << x_of(t) << "\" cy=\"" << y_of(level) << "\" r=\"" << kRadius
          << "\" fill=\"" << (hot ? "#e74c3c" : "white") << "\" stroke=\""
          << (hot ? "#922b21" : "#999") << "\" stroke-width=\"1.5\"/>\n";
    }
  }
  // a bracket under the input steps the output sees
  const int first = *seen[0].begin();
  const double by = y_of(0) + 22;
  svg << "<path d=\"M" << x_of(first) << " " << by - 6 << " V" << by << " H" << x_of(kSteps - 1)
      << " V" << by - 6 << "\" fill=\"none\" stroke=\"#922b21\" stroke-width=\"1.5\"/>\n"
      << "<text x=\"" << (x_of(first) + x_of(kSteps - 1)) / 2 << "\" y=\"" << by + 20
      << "\" text-anchor=\"middle\" font-size=\"14\" fill=\"#922b21\">" << field
      << " input steps: 1 + (2 - 1) * (1 + 2 + 4 + 8)</text>\n"
      << "<text x=\"" << x_of(0) << "\" y=\"" << by + 20 << "\" font-size=\"13\" fill=\"#666\">"
      << "time &#8594;</text>\n"
      << "</svg>\n";
  std::ofstream(argv[1]) << svg.str();
  return 0;
}
