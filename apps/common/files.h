// Whole-file reading and crash-safe writing for the apps (checkpoints, JSON logs, plots).
//
//   std::string text = apps::read_file("data/names.txt");
//   apps::write_file_atomic("out/plot.svg", svg_text);
//   apps::write_json("out/run.json", {{"steps", 1000}, {"loss", 2.13}});
//
// write_file_atomic writes `path + ".tmp"`, fsyncs it, then renames it over `path`, so a reader
// (or a crash) sees either the old file or the new one, never half of each. Two processes must not
// write the same path at the same time. Every error names the file.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ripple::apps {

// A file could not be read or written; the message names the file and the reason.
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `bytes` to `path` atomically (see above); the directory must exist. Throws FileError.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

// Returns the whole content of `path`. Throws FileError if it is missing, a directory or
// unreadable.
std::string read_file(const std::filesystem::path& path);

// Writes `value` as JSON text (pretty-printed with `indent` spaces, or compact if indent < 0,
// followed by a newline) with write_file_atomic. Throws FileError.
void write_json(const std::filesystem::path& path, const nlohmann::json& value, int indent = 2);

// Reads and parses a JSON file. Throws FileError naming the file for I/O and syntax errors.
nlohmann::json read_json(const std::filesystem::path& path);

}  // namespace ripple::apps
