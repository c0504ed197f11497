// Tests for apps/common/cli: the flags bound to values, both value syntaxes, exact numbers, the
// checks, one-line messages for every user mistake, and the generated help.
#include "apps/common/cli.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace ripple::apps;

namespace {

// What a small app's command line sets.
struct Values {
  int64_t steps = 200000;
  double lr = 0.1;
  std::string data = "data/names.txt";
  std::vector<std::string> columns = {"temp", "humidity"};
  std::vector<double> split = {0.7, 0.2, 0.1};
  bool resume = false;
};

// A Cli over `v`, as an app declares it.
struct Declared {
  Values v;
  Cli cli{"makemore",
          "Trains a character-level language model on a list of names and samples new names that "
          "sound like them. Checkpoints are written every few thousand steps so a run can be "
          "resumed."};
  Declared() {
    cli.add("steps", v.steps, "N", "number of training steps")->check(at_least(1));
    cli.add("lr", v.lr, "X", "learning rate");
    cli.add("data", v.data, "FILE", "training names, one per line");
    cli.add("columns", v.columns, "A,B", "columns to read");
    cli.add("split", v.split, "A,B,C", "train,validation,test")->check(non_negative());
    cli.add_switch("resume", v.resume, "continue from the last checkpoint");
  }
  bool parse(const std::vector<std::string>& args) {
    std::ostringstream out;
    return cli.parse(args, out);
  }
};

// The UsageError message of parsing `args` ("" and a test failure if there is none).
std::string error(const std::vector<std::string>& args) {
  Declared d;
  try {
    d.parse(args);
  } catch (const UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a UsageError";
  return "";
}

TEST(AppsCli, DefaultsWhenNothingIsGiven) {
  Declared d;
  EXPECT_TRUE(d.parse({}));
  EXPECT_EQ(d.v.steps, 200000);
  EXPECT_DOUBLE_EQ(d.v.lr, 0.1);
  EXPECT_EQ(d.v.data, "data/names.txt");
  EXPECT_EQ(d.v.columns, (std::vector<std::string>{"temp", "humidity"}));
  EXPECT_EQ(d.v.split, (std::vector<double>{0.7, 0.2, 0.1}));
  EXPECT_FALSE(d.v.resume);
  EXPECT_FALSE(d.cli.given("steps"));
}

TEST(AppsCli, BothValueSyntaxesSwitchesAndLists) {
  Declared d;
  EXPECT_TRUE(d.parse({"--steps", "100", "--lr=-0.5", "--data", "x=y.txt", "--resume",
                       "--columns=a,,b", "--split", "5,3,2", "--steps=7"}));
  EXPECT_EQ(d.v.steps, 7);  // the last one wins
  EXPECT_DOUBLE_EQ(d.v.lr, -0.5);
  EXPECT_EQ(d.v.data, "x=y.txt");
  EXPECT_EQ(d.v.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.v.split, (std::vector<double>{5, 3, 2}));
  EXPECT_TRUE(d.v.resume);
  EXPECT_TRUE(d.cli.given("steps"));
  EXPECT_TRUE(d.cli.given("lr"));

  Declared other;
  EXPECT_TRUE(other.parse({"--resume=false", "--lr", "+3e-4", "--steps", "+12"}));
  EXPECT_FALSE(other.v.resume);
  EXPECT_EQ(other.v.lr, 3e-4);
  EXPECT_EQ(other.v.steps, 12);
}

TEST(AppsCli, NumbersAreReadExactlyAndInDecimal) {
  Declared d;
  EXPECT_TRUE(d.parse({"--steps", "010", "--lr", "0.1", "--split", "0.7,0.2,0.1"}));
  EXPECT_EQ(d.v.steps, 10);  // not octal
  EXPECT_EQ(d.v.lr, 0.1);    // the double nearest 0.1, bit for bit
  EXPECT_EQ(d.v.split, (std::vector<double>{0.7, 0.2, 0.1}));
  Declared big;
  EXPECT_TRUE(big.parse({"--steps", "9223372036854775807", "--lr", "1.7976931348623157e308"}));
  EXPECT_EQ(big.v.steps, INT64_MAX);
  EXPECT_EQ(big.v.lr, 1.7976931348623157e308);
}

TEST(AppsCli, UserMistakesGiveOneLineMessages) {
  EXPECT_EQ(error({"--steps", "abc"}), "makemore: --steps expects an integer, got 'abc'");
  EXPECT_EQ(error({"--steps=1.5"}), "makemore: --steps expects an integer, got '1.5'");
  EXPECT_EQ(error({"--steps", "0x10"}), "makemore: --steps expects an integer, got '0x10'");
  EXPECT_EQ(error({"--steps=99999999999999999999"}),
            "makemore: --steps value '99999999999999999999' is out of range");
  EXPECT_EQ(error({"--steps", "0"}), "makemore: --steps must be at least 1, got 0");
  EXPECT_EQ(error({"--steps", "-5"}), "makemore: --steps must be at least 1, got -5");
  EXPECT_EQ(error({"--lr", "fast"}), "makemore: --lr expects a number, got 'fast'");
  EXPECT_EQ(error({"--lr", "nan"}), "makemore: --lr expects a number, got 'nan'");
  EXPECT_EQ(error({"--lr", "inf"}), "makemore: --lr expects a number, got 'inf'");
  EXPECT_EQ(error({"--lr", "1e999"}), "makemore: --lr expects a number, got '1e999'");
  EXPECT_EQ(error({"--lr="}), "makemore: --lr expects a value (X)");
  EXPECT_EQ(error({"--steps"}), "makemore: --steps expects a value (N)");
  EXPECT_EQ(error({"--data", "--resume"}), "makemore: --data expects a value (FILE)");
  EXPECT_EQ(error({"--lr", "--resume"}), "makemore: --lr expects a value (X)");
  EXPECT_EQ(error({"--split", "0.7,0.3"}), "makemore: --split expects 3 values (A,B,C), got '0.7,0.3'");
  EXPECT_EQ(error({"--split", "0.7,0.2,0.1,0"}), "makemore: --split expects 3 values (A,B,C), got '0.7,0.2,0.1,0'");
  EXPECT_EQ(error({"--split", "a,b,c"}), "makemore: --split expects numbers A,B,C, got 'a' in 'a,b,c'");
  EXPECT_EQ(error({"--split", "-1,0.5,0.5"}), "makemore: --split must not be negative, got -1 in '-1,0.5,0.5'");
  EXPECT_EQ(error({"--stpes", "5"}), "makemore: unknown option '--stpes' (did you mean --steps?)");
  EXPECT_EQ(error({"--stpes=5"}), "makemore: unknown option '--stpes' (did you mean --steps?)");
  EXPECT_EQ(error({"--frobnicate"}), "makemore: unknown option '--frobnicate'");
  EXPECT_EQ(error({"names.txt"}), "makemore: unexpected argument 'names.txt' (flags start with --)");
  EXPECT_EQ(error({"-x"}), "makemore: unexpected argument '-x' (flags start with --)");
  EXPECT_EQ(error({"--columns", "a", "b"}), "makemore: unexpected argument 'b' (flags start with --)");
  EXPECT_EQ(error({"--resume=maybe"}), "makemore: --resume is a switch and takes no value, got 'maybe'");
}

TEST(AppsCli, Checks) {
  auto message = [](const CLI::Validator& check, std::string value) { return check(value); };
  EXPECT_EQ(message(at_least(0), "0"), "");
  EXPECT_EQ(message(at_least(2), "1"), "must be at least 2, got 1");
  EXPECT_EQ(message(in_range(1, 8), "9"), "must be in [1, 8], got 9");
  EXPECT_EQ(message(in_range(1, 8), "0"), "must be in [1, 8], got 0");
  EXPECT_EQ(message(in_range(1, 8), "8"), "");
  EXPECT_EQ(message(positive(), "0x1p-3"), "");  // as number values reach the checks
  EXPECT_EQ(message(positive(), "-0x1p+0"), "must be positive, got -1");
  EXPECT_EQ(message(between(0, 1), "0x1p+1"), "must be in [0, 1], got 2");
  EXPECT_EQ(message(between(0, 1), "0x1p+0"), "");
  EXPECT_EQ(message(one_of({"mlp", "conv"}), "conv"), "");
  EXPECT_EQ(message(one_of({"mlp", "conv"}), "rnn"), "must be one of mlp, conv; got 'rnn'");
}

TEST(AppsCli, RequiredFlagsAndHelpWithoutThem) {
  std::string data;
  Cli cli("forecast", "Forecasts a time series.");
  cli.add("data", data, "FILE", "CSV file with a header row")->required();
  std::ostringstream out;
  try {
    cli.parse({}, out);
    ADD_FAILURE() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), "forecast: --data is required");
  }
  std::string other;
  Cli help("forecast", "Forecasts a time series.");
  help.add("data", other, "FILE", "CSV file with a header row")->required();
  EXPECT_FALSE(help.parse({"-h"}, out));  // --help works without the required flags
}

TEST(AppsCli, ProgrammerMistakesAreCli11Errors) {
  Declared d;
  int64_t again = 0;
  bool help = false;
  EXPECT_THROW(d.cli.add("steps", again, "N", "again"), CLI::OptionAlreadyAdded);
  EXPECT_THROW(d.cli.add_switch("help", help, "reserved"), CLI::OptionAlreadyAdded);
  EXPECT_THROW(d.cli.given("nope"), CLI::OptionNotFound);
}

TEST(AppsCli, HelpTextIsGeneratedFromTheDeclarations) {
  Declared d;
  std::ostringstream out;
  EXPECT_FALSE(d.cli.parse({"--steps", "5", "--help"}, out));
  const std::string help = out.str();
  std::ostringstream after_mistakes;
  Declared other;
  EXPECT_FALSE(other.cli.parse({"--steps", "0", "--stpes", "-h"}, after_mistakes));
  EXPECT_EQ(after_mistakes.str(), help);
  EXPECT_EQ(help, d.cli.help());
  EXPECT_EQ(help.rfind("usage: makemore [options]\n\nTrains a character-level", 0), 0u) << help;
  EXPECT_NE(help.find("--steps N"), std::string::npos);
  EXPECT_NE(help.find("number of training steps (default: 200000)"), std::string::npos);
  EXPECT_NE(help.find("learning rate (default: 0.1)"), std::string::npos);
  EXPECT_NE(help.find("(default: data/names.txt)"), std::string::npos);
  EXPECT_NE(help.find("columns to read (default: temp,humidity)"), std::string::npos);
  EXPECT_NE(help.find("(default: 0.7,0.2,0.1)"), std::string::npos);
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
