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
  EXPECT_EQ(error({"--model", "rnn"}), "makemore: --model must be one of wavenet, mlp, conv, gated; got 'rnn'");
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

TEST(MakemoreOptions, OptimizerScheduleDilationsAndPatience) {
  const apps::MakemoreOptions bare = parse({});
  EXPECT_EQ(bare.optimizer, apps::OptimizerKind::Sgd);
  EXPECT_EQ(bare.schedule, apps::ScheduleKind::Step);
  EXPECT_EQ(bare.weight_decay, 0);
  EXPECT_EQ(bare.patience, 0);
  EXPECT_TRUE(bare.model.dilations.empty());
  // the notes' recipe
  const apps::MakemoreOptions notes =
      parse({"--model", "conv", "--dilations", "1,2,4,8", "--optimizer", "adam", "--lr", "0.001", "--steps", "20000"});
  EXPECT_EQ(notes.model.dilations, (std::vector<int64_t>{1, 2, 4, 8}));
  EXPECT_EQ(makemore::conv_receptive_field(notes.model), 16);
  EXPECT_EQ(notes.optimizer, apps::OptimizerKind::Adam);
  EXPECT_EQ(notes.lr, 0.001);
  EXPECT_EQ(notes.weight_decay, 0);
  EXPECT_EQ(notes.model.dropout, 0.2);  // conv's default under Adam, off under SGD unless given
  EXPECT_EQ(parse({"--model", "conv"}).model.dropout, 0);
  EXPECT_EQ(parse({"--model", "conv", "--optimizer", "adam", "--dropout", "0"}).model.dropout, 0);
  // Adam's and AdamW's own defaults when --lr and --weight-decay are not given
  const apps::MakemoreOptions adamw = parse({"--model", "conv", "--optimizer", "adamw", "--layers", "6"});
  EXPECT_EQ(adamw.lr, 1e-3);
  EXPECT_EQ(adamw.weight_decay, 0.01);
  EXPECT_EQ(makemore::conv_dilations(adamw.model), (std::vector<int64_t>{1, 2, 4, 1, 2, 4}));
  EXPECT_EQ(parse({"--optimizer", "adamw", "--weight-decay", "0"}).weight_decay, 0);
  EXPECT_EQ(parse({"--schedule", "cosine"}).schedule, apps::ScheduleKind::Cosine);
  EXPECT_EQ(parse({"--patience", "3"}).patience, 3);
}

TEST(MakemoreOptions, NewFlagsGiveOneLine) {
  EXPECT_EQ(error({"--optimizer", "rmsprop"}), "makemore: --optimizer must be one of sgd, adam, adamw; got 'rmsprop'");
  EXPECT_EQ(error({"--schedule", "linear"}), "makemore: --schedule must be one of step, cosine, constant; got 'linear'");
  EXPECT_EQ(error({"--weight-decay", "-1"}), "makemore: --weight-decay must be in [0, 1], got -1");
  EXPECT_EQ(error({"--patience", "-1"}), "makemore: --patience must be in [0, 1000000], got -1");
  EXPECT_EQ(error({"--model", "conv", "--dilations", "1,0"}),
            "makemore: --dilations must be integers in [1, 1024] separated by commas, got '1,0' ('0' is not)");
  EXPECT_EQ(error({"--model", "conv", "--dilations", "1,x,4"}),
            "makemore: --dilations must be integers in [1, 1024] separated by commas, got '1,x,4' ('x' is not)");
  EXPECT_EQ(error({"--model", "conv", "--dilations=1,2,4096"}),
            "makemore: --dilations must be integers in [1, 1024] separated by commas, got '1,2,4096' ('4096' is "
            "not)");
  EXPECT_EQ(error({"--model", "conv", "--layers", "0"}), "makemore: --layers must be in [1, 64], got 0");
  EXPECT_EQ(error({"--dilations", "1,2"}), "makemore: --dilations is for --model conv or gated, not wavenet");
  EXPECT_EQ(error({"--model", "mlp", "--layers", "3"}), "makemore: --layers is for --model conv or gated, not mlp");
  EXPECT_EQ(error({"--model", "conv", "--dilations", "1,2", "--block-size", "4"}),
            "makemore: --block-size and --dilations both set the receptive field of --model conv; give one of them");
}

TEST(MakemoreOptions, GatedDefaultsToAdamAndCosine) {
  const apps::MakemoreOptions g = parse({"--model", "gated"});
  EXPECT_EQ(g.optimizer, apps::OptimizerKind::Adam);
  EXPECT_EQ(g.schedule, apps::ScheduleKind::Cosine);
  EXPECT_EQ(g.lr, 2e-3);
  EXPECT_EQ(g.steps, 12000);
  EXPECT_EQ(g.model.embd, 32);   // a narrow residual stream, a wide skip path and head
  EXPECT_EQ(g.model.hidden, 320);
  EXPECT_EQ(makemore::conv_dilations(g.model), (std::vector<int64_t>{1, 2, 4, 8, 1, 2, 4, 8}));
  const apps::MakemoreOptions sgd = parse({"--model", "gated", "--optimizer", "sgd", "--dilations", "1,2,4", "--layers", "6"});
  EXPECT_EQ(sgd.lr, 0.1);
  EXPECT_EQ(sgd.schedule, apps::ScheduleKind::Cosine);
  EXPECT_EQ(makemore::conv_dilations(sgd.model), (std::vector<int64_t>{1, 2, 4, 1, 2, 4}));
  EXPECT_EQ(parse({"--model", "gated", "--lr", "0.01", "--schedule", "step"}).schedule, apps::ScheduleKind::Step);
  EXPECT_EQ(error({"--model", "gated", "--block-size", "8"}),
            "makemore: --block-size is not used by --model gated; its receptive field is set by --dilations");
  // the other models keep the lecture's SGD and step schedule
  EXPECT_EQ(parse({"--model", "conv"}).optimizer, apps::OptimizerKind::Sgd);
}

TEST(MakemoreOptions, HelpListsEveryFlag) {
  std::ostringstream out;
  EXPECT_FALSE(apps::parse_makemore_options({"--help"}, out).has_value());
  for (const char* flag :
       {"--data FILE", "--model NAME", "--block-size N", "--embd N", "--hidden N", "--steps N",
        "--batch N", "--lr X", "--seed N", "--threads N", "--eval-every N", "--out DIR", "--resume",
        "--stop-after N", "--sample N", "--temperature T", "--top-k K", "--sample-only",
        "--metrics FILE.json", "--optimizer NAME", "--weight-decay X", "--schedule NAME", "--dilations D,D,...",
        "--layers N", "--patience N", "-h, --help"})
    EXPECT_NE(out.str().find(std::string("  ") + flag), std::string::npos) << flag;
}

}  // namespace
