// What each fuzz target does with one input, as functions: fuzz_<target>.cpp hands them
// libFuzzer's inputs, and the test FuzzCorpus.EveryInputIsRefusedOrRead (tests/fuzz/) every file
// of fuzz/corpus/<target>/, so that each input a finding left there stays a regression test in
// the ordinary (and sanitizer) builds. Each function returns normally when the input was read or
// refused with ripple's own exception for it; anything else escapes, which is a finding.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ripple::fuzz {

void safetensors(std::string_view bytes);          // layers/checkpoint.cpp parse_safetensors
void makemore_checkpoint(std::string_view input);  // models/makemore_trained.cpp load_trained
void forecast_checkpoint(std::string_view input);  // models/forecast_trained.cpp load_trained
void csv(std::string_view text);                   // apps/forecast csv.cpp, dates.cpp, calendar.cpp
void words(std::string_view text);                 // models/makemore.cpp parse_words and after
void makemore_options(std::string_view lines);     // apps/makemore/options.cpp
void forecast_options(std::string_view lines);     // apps/forecast/options.cpp

// The input of the checkpoint-loader targets is "<JSON header>\0<data section>", which this frames
// as a safetensors file (the 8-byte header length in front): every mutation of the header is then
// a header the loader parses, rather than a length that no longer matches (fuzz_safetensors
// covers the length and the framing themselves).
std::string safetensors_bytes(std::string_view input);

// The input of the command-line targets: the arguments after the program name, one per line
// ("--steps\n5\n--model\nconv"), so that a corpus file reads like the command it stands for.
std::vector<std::string> arguments(std::string_view lines);

}  // namespace ripple::fuzz
