// Tests for apps/common/progress: the line it prints on a terminal and in a log, rate and ETA.
#include "apps/common/progress.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <sstream>

using namespace ripple::apps;

namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

// --- progress --------------------------------------------------------------------------------

// A clock that only moves when told to.
struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  void advance_ms(double ms) {
    now += std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double, std::milli>(ms));
  }
  auto fn() {
    return [this] { return now; };
  }
};

TEST(AppsProgress, FormatsDurations) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(0.4), "0s");
  EXPECT_EQ(format_duration(42.4), "42s");
  EXPECT_EQ(format_duration(83), "1m23s");
  EXPECT_EQ(format_duration(3599.6), "1h00m");
  EXPECT_EQ(format_duration(7530), "2h05m");
  EXPECT_EQ(format_duration(90000), "1d01h");
  EXPECT_EQ(format_duration(-1), "?");
  EXPECT_EQ(format_duration(NAN), "?");
}

TEST(AppsProgress, PlainLinesEveryNStepsWhenNotATerminal) {
  FakeClock clock;
  std::ostringstream out;
  Progress p({.total_steps = 100, .out = &out, .print_every = 20, .print_seconds = 1e9,
              .clock = clock.fn()});
  for (int64_t i = 0; i < 100; ++i) {
    clock.advance_ms(10);
    p.update(i, 2.5);
    if (i == 9) {
      EXPECT_NEAR(p.ms_per_step(), 10, 1e-6);
      EXPECT_NEAR(p.eta_seconds(), 0.9, 1e-6);
    }
  }
  p.finish();
  p.finish();  // a second call prints nothing
  EXPECT_EQ(out.str(),
            "step   1/100  loss 2.5000  10.0 ms/step  ETA 1s\n"
            "step  20/100  loss 2.5000  10.0 ms/step  ETA 1s\n"
            "step  40/100  loss 2.5000  10.0 ms/step  ETA 1s\n"
            "step  60/100  loss 2.5000  10.0 ms/step  ETA 0s\n"
            "step  80/100  loss 2.5000  10.0 ms/step  ETA 0s\n"
            "step 100/100  loss 2.5000  10.0 ms/step  ETA 0s\n"
            "done: 100 steps in 1s, 10.00 ms/step\n");
}

TEST(AppsProgress, PlainLinesEveryFewSecondsAndSmoothedRate) {
  FakeClock clock;
  std::ostringstream out;
  Progress p({.total_steps = 10000, .out = &out, .print_every = 1000000, .print_seconds = 60,
              .clock = clock.fn()});
  for (int64_t i = 0; i < 300; ++i) {
    clock.advance_ms(i < 100 ? 1000 : 500);  // the steps get faster
    p.update(i, 1.0, "val 1.20");
  }
  EXPECT_EQ(count(out.str(), "\n"), 4u);  // the first step, then one a minute: t = 61, 121, 181 s
  EXPECT_NE(out.str().find("step     1/10000  loss 1.0000  1000 ms/step  ETA 2h46m  val 1.20\n"),
            std::string::npos)
      << out.str();
  EXPECT_NEAR(p.ms_per_step(), 500, 1);  // the moving average has forgotten the slow start
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
}

TEST(AppsProgress, RedrawsOneLineOnATerminal) {
  FakeClock clock;
  std::ostringstream out;
  {
    Progress p({.total_steps = 50, .first_step = 10, .out = &out, .interactive = true,
                .redraw_seconds = 0.1, .clock = clock.fn()});
    for (int64_t i = 10; i < 20; ++i) {
      clock.advance_ms(40);
      p.update(i, 3.25);
    }
    EXPECT_EQ(out.str().find('\n'), std::string::npos);  // all on one line so far
    p.message("saved checkpoint");
  }  // destroyed without finish(): the line is still ended
  const std::string s = out.str();
  EXPECT_EQ(s.rfind("\rstep 11/50  loss 3.2500  40.0 ms/step  ETA 2s", 0), 0u) << s;
  EXPECT_EQ(count(s, "\rstep"), 4u) << s;  // steps 11, 14, 17, 20: one redraw per 0.1 s
  EXPECT_NE(s.find("\rsaved checkpoint"), std::string::npos);
  EXPECT_NE(s.find("\nstep 20/50"), std::string::npos);  // the line comes back after a message
  EXPECT_EQ(s.back(), '\n');
}

TEST(AppsProgress, FinishShowsTheLastStepAndASummary) {
  FakeClock clock;
  std::ostringstream out;
  Progress p({.total_steps = 1000, .out = &out, .print_every = 100, .clock = clock.fn()});
  for (int64_t i = 0; i < 150; ++i) {  // stopped early, e.g. by a time limit
    clock.advance_ms(2);
    p.update(i, 0.5);
  }
  p.finish();
  EXPECT_NE(out.str().find("step  150/1000"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("done: 150 steps in 0s, 2.00 ms/step\n"), std::string::npos);
}
}  // namespace
