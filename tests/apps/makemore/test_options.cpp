// Tests for apps/makemore/options: each model's defaults for the flags not given, flags that
// override them, the checks, and the help listing every flag.
#include "apps/makemore/options.h"

#include <gtest/gtest.h>

#include <sstream>

#include "apps/common/cli.h"

using namespace ripple;

namespace {

apps::MakemoreOptions parse(const std::vector<std::string>& args) {
  std::ostringstream out;
  const std::optional<apps::MakemoreOptions> o = apps::parse_makemore_options(args, out);
  EXPECT_TRUE(o.has_value());
  return o.value_or(apps::MakemoreOptions{});
}

std::string error(const std::vector<std::string>& args) {
  std::ostringstream out;
  try {
    apps::parse_makemore_options(args, out);
  } catch (const apps::UsageError& e) {
    return e.what();
  }
  return "(no UsageError)";
}

TEST(MakemoreOptions, TheLecturesDefaults) {
  const apps::MakemoreOptions o = parse({});
  EXPECT_EQ(o.model.kind, makemore::ModelKind::WaveNet);
  EXPECT_EQ(o.model.block_size, 8);
  EXPECT_EQ(o.model.embd, 24);
  EXPECT_EQ(o.model.hidden, 128);
  EXPECT_EQ(o.steps, 200000);
  EXPECT_EQ(o.batch, 32);
  EXPECT_EQ(o.lr, 0.1);
  EXPECT_EQ(o.eval_every, 10000);
  EXPECT_EQ(o.out, "out/makemore");
  EXPECT_TRUE(o.data.ends_with("data/names.txt"));
}

TEST(MakemoreOptions, EachModelsDefaultsUnlessGiven) {
  const apps::MakemoreOptions mlp = parse({"--model", "mlp"});
  EXPECT_EQ(mlp.model.block_size, 3);
  EXPECT_EQ(mlp.model.embd, 10);
  EXPECT_EQ(mlp.model.hidden, 200);
  EXPECT_EQ(mlp.steps, 200000);
  const apps::MakemoreOptions conv = parse({"--model=conv"});
  EXPECT_EQ(conv.model.block_size, 8);
  EXPECT_EQ(conv.steps, 8000);
  EXPECT_EQ(conv.batch, 64);
  EXPECT_EQ(conv.lr, 0.5);
  EXPECT_EQ(conv.eval_every, 2000);
  const apps::MakemoreOptions given =
      parse({"--model", "conv", "--steps", "100", "--lr", "0.25", "--hidden", "64"});
  EXPECT_EQ(given.steps, 100);
  EXPECT_EQ(given.lr, 0.25);
  EXPECT_EQ(given.batch, 64);
  EXPECT_EQ(given.model.hidden, 64);
  EXPECT_EQ(parse({"--model", "mlp", "--block-size", "5"}).model.block_size, 5);
}

TEST(MakemoreOptions, BadValuesGiveOneLine) {
  EXPECT_EQ(error({"--steps", "0"}), "makemore: --steps must be at least 1, got 0");
  EXPECT_EQ(error({"--model", "rnn"}), "makemore: --model must be one of wavenet, mlp, conv; got 'rnn'");
  EXPECT_EQ(error({"--block-size", "0"}), "makemore: --block-size must be in [1, 1024], got 0");
  EXPECT_EQ(error({"--block-size", "6"}),
            "makemore: --block-size must be a power of two (2, 4, 8, ...) for --model wavenet, got 6");
  EXPECT_EQ(error({"--batch", "9223372036854775807"}), "makemore: --batch must be in [1, 1048576], got 9223372036854775807");
  EXPECT_EQ(error({"--resume", "--sample-only"}), "makemore: --resume trains and --sample-only does not; give one of them");
  EXPECT_EQ(error({"--steps", "10", "--stop-after", "11"}), "makemore: --stop-after must not exceed --steps (10), got 11");
  EXPECT_NE(error({"--model", "mlp", "--block-size", "1024", "--embd", "65536", "--hidden", "65536"})
                .find("of memory (--embd 65536, --hidden 65536, --block-size 1024, --batch 32), more than this machine's"),
            std::string::npos);
  EXPECT_EQ(error({"--temperature", "0"}), "makemore: --temperature must be positive, got 0");
  EXPECT_EQ(error({"--top-k", "-1"}), "makemore: --top-k must be at least 0, got -1");
  EXPECT_EQ(error({"--sample", "-3"}), "makemore: --sample must be in [0, 1000000], got -3");
}

TEST(MakemoreOptions, HelpListsEveryFlag) {
  std::ostringstream out;
  EXPECT_FALSE(apps::parse_makemore_options({"--help"}, out).has_value());
  for (const char* flag :
       {"--data FILE", "--model NAME", "--block-size N", "--embd N", "--hidden N", "--steps N",
        "--batch N", "--lr X", "--seed N", "--threads N", "--eval-every N", "--out DIR", "--resume",
        "--stop-after N", "--sample N", "--temperature T", "--top-k K", "--sample-only",
        "--metrics FILE.json", "-h, --help"})
    EXPECT_NE(out.str().find(std::string("  ") + flag), std::string::npos) << flag;
}

}  // namespace
