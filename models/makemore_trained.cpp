// Loading a model the makemore app trained: configuration and vocabulary from the checkpoint's
// metadata (written by apps/makemore/train_state.cpp), weights from its tensors. Nothing in the
// file is trusted: each field is checked before it is used, and the model the configuration
// describes is checked against the weights the file holds before it is built.
#include <algorithm>
#include <cstdint>

#include "layers/checkpoint.h"
#include "layers/metadata_json.h"
#include "models/makemore.h"

namespace ripple::makemore {
namespace {

using json = nlohmann::json;

// config[key] as an integer in [low, high], or an Error naming the field.
int64_t size_field(const json& config, const char* key, int64_t low, int64_t high) {
  const int64_t v = metadata_field<int64_t>(config, "config", key);
  if (v < low || v > high)
    throw Error("metadata \"config\" field \"" + std::string(key) + "\" must be an integer in [" +
                std::to_string(low) + ", " + std::to_string(high) + "], got " + std::to_string(v));
  return v;
}

// The elements of all the tensors of a checkpoint (each was checked against the file's size).
uint64_t elements(const NamedTensors& tensors) {
  uint64_t n = 0;
  for (const auto& [name, t] : tensors) n += static_cast<uint64_t>(t.numel());
  return n;
}

}  // namespace

TrainedModel load_trained(const Checkpoint& c, const std::string& name) {
  TrainedModel t;
  try {
    if (!c.metadata.count("config") || !c.metadata.count("vocab"))
      throw Error("no \"config\" and \"vocab\" metadata: not a checkpoint of the makemore app");
    const json cfg = parse_metadata_object(c.metadata, "config"), chars = parse_metadata(c.metadata, "vocab");
    const std::string model = metadata_field<std::string>(cfg, "config", "model");
    // the vocabulary: "." then distinct single characters in sorted order, as build_vocab makes it
    t.vocab.chars = metadata_value<std::vector<std::string>>(chars, "metadata \"vocab\"");
    if (t.vocab.chars.size() < 2 || t.vocab.chars.size() > 1000000)
      throw Error("metadata \"vocab\" must be a list of at least 2 characters, got " +
                  std::to_string(t.vocab.chars.size()));
    if (t.vocab.chars[0] != ".") throw Error("metadata \"vocab\" must start with \".\"");
    for (size_t i = 1; i < t.vocab.chars.size(); ++i) {
      const std::string& ch = t.vocab.chars[i];
      if (split_chars(ch).size() != 1 || ch == "." || (i > 1 && !(t.vocab.chars[i - 1] < ch)))
        throw Error("metadata \"vocab\" entry " + std::to_string(i) + " (" +
                    json(ch).dump(-1, ' ', false, json::error_handler_t::replace) +
                    ") is not one new character in sorted order");
    }
    t.config = {parse_model_kind(model), t.vocab.size(), size_field(cfg, "block_size", 1, 1 << 20),
                size_field(cfg, "embd", 1, 1 << 20), size_field(cfg, "hidden", 1, 1 << 20)};
    if (cfg.contains("dilations")) {  // conv with its own dilations (absent: the lecture's)
      const auto d = metadata_field<std::vector<int64_t>>(cfg, "config", "dilations");
      if (d.empty() || d.size() > 1024 || !std::all_of(d.begin(), d.end(), [](int64_t v) { return v >= 1 && v <= (1 << 20); }))
        throw Error("metadata \"config\" field \"dilations\" must be a list of 1 to 1024 integers in [1, 1048576]");
      t.config.dilations = d;
    }
    if (cfg.contains("layers")) t.config.layers = size_field(cfg, "layers", 1, 1024);
    if (cfg.contains("labels")) t.config.labels = size_field(cfg, "labels", 1, 1 << 20);
    if (cfg.contains("dropout")) {  // no weights of its own; kept so the model describes itself
      const auto p = metadata_field<double>(cfg, "config", "dropout");
      if (!(p >= 0 && p < 1)) throw Error("metadata \"config\" field \"dropout\" must be in [0, 1), got " + std::to_string(p));
      t.config.dropout = p;
    }
    if (t.config.labels > 0) {  // the label names, sorted and distinct as load_word_list makes them
      if (!c.metadata.count("labels"))
        throw Error("its \"config\" has " + std::to_string(t.config.labels) + " labels but no \"labels\" metadata names them");
      t.label_names = metadata_value<std::vector<std::string>>(parse_metadata(c.metadata, "labels"), "metadata \"labels\"");
      if (static_cast<int64_t>(t.label_names.size()) != t.config.labels)
        throw Error("metadata \"labels\" names " + std::to_string(t.label_names.size()) + " labels, but \"config\" has " +
                    std::to_string(t.config.labels));
      for (size_t i = 1; i < t.label_names.size(); ++i)
        if (!(t.label_names[i - 1] < t.label_names[i]))
          throw Error("metadata \"labels\" must be distinct and sorted, got '" + t.label_names[i - 1] + "' before '" +
                      t.label_names[i] + "'");
    }
    const int64_t vocab_size = metadata_field<int64_t>(cfg, "config", "vocab_size");
    if (vocab_size != t.vocab.size())
      throw Error("metadata \"config\" field \"vocab_size\" (" + std::to_string(vocab_size) +
                  ") contradicts the " + std::to_string(t.vocab.size()) + " characters of \"vocab\"");
    // the weights the configuration needs must be in the file before a byte is allocated for them
    const int64_t params = parameter_count(t.config);
    if (static_cast<uint64_t>(params) > elements(c.tensors))
      throw Error("its \"config\" describes a model of " + std::to_string(params) +
                  " parameters, more than the " + std::to_string(elements(c.tensors)) +
                  " numbers of its tensors");
    Generator unused(0);  // the weights are overwritten by the checkpoint's
    t.model = make_model(t.config, unused);
    NamedTensors weights;  // a training checkpoint also holds the optimizer's state: not the model's
    for (auto& [tensor_name, tensor] : c.tensors)
      if (!tensor_name.starts_with(kOptimizerStatePrefix)) weights.emplace_back(tensor_name, tensor);
    t.model->load_state(weights);
  } catch (const Error& e) {
    throw Error(name + ": " + e.what());
  }
  return t;
}

TrainedModel load_trained(const std::string& path) {
  return load_trained(load_safetensors(path), path);  // load_safetensors names the file
}

}  // namespace ripple::makemore
