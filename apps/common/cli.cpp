// Cli implementation: declaration bookkeeping, argv parsing with typed validation, usage text.
#include "apps/common/cli.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace ripple::apps {
namespace {

constexpr size_t kWidth = 80;  // usage text is wrapped to this many columns

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

std::string format_double(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
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

}  // namespace

Cli::Cli(std::string program, std::string description)
    : program_(std::move(program)), description_(std::move(description)) {}

Cli& Cli::declare(Flag flag) {
  if (flag.name.empty() || flag.name[0] == '-' || flag.name == "help" || find(flag.name))
    throw std::logic_error("Cli: bad or duplicate flag name '" + flag.name + "'");
  flags_.push_back(std::move(flag));
  return *this;
}

Cli& Cli::add_int(const std::string& name, const std::string& placeholder, int64_t default_value,
                  const std::string& help) {
  Flag f{name, placeholder, help, Kind::Int, std::to_string(default_value), ""};
  f.text = f.default_text;
  f.int_value = default_value;
  return declare(std::move(f));
}

Cli& Cli::add_double(const std::string& name, const std::string& placeholder,
                     double default_value, const std::string& help) {
  Flag f{name, placeholder, help, Kind::Double, format_double(default_value), ""};
  f.text = f.default_text;
  f.double_value = default_value;
  return declare(std::move(f));
}

Cli& Cli::add_string(const std::string& name, const std::string& placeholder,
                     const std::string& default_value, const std::string& help) {
  return declare({name, placeholder, help, Kind::String, default_value, default_value});
}

Cli& Cli::add_list(const std::string& name, const std::string& placeholder,
                   const std::string& default_value, const std::string& help) {
  return declare({name, placeholder, help, Kind::List, default_value, default_value});
}

Cli& Cli::add_required(const std::string& name, const std::string& placeholder,
                       const std::string& help) {
  return declare({name, placeholder, help, Kind::Required, "", ""});
}

Cli& Cli::add_switch(const std::string& name, const std::string& help) {
  return declare({name, "", help, Kind::Switch, "", "false"});
}

Cli::Flag* Cli::find(const std::string& name) {
  for (Flag& f : flags_)
    if (f.name == name) return &f;
  return nullptr;
}

void Cli::unknown_flag(const std::string& name) const {
  std::string msg = program_ + ": unknown option '--" + name + "'";
  const Flag* best = nullptr;
  size_t best_distance = 3;  // suggest only close matches
  for (const Flag& f : flags_) {
    size_t d = edit_distance(name, f.name);
    if (d < best_distance) best = &f, best_distance = d;
  }
  if (best) msg += " (did you mean --" + best->name + "?)";
  throw UsageError(msg);
}

void Cli::set_value(Flag& f, const std::string& value, bool has_value) {
  const std::string flag = "--" + f.name;
  f.given = true;
  if (f.kind == Kind::Switch) {
    if (!has_value || value == "true" || value == "1" || value == "yes") {
      f.text = "true";
    } else if (value == "false" || value == "0" || value == "no") {
      f.text = "false";
    } else {
      throw UsageError(program_ + ": " + flag + " is a switch and takes no value, got '" + value +
                       "'");
    }
    return;
  }
  if (!has_value) throw UsageError(program_ + ": " + flag + " expects a value (" +
                                   f.placeholder + ")");
  f.text = value;
  const char* begin = value.data();
  const char* end = begin + value.size();
  if (f.kind == Kind::Int) {
    auto [p, ec] = std::from_chars(begin + (value.starts_with('+') ? 1 : 0), end, f.int_value);
    if (ec == std::errc::result_out_of_range)
      throw UsageError(program_ + ": " + flag + " value '" + value + "' is out of range");
    if (ec != std::errc() || p != end || value.empty())
      throw UsageError(program_ + ": " + flag + " expects an integer, got '" + value + "'");
  } else if (f.kind == Kind::Double) {
    auto [p, ec] = std::from_chars(begin + (value.starts_with('+') ? 1 : 0), end, f.double_value);
    if (ec != std::errc() || p != end || value.empty() || !std::isfinite(f.double_value))
      throw UsageError(program_ + ": " + flag + " expects a number, got '" + value + "'");
  }
}

bool Cli::parse(const std::vector<std::string>& args, std::ostream& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      out << usage();
      return false;
    }
    if (!arg.starts_with("--") || arg.size() == 2)
      throw UsageError(program_ + ": unexpected argument '" + arg + "' (flags start with --)");
    size_t eq = arg.find('=');
    std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    Flag* f = find(name);
    if (!f) unknown_flag(name);
    if (eq != std::string::npos) {
      set_value(*f, arg.substr(eq + 1), true);
    } else if (f->kind == Kind::Switch) {
      set_value(*f, "", false);
    } else {
      // A following "--flag" is taken as a forgotten value, not as the value itself.
      bool has_next = i + 1 < args.size() && !args[i + 1].starts_with("--");
      set_value(*f, has_next ? args[i + 1] : "", has_next);
      i += has_next;
    }
  }
  for (const Flag& f : flags_)
    if (f.kind == Kind::Required && !f.given)
      throw UsageError(program_ + ": --" + f.name + " " + f.placeholder + " is required");
  return true;
}

void Cli::parse_or_exit(int argc, const char* const* argv) {
  std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  try {
    if (!parse(args, std::cout)) std::exit(0);
  } catch (const UsageError& e) {
    std::cerr << e.what() << "\ntry '" << program_ << " --help'\n";
    std::exit(2);
  }
}

const Cli::Flag& Cli::lookup(const std::string& name, Kind kind) const {
  for (const Flag& f : flags_) {
    if (f.name != name) continue;
    bool string_like = f.kind == Kind::String || f.kind == Kind::Required;
    if (f.kind == kind || (kind == Kind::String && string_like)) return f;
    throw std::logic_error("Cli: flag --" + name + " read with the wrong getter");
  }
  throw std::logic_error("Cli: flag --" + name + " was never declared");
}

int64_t Cli::get_int(const std::string& name) const { return lookup(name, Kind::Int).int_value; }

double Cli::get_double(const std::string& name) const {
  return lookup(name, Kind::Double).double_value;
}

const std::string& Cli::get_string(const std::string& name) const {
  return lookup(name, Kind::String).text;
}

std::vector<std::string> Cli::get_list(const std::string& name) const {
  std::vector<std::string> items;
  std::istringstream in(lookup(name, Kind::List).text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

bool Cli::get_bool(const std::string& name) const {
  return lookup(name, Kind::Switch).text == "true";
}

bool Cli::was_given(const std::string& name) const {
  for (const Flag& f : flags_)
    if (f.name == name) return f.given;
  throw std::logic_error("Cli: flag --" + name + " was never declared");
}

std::string Cli::usage() const {
  std::string out = "usage: " + program_ + " [options]\n\n";
  if (!description_.empty()) {
    wrap(out, description_, 0, 0);
    out += "\n\n";
  }
  out += "options:\n";
  std::vector<std::pair<std::string, std::string>> rows;  // (flag column, help column)
  for (const Flag& f : flags_) {
    std::string left = "--" + f.name + (f.placeholder.empty() ? "" : " " + f.placeholder);
    std::string right = f.help;
    if (f.kind == Kind::Required) right += " (required)";
    else if (f.kind != Kind::Switch && !f.default_text.empty())
      right += " (default: " + f.default_text + ")";
    rows.emplace_back(left, right);
  }
  rows.emplace_back("-h, --help", "show this help and exit");
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

void require_at_least(const std::string& program, const char* flag, int64_t value, int64_t low) {
  if (value < low)
    throw UsageError(program + ": --" + flag + " must be at least " + std::to_string(low));
}

int run_app(const std::string& program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << e.what() << "\ntry '" << program << " --help'\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace ripple::apps
