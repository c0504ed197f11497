// Cli on CLI11: exact reads of integers and numbers, the checks, the help layout, and one-line
// messages for CLI11's errors.
#include "apps/common/cli.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <unistd.h>

namespace ripple::apps {
namespace {

constexpr size_t kWidth = 80;  // the help is wrapped to this many columns

// Appends `text` to `out`, wrapped at word boundaries so no line exceeds kWidth; continuation lines
// start with `indent` spaces. The first line continues from column `column`.
void wrap(std::string& out, const std::string& text, size_t indent, size_t column) {
  std::istringstream words(text);
  std::string word;
  bool first = true;
  while (words >> word) {
    if (!first && column + 1 + word.size() > kWidth) {
      out += '\n';
      out.append(indent, ' ');
      column = indent;
    } else if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    first = false;
  }
}

// A default as the help shows it: 0.1, 0.001, 1.
std::string format_double(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// "0.1" for a message, as the user would write it.
std::string shown(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Levenshtein distance, for "did you mean" suggestions.
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

// --- reading values: transforms that run before CLI11 converts the text ---------------------
//
// CLI11 reads integers with strtoll in base 0 ("010" would be eight) and numbers as long double,
// accepting nan and inf. These transforms read the text with std::from_chars instead and hand
// CLI11 a form it converts exactly: the integer in decimal, the number in hexadecimal (%a).

// The text of a flag where a value should be ("--data --resume" gives data "--resume").
bool is_flag(const std::string& text) { return text.starts_with("--"); }

std::string expects_value(const std::string& placeholder) {
  return "expects a value (" + placeholder + ")";
}

CLI::Validator integer_value(const std::string& placeholder) {
  return CLI::Validator(
      [placeholder](std::string& text) -> std::string {
        if (is_flag(text)) return expects_value(placeholder);
        const char* begin = text.data() + (text.starts_with('+') ? 1 : 0);
        const char* end = text.data() + text.size();
        int64_t v = 0;
        auto [p, ec] = std::from_chars(begin, end, v);
        if (ec == std::errc::result_out_of_range) return "value '" + text + "' is out of range";
        if (ec != std::errc() || p != end || text.empty())
          return "expects an integer, got '" + text + "'";
        text = std::to_string(v);
        return "";
      },
      "");
}

// `what` is how the message names the value: "a number", "numbers A,B,C".
CLI::Validator number_value(const std::string& placeholder, const std::string& what) {
  return CLI::Validator(
      [placeholder, what](std::string& text) -> std::string {
        if (is_flag(text)) return expects_value(placeholder);
        const char* begin = text.data() + (text.starts_with('+') ? 1 : 0);
        const char* end = text.data() + text.size();
        double v = 0;
        auto [p, ec] = std::from_chars(begin, end, v);
        if (ec != std::errc() || p != end || text.empty() || !std::isfinite(v))
          return "expects " + what + ", got '" + text + "'";
        char buf[64];
        std::snprintf(buf, sizeof buf, "%a", v);
        text = buf;
        return "";
      },
      "");
}

CLI::Validator text_value(const std::string& placeholder) {
  return CLI::Validator(
      [placeholder](std::string& text) { return is_flag(text) ? expects_value(placeholder) : ""; }, "");
}

CLI::Validator switch_value() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        for (const char* ok : {"true", "false", "1", "0", "yes", "no"})
          if (text == ok) return "";
        return "is a switch and takes no value, got '" + text + "'";
      },
      "");
}

// A value after integer_value / number_value, read back.
int64_t integer_of(const std::string& text) { return std::stoll(text); }
double number_of(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

// The help: "usage: NAME [options]", the description, then one aligned line per flag with its
// default, and -h, --help last.
class HelpFormatter : public CLI::FormatterBase {
 public:
  std::string make_help(const CLI::App* app, std::string, CLI::AppFormatMode) const override {
    std::string out = "usage: " + app->get_name() + " [options]\n\n";
    if (!app->get_description().empty()) {
      wrap(out, app->get_description(), 0, 0);
      out += "\n\n";
    }
    out += "options:\n";
    std::vector<std::pair<std::string, std::string>> rows;  // (flag column, help column)
    for (const CLI::Option* opt : app->get_options()) {
      if (opt == app->get_help_ptr()) continue;
      const bool is_switch = opt->get_type_size() == 0;
      std::string left = "--" + opt->get_lnames().front();
      if (!is_switch) left += " " + opt->get_type_name();
      std::string right = opt->get_description();
      if (!is_switch && !opt->get_default_str().empty())
        right += " (default: " + opt->get_default_str() + ")";
      rows.emplace_back(left, right);
    }
    rows.emplace_back("-h, --help", app->get_help_ptr()->get_description());
    size_t column = 0;
    for (const auto& row : rows) column = std::max(column, row.first.size());
    column = std::min<size_t>(column, 28) + 4;  // two spaces of indent, two of gap
    for (const auto& [left, right] : rows) {
      out += "  " + left;
      if (left.size() + 2 + 2 > column) {
        out += '\n';  // a very long flag gets its own line
        out.append(column, ' ');
      } else {
        out += std::string(column - left.size() - 2, ' ');
      }
      wrap(out, right, column, column);
      out += '\n';
    }
    return out;
  }
};

}  // namespace

CLI::Validator at_least(int64_t low) {
  return CLI::Validator(
      [low](std::string& text) -> std::string {
        const int64_t v = integer_of(text);
        return v >= low ? "" : "must be at least " + std::to_string(low) + ", got " + std::to_string(v);
      },
      "");
}

CLI::Validator in_range(int64_t low, int64_t high) {
  return CLI::Validator(
      [low, high](std::string& text) -> std::string {
        const int64_t v = integer_of(text);
        if (v >= low && v <= high) return "";
        return "must be in [" + std::to_string(low) + ", " + std::to_string(high) + "], got " +
               std::to_string(v);
      },
      "");
}

CLI::Validator positive() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const double v = number_of(text);
        return v > 0 ? "" : "must be positive, got " + shown(v);
      },
      "");
}

CLI::Validator non_negative() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const double v = number_of(text);
        return v >= 0 ? "" : "must not be negative, got " + shown(v);
      },
      "");
}

CLI::Validator between(double low, double high) {
  return CLI::Validator(
      [low, high](std::string& text) -> std::string {
        const double v = number_of(text);
        if (v >= low && v <= high) return "";
        return "must be in [" + shown(low) + ", " + shown(high) + "], got " + shown(v);
      },
      "");
}

CLI::Validator one_of(std::vector<std::string> names) {
  return CLI::Validator(
      [names](std::string& text) -> std::string {
        if (std::find(names.begin(), names.end(), text) != names.end()) return "";
        std::string list;
        for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
        return "must be one of " + list + "; got '" + text + "'";
      },
      "");
}

Cli::Cli(std::string program, std::string description)
    : program_(std::move(program)), app_(std::move(description), program_) {
  app_.set_help_flag("-h,--help", "show this help and exit");
  app_.formatter(std::make_shared<HelpFormatter>());
  app_.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

CLI::Option* Cli::add(const std::string& name, int64_t& value, const std::string& placeholder,
                      const std::string& help) {
  return app_.add_option("--" + name, value, help)
      ->type_name(placeholder)
      ->default_str(std::to_string(value))
      ->transform(integer_value(placeholder));
}

CLI::Option* Cli::add(const std::string& name, double& value, const std::string& placeholder,
                      const std::string& help) {
  return app_.add_option("--" + name, value, help)
      ->type_name(placeholder)
      ->default_str(format_double(value))
      ->transform(number_value(placeholder, "a number"));
}

CLI::Option* Cli::add(const std::string& name, std::string& value, const std::string& placeholder,
                      const std::string& help) {
  return app_.add_option("--" + name, value, help)
      ->type_name(placeholder)
      ->default_str(value)
      ->transform(text_value(placeholder));
}

CLI::Option* Cli::add(const std::string& name, std::vector<std::string>& value,
                      const std::string& placeholder, const std::string& help) {
  std::string shown_default;
  for (const std::string& v : value) shown_default += (shown_default.empty() ? "" : ",") + v;
  return app_.add_option("--" + name, value, help)
      ->type_name(placeholder)
      ->default_str(shown_default)
      ->delimiter(',')
      ->allow_extra_args(false)  // one A,B,C per flag: `--features a b` leaves b unexpected
      ->transform(text_value(placeholder));
}

CLI::Option* Cli::add(const std::string& name, std::vector<double>& value,
                      const std::string& placeholder, const std::string& help) {
  std::string shown_default;
  for (double v : value) shown_default += (shown_default.empty() ? "" : ",") + format_double(v);
  return app_.add_option("--" + name, value, help)
      ->type_name(placeholder)
      ->default_str(shown_default)
      ->delimiter(',')
      // a default of k numbers takes exactly k; an empty default (a list) takes one or more
      ->expected(value.empty() ? 1 : static_cast<int>(value.size()),
                 value.empty() ? CLI::detail::expected_max_vector_size : static_cast<int>(value.size()))
      ->multi_option_policy(CLI::MultiOptionPolicy::Throw)
      ->transform(number_value(placeholder, "numbers " + placeholder));
}

CLI::Option* Cli::add_switch(const std::string& name, bool& value, const std::string& help) {
  return app_.add_flag("--" + name, value, help)->check(switch_value());
}

bool Cli::given(const std::string& name) const { return app_.get_option("--" + name)->count() > 0; }

std::string Cli::given_text(const std::string& name) const {
  const std::string flag = "--" + name;
  std::string text;
  for (size_t i = 0; i < args_.size(); ++i) {
    const std::string& a = args_[i];
    const bool apart = a == flag && i + 1 < args_.size();
    if (!apart && !a.starts_with(flag + "=")) continue;
    text += (text.empty() ? "" : ",") + (apart ? args_[i + 1] : a.substr(flag.size() + 1));
  }
  return text;
}

std::string Cli::help() const { return app_.help(); }

bool Cli::parse(const std::vector<std::string>& args, std::ostream& out) {
  // Help wins wherever it stands, even after a bad value (CLI11 would check the values first).
  if (std::ranges::any_of(args, [](const std::string& a) { return a == "-h" || a == "--help"; })) {
    out << help();
    return false;
  }
  args_ = args;
  try {
    app_.parse(std::vector<std::string>(args.rbegin(), args.rend()));  // CLI11 reads it reversed
  } catch (const CLI::CallForHelp&) {
    out << help();
    return false;
  } catch (const CLI::ExtrasError&) {
    const std::string arg = app_.remaining().front();
    if (!arg.starts_with("--"))
      throw UsageError(program_ + ": unexpected argument '" + arg + "' (flags start with --)");
    const std::string name = arg.substr(2, arg.find('=') - 2);
    std::string msg = program_ + ": unknown option '--" + name + "'";
    std::string best;
    size_t best_distance = 3;  // suggest only close matches
    for (const CLI::Option* opt : app_.get_options()) {
      if (opt == app_.get_help_ptr()) continue;
      const std::string& candidate = opt->get_lnames().front();
      // the distance is at least the difference in length: no need to compute a far one
      const size_t gap = std::max(name.size(), candidate.size()) - std::min(name.size(), candidate.size());
      if (gap >= best_distance) continue;
      if (size_t d = edit_distance(name, candidate); d < best_distance)
        best = candidate, best_distance = d;
    }
    if (!best.empty()) msg += " (did you mean --" + best + "?)";
    throw UsageError(msg);
  } catch (const CLI::ValidationError& e) {
    // "--steps: must be at least 1, got 0" -> "makemore: --steps must be at least 1, got 0"
    std::string what = e.what();
    if (size_t colon = what.find(": "); colon != std::string::npos) {
      // a list's checks see one item: the message adds the whole value, "got -1 in '0.8,-1,0.3'"
      const CLI::Option* opt = app_.get_option_no_throw(what.substr(0, colon));
      what.replace(colon, 2, " ");
      if (opt && opt->get_delimiter() == ',')
        if (const std::string list = given_text(opt->get_lnames().front()); list.find(',') != std::string::npos)
          what += " in '" + list + "'";
    }
    throw UsageError(program_ + ": " + what);
  } catch (const CLI::ArgumentMismatch& e) {
    // "--steps: 1 required N missing": the flag came without its value (or values)
    const std::string what = e.what();
    const std::string flag = what.substr(0, what.find(':'));
    const CLI::Option* opt = app_.get_option_no_throw(flag);
    if (!opt) throw UsageError(program_ + ": " + what);
    const int n = opt->get_expected_min();
    const std::string list = given_text(opt->get_lnames().front());
    throw UsageError(program_ + ": " + flag + " expects " +
                     (n > 1 ? std::to_string(n) + " values" : std::string("a value")) + " (" +
                     opt->get_type_name() + ")" + (list.empty() ? "" : ", got '" + list + "'"));
  } catch (const CLI::ParseError& e) {
    throw UsageError(program_ + ": " + e.what());
  }
  return true;
}

uint64_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) : 0;
}

std::string format_bytes(double bytes) {
  char buf[32];
  if (bytes >= 1e9) std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
  else std::snprintf(buf, sizeof buf, "%.0f MB", std::max(1.0, bytes / 1e6));
  return buf;
}

std::vector<std::string> arguments(int argc, const char* const* argv) {
  return std::vector<std::string>(argv + std::min(argc, 1), argv + argc);
}

int run_app(const std::string& program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << e.what() << "\ntry '" << program << " --help'\n";
    return 2;
  } catch (const std::bad_alloc&) {  // what() would say only "std::bad_alloc"
    std::cerr << program << ": out of memory: the data or the model does not fit in this "
              << "machine's memory; try smaller sizes\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace ripple::apps
