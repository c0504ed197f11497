// JSON files for the apps, on top of core/file.h.
#include "apps/common/files.h"

namespace ripple::apps {

void write_json(const std::filesystem::path& path, const nlohmann::json& value, int indent) {
  // Invalid UTF-8 in a string becomes U+FFFD rather than failing the whole write.
  const auto replace = nlohmann::json::error_handler_t::replace;
  write_file_atomic(path, value.dump(indent, ' ', false, replace) + "\n");
}

nlohmann::json read_json(const std::filesystem::path& path) {
  std::string text = read_file(path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw FileError("'" + path.string() + "' is not valid JSON: " + e.what());
  }
}

}  // namespace ripple::apps
