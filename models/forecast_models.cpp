// The tutorial, laststep, seq2seq, linear and dlinear forecasters, and make_model for all seven.
#include "models/forecast_models.h"

#include "autograd/ops.h"
#include "layers/activation.h"
#include "layers/conv1d.h"
#include "layers/linear.h"
#include "layers/pooling.h"
#include "layers/receptive_field.h"
#include "models/forecast_norm.h"
#include "models/wavenet.h"

namespace ripple::forecast {

namespace {

std::shared_ptr<Conv1d> causal(int64_t in, int64_t out, int64_t kernel, int64_t dilation, Generator& gen) {
  return std::make_shared<Conv1d>(
      in, out, kernel,
      Conv1dOptions{.dilation = dilation, .padding = Padding::Causal, .init = Init::Keras}, gen);
}

void check_sizes(const ModelConfig& c) {
  if (c.window < 1 || c.features < 1 || c.outputs < 1 || c.filters < 0 || c.channels < 1 ||
      c.stacks < 1 || c.layers_per_stack < 0)
    throw Error("make_model: sizes must be positive (window " + std::to_string(c.window) +
                ", features " + std::to_string(c.features) + ", outputs " + std::to_string(c.outputs) +
                ", filters " + std::to_string(c.filters) + ", channels " + std::to_string(c.channels) +
                ", stacks " + std::to_string(c.stacks) + ")");
}

}  // namespace

const std::vector<std::string>& model_kinds() {
  static const std::vector<std::string> kinds{"tutorial", "laststep", "seq2seq", "wavenet",
                                              "linear",   "nlinear",  "dlinear"};
  return kinds;
}

int64_t Forecaster::receptive_field() const { return ripple::receptive_field(*this); }

Tensor Forecaster::forecast_last(const Tensor& x) {
  Tensor y = (*this)(x);
  return sequence_output() ? select(y, 1, -1) : y;
}

std::shared_ptr<Forecaster> make_model(const ModelConfig& c, Generator& gen) {
  check_sizes(c);
  if (c.kind == "tutorial" || c.kind == "laststep")
    return std::make_shared<ConvForecaster>(c.features, c.filters ? c.filters : 64, c.outputs,
                                            c.kind == "laststep", gen);
  if (c.kind == "seq2seq")
    return std::make_shared<Seq2SeqWaveNet>(c.features, c.filters ? c.filters : 20, c.outputs, gen);
  if (c.kind == "linear") return std::make_shared<LinearForecaster>(c.window, c.features, c.outputs, gen);
  if (c.kind == "nlinear")
    return std::make_shared<NormalizedForecaster>(
        std::make_shared<LinearForecaster>(c.window, c.features, c.outputs, gen, Init::PyTorch),
        Norm::Last, c.features);
  if (c.kind == "dlinear")
    return std::make_shared<DLinearForecaster>(c.window, c.features, c.outputs, c.trend_kernel, gen);
  if (c.kind == "wavenet") {
    WaveNetOptions o{.features = c.features, .outputs = c.outputs, .channels = c.channels,
                     .skip_channels = c.channels, .stacks = c.stacks,
                     .layers_per_stack = c.layers_per_stack ? c.layers_per_stack
                                                            : layers_for_window(c.window, c.stacks),
                     .direct = c.direct,
                     .linear_window = c.direct && c.linear_path ? c.window : 0};
    return std::make_shared<WaveNet>(o, gen);
  }
  std::string kinds;
  for (const auto& k : model_kinds()) kinds += (kinds.empty() ? "" : ", ") + k;
  throw Error("make_model: unknown model '" + c.kind + "' (known: " + kinds + ")");
}

// --- tutorial / laststep --------------------------------------------------------------------------

ConvForecaster::ConvForecaster(int64_t features, int64_t filters, int64_t outputs, bool last_step,
                               Generator& gen)
    : outputs_(outputs), last_step_(last_step) {
  layers_ = register_module("layers", std::make_shared<Sequential>());
  int64_t in = features;
  for (int64_t d : {1, 2, 4, 8}) {
    layers_->add(causal(in, filters, 2, d, gen));
    layers_->add(std::make_shared<ReLU>());
    in = filters;
  }
  layers_->add(causal(filters, filters, 1, 1, gen));
  layers_->add(std::make_shared<ReLU>());
  if (last_step) layers_->add(std::make_shared<LastStep>());
  else layers_->add(std::make_shared<GlobalAveragePooling1d>());
  layers_->add(std::make_shared<Linear>(filters, outputs, gen, LinearOptions{.init = Init::Keras}));
}

Tensor ConvForecaster::forward(const Tensor& x) { return (*layers_)(x); }  // (B, T, F) -> (B, E)

std::string ConvForecaster::describe() const {
  return last_step_ ? "ConvForecaster(last step)" : "ConvForecaster(global average)";
}

// --- seq2seq ---------------------------------------------------------------------------------------

Seq2SeqWaveNet::Seq2SeqWaveNet(int64_t features, int64_t filters, int64_t outputs, Generator& gen)
    : outputs_(outputs) {
  layers_ = register_module("layers", std::make_shared<Sequential>());
  int64_t in = features;
  for (int repeat = 0; repeat < 2; ++repeat)
    for (int64_t d : {1, 2, 4, 8}) {
      layers_->add(causal(in, filters, 2, d, gen));
      layers_->add(std::make_shared<ReLU>());
      in = filters;
    }
  layers_->add(causal(filters, outputs, 1, 1, gen));
}

Tensor Seq2SeqWaveNet::forward(const Tensor& x) { return (*layers_)(x); }  // (B, T, F) -> (B, T, E)

// --- linear -----------------------------------------------------------------------------------------

LinearForecaster::LinearForecaster(int64_t window, int64_t features, int64_t outputs, Generator& gen,
                                   Init init)
    : window_(window), features_(features), outputs_(outputs) {
  dense_ = register_module("dense", std::make_shared<Linear>(window * features, outputs, gen,
                                                             LinearOptions{.init = init}));
}

Tensor LinearForecaster::forward(const Tensor& x) {  // (B, W, F) -> (B, E)
  if (x.dim() != 3 || x.size(1) != window_ || x.size(2) != features_)
    throw Error("LinearForecaster: expected x (B, " + std::to_string(window_) + ", " +
                std::to_string(features_) + "), got " + to_string(x.shape()));
  return (*dense_)(reshape(x, {x.size(0), window_ * features_}));
}


// --- dlinear ----------------------------------------------------------------------------------------

DLinearForecaster::DLinearForecaster(int64_t window, int64_t features, int64_t outputs, int64_t kernel,
                                     Generator& gen)
    : window_(window), features_(features), outputs_(outputs), kernel_(kernel) {
  if (kernel < 1 || kernel % 2 == 0)
    throw Error("DLinearForecaster: the moving average needs an odd kernel >= 1, got " + std::to_string(kernel));
  const LinearOptions init{.init = Init::PyTorch};
  seasonal_ = register_module("seasonal", std::make_shared<Linear>(window * features, outputs, gen, init));
  trend_dense_ = register_module("trend", std::make_shared<Linear>(window * features, outputs, gen, init));
  // The moving average: the series replicate-padded by p = (k - 1) / 2 steps on each side (the
  // index of padded step j is clamp(j - p, 0, W - 1)), then k taps of 1/k. O(W) memory, where a
  // (W, W) averaging matrix would take W^2 from a window size read from a checkpoint.
  const int64_t p = (kernel - 1) / 2;
  std::vector<int64_t> index(static_cast<size_t>(window + 2 * p));
  for (int64_t j = 0; j < window + 2 * p; ++j)
    index[static_cast<size_t>(j)] = std::clamp<int64_t>(j - p, 0, window - 1);
  pad_index_ = from_vector(index, {window + 2 * p});
  average_ = full({kernel, 1, 1}, 1.0 / static_cast<double>(kernel));
}

Tensor DLinearForecaster::trend(const Tensor& x) const {  // (B, W, F) -> (B, W, F)
  const int64_t B = x.size(0), padded = pad_index_.size(0);
  const Tensor xpad = index_select(x, 1, pad_index_);  // (B, W + 2p, F)
  // one series per feature, (B * F, W + 2p, 1), averaged by a valid convolution to (B * F, W, 1)
  const Tensor series = reshape(permute(xpad, {0, 2, 1}), {B * features_, padded, 1});
  return permute(reshape(conv1d(series, average_, Tensor()), {B, features_, window_}), {0, 2, 1});
}

Tensor DLinearForecaster::forward(const Tensor& x) {  // (B, W, F) -> (B, E)
  if (x.dim() != 3 || x.size(1) != window_ || x.size(2) != features_)
    throw Error("DLinearForecaster: expected x (B, " + std::to_string(window_) + ", " +
                std::to_string(features_) + "), got " + to_string(x.shape()));
  const Tensor t = trend(x);
  const Shape flat{x.size(0), window_ * features_};
  return (*seasonal_)(reshape(x - t, flat)) + (*trend_dense_)(reshape(t, flat));
}

std::string DLinearForecaster::describe() const {
  return "DLinearForecaster(kernel=" + std::to_string(kernel_) + ")";
}

}  // namespace ripple::forecast
