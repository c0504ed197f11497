// docsync: keeps the code and output shown in docs/*.md identical to files the build compiles.
//
// In a chapter, a marker line names a file, optionally a region of it, and is followed by a
// fenced block that must hold exactly that text:
//
//   <!-- include: snippets/views.cpp#strides -->
//   ```cpp
//   ... the lines between "// doc-begin strides" and "// doc-end strides" in snippets/views.cpp
//   ```
//
// Paths are relative to the markdown file. A whole-file include leaves out the doc-begin/doc-end
// lines themselves; a region is dedented. The snippets are compiled and run by ctest (their output
// compared with the .out files next to them), so a chapter cannot show code that no longer builds
// or output it no longer prints.
//
//   docsync --check FILE.md...   exit 1 and name file:line for every block that differs
//   docsync --update FILE.md...  rewrite the blocks from the files
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool is_marker(const std::string& line, const char* word) {
  return line.find(std::string("// ") + word + " ") != std::string::npos;
}

// The lines of `path`, or of its region `region` (dedented), without doc-begin/doc-end lines.
std::vector<std::string> included_text(const fs::path& path, const std::string& region) {
  std::vector<std::string> out;
  bool inside = region.empty(), found = region.empty();
  for (const std::string& line : read_lines(path)) {
    const bool begin = is_marker(line, "doc-begin"), end = is_marker(line, "doc-end");
    if (!region.empty() && (begin || end) && line.substr(line.find_last_of(' ') + 1) == region) {
      inside = begin;
      found = true;
      continue;
    }
    if (inside && !begin && !end) out.push_back(line);
  }
  if (!found) throw std::runtime_error(path.string() + ": no region '" + region + "'");
  size_t indent = std::string::npos;
  for (const auto& l : out)
    if (l.find_first_not_of(' ') != std::string::npos) indent = std::min(indent, l.find_first_not_of(' '));
  if (indent != std::string::npos)
    for (auto& l : out) l = l.size() >= indent ? l.substr(indent) : "";
  return out;
}

// Checks or rewrites the included blocks of one markdown file; returns the number that differed.
int sync(const fs::path& md, bool update) {
  const std::vector<std::string> lines = read_lines(md);
  std::vector<std::string> result;
  int stale = 0;
  const std::string tag = "<!-- include: ";
  for (size_t i = 0; i < lines.size(); ++i) {
    result.push_back(lines[i]);
    if (lines[i].rfind(tag, 0) != 0) continue;
    const size_t close = lines[i].find(" -->");
    std::string target = lines[i].substr(tag.size(), close - tag.size()), region;
    if (const size_t hash = target.find('#'); hash != std::string::npos) {
      region = target.substr(hash + 1);
      target = target.substr(0, hash);
    }
    const std::string where = md.string() + ":" + std::to_string(i + 1);
    if (close == std::string::npos || i + 1 >= lines.size() || lines[i + 1].rfind("```", 0) != 0)
      throw std::runtime_error(where + ": an include marker must be followed by a ``` block");
    size_t end = i + 2;
    while (end < lines.size() && lines[end].rfind("```", 0) != 0) ++end;
    if (end == lines.size()) throw std::runtime_error(where + ": the ``` block is not closed");
    const std::vector<std::string> want = included_text(md.parent_path() / target, region);
    const std::vector<std::string> have(lines.begin() + static_cast<long>(i) + 2,
                                        lines.begin() + static_cast<long>(end));
    if (want != have) {
      ++stale;
      if (!update) std::fprintf(stderr, "%s: the block differs from %s\n", where.c_str(), lines[i].c_str());
    }
    result.push_back(lines[i + 1]);
    result.insert(result.end(), want.begin(), want.end());
    result.push_back(lines[end]);
    i = end;
  }
  if (update && stale) {
    std::ofstream out(md);
    for (const auto& l : result) out << l << "\n";
    std::printf("%s: %d block(s) updated\n", md.string().c_str(), stale);
  }
  return stale;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (argc < 3 || (mode != "--check" && mode != "--update")) {
    std::fprintf(stderr, "usage: docsync --check|--update FILE.md...\n");
    return 2;
  }
  try {
    int stale = 0;
    for (int i = 2; i < argc; ++i) stale += sync(argv[i], mode == "--update");
    if (stale && mode == "--check") {
      std::fprintf(stderr, "docsync: %d block(s) out of date; run scripts/docs.sh to refresh them\n", stale);
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "docsync: %s\n", e.what());
    return 1;
  }
  return 0;
}
