// Losses and optimisation: SGD, momentum, Adam and AdamW, one step at a time, next to the
// formulas of the torch.optim documentation.
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

// Gives the parameter p the gradient g: the gradient of sum(p * g) with respect to p is g.
static void set_grad(Tensor p, const Tensor& g) {
  p.zero_grad();
  sum(p * g).backward();
}

int main() {
  output_region("begin", "by_hand");
  // doc-begin by_hand
  // one parameter, p = 1, and the same three gradients for every optimizer
  const std::vector<double> grads = {0.5, -0.2, 0.3};
  const double lr = 0.1, mu = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  Tensor p_sgd = scalar(1.0, DType::Float64), p_mom = scalar(1.0, DType::Float64),
         p_adam = scalar(1.0, DType::Float64);
  for (Tensor* p : {&p_sgd, &p_mom, &p_adam}) p->requires_grad_();
  SGD sgd({p_sgd}, lr);
  SGD momentum({p_mom}, lr, {.momentum = mu});
  Adam adam({p_adam}, lr);
  double q_sgd = 1, q_mom = 1, buf = 0, q_adam = 1, m = 0, v = 0;  // the formulas, by hand
  std::printf("step  grad  SGD       by hand   momentum  by hand   Adam      by hand\n");
  for (int t = 1; t <= 3; ++t) {
    const double g = grads[t - 1];
    for (const Tensor& p : {p_sgd, p_mom, p_adam}) set_grad(p, scalar(g, DType::Float64));
    sgd.step();
    momentum.step();
    adam.step();
    q_sgd -= lr * g;                             // p = p - lr * g
    buf = t == 1 ? g : mu * buf + g;             // b = mu * b + g (b = g at the first step)
    q_mom -= lr * buf;                           // p = p - lr * b
    m = beta1 * m + (1 - beta1) * g;             // first moment
    v = beta2 * v + (1 - beta2) * g * g;         // second moment
    const double m_hat = m / (1 - std::pow(beta1, t)), v_hat = v / (1 - std::pow(beta2, t));
    q_adam -= lr * m_hat / (std::sqrt(v_hat) + eps);
    std::printf("%4d  %4.1f  %.6f  %.6f  %.6f  %.6f  %.6f  %.6f\n", t, g, p_sgd.item(), q_sgd,
                p_mom.item(), q_mom, p_adam.item(), q_adam);
  }
  // doc-end by_hand
  output_region("end", "by_hand");

  output_region("begin", "scale");
  // doc-begin scale
  // Adam's first step is lr * g / |g| whatever the scale of g; SGD's is lr * g
  for (double g : {0.001, 1.0, 1000.0}) {
    Tensor a = scalar(0.0, DType::Float64), s = scalar(0.0, DType::Float64);
    a.requires_grad_();
    s.requires_grad_();
    Adam adam_g({a}, 0.01);
    SGD sgd_g({s}, 0.01);
    set_grad(a, scalar(g, DType::Float64));
    set_grad(s, scalar(g, DType::Float64));
    adam_g.step();
    sgd_g.step();
    std::printf("gradient %8.3f: Adam moves %.6f, SGD moves %.6f\n", g, -a.item(), -s.item());
  }
  // doc-end scale
  output_region("end", "scale");

  output_region("begin", "decoupled");
  // doc-begin decoupled
  // Two weights start at 1. "quiet" never gets a gradient from the loss; "noisy" gets +-100 in
  // turn (no net push). 100 steps of lr 0.01 with weight decay 0.1, as Adam (L2) and AdamW.
  for (bool decoupled : {false, true}) {
    Tensor quiet = ones({1}, DType::Float64), noisy = ones({1}, DType::Float64);
    quiet.requires_grad_();
    noisy.requires_grad_();
    const std::vector<Tensor> params = {quiet, noisy};
    std::unique_ptr<Optimizer> opt;
    if (decoupled) opt = std::make_unique<AdamW>(params, 0.01, AdamWOptions{.weight_decay = 0.1});
    else opt = std::make_unique<Adam>(params, 0.01, AdamOptions{.weight_decay = 0.1});
    for (int t = 0; t < 100; ++t) {
      set_grad(quiet, zeros({1}, DType::Float64));
      set_grad(noisy, full({1}, t % 2 == 0 ? 100.0 : -100.0, DType::Float64));
      opt->step();
    }
    std::printf("%-5s  quiet %.4f  noisy %.4f\n", opt->name(), quiet.item(), noisy.item());
  }
  std::printf("decay alone, (1 - 0.01 * 0.1)^100 = %.4f\n", std::pow(1 - 0.01 * 0.1, 100));
  // doc-end decoupled
  output_region("end", "decoupled");
  return 0;
}
