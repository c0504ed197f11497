// Tests for apps/common/cli: parsing, values, one-line messages for every user mistake, help.
#include "apps/common/cli.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace ripple::apps;

namespace {

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
}  // namespace
