// Chapter 7: the hierarchical WaveNet and the dilated-convolution WaveNet compute the same thing.
// Copy the hierarchical model's weights into the conv model; then the conv model's prediction at
// position t equals the hierarchical model's on the 8 characters ending at t.
#include <cmath>
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  Generator gen(7);
  const makemore::ModelConfig cfg{.embd = 6, .hidden = 16};  // small: V 27, block 8
  auto tree = makemore::make_model(cfg, gen);
  makemore::ModelConfig conv_cfg = cfg;
  conv_cfg.kind = makemore::ModelKind::Conv;
  auto conv = makemore::make_model(conv_cfg, gen);
  {  // one training-mode pass, so BatchNorm's running statistics are not just 0 and 1
    NoGradGuard no_grad;
    (*tree)(gen.randint(0, 27, {64, 8}));
  }

  // doc-begin weights
  // Same layers in the same order, so the i-th state tensor (weights, BatchNorm statistics) of
  // one is the i-th of the other.
  // A hierarchical Linear(2E -> H) reads [earlier char, later char] concatenated; the conv layer
  // keeps one (E -> H) matrix per tap: conv[k][c][h] = linear[h][k * E + c].
  NamedTensors tree_state = tree->state(), mapped = conv->state();
  for (size_t i = 0; i < mapped.size(); ++i) {
    Tensor w = tree_state[i].second;
    if (mapped[i].second.dim() == 3) {  // a Linear (H, 2E) becomes a kernel-2 conv (2, E, H)
      const int64_t h = w.size(0), e = w.size(1) / 2;
      w = contiguous(permute(reshape(w, {h, 2, e}), {1, 2, 0}));
    }
    mapped[i].second = w;
  }
  conv->load_state(mapped);
  // doc-end weights

  // doc-begin compare
  tree->eval();  // BatchNorm with running statistics, the same at every position
  conv->eval();
  NoGradGuard no_grad;
  std::vector<int64_t> seq(8, 0);                                   // 8 dots of padding, then
  for (int64_t c : {5, 13, 13, 1, 18, 26, 9, 14, 1}) seq.push_back(c);  // "emmarzina"
  const auto len = static_cast<int64_t>(seq.size());
  Tensor all = (*conv)(from_vector(seq, {1, len}));  // (1, 17, 27): every position in one pass
  double worst = 0;
  for (int64_t t = 7; t < len; ++t) {
    std::vector<int64_t> window(seq.begin() + t - 7, seq.begin() + t + 1);
    Tensor one = (*tree)(from_vector(window, {1, 8}));  // (1, 27): one window at a time
    worst = std::max(worst, max(flatten(abs(one - select(all, 1, t))), 0).item());
  }
  std::printf("conv: one pass over %lld positions; tree: %lld windows of 8\n",
              static_cast<long long>(len), static_cast<long long>(len - 7));
  std::printf("largest difference of a logit: %s 1e-5\n", worst < 1e-5 ? "below" : "ABOVE");
  // doc-end compare
  std::printf("parameters: tree %lld, conv %lld\n", static_cast<long long>(tree->num_parameters()),
              static_cast<long long>(conv->num_parameters()));
  return 0;
}
