// Plot implementation: axis ranges and ticks, layout, and the SVG text (see svg.h).
#include "apps/common/svg.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/file.h"

namespace ripple::apps {
namespace {

// matplotlib's "tab10": distinct, and readable on white.
const char* const kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr double kCharWidth = 7.0;  // rough width of a 12px DejaVu Sans character

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string px(double v) { return fmt("%.1f", v); }  // a pixel coordinate

// `v` in exponent notation without noise: 1e-5, 2.5e3, 1e0.
std::string exp_number(double v) {
  std::string s = fmt("%.6e", v);  // d.dddddde+XX
  size_t e = s.find('e');
  std::string mantissa = s.substr(0, e);
  mantissa.erase(mantissa.find_last_not_of('0') + 1);
  if (mantissa.back() == '.') mantissa.pop_back();
  return mantissa + "e" + std::to_string(std::stoi(s.substr(e + 1)));
}

// "%g", but with exp_number() when that uses an exponent: 1e5 rather than 1e+05.
std::string short_number(double v) {
  std::string s = fmt("%g", v);
  return s.find('e') == std::string::npos ? s : exp_number(v);
}

// Labels for a set of ticks: fixed decimals matching the step on a plain linear axis, else %g.
std::vector<std::string> tick_labels(const std::vector<double>& ticks, bool log) {
  std::vector<std::string> labels;
  double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
  double biggest = 0;
  for (double t : ticks) biggest = std::max(biggest, std::abs(t));
  bool fixed = !log && biggest < 1e6 && step >= 1e-4;
  int decimals = std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 6);
  bool exponents = false;
  for (double t : ticks) {
    labels.push_back(fixed ? fmt(("%." + std::to_string(decimals) + "f").c_str(), t)
                           : short_number(t));
    exponents |= labels.back().find('e') != std::string::npos;
  }
  // On a log axis over many decades, all as 1e-4 rather than a mix of 0.0001 and 1e-6.
  if (log && ticks.size() > 1 && (exponents || ticks.back() / ticks.front() >= 1e4))
    for (size_t i = 0; i < ticks.size(); ++i) labels[i] = exp_number(ticks[i]);
  return labels;
}

struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  std::vector<double> ticks;
  // Position of v along the axis, 0 at lo and 1 at hi.
  double frac(double v) const {
    if (log) return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    return (v - lo) / (hi - lo);
  }
};

// An axis covering `values` (already filtered to be usable), padded by `pad` of its length.
Axis make_axis(const std::vector<double>& values, bool log, double pad) {
  Axis a;
  a.log = log;
  if (values.empty()) {
    a.lo = log ? 1 : 0, a.hi = log ? 10 : 1;
  } else {
    auto [mn, mx] = std::minmax_element(values.begin(), values.end());
    double lo = log ? std::log10(*mn) : *mn, hi = log ? std::log10(*mx) : *mx;
    if (hi - lo <= 1e-12 * std::max(1.0, std::abs(hi))) {  // a flat series
      double half = log ? 0.5 : std::max(std::abs(hi) * 0.1, 0.5);
      lo -= half, hi += half;
    }
    double margin = (hi - lo) * pad;
    lo -= margin, hi += margin;
    a.lo = log ? std::pow(10.0, lo) : lo, a.hi = log ? std::pow(10.0, hi) : hi;
  }
  a.ticks = log ? log_ticks(a.lo, a.hi) : nice_ticks(a.lo, a.hi);
  return a;
}

struct Point {
  double x, y;
};
using Polyline = std::vector<Point>;

std::string line_element(double x1, double y1, double x2, double y2) {
  return "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) +
         "\"/>\n";
}

// `text` must already be escaped.
std::string text_element(double x, double y, const char* anchor, const std::string& text) {
  return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\">" + text +
         "</text>\n";
}

// Splits a line at NaN points and thins each part: of the points sharing a pixel column only the
// first, lowest, highest and last are kept, which draws the same picture with far fewer points.
std::vector<Polyline> thin_line(const Polyline& points) {
  std::vector<Polyline> parts;
  Polyline part, column;
  auto flush = [&] {
    size_t lo = 0, hi = 0;
    for (size_t j = 0; j < column.size(); ++j) {
      if (column[j].y < column[lo].y) lo = j;
      if (column[j].y > column[hi].y) hi = j;
    }
    for (size_t j = 0; j < column.size(); ++j)
      if (column.size() <= 4 || j == 0 || j == lo || j == hi || j + 1 == column.size())
        part.push_back(column[j]);
    column.clear();
  };
  for (const Point& p : points) {
    if (!std::isfinite(p.x)) {
      flush();
      if (!part.empty()) parts.push_back(std::move(part));
      part.clear();
      continue;
    }
    if (!column.empty() && std::floor(p.x) != std::floor(column.back().x)) flush();
    column.push_back(p);
  }
  flush();
  if (!part.empty()) parts.push_back(std::move(part));
  return parts;
}

// How many points of the polylines, sampled every few pixels along each segment, fall inside the
// box [x0, x1] x [y0, y1].
size_t points_inside(const std::vector<Polyline>& lines, double x0, double y0, double x1,
                     double y1) {
  size_t count = 0;
  auto inside = [&](double x, double y) { return x >= x0 && x <= x1 && y >= y0 && y <= y1; };
  for (const Polyline& l : lines) {
    for (size_t i = 0; i < l.size(); ++i) {
      if (!std::isfinite(l[i].x)) continue;
      count += inside(l[i].x, l[i].y);
      if (i == 0 || !std::isfinite(l[i - 1].x)) continue;
      const double dx = l[i].x - l[i - 1].x, dy = l[i].y - l[i - 1].y;
      const int samples = std::min(200, static_cast<int>(std::hypot(dx, dy) / 4));
      for (int k = 1; k < samples; ++k) {
        const double t = static_cast<double>(k) / samples;
        count += inside(l[i - 1].x + t * dx, l[i - 1].y + t * dy);
      }
    }
  }
  return count;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || max_ticks < 2) return {};
  double k = std::floor(std::log10((hi - lo) / max_ticks)) - 1;
  for (;; ++k) {
    for (double m : {1.0, 2.0, 5.0}) {
      double step = m * std::pow(10.0, k);
      double first = std::ceil(lo / step - 1e-9), last = std::floor(hi / step + 1e-9);
      if (last - first + 1 > max_ticks) continue;
      // i * m / 10^-k rather than i * step, so 3 * 0.2 gives 0.6 rather than 0.6000000000000001.
      std::vector<double> ticks;
      for (double i = first; i <= last; ++i)
        ticks.push_back(i == 0 ? 0.0  // not -0.0, which would print as "-0"
                        : k < 0 ? i * m / std::pow(10.0, -k) : i * m * std::pow(10.0, k));
      return ticks;
    }
  }
}

std::vector<double> log_ticks(double lo, double hi, int max_ticks) {
  if (!(lo > 0) || !(hi > lo) || !std::isfinite(hi)) return {};
  int kmin = static_cast<int>(std::floor(std::log10(lo))),
      kmax = static_cast<int>(std::ceil(std::log10(hi)));
  auto inside = [&](double v) { return v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9); };
  const std::vector<std::vector<double>> mantissas = {
      {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 5}, {1, 3}, {1}};
  std::vector<double> ticks;
  for (const auto& set : mantissas) {
    ticks.clear();
    for (int k = kmin; k <= kmax; ++k)
      for (double m : set)
        if (inside(m * std::pow(10.0, k))) ticks.push_back(m * std::pow(10.0, k));
    if (static_cast<int>(ticks.size()) <= max_ticks) break;
  }
  // Many decades: every stride-th power of ten.
  for (int stride : {2, 5, 10, 20, 50, 100, 200, 500, 1000}) {
    if (static_cast<int>(ticks.size()) <= max_ticks) break;
    ticks.clear();
    for (int k = kmin; k <= kmax; ++k)
      if (k % stride == 0 && inside(std::pow(10.0, k))) ticks.push_back(std::pow(10.0, k));
  }
  // Within about a decade, evenly stepped ticks (1.5, 2, 2.5, ...) read better than 2, 3, 4.
  if (ticks.size() < 4) {
    std::vector<double> linear = nice_ticks(lo, hi, max_ticks);
    if (linear.size() > ticks.size()) return linear;
  }
  return ticks;
}

Plot& Plot::line(const std::string& name, std::vector<double> x, std::vector<double> y,
                 const std::string& color) {
  if (x.size() != y.size())
    throw std::invalid_argument("Plot: series '" + name + "' has " + std::to_string(x.size()) +
                                " x values but " + std::to_string(y.size()) + " y values");
  series_.push_back({name, std::move(x), std::move(y), Mark::Line, color});
  return *this;
}

Plot& Plot::line(const std::string& name, const std::vector<double>& y) {
  std::vector<double> x(y.size());
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
  return line(name, std::move(x), y);
}

Plot& Plot::points(const std::string& name, std::vector<double> x, std::vector<double> y,
                   const std::string& color) {
  line(name, std::move(x), std::move(y), color);
  series_.back().mark = Mark::Points;
  return *this;
}

Plot& Plot::band(const std::string& name, std::vector<double> x, std::vector<double> lo,
                 std::vector<double> hi, const std::string& color) {
  if (x.size() != lo.size() || x.size() != hi.size())
    throw std::invalid_argument("Plot: band '" + name + "' has " + std::to_string(x.size()) + " x, " +
                                std::to_string(lo.size()) + " lower and " + std::to_string(hi.size()) +
                                " upper values");
  bands_.push_back({name, std::move(x), std::move(lo), std::move(hi), color});
  return *this;
}

Plot& Plot::vline(double x, const std::string& label) {
  markers_.push_back({x, label});
  return *this;
}

std::string Plot::render() const {
  // Ranges from every drawable point and marker.
  std::vector<double> xs, ys;
  auto usable = [&](double x, double y) {
    return std::isfinite(x) && std::isfinite(y) && (!log_y || y > 0);
  };
  for (const Series& s : series_)
    for (size_t i = 0; i < s.x.size(); ++i)
      if (usable(s.x[i], s.y[i])) xs.push_back(s.x[i]), ys.push_back(s.y[i]);
  for (const Band& b : bands_)
    for (size_t i = 0; i < b.x.size(); ++i)
      for (double y : {b.lo[i], b.hi[i]})
        if (usable(b.x[i], y)) xs.push_back(b.x[i]), ys.push_back(y);
  for (const Marker& m : markers_)
    if (std::isfinite(m.x)) xs.push_back(m.x);
  Axis ax = make_axis(xs, false, 0.02);
  const Axis ay = make_axis(ys, log_y, 0.05);
  std::vector<std::string> xlabels;
  if (x_tick_label) {
    ax.ticks = nice_ticks(ax.lo, ax.hi, 5);
    for (double t : ax.ticks) xlabels.push_back(escape(x_tick_label(t)));
  } else {
    xlabels = tick_labels(ax.ticks, false);
  }
  const std::vector<std::string> ylabels = tick_labels(ay.ticks, log_y);

  // Layout: margins make room for the title, tick labels and axis labels.
  size_t ylabel_chars = 0;
  for (const std::string& l : ylabels) ylabel_chars = std::max(ylabel_chars, l.size());
  const double left =
      16 + kCharWidth * static_cast<double>(ylabel_chars) + (y_label.empty() ? 0 : 24);
  const double top = title.empty() ? 20 : 48, right = 24, bottom = x_label.empty() ? 30 : 54;
  const double pw = std::max(10.0, width - left - right);
  const double ph = std::max(10.0, height - top - bottom);
  auto X = [&](double x) { return left + ax.frac(x) * pw; };
  auto Y = [&](double y) { return top + ph - ay.frac(y) * ph; };

  // Every series in pixels: parts of a line split at gaps, or the markers of a point series.
  std::vector<std::vector<Polyline>> drawn;
  for (const Series& s : series_) {
    Polyline all;
    for (size_t i = 0; i < s.x.size(); ++i)
      all.push_back(usable(s.x[i], s.y[i]) ? Point{X(s.x[i]), Y(s.y[i])} : Point{NAN, NAN});
    if (s.mark == Mark::Line) {
      drawn.push_back(thin_line(all));
    } else {  // one single-point part per marker
      drawn.emplace_back();
      for (const Point& p : all)
        if (std::isfinite(p.x)) drawn.back().push_back({p});
    }
  }

  std::string o;
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
       "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) +
       " " + std::to_string(height) +
       "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n";
  o += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o += "<defs><clipPath id=\"plot-area\"><rect x=\"" + px(left) + "\" y=\"" + px(top) +
       "\" width=\"" + px(pw) + "\" height=\"" + px(ph) + "\"/></clipPath></defs>\n";
  if (!title.empty())
    o += "<text x=\"" + px(left + pw / 2) + "\" y=\"28\" text-anchor=\"middle\" font-size=\"16\" "
         "font-weight=\"bold\" fill=\"#222\">" + escape(title) + "</text>\n";

  // Grid, frame, tick labels, axis labels.
  o += "<g stroke=\"#e4e4e4\" stroke-width=\"1\">\n";
  for (double t : ax.ticks) o += line_element(X(t), top, X(t), top + ph);
  for (double t : ay.ticks) o += line_element(left, Y(t), left + pw, Y(t));
  o += "</g>\n<rect x=\"" + px(left) + "\" y=\"" + px(top) + "\" width=\"" + px(pw) +
       "\" height=\"" + px(ph) + "\" fill=\"none\" stroke=\"#999\"/>\n";
  o += "<g fill=\"#333\">\n";
  for (size_t i = 0; i < ax.ticks.size(); ++i) {  // a long label at an edge ends at its tick
    const double x = X(ax.ticks[i]), half = kCharWidth * static_cast<double>(xlabels[i].size()) / 2;
    const char* anchor = x + half > width ? "end" : x - half < 0 ? "start" : "middle";
    o += text_element(x, top + ph + 18, anchor, xlabels[i]);
  }
  for (size_t i = 0; i < ay.ticks.size(); ++i)
    o += text_element(left - 7, Y(ay.ticks[i]) + 4, "end", ylabels[i]);
  o += "</g>\n";
  if (!x_label.empty())
    o += "<text x=\"" + px(left + pw / 2) + "\" y=\"" + px(top + ph + 42) +
         "\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">" + escape(x_label) +
         "</text>\n";
  if (!y_label.empty())
    o += "<text transform=\"translate(18," + px(top + ph / 2) + ") rotate(-90)\" "
         "text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">" + escape(y_label) + "</text>\n";

  // Vertical markers; a label that would leave the plot goes on the left of its line.
  std::vector<Polyline> obstacles;  // for the legend placement below
  for (const Marker& m : markers_) {
    if (!std::isfinite(m.x)) continue;
    const double x = X(m.x);
    o += "<line x1=\"" + px(x) + "\" y1=\"" + px(top) + "\" x2=\"" + px(x) + "\" y2=\"" +
         px(top + ph) + "\" stroke=\"#555\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"/>\n";
    obstacles.push_back({{x, top}, {x, top + ph}});
    if (m.label.empty()) continue;
    const double w = kCharWidth * static_cast<double>(m.label.size());
    const bool flip = x + 5 + w > left + pw;
    o += "<g fill=\"#555\">" +
         text_element(flip ? x - 5 : x + 5, top + 15, flip ? "end" : "start", escape(m.label)) +
         "</g>\n";
    obstacles.push_back({{flip ? x - 5 - w : x + 5, top + 8}, {flip ? x - 5 : x + 5 + w, top + 8}});
  }

  // Bands, then series, clipped to the plot area.
  o += "<g clip-path=\"url(#plot-area)\">\n";
  size_t next_color = 0;
  std::vector<std::string> band_colors;
  for (const Band& b : bands_) {
    band_colors.push_back(b.color.empty() ? kPalette[1] : escape(b.color));  // the first forecast's colour
    std::string d;  // along the upper edge, back along the lower one
    for (size_t i = 0; i < b.x.size(); ++i)
      if (usable(b.x[i], b.hi[i])) d.append(d.empty() ? "M" : "L").append(px(X(b.x[i]))).append(" ").append(px(Y(b.hi[i])));
    for (size_t i = b.x.size(); i-- > 0;)
      if (usable(b.x[i], b.lo[i])) d.append(d.empty() ? "M" : "L").append(px(X(b.x[i]))).append(" ").append(px(Y(b.lo[i])));
    if (!d.empty()) o += "<path d=\"" + d + "Z\" fill=\"" + band_colors.back() + "\" fill-opacity=\"0.22\" stroke=\"none\"/>\n";
  }
  std::vector<std::string> colors;
  for (size_t k = 0; k < series_.size(); ++k) {
    const Series& s = series_[k];
    if (s.color.empty()) colors.push_back(kPalette[next_color++ % std::size(kPalette)]);
    else colors.push_back(escape(s.color));
    if (s.mark == Mark::Points) {
      o += "<g fill=\"" + colors.back() + "\" stroke=\"white\" stroke-width=\"0.8\">\n";
      for (const Polyline& p : drawn[k])
        o += "<circle cx=\"" + px(p[0].x) + "\" cy=\"" + px(p[0].y) + "\" r=\"3.2\"/>\n";
      o += "</g>\n";
      continue;
    }
    std::string d;
    for (const Polyline& part : drawn[k])
      for (size_t i = 0; i < part.size(); ++i)
        d.append(i == 0 ? "M" : "L").append(px(part[i].x)).append(" ").append(px(part[i].y));
    if (!d.empty())
      o += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + colors.back() +
           "\" stroke-width=\"1.8\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n";
  }
  o += "</g>\n";

  // Legend, in the corner of the plot area that covers the fewest drawn points.
  size_t entries = 0, chars = 0;
  for (const Series& s : series_)
    if (!s.name.empty()) ++entries, chars = std::max(chars, s.name.size());
  for (const Band& b : bands_)
    if (!b.name.empty()) ++entries, chars = std::max(chars, b.name.size());
  if (entries == 0) return o + "</svg>\n";
  const double w = 48 + kCharWidth * static_cast<double>(chars);
  const double h = 10 + 18.0 * static_cast<double>(entries);
  for (const auto& parts : drawn) obstacles.insert(obstacles.end(), parts.begin(), parts.end());
  double x0 = 0, y0 = 0;
  size_t best = SIZE_MAX;
  for (auto [cx, cy] : {std::pair{1, 0}, {0, 0}, {1, 1}, {0, 1}}) {  // top-right first
    const double bx = cx ? left + pw - w - 10 : left + 10, by = cy ? top + ph - h - 10 : top + 10;
    const size_t covered = points_inside(obstacles, bx - 4, by - 4, bx + w + 4, by + h + 4);
    if (covered < best) best = covered, x0 = bx, y0 = by;
  }
  o += "<g>\n<rect x=\"" + px(x0) + "\" y=\"" + px(y0) + "\" width=\"" + px(w) + "\" height=\"" +
       px(h) + "\" rx=\"3\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#ccc\"/>\n";
  double y = y0 + 14;
  for (size_t k = 0; k < bands_.size(); ++k) {
    if (bands_[k].name.empty()) continue;
    o += "<rect x=\"" + px(x0 + 10) + "\" y=\"" + px(y - 6) + "\" width=\"24\" height=\"12\" fill=\"" +
         band_colors[k] + "\" fill-opacity=\"0.22\"/>\n";
    o += "<g fill=\"#222\">" + text_element(x0 + 40, y + 4, "start", escape(bands_[k].name)) + "</g>\n";
    y += 18;
  }
  for (size_t k = 0; k < series_.size(); ++k) {
    if (series_[k].name.empty()) continue;
    if (series_[k].mark == Mark::Points)
      o += "<circle cx=\"" + px(x0 + 22) + "\" cy=\"" + px(y) + "\" r=\"3.2\" fill=\"" + colors[k] +
           "\"/>\n";
    else
      o += "<line x1=\"" + px(x0 + 10) + "\" y1=\"" + px(y) + "\" x2=\"" + px(x0 + 34) +
           "\" y2=\"" + px(y) + "\" stroke=\"" + colors[k] + "\" stroke-width=\"2\"/>\n";
    o += "<g fill=\"#222\">" + text_element(x0 + 40, y + 4, "start", escape(series_[k].name)) +
         "</g>\n";
    y += 18;
  }
  return o + "</g>\n</svg>\n";
}

void Plot::save(const std::filesystem::path& path) const { write_file_atomic(path, render()); }

void plot_losses(const std::filesystem::path& path, const LossPlot& losses) {
  Plot plot;
  plot.title = losses.title;
  plot.x_label = losses.x_label;
  plot.y_label = losses.y_label;
  plot.log_y = losses.log_y;
  plot.line(losses.train.name, losses.train.x, losses.train.y);
  const Series& val = losses.val;
  if (!val.x.empty()) {
    if (val.mark == Mark::Points) plot.points(val.name, val.x, val.y);
    else plot.line(val.name, val.x, val.y);
  }
  plot.save(path);
}

}  // namespace ripple::apps
