// makemore: trains a character-level language model on a list of words and samples new ones,
// as in Karpathy's "makemore Part 5: Building a WaveNet". A bare `makemore` reproduces the
// lecture: the hierarchical WaveNet on data/names.txt, 200,000 SGD steps of batch 32.
#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "apps/common/cli.h"
#include "apps/common/interrupt.h"
#include "apps/common/progress.h"
#include "apps/common/ranks.h"
#include "apps/common/run.h"
#include "apps/makemore/options.h"
#include "apps/makemore/samples.h"
#include "apps/makemore/train_state.h"
#include "apps/makemore/training.h"
#include "autograd/ops.h"
#include "models/makemore.h"
#include "models/makemore_conv.h"
#include "models/makemore_gated.h"
#include "optim/data_parallel.h"

using namespace ripple;
using json = nlohmann::json;

namespace {

// The loss over the validation (or any) split, data-parallel: each rank takes a slice of the
// rows, and the ranks' sums of per-target losses and their target counts are added.
double evaluate_split(Module& model, const makemore::Dataset& data, Collective& world) {
  if (world.size() == 1) return makemore::evaluate(model, data);
  const auto [begin, end] = shard(data.size(), world.rank(), world.size());
  const makemore::Dataset mine{narrow(data.x, 0, begin, end - begin), narrow(data.y, 0, begin, end - begin),
                               data.labels.defined() ? narrow(data.labels, 0, begin, end - begin) : Tensor()};
  double sums[2] = {0, 0};  // the sum of the losses, the targets counted (-100: padding)
  for (int64_t v : mine.y.to_vector<int64_t>()) sums[1] += v != -100;
  if (sums[1] > 0) sums[0] = makemore::evaluate(model, mine) * sums[1];
  world.allreduce_sum(sums, 2);
  return sums[1] > 0 ? sums[0] / sums[1] : NAN;
}

// --top-k beyond the vocabulary keeps every character: said once, then sampled as --top-k 0.
// A --prefix the vocabulary cannot spell is refused before any training.
void clamp_top_k(makemore::SampleOptions& sampling, const makemore::Vocab& vocab) {
  apps::check_prefix(sampling.prefix, vocab);
  if (sampling.top_k <= vocab.size()) return;
  std::cout << "note: --top-k " << sampling.top_k << " exceeds the vocabulary of " << vocab.size()
            << " characters; sampling among all of them\n";
  sampling.top_k = 0;
}

// --condition LABEL as the label's index, or -1 without the flag (a conditional model then samples
// every label in turn). UsageError for an unknown label, or the flag given to a model without labels.
int64_t condition_index(const std::string& condition, const std::vector<std::string>& names) {
  if (names.empty()) {
    if (condition.empty()) return -1;
    throw apps::UsageError("makemore: --condition is for a model trained on labelled words (word, tab, label on "
                           "each line); this one has no labels");
  }
  if (condition.empty()) return -1;
  const auto it = std::find(names.begin(), names.end(), condition);
  if (it == names.end()) {
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    throw apps::UsageError("makemore: --condition '" + condition + "' is not a label of the model (" + known + ")");
  }
  return it - names.begin();
}

// Samples --sample words, with their log-likelihoods; for a conditional model those of the label of
// --condition, or --sample of each label in turn, each followed by how many of them the model's own
// likelihood assigns to the label they were drawn from (makemore::most_likely_labels).
void sample_and_print(Module& model, const makemore::ModelConfig& config, const makemore::Vocab& vocab,
                      const std::vector<std::string>& label_names, const apps::MakemoreOptions& o,
                      const std::vector<std::string>& train_words, Generator& gen, json* metrics) {
  const int64_t chosen = condition_index(o.condition, label_names);
  if (label_names.empty()) {
    apps::print_samples(makemore::sample_words(model, config, vocab, o.samples, o.sampling, gen), train_words, metrics);
    return;
  }
  for (int64_t l = 0; l < static_cast<int64_t>(label_names.size()); ++l) {
    if (chosen >= 0 && l != chosen) continue;
    makemore::SampleOptions sampling = o.sampling;
    sampling.label = l;
    const std::vector<makemore::Sampled> samples = makemore::sample_words(model, config, vocab, o.samples, sampling, gen);
    std::printf("\nlabel %s:", label_names[static_cast<size_t>(l)].c_str());
    json part;
    apps::print_samples(samples, train_words, metrics ? &part : nullptr);
    std::vector<std::string> words;
    for (const makemore::Sampled& s : samples) words.push_back(s.word);
    int64_t recognised = 0;
    for (int64_t best : makemore::most_likely_labels(model, makemore::encode_words(words, vocab), config.labels))
      recognised += best == l;
    std::printf("recognised as %s by the model's own likelihood (argmax over the %lld labels): %lld of %zu (%.1f%%)\n",
                label_names[static_cast<size_t>(l)].c_str(), static_cast<long long>(config.labels),
                static_cast<long long>(recognised), samples.size(),
                samples.empty() ? 0.0 : 100.0 * static_cast<double>(recognised) / static_cast<double>(samples.size()));
    if (metrics) {
      part["recognised"] = recognised;
      (*metrics)["labels"][label_names[static_cast<size_t>(l)]] = part;
    }
  }
}

int run(int argc, char** argv) {
  dist::Communicator& world = apps::join_world();  // mpirun -np N: rank 0 prints and writes
  const std::optional<apps::MakemoreOptions> parsed =
      apps::parse_makemore_options(apps::arguments(argc, argv), std::cout);
  if (!parsed) return 0;  // --help
  apps::MakemoreOptions o = *parsed;
  openblas_set_num_threads(static_cast<int>(o.threads));
  const apps::RunDir dir(o.out);
  const std::string ckpt = dir.checkpoint(), best_ckpt = dir.file("best.safetensors");  // --patience
  // Ctrl-C and SIGTERM from here on set a flag: training saves once and stops, anything before
  // training has nothing to save and stops at the next check
  apps::catch_interrupts();
  // every file the run will write, checked before the data are read or a step is trained
  if (!o.sample_only) dir.check_writable();
  if (!o.metrics.empty()) apps::check_writable_file(o.metrics, "--metrics");

  // --- data ---
  const makemore::WordList list = makemore::load_word_list(o.data);  // words, and labels if any
  const std::vector<std::string>& words = list.words;
  makemore::Vocab vocab = makemore::build_vocab(words);
  const std::vector<std::string>& label_names = list.label_names;  // empty: no labels
  o.model.vocab_size = vocab.size();
  makemore::Splits split = makemore::split_words(list, static_cast<uint64_t>(o.seed));
  clamp_top_k(o.sampling, vocab);
  Generator gen(static_cast<uint64_t>(o.seed));
  apps::TrainState st;

  if (o.sample_only) {
    if (!std::filesystem::exists(ckpt))
      throw Error(ckpt + ": no checkpoint to sample from (train first, or pass --out DIR)");
    // a run with --patience kept its best weights apart: those are the ones to sample
    const std::string from = std::filesystem::exists(best_ckpt) ? best_ckpt : ckpt;
    makemore::TrainedModel trained = makemore::load_trained(from);
    auto& model = trained.model;
    o.model = trained.config;
    vocab = trained.vocab;
    clamp_top_k(o.sampling, vocab);
    condition_index(o.condition, trained.label_names);  // a bad --condition before any message
    std::cout << "loaded " << from << " (" << makemore::kind_name(o.model.kind) << ", "
              << model->num_parameters() << " parameters)\n";
    json metrics;
    sample_and_print(*model, o.model, vocab, trained.label_names, o, split.train, gen,
                     o.metrics.empty() ? nullptr : &metrics);
    if (!o.metrics.empty() && world.root()) apps::write_json(o.metrics, metrics);
    return 0;
  }

  if (split.train.empty())
    throw Error(o.data + ": " + std::to_string(words.size()) + " words are too few: the training split (80%) " +
                "is empty; give at least 2 words");
  if (list.labelled()) {  // a conditional model: the label's embedding added in every block
    if (!makemore::whole_words(o.model.kind))
      throw apps::UsageError("makemore: --data " + o.data + " has labels (a second, tab-separated column), which only "
                             "--model conv or gated can take, not " + makemore::kind_name(o.model.kind));
    o.model.labels = static_cast<int64_t>(label_names.size());
  }
  condition_index(o.condition, label_names);  // a bad --condition before any training
  const bool conv = makemore::whole_words(o.model.kind);  // conv, gated: whole words per row
  auto make = [&](const std::vector<std::string>& ws) {
    return conv ? makemore::build_sequences(makemore::encode_words(ws, vocab))
                : makemore::build_dataset(ws, vocab, o.model.block_size);
  };
  makemore::Dataset train = make(split.train), val = make(split.val), test = make(split.test);
  if (list.labelled()) {  // one row per word, in the split's order; (1,) for a single word, not 0-d
    train.labels = from_vector(split.train_labels, {static_cast<int64_t>(split.train_labels.size())});
    val.labels = from_vector(split.val_labels, {static_cast<int64_t>(split.val_labels.size())});
    test.labels = from_vector(split.test_labels, {static_cast<int64_t>(split.test_labels.size())});
  }
  const auto train_words = makemore::encode_words(split.train, vocab);
  std::printf("%zu words, %lld characters in the vocabulary; split %zu / %zu / %zu words",
              words.size(), static_cast<long long>(vocab.size()), split.train.size(), split.val.size(),
              split.test.size());
  if (!conv)
    std::printf(" = %lld / %lld / %lld examples", static_cast<long long>(train.size()),
                static_cast<long long>(val.size()), static_cast<long long>(test.size()));
  if (list.labelled()) std::printf("; %zu labels", label_names.size());
  std::printf("\n");

  const int64_t train_items = conv ? static_cast<int64_t>(train_words.size()) : train.size();
  if (o.batch > train_items)  // fine (batches are drawn with replacement), but worth knowing
    std::printf("note: --batch %lld exceeds the %lld training %s; each batch draws with replacement\n",
                static_cast<long long>(o.batch), static_cast<long long>(train_items), conv ? "words" : "examples");
  auto model = makemore::make_model(o.model, gen);
  if (o.batch < world.size())
    throw apps::UsageError("makemore: --batch " + std::to_string(o.batch) + " is smaller than the " + std::to_string(world.size()) +
                     " processes: each takes a slice of every batch, so give at least one row per process");
  // summary runs a forward pass: at most as many rows as the data have, not a huge --batch
  const int64_t shown_batch = std::min(o.batch, train_items);
  if (list.labelled())  // summary() calls forward(x), and a conditional model needs labels too
    std::cout << model->describe() << ": " << model->num_parameters() << " parameters\n";
  else if (conv) std::cout << summary(*model, {shown_batch, 16}, DType::Int64);
  else std::cout << summary(*model, {shown_batch, o.model.block_size}, DType::Int64);

  std::unique_ptr<Optimizer> opt = apps::make_optimizer(o, model->parameters());
  auto* gated = dynamic_cast<makemore::GatedWaveNet*>(model.get());
  auto* conv_net = dynamic_cast<makemore::ConvWaveNet*>(model.get());
  Generator* dropout_masks = gated ? gated->dropout_generator()  // --dropout
                                   : conv_net ? conv_net->dropout_generator() : nullptr;
  if (o.resume) {
    st = apps::load_train_state(ckpt, *model, o, vocab, gen, opt.get(), label_names);
    std::cout << "resuming from step " << st.step << " of " << o.steps << "\n";
  }
  if (world.root()) {
    dir.create();
    if (!o.resume) std::filesystem::remove(best_ckpt);  // an earlier run's best is not this run's
  }
  // data parallelism: rank 0's weights everywhere, BatchNorm over the global batch, and this
  // rank's rows of every global batch (optim/data_parallel.h)
  if (world.size() > 1) {
    broadcast_state(*model, world);
    sync_batch_norm(*model, &world);
    std::printf("data parallel: %d processes, each %lld or %lld of the %lld rows of a batch\n", world.size(),
                static_cast<long long>(o.batch / world.size()),
                static_cast<long long>((o.batch + world.size() - 1) / world.size()), static_cast<long long>(o.batch));
  }
  const auto [row_begin, row_end] = shard(o.batch, world.rank(), world.size());

  // --- training ---
  // a fixed slice of the training set for the periodic train-loss estimate
  const int64_t probe_rows = std::min<int64_t>(train.size(), conv ? 2500 : 20000);
  makemore::Dataset train_probe{narrow(train.x, 0, 0, probe_rows), narrow(train.y, 0, 0, probe_rows),
                                list.labelled() ? narrow(train.labels, 0, 0, probe_rows) : Tensor()};
  if (apps::interrupted()) {  // a signal while the data were read: nothing trained, nothing to save
    std::cout << "interrupted before training; nothing written\n";
    return apps::interrupted_exit_code();
  }
  apps::Progress progress({.total_steps = o.steps, .first_step = st.step});
  const auto t_start = std::chrono::steady_clock::now();
  const int64_t first_step = st.step;
  // --patience: stop once that many evaluations in a row did not improve on the best val loss
  while (st.step < o.steps && !apps::patience_exhausted(st.val, o.patience)) {
    // every rank draws the same global batch and trains on its rows [row_begin, row_end); its
    // loss is scaled to its share of the global mean, so the gradients add up to the batch's
    Tensor xb, yb, lb;  // lb: the words' labels, for a conditional model
    double share = 1;
    if (conv) {
      std::vector<std::vector<int64_t>> batch;
      std::vector<int64_t> batch_labels;
      int64_t targets = 0, mine = 0;  // a word of n characters has n + 1 targets
      for (int64_t i = 0; i < o.batch; ++i) {
        const int64_t k = gen.randint(0, static_cast<int64_t>(train_words.size()));
        const auto& w = train_words[static_cast<size_t>(k)];
        targets += static_cast<int64_t>(w.size()) + 1;
        if (i < row_begin || i >= row_end) continue;
        mine += static_cast<int64_t>(w.size()) + 1;
        batch.push_back(w);
        if (list.labelled()) batch_labels.push_back(split.train_labels[static_cast<size_t>(k)]);
      }
      makemore::Dataset d = makemore::build_sequences(batch);
      xb = d.x, yb = d.y;
      if (list.labelled()) lb = from_vector(batch_labels, {static_cast<int64_t>(batch_labels.size())});  // (B,), also for one word
      share = static_cast<double>(mine) / static_cast<double>(targets);
    } else {
      Tensor ix = gen.randint(0, train.size(), {o.batch});
      if (world.size() > 1) ix = narrow(ix, 0, row_begin, row_end - row_begin);
      xb = index_select(train.x, 0, ix);
      yb = index_select(train.y, 0, ix);
      share = static_cast<double>(row_end - row_begin) / static_cast<double>(o.batch);
    }
    if (dropout_masks) *dropout_masks = Generator(gen.next_u64());  // resumes draw the same masks
    Tensor loss = cross_entropy(makemore::logits_of(*model, xb, lb), yb);
    if (world.size() > 1) loss = loss * share;
    opt->zero_grad();
    loss.backward();
    if (world.size() > 1) sum_gradients(model->parameters(), world);
    opt->lr = apps::learning_rate(o, st.step);
    opt->step();
    double l = loss.item();
    bool interrupted = apps::interrupted();
    if (world.size() > 1) {  // the global loss, and a stop only when every rank stops together
      double both[2] = {l, interrupted ? 1.0 : 0.0};
      world.allreduce_sum(both, 2);
      l = both[0], interrupted = both[1] > 0;
    }
    if (!std::isfinite(l))
      throw Error("training diverged at step " + std::to_string(st.step) + " (loss " + std::to_string(l) +
                  "); try a smaller --lr");
    st.losses.push_back(l);
    progress.update(st.step, l);
    ++st.step;
    if (interrupted || st.step == o.stop_after) {
      if (world.root()) apps::save_train_state(ckpt, *model, o, vocab, gen, st, opt.get(), label_names);
      progress.finish();
      std::cout << (interrupted ? "interrupted: " : "stopped: ") << "checkpoint saved at step " << st.step
                << " to " << ckpt << "; continue with --resume\n";
      return interrupted ? apps::interrupted_exit_code() : 0;
    }
    if (st.step % o.eval_every == 0 || st.step == o.steps) {
      // no validation words (a tiny list): no validation loss, rather than a NaN in the checkpoint
      const double vl = val.size() > 0 ? evaluate_split(*model, val, world) : NAN;
      if (std::isfinite(vl)) st.val.emplace_back(st.step, vl);
      char buf[160];
      char shown_val[40] = "- (no validation words)";
      if (val.size() > 0) std::snprintf(shown_val, sizeof shown_val, "%.4f", vl);
      std::snprintf(buf, sizeof buf, "step %lld: train %.4f  val %s", static_cast<long long>(st.step),
                    evaluate_split(*model, train_probe, world), shown_val);
      progress.message(buf);
      if (world.root()) {
        apps::save_train_state(ckpt, *model, o, vocab, gen, st, opt.get(), label_names);
        if (o.patience > 0 && std::isfinite(vl) && apps::best_evaluation(st.val) + 1 == std::ssize(st.val))
          apps::save_best_model(best_ckpt, *model, o, vocab, st.step, vl, label_names);
      }
    }
  }
  progress.finish();
  world.barrier();  // rank 0 has written the best weights before any rank reads them
  if (o.patience > 0 && std::filesystem::exists(best_ckpt)) {  // the results are the best weights'
    const auto [best_step, best_val] = st.val[static_cast<size_t>(apps::best_evaluation(st.val))];
    if (st.step < o.steps)
      std::printf("early stop at step %lld: no better val loss in %lld evaluations\n", static_cast<long long>(st.step),
                  static_cast<long long>(o.patience));
    load_checkpoint(best_ckpt, *model);
    std::printf("best val %.4f at step %lld: those weights are %s\n", best_val, static_cast<long long>(best_step),
                best_ckpt.c_str());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  const double ms_per_step = 1000 * seconds / static_cast<double>(std::max<int64_t>(1, st.step - first_step));

  // --- results ---
  const double tr = evaluate_split(*model, train, world), va = evaluate_split(*model, val, world),
               te = evaluate_split(*model, test, world);
  std::printf("\nfinal losses (eval mode, full splits): train %.4f  val %.4f  test %.4f\n", tr, va, te);
  std::printf("%.3f ms/step, %.1f s of training\n", ms_per_step, seconds);
  const std::string plot_path = dir.loss_plot();
  if (world.root())
    apps::plot_step_losses(plot_path, st, "makemore " + makemore::kind_name(o.model.kind) + ": training loss");
  std::cout << "checkpoint: " << ckpt << "\nloss plot:  " << plot_path << "\n";

  json metrics = {{"model", makemore::kind_name(o.model.kind)}, {"params", model->num_parameters()}, {"steps", st.step},
                  {"train_loss", tr}, {"val_loss", va}, {"test_loss", te}, {"ms_per_step", ms_per_step},
                  {"seconds_total", seconds}};
  sample_and_print(*model, o.model, vocab, label_names, o, split.train, gen, &metrics);
  if (!o.metrics.empty() && world.root()) apps::write_json(o.metrics, metrics);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return apps::leave_world(apps::run_app("makemore", [&] { return run(argc, argv); }));
}
