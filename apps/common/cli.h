// Cli: a small declarative command-line parser for the apps.
//
// An app declares its flags, each with a value placeholder, a typed default and one line of help,
// then parses argv and reads the values back by name:
//
//   apps::Cli cli("makemore", "Trains a character-level language model on a list of names.");
//   cli.add_int("steps", "N", 200000, "number of training steps")
//      .add_double("lr", "X", 0.1, "learning rate")
//      .add_string("data", "FILE", "data/names.txt", "training names, one per line")
//      .add_switch("resume", "continue from the last checkpoint");
//   cli.parse_or_exit(argc, argv);              // --help: prints usage, exits 0; error: exits 2
//   int64_t steps = cli.get_int("steps");
//
// Both `--steps 100` and `--steps=100` work; a switch is `--resume` (or `--resume=false`).
// A flag given twice takes the last value. `-h`/`--help` prints usage() generated from the
// declarations. Mistakes by the user (unknown flag, missing or malformed value) throw UsageError
// with a one-line message such as `makemore: --steps expects an integer, got 'abc'`; mistakes by
// the programmer (reading an undeclared flag, or with the wrong type) throw std::logic_error.
#pragma once

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

class Cli {
 public:
  // `program` names the app in messages and usage; `description` is one paragraph for --help.
  Cli(std::string program, std::string description);

  // Declarations. `name` is without dashes ("steps"); `placeholder` names the value in the usage
  // ("N", "X", "FILE"); `help` is a short phrase. Each returns *this so calls can be chained.
  Cli& add_int(const std::string& name, const std::string& placeholder, int64_t default_value,
               const std::string& help);
  Cli& add_double(const std::string& name, const std::string& placeholder, double default_value,
                  const std::string& help);
  Cli& add_string(const std::string& name, const std::string& placeholder,
                  const std::string& default_value, const std::string& help);
  // A comma-separated list ("--columns temp,humidity"); the default is given the same way.
  Cli& add_list(const std::string& name, const std::string& placeholder,
                const std::string& default_value, const std::string& help);
  // A string flag with no default that must be given.
  Cli& add_required(const std::string& name, const std::string& placeholder,
                    const std::string& help);
  // A boolean switch, false unless given.
  Cli& add_switch(const std::string& name, const std::string& help);

  // Parses the arguments after the program name. Returns false if --help was asked for (the
  // usage has then been written to `out`), true otherwise. Throws UsageError.
  bool parse(const std::vector<std::string>& args, std::ostream& out);
  // parse() on argv[1..argc); on --help exits 0, on UsageError prints the message and
  // "try '<program> --help'" to stderr and exits 2.
  void parse_or_exit(int argc, const char* const* argv);

  // Typed getters, by name without dashes. Throw std::logic_error for an undeclared name or a
  // getter that does not match the declaration.
  int64_t get_int(const std::string& name) const;
  double get_double(const std::string& name) const;
  const std::string& get_string(const std::string& name) const;  // string or required flags
  std::vector<std::string> get_list(const std::string& name) const;  // empty items dropped
  bool get_bool(const std::string& name) const;                       // switches
  // True if the flag was given on the command line (not just defaulted).
  bool was_given(const std::string& name) const;

  // The --help text: usage line, wrapped description, and one aligned line per flag with its
  // default.
  std::string usage() const;
  const std::string& program() const { return program_; }

 private:
  enum class Kind { Int, Double, String, List, Required, Switch };
  struct Flag {
    std::string name, placeholder, help;
    Kind kind;
    std::string default_text;  // as shown in usage()
    std::string text;          // the raw value (default or given)
    int64_t int_value = 0;
    double double_value = 0;
    bool given = false;
  };
  Cli& declare(Flag flag);
  Flag* find(const std::string& name);
  const Flag& lookup(const std::string& name, Kind kind) const;
  void set_value(Flag& flag, const std::string& value, bool has_value);
  [[noreturn]] void unknown_flag(const std::string& name) const;

  std::string program_, description_;
  std::vector<Flag> flags_;
};

// Throws UsageError("<program>: --<flag> must be at least <low>") when value < low: the range
// check both apps apply to their integer flags after parsing.
void require_at_least(const std::string& program, const char* flag, int64_t value, int64_t low);

// An app's main(): runs body and turns its exceptions into one line and an exit code:
// UsageError -> the message and "try '<program> --help'" (exit 2), any other exception ->
// "<program>: <message>" (exit 1).
int run_app(const std::string& program, const std::function<int()>& body);

}  // namespace ripple::apps
