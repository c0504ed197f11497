// recorded: the results of long runs as the docs show them, written from the files those runs
// left behind, so that a number in README or a chapter cannot differ from its source.
//
// A recorded file (docs/recorded/NAME.txt) opens with a header naming where it comes from:
//
//   $ build/makemore --out out/wavenet --metrics docs/figures/makemore_wavenet_metrics.json
//   # recorded on 2026-11-21 with the build of commit 8e0009e; scripts/docs.sh --long reruns it
//   # source: ../figures/makemore_wavenet_metrics.json
//
// and its body is rendered from the source, the metrics JSON the command wrote (path relative to
// the recorded file). Chapters and README include the recorded file through docsync, so the chain
// run -> JSON -> recorded file -> page is checked link by link. A recorded file without a
// "# source:" line is a program's output stored as it was printed (scripts/docs.sh writes those
// with the same first two lines); it is only checked for its header, whose second line must name
// the date and the build's commit (an output pasted by hand is refused).
//
//   recorded --check FILE.txt...   exit 1 naming every file whose header is missing or whose body
//                                  is not what its source gives
//   recorded --update FILE.txt...  rewrite the bodies from the sources (headers are kept)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/text_lines.h"

namespace fs = std::filesystem;
using ripple::tools::read_lines;
using nlohmann::json;

namespace {

std::string format(const char* fmt, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, value);
  return buf;
}

// A makemore metrics JSON (build/makemore --metrics) as the lines the app prints at the end.
std::vector<std::string> render_makemore(const json& m) {
  std::vector<std::string> out;
  out.push_back("model " + m.at("model").get<std::string>() + ", " +
                std::to_string(m.at("params").get<long long>()) + " parameters, " +
                std::to_string(m.at("steps").get<long long>()) + " steps");
  out.push_back("final losses (eval mode, full splits): train " +
                format("%.4f", m.at("train_loss").get<double>()) + "  val " +
                format("%.4f", m.at("val_loss").get<double>()) + "  test " +
                format("%.4f", m.at("test_loss").get<double>()));
  out.push_back(format("%.3f ms/step, ", m.at("ms_per_step").get<double>()) +
                format("%.1f s of training", m.at("seconds_total").get<double>()));
  const auto samples = m.value("samples", std::vector<std::string>{});
  std::string line = "samples:";
  for (size_t i = 0; i < samples.size(); ++i) {
    if (i > 0 && i % 10 == 0) {
      out.push_back(line);
      line = "        ";
    }
    line += " " + samples[i];
  }
  if (!samples.empty()) out.push_back(line);
  return out;
}

// Checks or rewrites one recorded file; returns false if it is stale or malformed.
bool sync(const fs::path& file, bool update) {
  std::vector<std::string> lines = read_lines(file);
  // the second line names the date and the build, as scripts/docs.sh writes it: an output pasted
  // by hand cannot name a build that printed it
  static const std::regex recorded_by_a_build(
      R"(# recorded on \d{4}-\d{2}-\d{2} with the build of commit [0-9a-f]{7,40}\b.*)");
  if (lines.size() < 2 || lines[0].rfind("$ ", 0) != 0 || !std::regex_match(lines[1], recorded_by_a_build)) {
    std::fprintf(stderr,
                 "%s: a recorded file starts with '$ COMMAND' and '# recorded on YYYY-MM-DD with the build of "
                 "commit HASH' (scripts/docs.sh's record), got '%s'\n",
                 file.string().c_str(), lines.size() < 2 ? "" : lines[1].c_str());
    return false;
  }
  size_t body = 2;
  while (body < lines.size() && lines[body].rfind("# ", 0) == 0) ++body;
  std::string source;
  for (size_t i = 2; i < body; ++i)
    if (lines[i].rfind("# source: ", 0) == 0) source = lines[i].substr(10);
  if (source.empty()) return true;  // a program's output as printed

  std::ifstream in(file.parent_path() / source);
  if (!in) throw std::runtime_error(file.string() + ": cannot open its source " + source);
  const std::vector<std::string> want = render_makemore(json::parse(in));
  const std::vector<std::string> have(lines.begin() + static_cast<long>(body), lines.end());
  if (want == have) return true;
  if (!update) {
    std::fprintf(stderr, "%s: differs from what %s gives; run scripts/docs.sh\n",
                 file.string().c_str(), source.c_str());
    return false;
  }
  lines.resize(body);
  lines.insert(lines.end(), want.begin(), want.end());
  std::ofstream out(file);
  for (const auto& l : lines) out << l << "\n";
  std::printf("%s: rewritten from %s\n", file.string().c_str(), source.c_str());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (argc < 3 || (mode != "--check" && mode != "--update")) {
    std::fprintf(stderr, "usage: recorded --check|--update FILE.txt...\n");
    return 2;
  }
  try {
    bool ok = true;
    for (int i = 2; i < argc; ++i) ok = sync(argv[i], mode == "--update") && ok;
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "recorded: %s\n", e.what());
    return 1;
  }
}
