// makemore: data handling, the lecture's split and model size, the conv/hierarchical equivalence,
// and sampling.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "autograd/ops.h"
#include "layers/batch_norm.h"
#include "layers/checkpoint.h"
#include "layers/sequential.h"
#include "models/makemore.h"
#include "models/makemore_conv.h"
#include "tests/temp_dir.h"

using namespace ripple;
namespace fs = std::filesystem;

namespace {

// Writes `text` to a file in this run's temporary directory and returns its path.
std::string write_temp(const std::string& name, const std::string& text) {
  static const ripple::testing::TempDir dir;
  std::ofstream(dir.path / name, std::ios::binary) << text;
  return (dir.path / name).string();
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(MakemoreData, SkipsBlankLinesAndHandlesCrlf) {
  auto words = makemore::load_words(write_temp("crlf.txt", "emma\r\n\r\n  olivia \r\nava\n\n"));
  EXPECT_EQ(words, (std::vector<std::string>{"emma", "olivia", "ava"}));
}

TEST(MakemoreData, VocabularyIsDotThenSortedCharacters) {
  auto vocab = makemore::build_vocab({"emma", "zoë", "bob"});
  EXPECT_EQ(vocab.chars, (std::vector<std::string>{".", "a", "b", "e", "m", "o", "z", "ë"}));
  EXPECT_EQ(vocab.index("ë"), 7);
  EXPECT_EQ(vocab.index("."), 0);
  EXPECT_THROW(vocab.index("q"), ripple::Error);
}

TEST(MakemoreData, ExamplesSlideTheContext) {
  auto vocab = makemore::build_vocab({"emma"});  // . a e m
  auto d = makemore::build_dataset({"emma"}, vocab, 3);
  ASSERT_EQ(d.x.shape(), (Shape{5, 3}));
  EXPECT_EQ(d.y.to_vector<int64_t>(), (std::vector<int64_t>{2, 3, 3, 1, 0}));  // e m m a .
  EXPECT_EQ(d.x.to_vector<int64_t>(),
            (std::vector<int64_t>{0, 0, 0, 0, 0, 2, 0, 2, 3, 2, 3, 3, 3, 3, 1}));
}

TEST(MakemoreData, WordsLongerThanTheContextAreFine) {
  auto vocab = makemore::build_vocab({"abcdefghijklmnop"});
  auto d = makemore::build_dataset({"abcdefghijklmnop"}, vocab, 2);
  EXPECT_EQ(d.size(), 17);
}

TEST(MakemoreData, BadFilesGiveClearErrors) {
  EXPECT_EQ(error_of([] { makemore::load_words("/nonexistent/names.txt"); }),
            "/nonexistent/names.txt: cannot open the word list (missing file or no permission)");
  std::string empty = write_temp("empty.txt", "\n \n");
  EXPECT_EQ(error_of([&] { makemore::load_words(empty); }), empty + ": no words (the file is empty or blank)");
  std::string one = write_temp("one.txt", "aaa\naa\n");
  EXPECT_NE(error_of([&] { makemore::load_words(one); }).find("single distinct character"), std::string::npos);
  std::string bad = write_temp("bad.txt", "emma\nol\xffvia\n");
  EXPECT_EQ(error_of([&] { makemore::load_words(bad); }), bad + ":2: invalid UTF-8 at byte 3");
  std::string dot = write_temp("dot.txt", "emma\nst.john\n");
  EXPECT_NE(error_of([&] { makemore::load_words(dot); }).find("'st.john' contains '.'"), std::string::npos);
}

TEST(MakemoreData, HostileWordListsAreRefusedByLineOrReadRight) {
  // a BOM is not a character of the data, CRLF and blank lines are not words
  EXPECT_EQ(makemore::load_words(write_temp("bom.txt", "\xEF\xBB\xBF" "emma\r\n\r\nava\r\n")),
            (std::vector<std::string>{"emma", "ava"}));
  std::string nul = write_temp("nul.txt", std::string("emma\nol\0via\n", 12));
  EXPECT_EQ(error_of([&] { makemore::load_words(nul); }), nul + ":2: a NUL byte at byte 3: not a text file of words");
  std::string lone = write_temp("lone.txt", "emma\nol\xC3(via\n");  // a lead byte without its continuation
  EXPECT_EQ(error_of([&] { makemore::load_words(lone); }), lone + ":2: invalid UTF-8 at byte 3");
  std::string overlong = write_temp("overlong.txt", "emma\n\xC0\xAF\n");
  EXPECT_EQ(error_of([&] { makemore::load_words(overlong); }), overlong + ":2: invalid UTF-8 at byte 1");
  std::string longest = write_temp("long.txt", "emma\n" + std::string(makemore::kMaxWordLength + 1, 'a') + "\nava\n");
  EXPECT_EQ(error_of([&] { makemore::load_words(longest); }),
            longest + ":2: a word of 257 characters; words may have at most 256 (one word per line)");
  EXPECT_NE(error_of([] { makemore::load_words("/dev/zero"); }).find("is a character device"), std::string::npos);
  EXPECT_NE(error_of([] { makemore::load_words("/tmp"); }).find("is a directory"), std::string::npos);
}

// parse_words is load_words without the file: the same words, the same errors under the given name.
TEST(MakemoreData, ParsesWordListsInMemory) {
  const std::string text = "\xEF\xBB\xBF" "emma\r\n\r\n  zoë \r\nava";  // no final line end
  EXPECT_EQ(makemore::parse_words(text, "mem"), (std::vector<std::string>{"emma", "zoë", "ava"}));
  EXPECT_EQ(makemore::parse_words(text, "mem"), makemore::load_words(write_temp("mem.txt", text)));
  EXPECT_EQ(error_of([] { makemore::parse_words(std::string("emma\nol\0via\n", 12), "mem"); }),
            "mem:2: a NUL byte at byte 3: not a text file of words");
  EXPECT_EQ(error_of([] { makemore::parse_words("", "mem"); }), "mem: no words (the file is empty or blank)");
  EXPECT_EQ(error_of([] { makemore::parse_words("ab\n\xE2\x82", "mem"); }), "mem:2: invalid UTF-8 at byte 1");
}

// A second, tab-separated column labels each word: all lines or none, the labels sorted and indexed.
TEST(MakemoreData, ParsesLabelledWordLists) {
  const makemore::WordList list = makemore::parse_word_list("hund\tde\r\nchat \t fr\n\nperro\tes\ngato\tes\n", "mem");
  EXPECT_EQ(list.words, (std::vector<std::string>{"hund", "chat", "perro", "gato"}));
  EXPECT_EQ(list.label_names, (std::vector<std::string>{"de", "es", "fr"}));
  EXPECT_EQ(list.labels, (std::vector<int64_t>{0, 2, 1, 1}));
  EXPECT_TRUE(list.labelled());
  EXPECT_EQ(makemore::parse_words("hund\tde\nchat\tfr\n", "mem"), (std::vector<std::string>{"hund", "chat"}));
  const makemore::WordList plain = makemore::parse_word_list("emma\nava\n", "mem");
  EXPECT_FALSE(plain.labelled());
  EXPECT_TRUE(plain.labels.empty());
  // mixed, both ways round; the line and the word are named
  EXPECT_EQ(error_of([] { makemore::parse_word_list("hund\tde\nchat\n", "mem"); }),
            "mem:2: 'chat' has no label (a tab, then the label), but line 1 has one: label every word or none");
  EXPECT_EQ(error_of([] { makemore::parse_word_list("hund\n\nchat\tfr\n", "mem"); }),
            "mem:3: 'chat' has a label, but line 1 has none: label every word or none");
  EXPECT_EQ(error_of([] { makemore::parse_word_list("hund\tde\n\tfr\n", "mem"); }),
            "mem:2: a label without a word (the line starts with a tab)");
  EXPECT_EQ(error_of([] { makemore::parse_word_list("hund\tde\tx\n", "mem"); }),
            "mem:1: more than two tab-separated columns (a word, then its label)");
  EXPECT_EQ(error_of([] { makemore::parse_word_list("hund\td\xff\n", "mem"); }), "mem:1: invalid UTF-8 at byte 2");
  EXPECT_EQ(error_of([] { makemore::parse_word_list("hund\t" + std::string(65, 'x') + "\n", "mem"); }),
            "mem:1: a label of 65 bytes; labels may have at most 64");
  // the split keeps each word with its label, and is the split of the words alone
  std::string text;
  for (int i = 0; i < 50; ++i) text += "w" + std::string(1, static_cast<char>('a' + i % 26)) + std::to_string(i) + "\t" + (i % 2 ? "odd" : "even") + "\n";
  const makemore::WordList many = makemore::parse_word_list(text, "mem");
  const makemore::Splits split = makemore::split_words(many, 42), words_only = makemore::split_words(many.words, 42);
  EXPECT_EQ(split.train, words_only.train);
  EXPECT_EQ(split.test, words_only.test);
  ASSERT_EQ(split.train_labels.size(), split.train.size());
  ASSERT_EQ(split.val_labels.size(), split.val.size());
  for (size_t i = 0; i < split.train.size(); ++i)
    EXPECT_EQ(many.label_names[static_cast<size_t>(split.train_labels[i])],
              std::stoi(split.train[i].substr(2)) % 2 ? "odd" : "even");
}

TEST(MakemoreModels, ParameterCountMatchesTheBuiltModels) {
  Generator gen(0);
  for (const makemore::ModelKindInfo& k : makemore::model_kinds()) {
    makemore::ModelConfig c = k.defaults;
    c.vocab_size = 31;
    EXPECT_EQ(makemore::parameter_count(c), makemore::make_model(c, gen)->num_parameters()) << k.name;
  }
  makemore::ModelConfig huge{.kind = makemore::ModelKind::Mlp, .block_size = int64_t{1} << 40,
                             .embd = int64_t{1} << 40, .hidden = 8};
  EXPECT_NE(error_of([&] { makemore::parameter_count(huge); }).find("overflows a 64-bit count"), std::string::npos);
}

// A checkpoint whose metadata describes a model far larger than its weights is refused before the
// model is built (it would allocate from the untrusted sizes), and contradictions are named.
TEST(MakemoreData, LoadTrainedTrustsNothingInTheMetadata) {
  Generator gen(0);
  makemore::ModelConfig c{.kind = makemore::ModelKind::Mlp, .vocab_size = 4, .block_size = 3, .embd = 2, .hidden = 8};
  auto model = makemore::make_model(c, gen);
  const std::string path = write_temp("trained.safetensors", "");
  auto refusal = [&](const std::string& config, const std::string& vocab) {
    save_checkpoint(path, *model, {{"config", config}, {"vocab", vocab}});
    return error_of([&] { makemore::load_trained(path); });
  };
  const std::string vocab = R"([".","a","b","c"])";
  auto config = [](const std::string& embd, const std::string& vocab_size) {
    return R"({"model":"mlp","block_size":3,"embd":)" + embd + R"(,"hidden":8,"vocab_size":)" + vocab_size + "}";
  };
  EXPECT_EQ(refusal(config("2", "4"), vocab), "(no error)");  // the honest one loads
  EXPECT_NE(refusal(config("1048576", "4"), vocab).find("more than the"), std::string::npos);
  EXPECT_NE(refusal(config("-2", "4"), vocab).find("\"embd\" must be an integer in [1, 1048576], got -2"),
            std::string::npos);
  EXPECT_NE(refusal(config("\"2\"", "4"), vocab).find("\"embd\" must be an integer"), std::string::npos);
  EXPECT_NE(refusal(config("2", "5"), vocab).find("\"vocab_size\" (5) contradicts the 4 characters"),
            std::string::npos);
  EXPECT_NE(refusal(config("2", "4"), R"([".","b","a","c"])").find("not one new character in sorted order"),
            std::string::npos);
  EXPECT_NE(refusal(config("2", "4"), R"([".","a","a","c"])").find("entry 2"), std::string::npos);
  EXPECT_NE(refusal(config("2", "4"), R"(["x","a","b","c"])").find("must start with"), std::string::npos);
  EXPECT_NE(refusal(config("2", "4"), R"([".","a","b","cd"])").find("entry 3"), std::string::npos);
  EXPECT_NE(refusal(config("2", "4"), "[").find("\"vocab\" is not valid JSON"), std::string::npos);
  EXPECT_NE(refusal(R"({"model":"rnn"})", vocab).find("unknown model 'rnn'"), std::string::npos);
  EXPECT_NE(refusal(R"([1])", vocab).find("metadata \"config\" must be a JSON object, got [1]"), std::string::npos);
  // every refusal names the file
  EXPECT_EQ(refusal(config("-2", "4"), vocab).find(path), 0u);
}

TEST(MakemoreData, LectureSplitOfTheBundledNames) {
  auto words = makemore::load_words(std::string(RIPPLE_SOURCE_DIR) + "/data/names.txt");
  ASSERT_EQ(words.size(), 32033u);
  auto vocab = makemore::build_vocab(words);
  EXPECT_EQ(vocab.size(), 27);
  auto split = makemore::split_words(words, 42);
  // random.seed(42); random.shuffle(words) in CPython puts these first and last
  EXPECT_EQ(split.train.front(), "yuheng");
  EXPECT_EQ(split.test.back(), "yovani");
  EXPECT_EQ(makemore::build_dataset(split.train, vocab, 8).size(), 182625);
  EXPECT_EQ(makemore::build_dataset(split.val, vocab, 8).size(), 22655);
  EXPECT_EQ(makemore::build_dataset(split.test, vocab, 8).size(), 22866);
}

TEST(MakemoreModel, LectureWaveNetHas76579Parameters) {
  Generator gen(42);
  auto model = makemore::make_model({}, gen);
  EXPECT_EQ(model->num_parameters(), 76579);
  auto conv = makemore::make_model({.kind = makemore::ModelKind::Conv}, gen);
  EXPECT_EQ(conv->num_parameters(), 76579);
  Tensor logits = (*model)(gen.randint(0, 27, {4, 8}));
  EXPECT_EQ(logits.shape(), (Shape{4, 27}));
  EXPECT_EQ((*conv)(gen.randint(0, 27, {4, 11})).shape(), (Shape{4, 11, 27}));
}

TEST(MakemoreModel, KindsHaveNamesAndTheLecturesSizes) {
  ASSERT_EQ(makemore::model_kinds().size(), 4u);
  for (const makemore::ModelKindInfo& k : makemore::model_kinds()) {
    EXPECT_EQ(makemore::parse_model_kind(k.name), k.kind);
    EXPECT_EQ(makemore::kind_name(k.kind), k.name);
    EXPECT_EQ(k.defaults.kind, k.kind);
  }
  const makemore::ModelConfig mlp = makemore::kind_info(makemore::ModelKind::Mlp).defaults;
  EXPECT_EQ(std::vector<int64_t>({mlp.block_size, mlp.embd, mlp.hidden}), std::vector<int64_t>({3, 10, 200}));
  const makemore::ModelConfig conv = makemore::kind_info(makemore::ModelKind::Conv).defaults;
  EXPECT_EQ(std::vector<int64_t>({conv.block_size, conv.embd, conv.hidden}), std::vector<int64_t>({8, 24, 128}));
}

TEST(MakemoreModel, RejectsBadConfigurations) {
  Generator gen(1);
  EXPECT_NE(error_of([&] { makemore::parse_model_kind("rnn"); }).find("unknown model 'rnn' (choose wavenet, mlp, conv or gated)"),
            std::string::npos);
  EXPECT_NE(error_of([&] { makemore::make_model({.block_size = 6}, gen); }).find("power of two"), std::string::npos);
}

// The conv model with the hierarchical model's weights computes, at every position t, what the
// hierarchical model computes on the window of 8 characters ending at t (in eval mode).
TEST(MakemoreModel, ConvModelEqualsHierarchicalModelOnEveryWindow) {
  Generator gen(7);
  const makemore::ModelConfig cfg;  // V 27, block 8, E 24, H 128
  auto tree = makemore::make_model(cfg, gen);
  auto conv = makemore::make_model({.kind = makemore::ModelKind::Conv}, gen);
  // non-trivial running statistics, so eval mode is not the identity
  for (auto& [name, t] : tree->named_buffers())
    kernel::copy_into(t, name.find("running_var") != std::string::npos ? gen.uniform(t.shape(), 0.5, 2)
                                                                       : gen.normal(t.shape(), 0, 0.3));
  std::map<std::string, Tensor> src;
  for (auto& [name, t] : tree->state()) src[name] = t;
  // hierarchical index -> conv index: embedding 0->0, linear 2/6/10 -> conv 1/4/7, bn 3/7/11 -> 2/5/8, out 13 -> 10
  const std::map<int, int> layer = {{0, 0}, {2, 1}, {3, 2}, {6, 4}, {7, 5}, {10, 7}, {11, 8}, {13, 10}};
  NamedTensors mapped;
  for (auto& [name, t] : conv->state()) {
    const int ci = std::stoi(name.substr(7));  // "layers.<i>.<param>"
    const std::string param = name.substr(name.find('.', 7) + 1);
    int ti = -1;
    for (auto& [a, b] : layer)
      if (b == ci) ti = a;
    Tensor w = src.at(std::to_string(ti) + "." + param);
    if (t.dim() == 3) {  // linear (H, 2 * C) -> conv (2, C, H): conv[k][c][h] = linear[h][k * C + c]
      const int64_t h = w.size(0), c = w.size(1) / 2;
      w = contiguous(permute(reshape(w, {h, 2, c}), {1, 2, 0}));
    }
    mapped.emplace_back(name, w);
  }
  conv->load_state(mapped);
  tree->eval();
  conv->eval();

  NoGradGuard no_grad;
  std::vector<int64_t> seq(8, 0);
  for (int64_t c : {5, 13, 13, 1, 18, 25, 9, 14, 3}) seq.push_back(c);  // "emmarzina" after 8 dots
  const auto len = static_cast<int64_t>(seq.size());
  Tensor all = (*conv)(from_vector(seq, {1, len}));  // (1, len, 27)
  for (int64_t t = 7; t < len; ++t) {
    std::vector<int64_t> window(seq.begin() + t - 7, seq.begin() + t + 1);
    Tensor expected = (*tree)(from_vector(window, {1, 8}));  // (1, 27)
    Tensor got = select(all, 1, t);
    for (int64_t v = 0; v < 27; ++v) EXPECT_NEAR(got.at({0, v}), expected.at({0, v}), 2e-5) << "t " << t;
  }
}

// Padding at the end of shorter words must not change what the conv model computes in training:
// the same words padded to 4 or to 7 positions give the same logits at the real positions and
// the same BatchNorm running statistics.
TEST(MakemoreModel, ConvTrainingIgnoresPadding) {
  Generator g1(5), g2(5);
  auto a = makemore::make_model({.kind = makemore::ModelKind::Conv}, g1);
  auto b = makemore::make_model({.kind = makemore::ModelKind::Conv}, g2);
  const makemore::Dataset d = makemore::build_sequences({{3, 4, 5}, {6}});  // x (2, 4)
  Tensor padded = concat({d.x, zeros({2, 3}, DType::Int64)}, 1);             // (2, 7): more '.'
  Tensor la = (*a)(d.x), lb = (*b)(padded);
  for (auto [row, real] : {std::pair<int64_t, int64_t>{0, 4}, {1, 2}})
    for (int64_t t = 0; t < real; ++t)
      for (int64_t v = 0; v < 27; ++v)
        EXPECT_NEAR(la.at({row, t, v}), lb.at({row, t, v}), 1e-5) << "row " << row << " t " << t;
  const NamedTensors sa = a->named_buffers(), sb = b->named_buffers();
  for (size_t i = 0; i < sa.size(); ++i)
    for (int64_t c = 0; c < sa[i].second.numel(); ++c)
      EXPECT_NEAR(sa[i].second.at_flat(c), sb[i].second.at_flat(c), 1e-5) << sa[i].first;
}

// --dropout for conv: the same weights as without it (drawn first), the same function in eval
// mode, and in training masks that its own generator draws (so a reseeded generator repeats them).
TEST(MakemoreModel, ConvDropoutOnlyInTraining) {
  Generator g1(7), g2(7);
  auto plain = makemore::make_model({.kind = makemore::ModelKind::Conv}, g1);
  auto dropped = makemore::make_model({.kind = makemore::ModelKind::Conv, .dropout = 0.5}, g2);
  EXPECT_EQ(plain->num_parameters(), dropped->num_parameters());
  auto* net = dynamic_cast<makemore::ConvWaveNet*>(dropped.get());
  ASSERT_NE(net, nullptr);
  ASSERT_NE(net->dropout_generator(), nullptr);
  EXPECT_EQ(dynamic_cast<makemore::ConvWaveNet*>(plain.get())->dropout_generator(), nullptr);
  const Tensor x = makemore::build_sequences({{3, 4, 5, 6}, {7, 8}, {9}}).x;
  {
    EvalGuard e1(*plain), e2(*dropped);
    NoGradGuard no_grad;
    const Tensor a = (*plain)(x), b = (*dropped)(x);
    for (int64_t i = 0; i < a.numel(); ++i) EXPECT_EQ(a.at_flat(i), b.at_flat(i)) << i;
  }
  *net->dropout_generator() = Generator(11);
  const Tensor t1 = (*dropped)(x), p1 = (*plain)(x);
  *net->dropout_generator() = Generator(11);
  const Tensor t2 = (*dropped)(x);
  double differs = 0;
  for (int64_t i = 0; i < t1.numel(); ++i) {
    EXPECT_EQ(t1.at_flat(i), t2.at_flat(i)) << i;
    differs = std::max(differs, std::abs(t1.at_flat(i) - p1.at_flat(i)));
  }
  EXPECT_GT(differs, 1e-3);  // masks changed the training pass
}

TEST(MakemoreSample, SameSeedSameWordsAndTopOneIsGreedy) {
  Generator init(3);
  makemore::ModelConfig cfg;
  auto model = makemore::make_model(cfg, init);
  auto vocab = makemore::build_vocab({"abcdefghijklmnopqrstuvwxyz"});
  Generator g1(11), g2(11), g3(12), g4(13);
  auto a = makemore::sample(*model, cfg, vocab, 5, {}, g1);
  auto b = makemore::sample(*model, cfg, vocab, 5, {}, g2);
  EXPECT_EQ(a, b);
  auto greedy1 = makemore::sample(*model, cfg, vocab, 3, {.top_k = 1}, g3);
  auto greedy2 = makemore::sample(*model, cfg, vocab, 1, {.top_k = 1}, g4);
  EXPECT_EQ(greedy1[0], greedy1[2]);
  EXPECT_EQ(greedy1[0], greedy2[0]);
  EXPECT_TRUE(model->is_training());  // sampling restores the mode
  EXPECT_THROW(makemore::sample(*model, cfg, vocab, 1, {.temperature = 0}, g1), Error);
}

TEST(MakemoreSample, SequencesPadWithIgnoredTargets) {
  auto d = makemore::build_sequences({{3, 4}, {5}});
  EXPECT_EQ(d.x.shape(), (Shape{2, 3}));
  EXPECT_EQ(d.x.to_vector<int64_t>(), (std::vector<int64_t>{0, 3, 4, 0, 5, 0}));
  EXPECT_EQ(d.y.to_vector<int64_t>(), (std::vector<int64_t>{3, 4, 0, 5, 0, -100}));
}

// --dilations 1,2,4,8 --layers 6: the convolutions cycle through the dilations, the parameter
// count follows, and the prediction at t reads exactly the characters t - 19 + 1 .. t.
TEST(MakemoreModel, ConvDilationsCycleAndSetTheReceptiveField) {
  const makemore::ModelConfig c{.kind = makemore::ModelKind::Conv, .vocab_size = 7, .embd = 3, .hidden = 5,
                                .dilations = {1, 2, 4, 8}, .layers = 6};
  EXPECT_EQ(makemore::conv_dilations(c), (std::vector<int64_t>{1, 2, 4, 8, 1, 2}));
  EXPECT_EQ(makemore::conv_receptive_field(c), 19);
  EXPECT_EQ(makemore::conv_dilations({.kind = makemore::ModelKind::Conv}), (std::vector<int64_t>{1, 2, 4}));
  Generator gen(4);
  auto model = makemore::make_model(c, gen);
  EXPECT_EQ(model->num_parameters(), makemore::parameter_count(c));
  model->eval();
  NoGradGuard no_grad;
  const int64_t T = 30;
  std::vector<int64_t> seq(T);
  for (int64_t t = 0; t < T; ++t) seq[t] = 1 + t % 6;
  const Tensor base = (*model)(from_vector(seq, {1, T}));
  const int64_t changed = 5;  // position 5 reaches positions 5 .. 5 + 18 and no other
  seq[changed] = seq[changed] == 1 ? 2 : 1;
  const Tensor other = (*model)(from_vector(seq, {1, T}));
  for (int64_t t = 0; t < T; ++t) {
    double diff = 0;
    for (int64_t v = 0; v < 7; ++v) diff = std::max(diff, std::abs(base.at({0, t, v}) - other.at({0, t, v})));
    if (t < changed || t >= changed + 19) EXPECT_EQ(diff, 0) << "t " << t;
    else EXPECT_GT(diff, 0) << "t " << t;
  }
}

// --prefix: every word starts with it; the likelihood sample_words reports is the model's own
// (temperature 1, whatever the draws used), equal to a forward pass over the finished word.
TEST(MakemoreSample, PrefixAndLikelihoodsAreTheModels) {
  const auto vocab = makemore::build_vocab({"abcdefghijklmnopqrstuvwxyz"});
  for (auto kind : {makemore::ModelKind::Conv, makemore::ModelKind::Gated}) {
    makemore::ModelConfig cfg = makemore::kind_info(kind).defaults;
    Generator init(3), gen(4);
    auto model = makemore::make_model(cfg, init);
    const auto samples =
        makemore::sample_words(*model, cfg, vocab, 12, {.temperature = 0.7, .prefix = "ma", .batch = 5}, gen);
    ASSERT_EQ(samples.size(), 12u);
    std::vector<std::vector<int64_t>> words;
    for (const auto& s : samples) {
      EXPECT_TRUE(s.word.starts_with("ma")) << s.word;
      EXPECT_EQ(s.predictions, static_cast<int64_t>(s.word.size()) + 1) << s.word;  // never hit max_length here
      words.push_back(makemore::encode_words({s.word}, vocab)[0]);
    }
    const std::vector<double> ll = makemore::word_log_likelihoods(*model, words);
    for (size_t i = 0; i < samples.size(); ++i) {
      EXPECT_NEAR(samples[i].log_likelihood, ll[i], 1e-4) << makemore::kind_name(kind) << " " << samples[i].word;
      EXPECT_LT(samples[i].per_character(), 0);
    }
  }
  // the hierarchical models: the same prefix rule, one word after the other
  makemore::ModelConfig tree;
  Generator init(5), gen(6);
  auto model = makemore::make_model(tree, init);
  for (const auto& s : makemore::sample_words(*model, tree, vocab, 4, {.prefix = "zo"}, gen))
    EXPECT_TRUE(s.word.starts_with("zo")) << s.word;
  EXPECT_NE(error_of([&] { makemore::sample_words(*model, tree, vocab, 1, {.prefix = "z1"}, gen); })
                .find("has '1', which is not in the vocabulary"),
            std::string::npos);
}
