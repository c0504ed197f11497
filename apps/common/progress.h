// Progress: a one-line progress reporter for training loops.
//
//   apps::Progress progress({.total_steps = steps});
//   for (int64_t i = 0; i < steps; ++i) {
//     float loss = train_step();
//     progress.update(i, loss);                     // i: index of the step just finished
//     if (i % 10000 == 0) progress.message("checkpoint saved");
//   }
//   progress.finish();
//
// On a terminal it redraws one line in place (carriage return), at most every `redraw_seconds`:
//
//   step  1200/200000  loss 2.3451  3.21 ms/step  ETA 10m36s
//
// When the output is not a terminal (a log file, CI) it prints that line as a plain line every
// `print_every` steps or every `print_seconds` seconds, whichever comes first, so logs stay short.
// ms/step is an exponential moving average over steps; ETA = remaining steps * ms/step.
// The clock and the stream can be injected for tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace ripple::apps {

// Formats a duration for humans: "0s", "42s", "1m23s", "2h05m", "3d04h". Negative or NaN -> "?".
std::string format_duration(double seconds);

struct ProgressOptions {
  int64_t total_steps = 0;
  int64_t first_step = 0;           // index of the first step to run (not 0 when resuming)
  std::ostream* out = nullptr;      // default: std::cout
  // Redraw in place; default: whether out is std::cout or std::cerr on a terminal (isatty).
  std::optional<bool> interactive = std::nullopt;
  int64_t print_every = 0;          // non-interactive: print every N steps; 0 = total/20
  double print_seconds = 30;        // non-interactive: and at least this often (if a step ends)
  double redraw_seconds = 0.1;      // interactive: redraw at most this often
  // Where time comes from; default std::chrono::steady_clock::now.
  std::function<std::chrono::steady_clock::time_point()> clock = nullptr;
};

class Progress {
 public:
  explicit Progress(ProgressOptions options);
  // Ends a pending in-place line with a newline, so later output starts on a fresh line.
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Records that step `step` (0-based) has finished with this loss, and prints if it is time.
  // `extra` is appended to the line (e.g. "val 2.41"). Steps must increase.
  void update(int64_t step, double loss, const std::string& extra = "");
  // Prints `text` on its own line; on a terminal the progress line is redrawn below it.
  void message(const std::string& text);
  // Prints the last step's line if it was not shown, then a summary
  // ("done: 1000 steps in 3m12s, 192.0 ms/step"). Further calls do nothing.
  void finish();

  double ms_per_step() const { return ms_per_step_; }  // smoothed; 0 before two updates
  double eta_seconds() const;                           // for the last update

 private:
  std::string status_line() const;
  void print_status();

  ProgressOptions opt_;
  std::ostream* out_;
  bool interactive_;
  std::chrono::steady_clock::time_point start_, last_time_, last_print_;
  int64_t last_step_;                 // last step recorded by update()
  int64_t last_printed_step_ = -1;
  double loss_ = 0;
  std::string extra_;
  double ms_per_step_ = 0;
  size_t shown_width_ = 0;            // width of the in-place line on screen, 0 if none
  bool finished_ = false;
};

}  // namespace ripple::apps
