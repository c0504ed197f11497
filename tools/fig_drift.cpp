// fig_drift: draws docs/figures/forecast_drift.svg for chapter 9 - why a real series needs
// per-window normalisation. CO2 at Mauna Loa (data/co2-concentration.csv, column CO2) z-scored
// on its training rows (the first 70%), as the forecast app does: the last test window of 24
// months and the last training window that ends in the same month of the year, as the model
// sees them (z-scores), and after RevIN (each window minus its own mean, over its own standard
// deviation).
// usage: fig_drift CO2.csv OUT.svg
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "apps/common/svg.h"

namespace {

// The CO2 column (the second) of the bundled file: Date,CO2,adjusted CO2.
std::vector<double> read_co2(const char* path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  std::vector<double> v;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string date, co2;
    std::getline(fields, date, ',');
    std::getline(fields, co2, ',');
    v.push_back(std::stod(co2));
  }
  return v;
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double stddev(const std::vector<double>& v) {  // biased, as RevIN and the scaler use
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size()));
}

std::vector<double> revin(const std::vector<double>& w) {
  const double m = mean(w), s = std::sqrt(stddev(w) * stddev(w) + 1e-5);
  std::vector<double> out;
  for (double x : w) out.push_back((x - m) / s);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fig_drift CO2.csv OUT.svg\n");
    return 2;
  }
  try {
    const std::vector<double> co2 = read_co2(argv[1]);
    const size_t T = co2.size(), train = static_cast<size_t>(std::llround(0.7 * static_cast<double>(T)));
    const size_t W = 24;
    const std::vector<double> train_rows(co2.begin(), co2.begin() + static_cast<long>(train));
    const double mu = mean(train_rows), sd = stddev(train_rows);
    auto window = [&](size_t end) {  // z-scores of rows [end - W, end)
      std::vector<double> w;
      for (size_t r = end - W; r < end; ++r) w.push_back((co2[r] - mu) / sd);
      return w;
    };
    const size_t in_phase = train - (T - train) % 12;  // ends in the same month as the data
    const std::vector<double> last_train = window(in_phase), last_test = window(T);
    std::vector<double> steps;
    for (size_t t = 0; t < W; ++t) steps.push_back(static_cast<double>(t));
    double top = -1e9;
    for (double x : train_rows) top = std::max(top, (x - mu) / sd);

    ripple::apps::Plot plot;
    plot.title = "CO2, 24-month windows: z-scored on the training rows, and per window (RevIN)";
    plot.x_label = "month in the window";
    plot.y_label = "value the model sees";
    plot.width = 760;
    plot.height = 480;
    plot.line("highest z-score in training", {0.0, static_cast<double>(W - 1)}, {top, top}, "#999999");
    plot.line("a training window, z-scored", steps, last_train, "#1f77b4");
    plot.line("the last test window, z-scored", steps, last_test, "#d62728");
    plot.points("the training window, RevIN", steps, revin(last_train), "#1f77b4");
    plot.points("the test window, RevIN", steps, revin(last_test), "#d62728");
    plot.save(argv[2]);
    std::printf("training rows %zu of %zu; highest training z-score %.2f; last test window %.2f .. %.2f\n",
                train, T, top, last_test.front(), last_test.back());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fig_drift: %s\n", e.what());
    return 1;
  }
  return 0;
}
