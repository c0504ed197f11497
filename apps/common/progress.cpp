// Progress implementation: smoothed step timing, ETA, and the two output modes (see progress.h).
#include "apps/common/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace ripple::apps {
namespace {

constexpr double kSmoothing = 0.05;  // EMA weight of the newest ms/step sample (window ~20)

double seconds_between(std::chrono::steady_clock::time_point a,
                       std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

bool is_terminal(const std::ostream* out) {
  if (out == &std::cout) return ::isatty(STDOUT_FILENO) == 1;
  if (out == &std::cerr || out == &std::clog) return ::isatty(STDERR_FILENO) == 1;
  return false;
}

}  // namespace

std::string format_duration(double seconds) {
  if (!(seconds >= 0) || seconds > 1e12) return "?";
  auto s = static_cast<int64_t>(std::llround(seconds));
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  else if (s < 86400)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", static_cast<long long>(s / 3600),
                  static_cast<long long>(s % 3600 / 60));
  else
    std::snprintf(buf, sizeof buf, "%lldd%02lldh", static_cast<long long>(s / 86400),
                  static_cast<long long>(s % 86400 / 3600));
  return buf;
}

Progress::Progress(ProgressOptions options)
    : opt_(std::move(options)),
      out_(opt_.out ? opt_.out : &std::cout),
      interactive_(opt_.interactive.value_or(is_terminal(out_))),
      last_step_(opt_.first_step - 1) {
  if (!opt_.clock) opt_.clock = [] { return std::chrono::steady_clock::now(); };
  if (opt_.print_every <= 0) opt_.print_every = std::max<int64_t>(1, opt_.total_steps / 20);
  start_ = last_time_ = last_print_ = opt_.clock();
}

Progress::~Progress() {
  try {
    if (interactive_ && shown_width_ > 0 && !finished_) *out_ << '\n' << std::flush;
  } catch (...) {
  }
}

double Progress::eta_seconds() const {
  int64_t remaining = opt_.total_steps - (last_step_ + 1);
  return remaining > 0 ? static_cast<double>(remaining) * ms_per_step_ / 1000 : 0.0;
}

void Progress::update(int64_t step, double loss, const std::string& extra) {
  auto now = opt_.clock();
  int64_t steps = step - last_step_;
  if (steps > 0) {
    double sample = seconds_between(last_time_, now) * 1000 / static_cast<double>(steps);
    // Plain mean over the first updates, then an exponential moving average.
    int64_t n = step - opt_.first_step + 1;
    double w = std::max(kSmoothing, std::min(1.0, static_cast<double>(steps) / n));
    ms_per_step_ += w * (sample - ms_per_step_);
  }
  last_step_ = step;
  last_time_ = now;
  loss_ = loss;
  extra_ = extra;

  bool first = last_printed_step_ < 0, last = step + 1 >= opt_.total_steps;
  double since_print = seconds_between(last_print_, now);
  bool due = interactive_ ? since_print >= opt_.redraw_seconds
                          : (step + 1) % opt_.print_every == 0 || since_print >= opt_.print_seconds;
  if (first || last || due) print_status();
}

std::string Progress::status_line() const {
  int width = static_cast<int>(std::to_string(opt_.total_steps).size());
  const char* ms_format = ms_per_step_ < 10 ? "%.2f" : ms_per_step_ < 100 ? "%.1f" : "%.0f";
  char ms[32], head[96];
  std::snprintf(ms, sizeof ms, ms_format, ms_per_step_);
  std::snprintf(head, sizeof head, "step %*lld/%lld  loss %.4f  ", width,
                static_cast<long long>(last_step_ + 1), static_cast<long long>(opt_.total_steps),
                loss_);
  std::string line = std::string(head) + ms + " ms/step  ETA " + format_duration(eta_seconds());
  if (!extra_.empty()) line += "  " + extra_;
  return line;
}

void Progress::print_status() {
  std::string line = status_line();
  if (interactive_) {
    size_t pad = shown_width_ > line.size() ? shown_width_ - line.size() : 0;
    *out_ << '\r' << line << std::string(pad, ' ') << std::flush;
    shown_width_ = line.size();
  } else {
    *out_ << line << '\n' << std::flush;
  }
  last_print_ = last_time_;
  last_printed_step_ = last_step_;
}

void Progress::message(const std::string& text) {
  if (interactive_ && shown_width_ > 0) {
    size_t pad = shown_width_ > text.size() ? shown_width_ - text.size() : 0;
    *out_ << '\r' << text << std::string(pad, ' ') << '\n';
    shown_width_ = 0;
    std::string line = status_line();
    *out_ << line << std::flush;
    shown_width_ = line.size();
  } else {
    *out_ << text << '\n' << std::flush;
  }
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (last_step_ >= opt_.first_step && last_printed_step_ != last_step_) print_status();
  if (interactive_ && shown_width_ > 0) *out_ << '\n';
  shown_width_ = 0;
  int64_t steps = last_step_ - opt_.first_step + 1;
  double elapsed = seconds_between(start_, opt_.clock());
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.2f", steps > 0 ? elapsed * 1000 / static_cast<double>(steps) : 0);
  *out_ << "done: " << steps << " steps in " << format_duration(elapsed) << ", " << ms
        << " ms/step\n"
        << std::flush;
}

}  // namespace ripple::apps
