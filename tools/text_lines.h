// What the doc tools (docsync, recorded) share: a text file read as its lines.
#pragma once

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ripple::tools {

// The lines of `path` without their '\n'; throws std::runtime_error naming the file if it cannot
// be opened.
inline std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace ripple::tools
