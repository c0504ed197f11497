// Losses and optimisation: learning-rate schedules and gradient clipping.
#include <cstdio>
#include <iostream>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

int main() {
  output_region("begin", "schedules");
  // doc-begin schedules
  StepSchedule lecture{0.1, {{150000, 0.1}}};  // the makemore lecture: 0.1, then 0.01
  CosineSchedule cosine{.lr = 1e-3, .total_steps = 1000, .warmup_steps = 100, .min_lr = 1e-4};
  ExponentialSchedule exponential{.lr = 1e-3, .decay_rate = 0.5, .decay_steps = 500};
  std::printf("step 0: %g, 149999: %g, 150000: %g\n", lecture.lr_at(0), lecture.lr_at(149999),
              lecture.lr_at(150000));
  std::printf("  step    cosine  exponential\n");
  for (int64_t step : {0, 49, 99, 100, 325, 550, 775, 999, 1200})
    std::printf("%6lld  %.6f  %.6f\n", static_cast<long long>(step), cosine.lr_at(step),
                exponential.lr_at(step));
  // doc-end schedules
  output_region("end", "schedules");

  output_region("begin", "clip");
  // doc-begin clip
  // two parameters whose gradients, taken together, are the vector (3, 4, 12): norm 13
  Tensor a = zeros({2}), b = zeros({1});
  a.requires_grad_();
  b.requires_grad_();
  (sum(a * tensor({3, 4})) + sum(b * tensor({12}))).backward();
  const double norm = clip_grad_norm({a, b}, 1.0);  // scale every grad by 1 / (13 + 1e-6)
  std::printf("norm before %.1f\n", norm);
  std::cout << a.grad() << "\n" << b.grad() << "\n";  // same direction, norm 1
  // doc-end clip
  output_region("end", "clip");
  return 0;
}
