// Tests for apps/common/svg: ticks, the SVG document, long and degenerate series, saving, and the
// loss plot both apps write.
#include "apps/common/svg.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/file.h"
#include "tests/op_testing.h"
#include "tests/temp_dir.h"

namespace fs = std::filesystem;
using namespace ripple::apps;

namespace {

using ripple::testing::error_of;
using ripple::testing::TempDir;

void expect_near(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12 * std::abs(want[i]));
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

// --- svg -------------------------------------------------------------------------------------

TEST(AppsSvg, NiceTicksFollowTheOneTwoFiveRule) {
  expect_near(nice_ticks(0, 1), {0, 0.2, 0.4, 0.6, 0.8, 1});
  expect_near(nice_ticks(0, 200000), {0, 50000, 100000, 150000, 200000});
  expect_near(nice_ticks(-1.3, 2.7), {-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5});
  expect_near(nice_ticks(-1.3, 2.7, 4), {-1, 0, 1, 2});
  expect_near(nice_ticks(0.031, 0.049, 5), {0.035, 0.04, 0.045});
  EXPECT_TRUE(nice_ticks(1, 1).empty());
}

TEST(AppsSvg, LogTicks) {
  expect_near(log_ticks(1e-3, 1e2), {1e-3, 1e-2, 1e-1, 1, 10, 100});
  expect_near(log_ticks(0.9, 110), {1, 2, 5, 10, 20, 50, 100});
  expect_near(log_ticks(1.4, 4.3), {1.5, 2, 2.5, 3, 3.5, 4});  // within a decade: linear steps
  std::vector<double> wide = log_ticks(1e-10, 1);
  EXPECT_LE(wide.size(), 8u);
  EXPECT_GE(wide.size(), 3u);
}

TEST(AppsSvg, RendersAWellFormedDocument) {
  Plot plot;
  plot.title = "loss <train & val>";
  plot.x_label = "step";
  plot.y_label = "loss";
  plot.line("train", {0, 1, 2, 3}, {3.2, 2.9, NAN, 2.5})
      .points("val", {0, 3}, {3.3, 2.7})
      .vline(2, "lr drop");
  const std::string svg = plot.render();
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_NE(svg.find(">loss &lt;train &amp; val&gt;</text>"), std::string::npos);
  EXPECT_NE(svg.find(">step</text>"), std::string::npos);
  EXPECT_NE(svg.find(">train</text>"), std::string::npos);  // the legend
  EXPECT_NE(svg.find(">val</text>"), std::string::npos);
  EXPECT_NE(svg.find(">lr drop</text>"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  EXPECT_EQ(count(svg, "<path "), 1u);
  const size_t d = svg.find(" d=\"");
  ASSERT_NE(d, std::string::npos);
  EXPECT_EQ(count(svg.substr(d, svg.find('"', d + 4) - d), "M"), 2u);  // NaN splits the line
  EXPECT_EQ(count(svg, "<circle"), 2u + 1u);     // two markers and one legend sample
  EXPECT_EQ(count(svg, "<g"), count(svg, "</g>"));
  EXPECT_EQ(count(svg, "<text"), count(svg, "</text>"));
  EXPECT_NE(svg.find("#1f77b4"), std::string::npos);  // palette colours, one per series
  EXPECT_NE(svg.find("#ff7f0e"), std::string::npos);
}

TEST(AppsSvg, LogScaleTicksAndLongSeries) {
  Plot plot;
  plot.log_y = true;
  std::vector<double> y;
  for (int i = 0; i < 200000; ++i) y.push_back(std::pow(10.0, -4.0 * i / 200000) * (1 + i % 7));
  y[5] = -1;  // not drawable on a log axis: skipped
  plot.line("loss", y);
  const std::string svg = plot.render();
  for (const char* label : {">1e-4<", ">1e-3<", ">1e-2<", ">1e-1<", ">1e0<", ">1e1<"})
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  EXPECT_LT(svg.size(), 200000u);  // thinned per pixel column
  EXPECT_THROW(plot.line("bad", {1, 2}, {1}), std::invalid_argument);
}

TEST(AppsSvg, DegenerateInputsStillGiveAPlot) {
  std::vector<Plot> plots(6);
  plots[1].line("flat", {2, 2, 2});
  plots[2].points("one", {5}, {7});
  plots[3].line("gaps", {NAN, INFINITY, NAN});
  plots[4].log_y = true;
  plots[4].line("negative", {-1, 0, -3});
  plots[5].vline(3, "only a marker");
  for (const Plot& plot : plots) {
    const std::string svg = plot.render();
    EXPECT_TRUE(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
    EXPECT_EQ(svg.find("nan"), std::string::npos) << svg;
    EXPECT_EQ(svg.find("inf"), std::string::npos) << svg;
    EXPECT_NE(svg.find("<text"), std::string::npos);  // tick labels
  }
  EXPECT_EQ(plots[0].render().find("fill-opacity"), std::string::npos);  // no legend
}

TEST(AppsSvg, SaveIsAtomicAndNamesTheFileOnFailure) {
  TempDir dir;
  Plot plot;
  plot.line("a", {1, 2, 3});
  plot.save(dir.path / "plot.svg");
  EXPECT_EQ(ripple::read_file(dir.path / "plot.svg"), plot.render());
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1);
  const fs::path bad = dir.path / "missing" / "plot.svg";
  const std::string msg = error_of([&] { plot.save(bad); });
  EXPECT_NE(msg.find(bad.string()), std::string::npos) << msg;
}
TEST(AppsSvg, LossPlotDrawsValidationAsPointsOrALine) {
  TempDir dir;
  LossPlot losses;
  losses.title = "makemore wavenet: training loss";
  losses.x_label = "step";
  losses.y_label = "log10 loss";
  losses.train = {"train", {1, 2, 3}, {0.5, 0.4, 0.35}, Mark::Line, ""};
  losses.val = {"validation", {3}, {0.38}, Mark::Points, ""};
  plot_losses(dir.path / "a.svg", losses);
  const std::string a = ripple::read_file(dir.path / "a.svg");
  EXPECT_EQ(count(a, "<path "), 1u);
  EXPECT_EQ(count(a, "<circle"), 1u + 1u);  // the point and its legend sample
  EXPECT_NE(a.find(">makemore wavenet: training loss</text>"), std::string::npos);

  losses.val.mark = Mark::Line;
  losses.log_y = true;
  plot_losses(dir.path / "b.svg", losses);
  EXPECT_EQ(count(ripple::read_file(dir.path / "b.svg"), "<path "), 2u);

  losses.val = {};  // no validation set: only the training curve, alone in the legend
  plot_losses(dir.path / "c.svg", losses);
  const std::string c = ripple::read_file(dir.path / "c.svg");
  EXPECT_EQ(count(c, "<path "), 1u);
  EXPECT_EQ(c.find(">validation</text>"), std::string::npos);
}

}  // namespace
