// makemore: trains a character-level language model on a list of words and samples new ones,
// as in Karpathy's "makemore Part 5: Building a WaveNet". A bare `makemore` reproduces the
// lecture: the hierarchical WaveNet on data/names.txt, 200,000 SGD steps of batch 32.
#include <cblas.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "apps/common/cli.h"
#include "apps/common/files.h"
#include "apps/common/progress.h"
#include "apps/common/svg.h"
#include "autograd/ops.h"
#include "layers/checkpoint.h"
#include "models/makemore.h"
#include "optim/sgd.h"

using namespace ripple;
using json = nlohmann::json;

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void on_sigint(int) { g_interrupted = 1; }

struct Options {
  std::string data, out, metrics;
  makemore::ModelConfig model;
  int64_t steps, batch, seed, threads, eval_every, samples, stop_after;
  double lr;
  bool resume, sample_only;
  makemore::SampleOptions sampling;
};

apps::Cli make_cli() {
  apps::Cli cli("makemore",
                "Trains a character-level language model on a list of words (one per line) and "
                "samples new words from it. The defaults reproduce Karpathy's makemore Part 5: "
                "the hierarchical WaveNet on the bundled names, 200,000 SGD steps of batch 32, "
                "learning rate 0.1 then 0.01 for the last quarter.");
  cli.add_string("data", "FILE", "data/names.txt", "UTF-8 text file with one word per line")
      .add_string("model", "NAME", "wavenet", "wavenet (hierarchical), mlp (flat baseline) or conv (dilated causal convolutions over whole words)")
      .add_int("block-size", "N", 8, "characters of context (mlp default: 3)")
      .add_int("embd", "N", 24, "embedding size per character (mlp default: 10)")
      .add_int("hidden", "N", 128, "hidden units per layer (mlp default: 200)")
      .add_int("steps", "N", 200000, "training steps (conv default: 8000)")
      .add_int("batch", "N", 32, "examples per step (conv: words per step, default 64)")
      .add_double("lr", "X", 0.1, "SGD learning rate; divided by 10 for the last quarter of the steps (conv default: 0.5)")
      .add_int("seed", "N", 42, "seed for the data split, the initialisation, batches and sampling")
      .add_int("threads", "N", 1, "OpenBLAS threads (1 is fastest for these small matrices)")
      .add_int("eval-every", "N", 10000, "steps between train/val evaluations and checkpoints (conv default: 2000)")
      .add_string("out", "DIR", "out/makemore", "where the checkpoint and loss plot are written")
      .add_switch("resume", "continue from DIR/model.safetensors exactly where it stopped")
      .add_int("stop-after", "N", 0, "stop with a checkpoint after N steps, as Ctrl-C does (0: never)")
      .add_int("sample", "N", 20, "words to sample after training")
      .add_double("temperature", "T", 1.0, "sampling temperature (below 1: safer, above 1: wilder)")
      .add_int("top-k", "K", 0, "sample only among the K likeliest characters (0: all)")
      .add_switch("sample-only", "skip training: load DIR/model.safetensors and sample")
      .add_string("metrics", "FILE.json", "", "write losses, speed and samples as JSON");
  return cli;
}

Options read_options(const apps::Cli& cli) {
  Options o;
  o.data = cli.get_string("data");
  // the bundled names also when makemore runs from outside the source tree
  if (!cli.was_given("data") && !std::filesystem::exists(o.data))
    o.data = std::string(RIPPLE_SOURCE_DIR) + "/" + o.data;
  o.out = cli.get_string("out");
  o.metrics = cli.get_string("metrics");
  o.model.kind = cli.get_string("model");
  const bool mlp = o.model.kind == "mlp", conv = o.model.kind == "conv";
  auto pick = [&](const char* name, int64_t mlp_default) {
    return mlp && !cli.was_given(name) ? mlp_default : cli.get_int(name);
  };
  o.model.block_size = pick("block-size", 3);
  o.model.embd = pick("embd", 10);
  o.model.hidden = pick("hidden", 200);
  // conv sees every position of 64 words per step (about 480 predictions, against 32 for the
  // others), so it takes fewer, larger steps: docs/06-makemore.md has the measurements
  o.steps = conv && !cli.was_given("steps") ? 8000 : cli.get_int("steps");
  o.batch = conv && !cli.was_given("batch") ? 64 : cli.get_int("batch");
  o.lr = conv && !cli.was_given("lr") ? 0.5 : cli.get_double("lr");
  o.seed = cli.get_int("seed");
  o.threads = cli.get_int("threads");
  o.eval_every = conv && !cli.was_given("eval-every") ? 2000 : cli.get_int("eval-every");
  o.samples = cli.get_int("sample");
  o.stop_after = cli.get_int("stop-after");
  o.sampling.temperature = cli.get_double("temperature");
  o.sampling.top_k = cli.get_int("top-k");
  o.resume = cli.get_bool("resume");
  o.sample_only = cli.get_bool("sample-only");
  auto positive = [](const char* flag, int64_t v) { apps::require_at_least("makemore", flag, v, 1); };
  positive("steps", o.steps);
  positive("batch", o.batch);
  positive("threads", o.threads);
  positive("eval-every", o.eval_every);
  if (!(o.lr > 0)) throw apps::UsageError("makemore: --lr must be positive");
  if (!(o.sampling.temperature > 0)) throw apps::UsageError("makemore: --temperature must be positive");
  return o;
}

// Everything a checkpoint needs to resume exactly: model, generator, step and loss history.
struct TrainState {
  int64_t step = 0;
  std::vector<double> losses;                       // every step's training loss
  std::vector<std::pair<int64_t, double>> val;      // (step, val loss) at each evaluation
};

json config_json(const Options& o) {
  return {{"model", o.model.kind}, {"block_size", o.model.block_size}, {"embd", o.model.embd},
          {"hidden", o.model.hidden}, {"vocab_size", o.model.vocab_size}, {"steps", o.steps},
          {"batch", o.batch}, {"lr", o.lr}, {"seed", o.seed}};
}

void save(const std::string& path, const Module& model, const Options& o, const makemore::Vocab& vocab,
          const Generator& gen, const TrainState& st) {
  std::vector<std::string> gen_state;
  for (uint64_t w : gen.state()) gen_state.push_back(std::to_string(w));
  save_checkpoint(path, model,
                  {{"config", config_json(o).dump()},
                   {"vocab", json(vocab.chars).dump()},
                   {"step", std::to_string(st.step)},
                   {"generator", json(gen_state).dump()},
                   {"losses", json(st.losses).dump()},
                   {"val", json(st.val).dump()}});
}

// The lecture's plot: log10 of the training loss averaged over windows of 1,000 steps (fewer for
// short runs), with the validation losses as points.
void plot_losses(const std::string& path, const TrainState& st, const std::string& title) {
  const size_t window = std::clamp<size_t>(st.losses.size() / 50, 1, 1000);
  std::vector<double> xs, ys;
  for (size_t i = 0; i + window <= st.losses.size(); i += window) {
    double s = 0;
    for (size_t j = i; j < i + window; ++j) s += st.losses[j];
    xs.push_back(static_cast<double>(i + window));
    ys.push_back(std::log10(s / static_cast<double>(window)));
  }
  apps::Plot plot;
  plot.title = title;
  plot.x_label = "step";
  plot.y_label = "log10 loss";
  plot.line("train (mean of " + std::to_string(window) + " steps)", xs, ys);
  std::vector<double> vx, vy;
  for (auto& [s, v] : st.val) {
    vx.push_back(static_cast<double>(s));
    vy.push_back(std::log10(v));
  }
  if (!vx.empty()) plot.points("validation", vx, vy);
  plot.save(path);
}

void print_samples(const std::vector<std::string>& words, const std::vector<std::string>& train_words,
                   json* metrics) {
  const std::set<std::string> seen(train_words.begin(), train_words.end());
  int64_t fresh = 0;
  std::cout << "\nsamples:\n";
  for (const auto& w : words) {
    const bool is_new = !seen.count(w);
    fresh += is_new;
    std::cout << "  " << w << (is_new ? "" : "  (in the training set)") << "\n";
  }
  if (!words.empty())
    std::printf("%lld of %zu samples (%.0f%%) are new words\n", static_cast<long long>(fresh),
                words.size(), 100.0 * static_cast<double>(fresh) / static_cast<double>(words.size()));
  if (metrics) (*metrics)["samples"] = words;
}

int run(int argc, char** argv) {
  apps::Cli cli = make_cli();
  cli.parse_or_exit(argc, argv);
  Options o = read_options(cli);
  openblas_set_num_threads(static_cast<int>(o.threads));
  const std::string ckpt = (std::filesystem::path(o.out) / "model.safetensors").string();

  // --- data ---
  std::vector<std::string> words = makemore::load_words(o.data);
  makemore::Vocab vocab = makemore::build_vocab(words);
  o.model.vocab_size = vocab.size();
  makemore::Splits split = makemore::split_words(words, static_cast<uint64_t>(o.seed));
  Generator gen(static_cast<uint64_t>(o.seed));
  TrainState st;

  if (o.sample_only) {
    if (!std::filesystem::exists(ckpt))
      throw Error(ckpt + ": no checkpoint to sample from (train first, or pass --out DIR)");
    makemore::TrainedModel trained = makemore::load_trained(ckpt);
    auto& model = trained.model;
    o.model = trained.config;
    vocab = trained.vocab;
    std::cout << "loaded " << ckpt << " (" << o.model.kind << ", " << model->num_parameters() << " parameters)\n";
    json metrics;
    print_samples(makemore::sample(*model, o.model, vocab, o.samples, o.sampling, gen), split.train,
                  o.metrics.empty() ? nullptr : &metrics);
    if (!o.metrics.empty()) apps::write_json(o.metrics, metrics);
    return 0;
  }

  const bool conv = o.model.kind == "conv";
  auto make = [&](const std::vector<std::string>& ws) {
    return conv ? makemore::build_sequences(makemore::encode_words(ws, vocab))
                : makemore::build_dataset(ws, vocab, o.model.block_size);
  };
  makemore::Dataset train = make(split.train), val = make(split.val), test = make(split.test);
  const auto train_words = makemore::encode_words(split.train, vocab);
  std::printf("%zu words, %lld characters in the vocabulary; split %zu / %zu / %zu words",
              words.size(), static_cast<long long>(vocab.size()), split.train.size(), split.val.size(),
              split.test.size());
  if (!conv)
    std::printf(" = %lld / %lld / %lld examples", static_cast<long long>(train.size()),
                static_cast<long long>(val.size()), static_cast<long long>(test.size()));
  std::printf("\n");

  auto model = makemore::make_model(o.model, gen);
  if (conv) std::cout << summary(*model, {o.batch, 16}, DType::Int64);
  else std::cout << summary(*model, {o.batch, o.model.block_size}, DType::Int64);

  if (o.resume) {
    if (!std::filesystem::exists(ckpt)) throw Error(ckpt + ": no checkpoint to resume from");
    Metadata meta = load_safetensors(ckpt).metadata;
    if (!meta.count("config") || json::parse(meta.at("config")) != config_json(o))
      throw Error(ckpt + ": was trained with " + (meta.count("config") ? meta.at("config") : "another program") +
                  "; resume with the same flags");
    load_checkpoint(ckpt, *model);
    st.step = std::stoll(meta.at("step"));
    st.losses = json::parse(meta.at("losses")).get<std::vector<double>>();
    st.val = json::parse(meta.at("val")).get<std::vector<std::pair<int64_t, double>>>();
    auto g = json::parse(meta.at("generator")).get<std::vector<std::string>>();
    gen.set_state({std::stoull(g[0]), std::stoull(g[1]), std::stoull(g[2]), std::stoull(g[3])});
    std::cout << "resuming from step " << st.step << " of " << o.steps << "\n";
  }
  std::filesystem::create_directories(o.out);

  // --- training ---
  SGD opt(model->parameters(), o.lr);
  const int64_t decay_at = o.steps * 3 / 4;  // the lecture: 0.1 -> 0.01 at 150,000 of 200,000
  // a fixed slice of the training set for the periodic train-loss estimate
  makemore::Dataset train_probe{narrow(train.x, 0, 0, std::min<int64_t>(train.size(), conv ? 2500 : 20000)),
                                narrow(train.y, 0, 0, std::min<int64_t>(train.size(), conv ? 2500 : 20000))};
  std::signal(SIGINT, on_sigint);
  apps::Progress progress({.total_steps = o.steps, .first_step = st.step});
  const auto t_start = std::chrono::steady_clock::now();
  const int64_t first_step = st.step;
  while (st.step < o.steps) {
    Tensor xb, yb;
    if (conv) {
      std::vector<std::vector<int64_t>> batch;
      for (int64_t i = 0; i < o.batch; ++i)
        batch.push_back(train_words[gen.randint(0, static_cast<int64_t>(train_words.size()))]);
      makemore::Dataset d = makemore::build_sequences(batch);
      xb = d.x, yb = d.y;
    } else {
      Tensor ix = gen.randint(0, train.size(), {o.batch});
      xb = index_select(train.x, 0, ix);
      yb = index_select(train.y, 0, ix);
    }
    Tensor loss = cross_entropy((*model)(xb), yb);
    opt.zero_grad();
    loss.backward();
    opt.lr = st.step < decay_at ? o.lr : o.lr / 10;
    opt.step();
    const double l = loss.item();
    if (!std::isfinite(l))
      throw Error("training diverged at step " + std::to_string(st.step) + " (loss " + std::to_string(l) +
                  "); try a smaller --lr");
    st.losses.push_back(l);
    progress.update(st.step, l);
    ++st.step;
    if (g_interrupted || st.step == o.stop_after) {
      save(ckpt, *model, o, vocab, gen, st);
      progress.finish();
      std::cout << (g_interrupted ? "interrupted: " : "stopped: ") << "checkpoint saved at step " << st.step
                << " to " << ckpt << "; continue with --resume\n";
      return g_interrupted ? 130 : 0;
    }
    if (st.step % o.eval_every == 0 || st.step == o.steps) {
      const double vl = makemore::evaluate(*model, val);
      st.val.emplace_back(st.step, vl);
      char buf[160];
      std::snprintf(buf, sizeof buf, "step %lld: train %.4f  val %.4f", static_cast<long long>(st.step),
                    makemore::evaluate(*model, train_probe), vl);
      progress.message(buf);
      save(ckpt, *model, o, vocab, gen, st);
    }
  }
  progress.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  const double ms_per_step = 1000 * seconds / static_cast<double>(std::max<int64_t>(1, o.steps - first_step));

  // --- results ---
  const double tr = makemore::evaluate(*model, train), va = makemore::evaluate(*model, val),
               te = makemore::evaluate(*model, test);
  std::printf("\nfinal losses (eval mode, full splits): train %.4f  val %.4f  test %.4f\n", tr, va, te);
  std::printf("%.3f ms/step, %.1f s of training\n", ms_per_step, seconds);
  const std::string plot_path = (std::filesystem::path(o.out) / "loss.svg").string();
  plot_losses(plot_path, st, "makemore " + o.model.kind + ": training loss");
  std::cout << "checkpoint: " << ckpt << "\nloss plot:  " << plot_path << "\n";

  json metrics = {{"model", o.model.kind}, {"params", model->num_parameters()}, {"steps", o.steps},
                  {"train_loss", tr}, {"val_loss", va}, {"test_loss", te}, {"ms_per_step", ms_per_step},
                  {"seconds_total", seconds}};
  print_samples(makemore::sample(*model, o.model, vocab, o.samples, o.sampling, gen), split.train, &metrics);
  if (!o.metrics.empty()) apps::write_json(o.metrics, metrics);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return apps::run_app("makemore", [&] { return run(argc, argv); });
}
