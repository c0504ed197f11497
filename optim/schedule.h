/// @file
/// Learning-rate schedules: small value types, each with `double lr_at(int64_t step) const`.
///
/// `step` is the 0-based index of the update about to happen, so a loop reads
/// @code{.cpp}
///   for (int64_t step = 0; step < max_steps; ++step) { ...; opt.lr = schedule.lr_at(step); opt.step(); }
/// @endcode
/// They are plain aggregates: CosineSchedule{.lr = 3e-4, .total_steps = 5000, .warmup_steps = 100}.
/// lr_at throws ripple::Error for a negative step or a malformed schedule.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace ripple {

/// The same lr at every step.
struct ConstantSchedule {
  double lr;  ///< the learning rate
  double lr_at(int64_t step) const;  ///< the lr of update `step` (0-based)
};

/// Piecewise constant: lr * factor of the last milestone reached (lr before the first). The
/// factors multiply the base lr, they do not compound. The makemore lecture's 0.1, then 0.01
/// from step 150,000 on: StepSchedule{0.1, {{150000, 0.1}}}. Milestones must be increasing.
struct StepSchedule {
  double lr;  ///< the base learning rate
  std::vector<std::pair<int64_t, double>> milestones;  ///< (first step, factor)
  double lr_at(int64_t step) const;  ///< the lr of update `step` (0-based)
};

/// Linear warmup then cosine decay (as in nanoGPT): lr * (step + 1) / warmup_steps for the first
/// warmup_steps steps, then from lr down to min_lr along half a cosine, reaching min_lr at
/// total_steps and staying there. Needs 0 <= warmup_steps <= total_steps.
struct CosineSchedule {
  double lr;  ///< the base learning rate
  int64_t total_steps;
  int64_t warmup_steps = 0;
  double min_lr = 0;
  double lr_at(int64_t step) const;  ///< the lr of update `step` (0-based)
};

/// lr * decay_rate^(step / decay_steps), as Keras's ExponentialDecay; with staircase the exponent
/// is rounded down to a whole number. Needs decay_steps > 0.
struct ExponentialSchedule {
  double lr;  ///< the base learning rate
  double decay_rate;
  int64_t decay_steps = 1;
  bool staircase = false;
  double lr_at(int64_t step) const;  ///< the lr of update `step` (0-based)
};

}  // namespace ripple
