// Checkpoints with their configuration, and JSON files, for the apps (run.h).
#include "apps/common/run.h"

namespace ripple::apps {

void save_checkpoint_with_config(const std::string& path, const Module& model,
                                 const nlohmann::json& config, Metadata metadata) {
  metadata["config"] = config.dump();
  ripple::save_checkpoint(path, model, metadata);
}

void write_json(const std::filesystem::path& path, const nlohmann::json& value, int indent) {
  // Invalid UTF-8 in a string becomes U+FFFD rather than failing the whole write.
  const auto replace = nlohmann::json::error_handler_t::replace;
  write_file_atomic(path, value.dump(indent, ' ', false, replace) + "\n");
}

}  // namespace ripple::apps
