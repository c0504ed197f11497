// The makemore training loop's optimizer, learning-rate schedule and early stopping (training.h).
#include "apps/makemore/training.h"

#include "optim/adam.h"
#include "optim/schedule.h"
#include "optim/sgd.h"

namespace ripple::apps {

std::unique_ptr<Optimizer> make_optimizer(const MakemoreOptions& o, std::vector<Tensor> params) {
  switch (o.optimizer) {
    case OptimizerKind::Adam:
      return std::make_unique<Adam>(std::move(params), o.lr, AdamOptions{.weight_decay = o.weight_decay});
    case OptimizerKind::AdamW:
      return std::make_unique<AdamW>(std::move(params), o.lr, AdamWOptions{.weight_decay = o.weight_decay});
    case OptimizerKind::Sgd:
      break;
  }
  return std::make_unique<SGD>(std::move(params), o.lr, SGDOptions{.weight_decay = o.weight_decay});
}

double learning_rate(const MakemoreOptions& o, int64_t step) {
  switch (o.schedule) {
    case ScheduleKind::Cosine:
      return CosineSchedule{.lr = o.lr, .total_steps = o.steps, .min_lr = o.lr / 10}.lr_at(step);
    case ScheduleKind::Constant:
      return o.lr;
    case ScheduleKind::Step:
      break;
  }
  // written as the lecture's loop computed it, so the bare run stays bit for bit the same
  return step < o.steps * 3 / 4 ? o.lr : o.lr / 10;
}

int64_t best_evaluation(const std::vector<std::pair<int64_t, double>>& val) {
  int64_t best = -1;
  for (size_t i = 0; i < val.size(); ++i)
    if (best < 0 || val[i].second < val[static_cast<size_t>(best)].second) best = static_cast<int64_t>(i);
  return best;
}

bool patience_exhausted(const std::vector<std::pair<int64_t, double>>& val, int64_t patience) {
  const int64_t best = best_evaluation(val);
  return patience > 0 && best >= 0 && static_cast<int64_t>(val.size()) - 1 - best >= patience;
}

}  // namespace ripple::apps
