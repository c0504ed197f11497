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
// lines themselves; a region is dedented. A file that cannot carry markers (library source the
// docs quote but do not own) is cut by its own text instead:
//
//   <!-- include: ../autograd/engine.cpp#from "// Topological order" to "}" -->
//
// takes the lines from the first one containing the first string through the first later line
// that is exactly the second (trailing spaces aside; "}" is a brace in column 0, the end of the
// function), dedented. `from "A" until "B"` stops before the first later line containing B,
// `from "A"` alone runs to the end of the file, and `line "A"` is the first line containing A; these also cut a part out of a recorded
// output (docs/recorded). If the source changes there, --check fails until the page is refreshed. The snippets are compiled and run by ctest (their output
// compared with the .out files next to them), so a chapter cannot show code that no longer builds
// or output it no longer prints.
//
// A number that prose quotes from a program's output is tied to the file that holds the output by
// a marker line before its paragraph (or table, or list: the lines up to the next blank one):
//
//   <!-- numbers from: recorded/forecast_co2.txt -->
//
// Every decimal number in that paragraph outside `code spans` (0.8, 2.18, 14.8) must then appear
// in one of the files named (several are separated by ", "), as printed or rounded to the digits
// the prose gives (0.8 for 0.7998), so a rerun that changes the output fails until the prose
// follows it.
//
//   docsync --check FILE.md...   exit 1 and name file:line for every block that differs, for
//                                every cited number that its files do not hold, for
//                                every ```text block that is not an include (program output is
//                                shown only from the file that holds it; formulas and other text
//                                take a plain ``` fence), and, outside README.md, for a NAME.out
//                                shown before any part of NAME.cpp
//   docsync --update FILE.md...  rewrite the blocks from the files
//
// Headers show examples too, in Doxygen's `/// @code{.cpp}` ... `/// @endcode` blocks. A block
// that includes <ripple/ripple.h> is a whole program, and the build compiles and ctest runs it:
//
//   docsync --header-examples OUT.cpp HEADER.h...  write one program holding every such block:
//                                                  its #include lines on top, the rest of each
//                                                  block the body of a function main() calls
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tools/text_lines.h"

namespace fs = std::filesystem;
using ripple::tools::read_lines;

namespace {

bool is_marker(const std::string& line, const char* word) {
  return line.find(std::string("// ") + word + " ") != std::string::npos;
}

// Removes the common leading spaces of `lines`.
void dedent(std::vector<std::string>& lines) {
  size_t indent = std::string::npos;
  for (const auto& l : lines)
    if (l.find_first_not_of(' ') != std::string::npos) indent = std::min(indent, l.find_first_not_of(' '));
  if (indent != std::string::npos)
    for (auto& l : lines) l = l.size() >= indent ? l.substr(indent) : "";
}

// The quoted strings of a region such as `from "START" to "END"`, and the words between them.
std::vector<std::string> split_quoted(const std::string& region, std::vector<std::string>& words) {
  std::vector<std::string> quoted;
  std::string word;
  for (size_t i = 0; i < region.size(); ++i) {
    if (region[i] == '"') {
      const size_t close = region.find('"', i + 1);
      if (close == std::string::npos) throw std::runtime_error("unclosed quote in '" + region + "'");
      quoted.push_back(region.substr(i + 1, close - i - 1));
      i = close;
    } else if (region[i] == ' ') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += region[i];
    }
  }
  if (!word.empty()) words.push_back(word);
  return quoted;
}

// A text range of `path` (see the top of this file): `line "A"`, `from "A"`, `from "A" to "B"`
// or `from "A" until "B"`.
std::vector<std::string> text_range(const fs::path& path, const std::string& region) {
  std::vector<std::string> words;
  const std::vector<std::string> q = split_quoted(region, words);
  const bool one = words == std::vector<std::string>{"line"} && q.size() == 1;
  const bool to = words == std::vector<std::string>{"from", "to"} && q.size() == 2;
  const bool until = words == std::vector<std::string>{"from", "until"} && q.size() == 2;
  const bool rest = words == std::vector<std::string>{"from"} && q.size() == 1;
  if (!one && !to && !until && !rest)
    throw std::runtime_error(path.string() + ": a text range is line \"A\", from \"A\", from \"A\" to \"B\" "
                             "or from \"A\" until \"B\", not '" + region + "'");
  const std::vector<std::string> lines = read_lines(path);
  size_t i = 0;
  while (i < lines.size() && lines[i].find(q[0]) == std::string::npos) ++i;
  if (i == lines.size()) throw std::runtime_error(path.string() + ": no line contains \"" + q[0] + "\"");
  std::vector<std::string> out{lines[i]};
  if (one) return out;
  for (++i; i < lines.size(); ++i) {
    std::string trimmed = lines[i];
    trimmed.erase(trimmed.find_last_not_of(' ') + 1);
    if (until && lines[i].find(q[1]) != std::string::npos) break;
    out.push_back(lines[i]);
    if (to && trimmed == q[1]) break;
  }
  if (i == lines.size() && !rest)
    throw std::runtime_error(path.string() + ": no line " + (to ? "is" : "contains") + " \"" + q[1] +
                             "\" after \"" + q[0] + "\"");
  dedent(out);
  return out;
}

// The lines of `path`, or of its region `region` (dedented), without doc-begin/doc-end lines.
std::vector<std::string> included_text(const fs::path& path, const std::string& region) {
  if (region.rfind("from ", 0) == 0 || region.rfind("line ", 0) == 0) return text_range(path, region);
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
  dedent(out);
  return out;
}

// The decimal numbers of `text` ("0.8", "14.8"), leaving out those inside `code spans`; `code`
// says whether text starts inside one (a span may go on over a line break) and where it ends.
std::vector<std::string> decimals(const std::string& text, bool& code) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '`') code = !code;
    const bool starts = std::isdigit(static_cast<unsigned char>(text[i])) &&
                        (i == 0 || (!std::isalnum(static_cast<unsigned char>(text[i - 1])) && text[i - 1] != '.'));
    if (code || !starts) continue;
    size_t end = i;
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) ++end;
    while (end > i && text[end - 1] == '.') --end;  // a full stop ends the sentence, not the number
    const std::string number = text.substr(i, end - i);
    if (number.find('.') != std::string::npos && number.find('.') == number.rfind('.')) out.push_back(number);
    i = end;
  }
  return out;
}

// True if `files` hold `number` as printed or as a longer number that rounds to it.
bool holds(const std::vector<std::string>& file_numbers, const std::string& number) {
  const int digits = static_cast<int>(number.size() - number.find('.') - 1);
  for (const std::string& n : file_numbers) {
    if (n == number) return true;
    const size_t dot = n.find('.');
    if (dot == std::string::npos || static_cast<int>(n.size() - dot - 1) <= digits) continue;
    char rounded[64];
    std::snprintf(rounded, sizeof rounded, "%.*f", digits, std::stod(n));
    if (number == rounded) return true;
  }
  return false;
}

// Checks the paragraph after the "numbers from:" marker at lines[at]; returns the numbers missing.
int check_cited_numbers(const fs::path& md, const std::vector<std::string>& lines, size_t at,
                        const std::string& tag) {
  const std::string where = md.string() + ":" + std::to_string(at + 1);
  const size_t close = lines[at].find(" -->");
  if (close == std::string::npos || at + 1 >= lines.size() || lines[at + 1].empty())
    throw std::runtime_error(where + ": a numbers marker must be closed and followed by its paragraph");
  std::vector<std::string> files, file_numbers;
  std::string list = lines[at].substr(tag.size(), close - tag.size());
  for (size_t comma; !list.empty(); list = comma == std::string::npos ? "" : list.substr(comma + 2)) {
    comma = list.find(", ");
    files.push_back(list.substr(0, comma));
    for (const std::string& line : read_lines(md.parent_path() / files.back())) {
      bool code = false;  // a file of output has no code spans: each ` stands for itself
      for (const std::string& n : decimals(line, code)) file_numbers.push_back(n);
    }
  }
  int missing = 0;
  bool code = false;
  for (size_t i = at + 1; i < lines.size() && !lines[i].empty(); ++i)
    for (const std::string& number : decimals(lines[i], code))
      if (!holds(file_numbers, number)) {
        ++missing;
        std::string names;
        for (const std::string& f : files) names += (names.empty() ? "" : " or ") + f;
        std::fprintf(stderr, "%s:%zu: %s is not in %s (as printed or rounded)\n", md.string().c_str(), i + 1,
                     number.c_str(), names.c_str());
      }
  return missing;
}

// Checks or rewrites the included blocks of one markdown file; returns the number that differed.
int sync(const fs::path& md, bool update) {
  const std::vector<std::string> lines = read_lines(md);
  std::vector<std::string> result;
  int stale = 0;
  std::vector<std::string> shown;  // the files included so far, in order
  const std::string tag = "<!-- include: ";
  for (size_t i = 0; i < lines.size(); ++i) {
    result.push_back(lines[i]);
    if (lines[i] == "```text" && (i == 0 || lines[i - 1].rfind(tag, 0) != 0)) {
      // an output shown without the file that holds it: nothing would keep the two equal
      ++stale;
      std::fprintf(stderr, "%s:%zu: a ```text block must be an include of the output it shows "
                           "(a snippet's .out or a docs/recorded file); use a plain ``` fence "
                           "for anything that is not a program's output\n",
                   md.string().c_str(), i + 1);
      continue;
    }
    if (const std::string cites = "<!-- numbers from: "; lines[i].rfind(cites, 0) == 0) {
      stale += check_cited_numbers(md, lines, i, cites);
      continue;
    }
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
    // A chapter shows a program before what it prints (README, a summary, may quote outputs alone).
    if (md.filename() != "README.md" && target.size() > 4 &&
        target.compare(target.size() - 4, 4, ".out") == 0) {
      const std::string program = target.substr(0, target.size() - 4) + ".cpp";
      if (std::find(shown.begin(), shown.end(), program) == shown.end()) {
        ++stale;
        std::fprintf(stderr, "%s: %s is shown before any of %s, the program that prints it\n",
                     where.c_str(), target.c_str(), program.c_str());
      }
    }
    shown.push_back(target);
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

// Writes `out`: every whole-program example of `headers` (see the top of this file), each
// line marked with #line so that a compiler error names the header and its line.
void header_examples(const fs::path& out, const std::vector<fs::path>& headers) {
  std::vector<std::string> includes, bodies;
  int count = 0;
  for (const fs::path& header : headers) {
    const std::vector<std::string> lines = read_lines(header);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find("@code{.cpp}") == std::string::npos) continue;
      std::vector<std::pair<size_t, std::string>> block;  // (line number, text without "///")
      size_t end = i + 1;
      for (; end < lines.size() && lines[end].find("@endcode") == std::string::npos; ++end) {
        const size_t slashes = lines[end].find("///");
        block.emplace_back(end + 1,
                           slashes == std::string::npos ? "" : lines[end].substr(slashes + 3));
      }
      if (end == lines.size())
        throw std::runtime_error(header.string() + ":" + std::to_string(i + 1) +
                                 ": @code without @endcode");
      const bool whole = std::any_of(block.begin(), block.end(), [](const auto& l) {
        return l.second.find("#include <ripple/ripple.h>") != std::string::npos;
      });
      i = end;
      if (!whole) continue;  // a fragment: it reads names the surrounding text defines
      std::string body = "void example_" + std::to_string(++count) + "() {\n";
      for (const auto& [number, text] : block) {
        const std::string line =
            "#line " + std::to_string(number) + " \"" + header.string() + "\"\n";
        if (text.find("#include") != std::string::npos) includes.push_back(line + text + "\n");
        else body += line + text + "\n";
      }
      bodies.push_back(body + "}\n");
    }
  }
  std::ofstream file(out);
  file << "// Written by docsync --header-examples from the headers' @code{.cpp} examples.\n";
  for (const auto& include : includes) file << include;
  for (const auto& body : bodies) file << body;
  file << "int main() {\n";
  for (int i = 1; i <= count; ++i) file << "  example_" << i << "();\n";
  file << "  return 0;\n}\n";
  if (!file) throw std::runtime_error(out.string() + ": cannot write");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "--header-examples" && argc >= 3) {
    try {
      header_examples(argv[2], std::vector<fs::path>(argv + 3, argv + argc));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "docsync: %s\n", e.what());
      return 1;
    }
    return 0;
  }
  if (argc < 3 || (mode != "--check" && mode != "--update")) {
    std::fprintf(stderr, "usage: docsync --check|--update FILE.md...\n"
                         "       docsync --header-examples OUT.cpp HEADER.h...\n");
    return 2;
  }
  try {
    int stale = 0;
    for (int i = 2; i < argc; ++i) stale += sync(argv[i], mode == "--update");
    if (stale && mode == "--check") {
      std::fprintf(stderr, "docsync: %d block(s) or cited number(s) out of date; run scripts/docs.sh to refresh them\n", stale);
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "docsync: %s\n", e.what());
    return 1;
  }
  return 0;
}
