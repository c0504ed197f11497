// JSON files for the apps: the --metrics results, written crash-safe.
//
//   apps::write_json("out/run.json", {{"steps", 1000}, {"loss", 2.13}});
//
// Writes go through ripple::write_file_atomic (core/file.h); every error is a ripple::FileError
// naming the file.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/file.h"

namespace ripple::apps {

// Writes `value` as JSON text (pretty-printed with `indent` spaces, or compact if indent < 0,
// followed by a newline) with write_file_atomic. Throws FileError.
void write_json(const std::filesystem::path& path, const nlohmann::json& value, int indent = 2);

// Reads and parses a JSON file. Throws FileError naming the file for I/O and syntax errors.
nlohmann::json read_json(const std::filesystem::path& path);

}  // namespace ripple::apps
