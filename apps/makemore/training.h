// What the makemore training loop asks of its flags: the optimizer (--optimizer, --weight-decay),
// the learning rate of each step (--schedule) and when to stop early (--patience).
//
//   std::unique_ptr<Optimizer> opt = apps::make_optimizer(o, model->parameters());
//   opt->lr = apps::learning_rate(o, step);  // before each opt->step()
//   if (apps::patience_exhausted(st.val, o.patience)) ...  // after each evaluation
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "apps/makemore/options.h"
#include "optim/optimizer.h"

namespace ripple::apps {

// SGD (plain, as in the lecture, with L2 weight decay if given), Adam or AdamW at o.lr.
std::unique_ptr<Optimizer> make_optimizer(const MakemoreOptions& o, std::vector<Tensor> params);

// The learning rate of update `step` (0-based) of o.steps. "step" gives exactly the lecture's
// numbers: o.lr, then o.lr / 10 from step o.steps * 3 / 4 on (150,000 of 200,000).
double learning_rate(const MakemoreOptions& o, int64_t step);

// The evaluation with the lowest val loss (the first of equals): its index in `val`, or -1 if
// there is none.
int64_t best_evaluation(const std::vector<std::pair<int64_t, double>>& val);
// True when patience > 0 and the last `patience` evaluations of `val` (step, loss) came after the
// best one: none of them improved on it.
bool patience_exhausted(const std::vector<std::pair<int64_t, double>>& val, int64_t patience);

}  // namespace ripple::apps
