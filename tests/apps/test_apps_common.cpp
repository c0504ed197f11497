// Tests for apps/common: the argument parser, the progress reporter, the SVG plot writer and the
// JSON helpers. Files are written under a fresh directory in /tmp that is removed afterwards.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <sstream>

#include "apps/common/cli.h"
#include "apps/common/files.h"
#include "apps/common/progress.h"
#include "apps/common/svg.h"
#include "tests/temp_dir.h"

namespace fs = std::filesystem;
using namespace ripple::apps;

namespace {

using ripple::testing::TempDir;

// The message of the E that f() throws ("" and a test failure if it throws nothing).
template <class E, class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return "";
}

void expect_near(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12 * std::abs(want[i]));
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

Cli makemore_cli() {
  Cli cli("makemore", "Trains a character-level language model on a list of names and samples "
                      "new names that sound like them. Checkpoints are written every few "
                      "thousand steps so a run can be resumed.");
  cli.add_int("steps", "N", 200000, "number of training steps")
      .add_double("lr", "X", 0.1, "learning rate")
      .add_string("data", "FILE", "data/names.txt", "training names, one per line")
      .add_list("columns", "A,B", "temp,humidity", "columns to read")
      .add_switch("resume", "continue from the last checkpoint");
  return cli;
}

bool parse(Cli& cli, std::vector<std::string> args) {
  std::ostringstream out;
  return cli.parse(args, out);
}

// --- cli -------------------------------------------------------------------------------------

TEST(AppsCli, DefaultsWhenNothingIsGiven) {
  Cli cli = makemore_cli();
  EXPECT_TRUE(parse(cli, {}));
  EXPECT_EQ(cli.get_int("steps"), 200000);
  EXPECT_DOUBLE_EQ(cli.get_double("lr"), 0.1);
  EXPECT_EQ(cli.get_string("data"), "data/names.txt");
  EXPECT_EQ(cli.get_list("columns"), (std::vector<std::string>{"temp", "humidity"}));
  EXPECT_FALSE(cli.get_bool("resume"));
  EXPECT_FALSE(cli.was_given("steps"));
}

TEST(AppsCli, BothValueSyntaxesSwitchesAndLists) {
  Cli cli = makemore_cli();
  EXPECT_TRUE(parse(cli, {"--steps", "100", "--lr=-0.5", "--data", "x=y.txt", "--resume",
                          "--columns=a,,b", "--steps=7"}));
  EXPECT_EQ(cli.get_int("steps"), 7);  // the last one wins
  EXPECT_DOUBLE_EQ(cli.get_double("lr"), -0.5);
  EXPECT_EQ(cli.get_string("data"), "x=y.txt");
  EXPECT_EQ(cli.get_list("columns"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(cli.get_bool("resume"));
  EXPECT_TRUE(cli.was_given("steps"));

  Cli other = makemore_cli();
  EXPECT_TRUE(parse(other, {"--resume=false", "--lr", "+3e-4", "--steps", "-2"}));
  EXPECT_FALSE(other.get_bool("resume"));
  EXPECT_DOUBLE_EQ(other.get_double("lr"), 3e-4);
  EXPECT_EQ(other.get_int("steps"), -2);
}

TEST(AppsCli, UserMistakesGiveOneLineMessages) {
  auto error = [](std::vector<std::string> args) {
    Cli cli = makemore_cli();
    return error_of<UsageError>([&] { parse(cli, args); });
  };
  EXPECT_EQ(error({"--steps", "abc"}), "makemore: --steps expects an integer, got 'abc'");
  EXPECT_EQ(error({"--steps=1.5"}), "makemore: --steps expects an integer, got '1.5'");
  EXPECT_EQ(error({"--steps=99999999999999999999"}),
            "makemore: --steps value '99999999999999999999' is out of range");
  EXPECT_EQ(error({"--lr", "fast"}), "makemore: --lr expects a number, got 'fast'");
  EXPECT_EQ(error({"--lr", "nan"}), "makemore: --lr expects a number, got 'nan'");
  EXPECT_EQ(error({"--lr="}), "makemore: --lr expects a number, got ''");
  EXPECT_EQ(error({"--steps"}), "makemore: --steps expects a value (N)");
  EXPECT_EQ(error({"--data", "--resume"}), "makemore: --data expects a value (FILE)");
  EXPECT_EQ(error({"--stpes", "5"}), "makemore: unknown option '--stpes' (did you mean --steps?)");
  EXPECT_EQ(error({"--frobnicate"}), "makemore: unknown option '--frobnicate'");
  EXPECT_EQ(error({"names.txt"}),
            "makemore: unexpected argument 'names.txt' (flags start with --)");
  EXPECT_EQ(error({"--resume=maybe"}),
            "makemore: --resume is a switch and takes no value, got 'maybe'");
}

TEST(AppsCli, RequiredFlags) {
  Cli cli("forecast", "Forecasts a time series.");
  cli.add_required("data", "FILE", "CSV file with a header row");
  EXPECT_EQ(error_of<UsageError>([&] { parse(cli, {}); }),
            "forecast: --data FILE is required");
  EXPECT_TRUE(parse(cli, {"--data", "t.csv"}));
  EXPECT_EQ(cli.get_string("data"), "t.csv");
  Cli help = cli;
  EXPECT_FALSE(parse(help, {"-h"}));  // --help works without the required flags
}

TEST(AppsCli, ProgrammerMistakesAreLogicErrors) {
  Cli cli = makemore_cli();
  EXPECT_THROW(cli.get_int("lr"), std::logic_error);
  EXPECT_THROW(cli.get_bool("steps"), std::logic_error);
  EXPECT_THROW(cli.get_string("nope"), std::logic_error);
  EXPECT_THROW(cli.add_int("steps", "N", 1, "again"), std::logic_error);
  EXPECT_THROW(cli.add_switch("help", "reserved"), std::logic_error);
}

TEST(AppsCli, HelpTextIsGeneratedFromTheDeclarations) {
  Cli cli = makemore_cli();
  std::ostringstream out;
  EXPECT_FALSE(cli.parse({"--steps", "5", "--help"}, out));
  const std::string help = out.str();
  EXPECT_EQ(help, cli.usage());
  EXPECT_EQ(help.rfind("usage: makemore [options]\n\nTrains a character-level", 0), 0u) << help;
  EXPECT_NE(help.find("--steps N"), std::string::npos);
  EXPECT_NE(help.find("number of training steps (default: 200000)"), std::string::npos);
  EXPECT_NE(help.find("learning rate (default: 0.1)"), std::string::npos);
  EXPECT_NE(help.find("(default: data/names.txt)"), std::string::npos);
  EXPECT_NE(help.find("-h, --help"), std::string::npos);
  EXPECT_EQ(help.find("resume (default"), std::string::npos);  // switches show no default
  // Every line fits in 80 columns, and the help texts start in one column.
  std::istringstream lines(help);
  size_t help_column = 0;
  for (std::string line; std::getline(lines, line);) {
    EXPECT_LE(line.size(), 80u) << line;
    if (!line.starts_with("  -")) continue;
    size_t column = line.find_first_not_of(' ', line.find("  ", 2));
    if (help_column == 0) help_column = column;
    EXPECT_EQ(column, help_column) << line;
  }
  EXPECT_GT(help_column, 0u);
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
  const std::string msg = error_of<ripple::FileError>([&] { plot.save(bad); });
  EXPECT_NE(msg.find(bad.string()), std::string::npos) << msg;
}

// --- json files -----------------------------------------------------------------------------------

TEST(AppsFiles, JsonRoundTripAndSyntaxErrors) {
  TempDir dir;
  const fs::path path = dir.path / "run.json";
  write_json(path, {{"steps", 1000}, {"loss", 2.13}, {"name", "caf\xC3\xA9"}});
  nlohmann::json back = read_json(path);
  EXPECT_EQ(back["steps"], 1000);
  EXPECT_EQ(back["name"], "caf\xC3\xA9");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1);

  ripple::write_file_atomic(path, "{\"steps\": ");
  const std::string msg = error_of<ripple::FileError>([&] { read_json(path); });
  EXPECT_EQ(msg.rfind("'" + path.string() + "' is not valid JSON", 0), 0u) << msg;
}

}  // namespace
