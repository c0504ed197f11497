#include "autograd/gradcheck.h"

#include <cmath>
#include <sstream>

#include "autograd/ops.h"
#include "core/generator.h"

namespace ripple {

GradcheckResult gradcheck(const std::function<Tensor(const std::vector<Tensor>&)>& f,
                          const std::vector<Tensor>& inputs, const GradcheckOptions& opt) {
  std::vector<Tensor> leaves;
  for (const Tensor& t : inputs) {
    if (t.dtype() != DType::Float64 && t.is_floating())
      throw Error("gradcheck: inputs must be float64 so differences are exact enough, got " +
                  std::string(dtype_name(t.dtype())) + " " + to_string(t.shape()));
    Tensor leaf = kernel::clone(t);
    if (t.is_floating()) leaf.requires_grad_();
    leaves.push_back(leaf);
  }
  Tensor out = f(leaves);
  Generator gen(opt.seed);
  const Tensor r = gen.normal(out.shape(), 0, 1, DType::Float64);
  auto objective = [&](const Tensor& y) { return sum(mul(y, r)); };
  objective(out).backward();

  GradcheckResult result;
  NoGradGuard no_grad;
  for (size_t k = 0; k < leaves.size(); ++k) {
    Tensor x = leaves[k];
    if (!x.is_floating()) continue;
    Tensor analytic = x.grad();
    for (int64_t i = 0; i < x.numel(); ++i) {
      const double orig = x.at_flat(i);
      x.set_flat(i, orig + opt.eps);
      const double plus = objective(f(leaves)).item();
      x.set_flat(i, orig - opt.eps);
      const double minus = objective(f(leaves)).item();
      x.set_flat(i, orig);
      const double numeric = (plus - minus) / (2 * opt.eps);
      const double got = analytic.defined() ? analytic.at_flat(i) : 0.0;
      const double err = std::abs(got - numeric);
      if (!(err <= opt.atol + opt.rtol * std::abs(numeric))) {
        if (result.ok || err > result.max_abs_error) {
          std::ostringstream msg;
          msg << "gradcheck: input " << k << " " << to_string(x.shape()) << " element " << i
              << ": autograd " << got << ", finite difference " << numeric;
          result.message = msg.str();
        }
        result.ok = false;
      }
      if (!(err <= result.max_abs_error)) result.max_abs_error = err;
    }
  }
  return result;
}

}  // namespace ripple
