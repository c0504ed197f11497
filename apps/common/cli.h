// Command lines for the apps, declared on CLI11 (header-only; Debian's libcli11-dev).
//
// An app binds each flag to a field of its options struct, with a value placeholder and one line
// of help; the default shown in --help is the field's value at declaration. CLI11 parses, runs
// the checks and writes the help; Cli sets it up the way both apps want it and turns every
// mistake into one line:
//
//   Options o;                                         // the defaults
//   apps::Cli cli("makemore", "Trains a character-level language model on a list of names.");
//   cli.add("steps", o.steps, "N", "number of training steps")->check(apps::at_least(1));
//   cli.add("lr", o.lr, "X", "learning rate")->check(apps::positive());
//   cli.add_switch("resume", o.resume, "continue from the last checkpoint");
//   if (!cli.parse(args, std::cout)) return 0;         // --help (anywhere): printed, nothing to run
//
// `--steps 100` and `--steps=100` both work; a switch is `--resume` (or `--resume=false`); a flag
// given twice takes the last value (a list flag collects them). Integers and numbers are read
// exactly as std::from_chars reads decimal text ("010" is ten, "nan" and "1e999" are refused).
// User mistakes throw UsageError with one line naming the program and the flag:
//
//   makemore: --steps must be at least 1, got 0
//   makemore: --steps expects an integer, got 'abc'
//   makemore: --data expects a value (FILE)              (`--data --resume`)
//   forecast: --split must not be negative, got -1 in '0.8,-1,0.3'   (a list: the whole value)
//   makemore: unknown option '--stpes' (did you mean --steps?)
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

namespace ripple::apps {

// The command line is wrong; what() is one line starting with the program name.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Checks for Option::check. Each sees the value as read (after the typed read above) and says
// what is wrong in words that follow the flag's name: "must be at least 1, got 0".
CLI::Validator at_least(int64_t low);                // an integer >= low
CLI::Validator in_range(int64_t low, int64_t high);  // an integer in [low, high]
CLI::Validator positive();                           // a number > 0
CLI::Validator non_negative();                       // a number >= 0
CLI::Validator between(double low, double high);     // a number in [low, high]
CLI::Validator one_of(std::vector<std::string> names);  // one of these words

class Cli {
 public:
  // `program` names the app in messages and the help; `description` is one paragraph for --help.
  Cli(std::string program, std::string description);
  Cli(const Cli&) = delete;
  Cli& operator=(const Cli&) = delete;

  // Declares --name VALUE, bound to `value`. `name` is without dashes ("steps"); `placeholder`
  // names the value in the help ("N", "X", "FILE"); `help` is a short phrase. A list is given
  // as A,B,C (empty items dropped); a list of numbers takes exactly as many as `value` holds,
  // or one or more when `value` starts empty.
  CLI::Option* add(const std::string& name, int64_t& value, const std::string& placeholder,
                   const std::string& help);
  CLI::Option* add(const std::string& name, double& value, const std::string& placeholder,
                   const std::string& help);
  CLI::Option* add(const std::string& name, std::string& value, const std::string& placeholder,
                   const std::string& help);
  CLI::Option* add(const std::string& name, std::vector<std::string>& value,
                   const std::string& placeholder, const std::string& help);
  CLI::Option* add(const std::string& name, std::vector<double>& value,
                   const std::string& placeholder, const std::string& help);
  // A boolean switch, --name (or --name=true/false, 1/0, yes/no).
  CLI::Option* add_switch(const std::string& name, bool& value, const std::string& help);

  // Parses the arguments after the program name into the bound values. Returns false if --help
  // was asked for (the help has then been written to `out`). Throws UsageError.
  bool parse(const std::vector<std::string>& args, std::ostream& out);
  // True if --name was on the command line (not just defaulted).
  bool given(const std::string& name) const;
  // The value of --name as typed ("1,x,4"; each of several --name joined by a comma), or "" if
  // it was not given: for messages about a list, which CLI11 hands over split into items.
  std::string given_text(const std::string& name) const;

  // The --help text: usage line, the description and one line per flag with its default,
  // wrapped to 80 columns.
  std::string help() const;

 private:
  std::string program_;
  CLI::App app_;
  std::vector<std::string> args_;  // as parse() got them
};

// An app's main(): runs body and turns its exceptions into one line and an exit code:
// UsageError -> the message and "try '<program> --help'" on stderr (exit 2), any other
// exception -> "<program>: <message>" (exit 1).
int run_app(const std::string& program, const std::function<int()>& body);

// The machine's physical memory in bytes (0 if unknown), for refusing a model that cannot fit.
uint64_t physical_memory_bytes();
// "1.5 GB", "320 MB": a byte count as a message shows it.
std::string format_bytes(double bytes);

// argv[1..argc) as strings, for Cli::parse.
std::vector<std::string> arguments(int argc, const char* const* argv);

}  // namespace ripple::apps
