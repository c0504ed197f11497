// Loading a model the makemore app trained: configuration and vocabulary from the checkpoint's
// metadata (written by apps/makemore/train_state.cpp), weights from its tensors. Nothing in the
// file is trusted: each field is checked before it is used, and the model the configuration
// describes is checked against the size of the weights the file holds before it is built.
#include <filesystem>
#include <algorithm>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "layers/checkpoint.h"
#include "models/makemore.h"

namespace ripple::makemore {
namespace {

using json = nlohmann::json;

// config[key] as an integer in [low, high], or an Error naming the field.
int64_t size_field(const json& config, const char* key, int64_t low, int64_t high) {
  if (!config.contains(key)) throw Error("its \"config\" has no \"" + std::string(key) + "\"");
  const json& v = config.at(key);
  if (!v.is_number_integer() || v.get<int64_t>() < low || v.get<int64_t>() > high)
    throw Error("\"config\" field \"" + std::string(key) + "\" must be an integer in [" + std::to_string(low) +
                ", " + std::to_string(high) + "], got " + v.dump());
  return v.get<int64_t>();
}

json parse_field(const Metadata& meta, const char* key) {
  if (!meta.count(key))
    throw Error("no \"" + std::string(key) + "\" metadata: not a checkpoint of the makemore app");
  try {
    return json::parse(meta.at(key), [](int depth, json::parse_event_t, json&) {
      if (depth > 8) throw json::other_error::create(501, "nested too deeply", nullptr);
      return true;
    });
  } catch (const json::exception&) {
    throw Error("metadata \"" + std::string(key) + "\" is not valid JSON (or nests deeper than 8 levels)");
  }
}

}  // namespace

TrainedModel load_trained(const std::string& path) {
  Checkpoint c = load_safetensors(path);  // names the file when it is missing or corrupt
  TrainedModel t;
  try {
    const json cfg = parse_field(c.metadata, "config"), chars = parse_field(c.metadata, "vocab");
    if (!cfg.is_object()) throw Error("metadata \"config\" is not a JSON object");
    if (!cfg.contains("model") || !cfg.at("model").is_string())
      throw Error("\"config\" field \"model\" must be a model name");
    // the vocabulary: "." then distinct single characters in sorted order, as build_vocab makes it
    if (!chars.is_array() || chars.size() < 2 || chars.size() > 1000000 ||
        !std::all_of(chars.begin(), chars.end(), [](const json& ch) { return ch.is_string(); }))
      throw Error("metadata \"vocab\" must be a list of at least 2 characters");
    t.vocab.chars = chars.get<std::vector<std::string>>();
    if (t.vocab.chars[0] != ".") throw Error("metadata \"vocab\" must start with \".\"");
    for (size_t i = 1; i < t.vocab.chars.size(); ++i) {
      const std::string& ch = t.vocab.chars[i];
      if (split_chars(ch).size() != 1 || ch == "." || (i > 1 && !(t.vocab.chars[i - 1] < ch)))
        throw Error("metadata \"vocab\" entry " + std::to_string(i) + " (" + json(ch).dump() +
                    ") is not one new character in sorted order");
    }
    t.config = {parse_model_kind(cfg.at("model").get<std::string>()), t.vocab.size(),
                size_field(cfg, "block_size", 1, 1 << 20), size_field(cfg, "embd", 1, 1 << 20),
                size_field(cfg, "hidden", 1, 1 << 20)};
    if (cfg.contains("dilations")) {  // conv with its own dilations (absent: the lecture's)
      const json& d = cfg.at("dilations");
      if (!d.is_array() || d.empty() || d.size() > 1024 ||
          !std::all_of(d.begin(), d.end(), [](const json& v) {
            return v.is_number_integer() && v.get<int64_t>() >= 1 && v.get<int64_t>() <= (1 << 20);
          }))
        throw Error("\"config\" field \"dilations\" must be a list of 1 to 1024 integers in [1, 1048576], got " +
                    d.dump().substr(0, 200));
      t.config.dilations = d.get<std::vector<int64_t>>();
    }
    if (cfg.contains("layers")) t.config.layers = size_field(cfg, "layers", 1, 1024);
    if (cfg.contains("labels")) t.config.labels = size_field(cfg, "labels", 1, 1 << 20);
    if (!cfg.contains("vocab_size") || cfg.at("vocab_size") != json(t.vocab.size()))
      throw Error("\"config\" field \"vocab_size\" (" + (cfg.contains("vocab_size") ? cfg.at("vocab_size").dump() : "none") +
                  ") contradicts the " + std::to_string(t.vocab.size()) + " characters of \"vocab\"");
    // the weights the configuration needs must be in the file before a byte is allocated for them
    const int64_t params = parameter_count(t.config);
    const auto file_bytes = static_cast<uintmax_t>(std::filesystem::file_size(path));
    if (static_cast<uintmax_t>(params) > file_bytes / 4)
      throw Error("its \"config\" describes a model of " + std::to_string(params) + " parameters, more than the " +
                  std::to_string(file_bytes) + " bytes of the file can hold");
    Generator unused(0);  // the weights are overwritten by the checkpoint's
    t.model = make_model(t.config, unused);
    NamedTensors weights;  // a training checkpoint also holds the optimizer's state: not the model's
    for (auto& [name, tensor] : c.tensors)
      if (!name.starts_with(kOptimizerStatePrefix)) weights.emplace_back(name, tensor);
    t.model->load_state(weights);
  } catch (const json::exception& e) {
    throw Error(path + ": malformed makemore metadata: " + e.what());
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  return t;
}

}  // namespace ripple::makemore
