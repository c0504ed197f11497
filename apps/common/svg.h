// Plot: a dependency-free SVG line-plot writer for loss curves and forecasts.
//
//   apps::Plot plot;
//   plot.title = "makemore training";
//   plot.x_label = "step";
//   plot.y_label = "loss";
//   plot.log_y = true;
//   plot.line("train", steps, train_loss).line("val", val_steps, val_loss);
//   plot.save("out/loss.svg");
//
//   apps::Plot f;                                   // a forecast
//   f.line("history", t, y).points("actual", t2, y2).line("forecast", t2, yhat);
//   f.vline(t2[0], "forecast");
//   f.band("80% interval", t2, lo, hi);             // a shaded range, drawn under the lines
//   f.x_tick_label = [&](double row) { return date_of(row); };  // dates on the x axis
//
// Ranges scale to the data (every series and vertical marker), ticks follow the 1-2-5 rule (on a
// log10 axis: powers of ten, or 1-2-5 inside a decade when the data spans less). Non-finite
// points, and points <= 0 on a log axis, are skipped and break a line. Long series are thinned per
// pixel column (keeping first, min, max and last), so a 200,000-step curve stays a small file.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace ripple::apps {

enum class Mark { Line, Points };

struct Series {
  std::string name;         // shown in the legend; "" keeps the series out of it
  std::vector<double> x, y;
  Mark mark = Mark::Line;
  std::string color;        // any SVG colour; "" picks the next colour of the palette
};

class Plot {
 public:
  std::string title, x_label, y_label;
  bool log_y = false;  // log10 y axis
  int width = 800, height = 480;
  // The x axis's tick labels (dates for a row index, say); empty: the numbers. With it, the
  // axis gets at most 5 ticks, as such labels are long.
  std::function<std::string(double)> x_tick_label;

  // Adds a series drawn as a polyline (or as markers with points()). x and y must have the same
  // length (throws std::invalid_argument otherwise). Each returns *this for chaining.
  Plot& line(const std::string& name, std::vector<double> x, std::vector<double> y,
             const std::string& color = "");
  Plot& line(const std::string& name, const std::vector<double>& y);  // x = 0, 1, 2, ...
  Plot& points(const std::string& name, std::vector<double> x, std::vector<double> y,
               const std::string& color = "");
  // A shaded range from lo to hi over x (an interval around a forecast), drawn under the lines,
  // by default in the palette's second colour (the forecast after a history); its legend entry
  // is a swatch. The three must have the same length (std::invalid_argument).
  Plot& band(const std::string& name, std::vector<double> x, std::vector<double> lo,
             std::vector<double> hi, const std::string& color = "");
  // A dashed vertical marker at x (e.g. where a forecast starts), with an optional label.
  Plot& vline(double x, const std::string& label = "");

  const std::vector<Series>& series() const { return series_; }

  // The SVG document: starts with "<svg" and ends with "</svg>\n".
  std::string render() const;
  // Writes render() to `path` with ripple::write_file_atomic. Throws ripple::FileError.
  void save(const std::filesystem::path& path) const;

 private:
  struct Marker {
    double x;
    std::string label;
  };
  struct Band {
    std::string name;
    std::vector<double> x, lo, hi;
    std::string color;
  };
  std::vector<Series> series_;
  std::vector<Band> bands_;
  std::vector<Marker> markers_;
};

// Tick positions for a linear axis over [lo, hi]: multiples of 1, 2 or 5 times a power of ten,
// the finest such step giving at most max_ticks ticks inside the range.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks = 8);

// Tick positions for a log10 axis over [lo, hi] (both > 0): powers of ten (every 2nd, 5th... if
// there are too many), or 1-2-5 / 1..9 times them, the densest set with at most max_ticks; falls
// back to nice_ticks() when that gives more ticks and this fewer than four (data within a decade).
std::vector<double> log_ticks(double lo, double hi, int max_ticks = 8);

// The loss plot both apps write to DIR/loss.svg: the training curve as a line, and the
// validation losses, when there are any, as points or a line (val.mark).
struct LossPlot {
  std::string title, x_label, y_label;
  bool log_y = false;
  Series train, val;
};
// Throws ripple::FileError.
void plot_losses(const std::filesystem::path& path, const LossPlot& losses);

}  // namespace ripple::apps
