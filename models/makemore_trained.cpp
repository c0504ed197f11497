// Loading a model the makemore app trained: configuration and vocabulary from the checkpoint's
// metadata (written by apps/makemore/train_state.cpp), weights from its tensors.
#include <nlohmann/json.hpp>

#include "layers/checkpoint.h"
#include "models/makemore.h"

namespace ripple::makemore {

TrainedModel load_trained(const std::string& path) {
  Checkpoint c = load_safetensors(path);
  TrainedModel t;
  try {
    if (!c.metadata.count("config") || !c.metadata.count("vocab"))
      throw Error("no \"config\" and \"vocab\" metadata: not a checkpoint of the makemore app");
    const auto cfg = nlohmann::json::parse(c.metadata.at("config"));
    t.vocab.chars = nlohmann::json::parse(c.metadata.at("vocab")).get<std::vector<std::string>>();
    t.config = {parse_model_kind(cfg.at("model").get<std::string>()), t.vocab.size(),
                cfg.at("block_size").get<int64_t>(),
                cfg.at("embd").get<int64_t>(), cfg.at("hidden").get<int64_t>()};
    Generator unused(0);  // the weights are overwritten by the checkpoint's
    t.model = make_model(t.config, unused);
    t.model->load_state(c.tensors);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": malformed makemore metadata: " + e.what());
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  return t;
}

}  // namespace ripple::makemore
