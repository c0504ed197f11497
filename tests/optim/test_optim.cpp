// Tests for optim/: SGD, Adam and AdamW against PyTorch (tests/fixtures/optim_reference.json,
// made by make_optim_reference.py), schedules, clip_grad_norm, state save/resume, and errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "autograd/ops.h"
#include "layers/checkpoint.h"
#include "optim/adam.h"
#include "optim/clip.h"
#include "optim/schedule.h"
#include "optim/sgd.h"
#include "tests/reference_fixtures.h"

using namespace ripple;
using nlohmann::json;
using ripple::testing::fixture;

namespace {

Tensor from_json(const json& values, const json& shape, DType dtype) {
  Tensor t = kernel::to_dtype(from_vector(values.get<std::vector<double>>(), shape.get<Shape>()), dtype);
  return dtype == DType::Float64 ? t : kernel::clone(t);
}

void set_grad(const Tensor& p, const Tensor& g) { p.impl()->grad = g.impl_ptr(); }

std::unique_ptr<Optimizer> make_optimizer(const json& c, std::vector<Tensor> params, double lr) {
  const json& o = c["options"];
  const std::string kind = c["kind"];
  if (kind == "sgd")
    return std::make_unique<SGD>(params, lr,
                                 SGDOptions{.momentum = o.value("momentum", 0.0),
                                            .dampening = o.value("dampening", 0.0),
                                            .weight_decay = o.value("weight_decay", 0.0),
                                            .nesterov = o.value("nesterov", false)});
  const std::vector<double> betas = o.value("betas", std::vector<double>{0.9, 0.999});
  if (kind == "adam")
    return std::make_unique<Adam>(params, lr,
                                  AdamOptions{.beta1 = betas[0], .beta2 = betas[1],
                                              .eps = o.value("eps", 1e-8),
                                              .weight_decay = o.value("weight_decay", 0.0)});
  return std::make_unique<AdamW>(params, lr,
                                 AdamWOptions{.beta1 = betas[0], .beta2 = betas[1],
                                              .eps = o.value("eps", 1e-8),
                                              .weight_decay = o.value("weight_decay", 0.01)});
}

// Runs reference case `c` in `dtype`, checking the parameters after every step within `tol`.
void run_case(const json& c, DType dtype, double tol) {
  SCOPED_TRACE(c["name"].get<std::string>() + " in " + dtype_name(dtype));
  std::vector<Tensor> params;
  for (size_t i = 0; i < c["shapes"].size(); ++i)
    params.push_back(from_json(c["initial"][i], c["shapes"][i], dtype).requires_grad_());
  auto opt = make_optimizer(c, params, c["steps"][0]["lr"]);
  int step = 0;
  for (const json& s : c["steps"]) {
    opt->zero_grad();
    for (size_t i = 0; i < params.size(); ++i)
      if (!s["grads"][i].is_null()) set_grad(params[i], from_json(s["grads"][i], c["shapes"][i], dtype));
    opt->lr = s["lr"];
    opt->step();
    for (size_t i = 0; i < params.size(); ++i) {
      const auto want = s["params_after"][i].get<std::vector<double>>();
      for (size_t k = 0; k < want.size(); ++k)
        ASSERT_NEAR(params[i].at_flat(static_cast<int64_t>(k)), want[k], tol)
            << "step " << step << ", param " << i << ", element " << k;
    }
    ++step;
  }
  EXPECT_EQ(opt->step_count(), step);
}

TEST(Optim, MatchesPyTorchFloat64) {
  ASSERT_GE(fixture("optim_reference")["optimizers"].size(), 9u);
  for (const json& c : fixture("optim_reference")["optimizers"]) run_case(c, DType::Float64, 1e-10);
}

TEST(Optim, MatchesPyTorchFloat32) {
  for (const json& c : fixture("optim_reference")["optimizers"]) run_case(c, DType::Float32, 2e-6);
}

TEST(Optim, PlainSgdIsExactlyPMinusLrG) {
  Tensor p64 = tensor({0.1, -0.7, 3.3}, {}, DType::Float64).requires_grad_();
  Tensor p32 = tensor({0.1, -0.7, 3.3}).requires_grad_();
  const std::vector<double> g = {0.3, 1e-3, -2.9};
  set_grad(p64, from_vector(g));
  set_grad(p32, kernel::to_dtype(from_vector(g), DType::Float32));
  const auto before64 = p64.to_vector<double>();
  const auto before32 = p32.to_vector<float>();
  SGD opt({p64, p32}, 0.1);
  opt.step();
  for (size_t k = 0; k < g.size(); ++k) {
    double want64 = before64[k];
    want64 -= 0.1 * g[k];
    float want32 = before32[k];
    want32 -= 0.1 * static_cast<float>(g[k]);
    EXPECT_EQ(p64.at_flat(static_cast<int64_t>(k)), want64);
    EXPECT_EQ(static_cast<float>(p32.at_flat(static_cast<int64_t>(k))), want32);
  }
  EXPECT_TRUE(opt.state().size() == 1);  // only "step": no momentum buffers
}

TEST(Optim, ZeroGradDropsGradsAndSkipsParamsWithout) {
  Tensor a = tensor({1, 2}).requires_grad_(), b = tensor({3}).requires_grad_();
  set_grad(a, tensor({1, 1}));
  Adam opt({a, b}, 0.1);
  opt.step();  // b has no grad: untouched, no state
  EXPECT_EQ(b.item(), 3);
  EXPECT_EQ(opt.state().size(), 4u);  // step + a's exp_avg, exp_avg_sq, step
  opt.zero_grad();
  EXPECT_FALSE(a.grad().defined());
}

TEST(Optim, ResumeFromSavedStateIsIdentical) {
  for (const json& c : fixture("optim_reference")["optimizers"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    auto make_params = [&] {
      std::vector<Tensor> ps;
      for (size_t i = 0; i < c["shapes"].size(); ++i)
        ps.push_back(from_json(c["initial"][i], c["shapes"][i], DType::Float32).requires_grad_());
      return ps;
    };
    auto run = [&](Optimizer& opt, size_t from, size_t to) {
      for (size_t s = from; s < to; ++s) {
        opt.zero_grad();
        for (size_t i = 0; i < opt.params().size(); ++i)
          if (!c["steps"][s]["grads"][i].is_null())
            set_grad(opt.params()[i], from_json(c["steps"][s]["grads"][i], c["shapes"][i], DType::Float32));
        opt.lr = c["steps"][s]["lr"];
        opt.step();
      }
    };
    auto straight = make_optimizer(c, make_params(), 0.1);
    run(*straight, 0, 4);

    auto first = make_optimizer(c, make_params(), 0.1);
    run(*first, 0, 2);
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("ripple_optim_" + std::to_string(::getpid()) + ".safetensors")).string();
    save_safetensors(path, first->state());
    auto resumed = make_optimizer(c, first->params(), 0.1);  // same parameter handles
    resumed->load_state(load_safetensors(path).tensors);
    std::filesystem::remove(path);
    EXPECT_EQ(resumed->step_count(), 2);
    run(*resumed, 2, 4);
    for (size_t i = 0; i < straight->params().size(); ++i)
      EXPECT_EQ(straight->params()[i].to_vector<float>(), resumed->params()[i].to_vector<float>());
  }
}

TEST(Optim, StateNamesAndLoadErrors) {
  Tensor a = tensor({1, 2}).requires_grad_(), b = tensor({3, 4, 5}, {}, DType::Float64).requires_grad_();
  set_grad(a, tensor({1, 1}));
  set_grad(b, tensor({1, 1, 1}, {}, DType::Float64));
  SGD opt({a, b}, 0.1, {.momentum = 0.9});
  opt.step();
  const NamedTensors st = opt.state();
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].first, "step");
  EXPECT_EQ(st[1].first, "state.0.momentum_buffer");
  EXPECT_EQ(st[2].first, "state.1.momentum_buffer");

  auto expect_error = [&](Optimizer& o, const NamedTensors& s, const std::string& part) {
    try {
      o.load_state(s);
      ADD_FAILURE() << "no error for " << part;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  };
  SGD other({a, b}, 0.1, {.momentum = 0.9});
  expect_error(other, {st[1], st[2]}, "missing tensor 'step'");
  expect_error(other, {st[0], st[1], st[2], {"state.2.momentum_buffer", st[1].second}},
               "unexpected tensor 'state.2.momentum_buffer'");
  expect_error(other, {st[0], {"state.0.exp_avg", st[1].second}}, "unexpected tensor 'state.0.exp_avg'");
  expect_error(other, {st[0], {"state.x.momentum_buffer", st[1].second}}, "unexpected tensor");
  expect_error(other, {st[0], {"state.0.momentum_buffer", st[2].second}},
               "'state.0.momentum_buffer' is float64 (3,), expected float32 (2,)");
  expect_error(other, {{"step", scalar(1)}}, "'step' must be one int64");
  Adam adam({a, b});
  adam.step();
  NamedTensors partial = adam.state();
  partial.pop_back();  // drops state.1.step
  Adam fresh({a, b});
  expect_error(fresh, partial, "missing tensor 'state.1.step'");
}

TEST(Optim, ClearErrors) {
  Tensor a = tensor({1, 2, 3, 4}, {2, 2}).requires_grad_();
  set_grad(a, tensor({1, 1, 1, 1}));
  SGD opt({a}, 0.1);
  try {
    opt.step();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("SGD.step: parameter 0 is float32 (2, 2) but its grad is "
                                          "float32 (4,)"),
              std::string::npos)
        << e.what();
  }
  opt.lr = -1;
  set_grad(a, tensor({1, 1, 1, 1}, {2, 2}));
  EXPECT_THROW(opt.step(), Error);
  EXPECT_THROW(SGD({transpose(a, 0, 1)}, 0.1), Error);      // not contiguous
  EXPECT_THROW(SGD({arange(3, DType::Int64)}, 0.1), Error);  // not float
  EXPECT_THROW(SGD({a, a}, 0.1), Error);                     // listed twice
  EXPECT_THROW(SGD({a}, 0.1, {.nesterov = true}), Error);   // nesterov without momentum
  EXPECT_THROW(Adam({a}, 1e-3, {.beta1 = 1.0}), Error);
  EXPECT_THROW(AdamW({a}, 1e-3, {.eps = -1}), Error);
  EXPECT_STREQ(AdamW({a}).name(), "AdamW");
  EXPECT_EQ(AdamW({a}).options().weight_decay, 0.01);
  EXPECT_EQ(Adam({a}).options().weight_decay, 0);
}

TEST(Optim, Schedules) {
  EXPECT_EQ(ConstantSchedule{0.1}.lr_at(123456), 0.1);

  const StepSchedule makemore{0.1, {{150000, 0.1}}};  // the lecture: 0.1, then 0.01
  EXPECT_EQ(makemore.lr_at(0), 0.1);
  EXPECT_EQ(makemore.lr_at(149999), 0.1);
  EXPECT_DOUBLE_EQ(makemore.lr_at(150000), 0.01);
  const StepSchedule two{1.0, {{10, 0.5}, {20, 0.25}}};
  EXPECT_EQ(two.lr_at(9), 1.0);
  EXPECT_EQ(two.lr_at(10), 0.5);
  EXPECT_EQ(two.lr_at(25), 0.25);
  EXPECT_THROW((StepSchedule{1.0, {{20, 0.5}, {10, 0.1}}}.lr_at(0)), Error);

  const CosineSchedule cos{.lr = 1.0, .total_steps = 110, .warmup_steps = 10, .min_lr = 0.1};
  EXPECT_DOUBLE_EQ(cos.lr_at(0), 0.1);    // warmup: lr * 1 / 10
  EXPECT_DOUBLE_EQ(cos.lr_at(4), 0.5);
  EXPECT_DOUBLE_EQ(cos.lr_at(10), 1.0);   // the peak
  EXPECT_DOUBLE_EQ(cos.lr_at(60), 0.55);  // half way: (lr + min_lr) / 2
  EXPECT_NEAR(cos.lr_at(35), 0.1 + 0.45 * (1 + std::cos(M_PI / 4)), 1e-15);
  EXPECT_DOUBLE_EQ(cos.lr_at(110), 0.1);
  EXPECT_DOUBLE_EQ(cos.lr_at(1000000), 0.1);
  EXPECT_DOUBLE_EQ((CosineSchedule{.lr = 2.0, .total_steps = 100}.lr_at(0)), 2.0);
  EXPECT_THROW((CosineSchedule{.lr = 1, .total_steps = 5, .warmup_steps = 10}.lr_at(0)), Error);

  const ExponentialSchedule exp{.lr = 0.1, .decay_rate = 0.5, .decay_steps = 100};
  EXPECT_DOUBLE_EQ(exp.lr_at(0), 0.1);
  EXPECT_DOUBLE_EQ(exp.lr_at(100), 0.05);
  EXPECT_DOUBLE_EQ(exp.lr_at(150), 0.1 * std::pow(0.5, 1.5));
  EXPECT_DOUBLE_EQ((ExponentialSchedule{0.1, 0.5, 100, true}.lr_at(150)), 0.05);
  EXPECT_THROW(exp.lr_at(-1), Error);
  EXPECT_THROW((ExponentialSchedule{0.1, 0.5, 0}.lr_at(1)), Error);
}

TEST(Optim, ClipGradNormMatchesPyTorch) {
  for (const json& c : fixture("optim_reference")["clip"]) {
    const double max_norm = c["max_norm"];
    SCOPED_TRACE("max_norm " + std::to_string(max_norm));
    std::vector<Tensor> params;
    for (size_t i = 0; i < c["shapes"].size(); ++i) {
      params.push_back(zeros(c["shapes"][i].get<Shape>(), DType::Float64).requires_grad_());
      set_grad(params.back(), from_json(c["grads"][i], c["shapes"][i], DType::Float64));
    }
    params.push_back(zeros({2}, DType::Float64).requires_grad_());  // no grad: skipped
    EXPECT_NEAR(clip_grad_norm(params, max_norm), c["norm"].get<double>(), 1e-10);
    for (size_t i = 0; i < c["shapes"].size(); ++i) {
      const auto want = c["clipped"][i].get<std::vector<double>>();
      const auto got = params[i].grad().to_vector<double>();
      for (size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-10);
    }
    EXPECT_FALSE(params.back().grad().defined());
  }
  EXPECT_EQ(clip_grad_norm({}, 1.0), 0.0);
  EXPECT_THROW(clip_grad_norm({}, -1.0), Error);
}

}  // namespace
