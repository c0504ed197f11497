// Learning-rate schedules (definitions in schedule.h).
#include "optim/schedule.h"

#include <cmath>
#include <numbers>
#include <string>

#include "core/shape.h"

namespace ripple {

namespace {
void check_step(int64_t step, const char* schedule) {
  if (step < 0)
    throw Error(std::string(schedule) + ".lr_at: step must be >= 0, got " + std::to_string(step));
}
}  // namespace

double ConstantSchedule::lr_at(int64_t step) const {
  check_step(step, "ConstantSchedule");
  return lr;
}

double StepSchedule::lr_at(int64_t step) const {
  check_step(step, "StepSchedule");
  double factor = 1;
  for (size_t i = 0; i < milestones.size(); ++i) {
    if (i > 0 && milestones[i].first <= milestones[i - 1].first)
      throw Error("StepSchedule: milestones must be increasing, got step " +
                  std::to_string(milestones[i].first) + " after " +
                  std::to_string(milestones[i - 1].first));
    if (step >= milestones[i].first) factor = milestones[i].second;
  }
  return lr * factor;
}

double CosineSchedule::lr_at(int64_t step) const {
  check_step(step, "CosineSchedule");
  if (warmup_steps < 0 || total_steps < warmup_steps)
    throw Error("CosineSchedule: need 0 <= warmup_steps <= total_steps, got warmup_steps " +
                std::to_string(warmup_steps) + " and total_steps " + std::to_string(total_steps));
  if (step < warmup_steps) return lr * static_cast<double>(step + 1) / static_cast<double>(warmup_steps);
  if (step >= total_steps) return min_lr;
  const double progress =
      static_cast<double>(step - warmup_steps) / static_cast<double>(total_steps - warmup_steps);
  return min_lr + 0.5 * (1 + std::cos(std::numbers::pi * progress)) * (lr - min_lr);
}

double ExponentialSchedule::lr_at(int64_t step) const {
  check_step(step, "ExponentialSchedule");
  if (decay_steps <= 0)
    throw Error("ExponentialSchedule: decay_steps must be > 0, got " + std::to_string(decay_steps));
  double exponent = static_cast<double>(step) / static_cast<double>(decay_steps);
  if (staircase) exponent = std::floor(exponent);
  return lr * std::pow(decay_rate, exponent);
}

}  // namespace ripple
