// The fuzz targets' bodies (targets.h).
#include "fuzz/targets.h"

#include <sstream>

#include "apps/common/cli.h"
#include "apps/forecast/calendar.h"
#include "apps/forecast/csv.h"
#include "apps/forecast/dates.h"
#include "apps/forecast/options.h"
#include "apps/makemore/options.h"
#include "layers/checkpoint.h"
#include "models/forecast_trained.h"
#include "models/makemore.h"

namespace ripple::fuzz {

std::string safetensors_bytes(std::string_view input) {
  const size_t split = input.find('\0');
  const std::string_view header = input.substr(0, split);
  const std::string_view tensors = split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
  std::string out(8, '\0');
  for (size_t i = 0; i < 8; ++i) out[i] = static_cast<char>(uint64_t{header.size()} >> (8 * i));
  out += header;
  out += tensors;
  return out;
}

std::vector<std::string> arguments(std::string_view lines) {
  std::vector<std::string> args;
  while (!lines.empty()) {
    const size_t end = lines.find('\n');
    args.emplace_back(lines.substr(0, end));
    lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 1);
  }
  return args;
}

void safetensors(std::string_view bytes) {
  try {
    (void)parse_safetensors(bytes, "fuzz.safetensors");
  } catch (const Error&) {
  }
}

void makemore_checkpoint(std::string_view input) {
  try {
    (void)makemore::load_trained(parse_safetensors(safetensors_bytes(input), "fuzz"), "fuzz.safetensors");
  } catch (const Error&) {
  }
}

void forecast_checkpoint(std::string_view input) {
  try {
    (void)forecast::load_trained(parse_safetensors(safetensors_bytes(input), "fuzz"), "fuzz.safetensors");
  } catch (const Error&) {
  }
}

void csv(std::string_view text) {
  apps::CsvTable table;
  try {
    table = apps::parse_csv(text, "fuzz.csv");
  } catch (const apps::DataError&) {
    return;
  }
  for (const bool fill : {false, true}) {
    try {
      const apps::TimeSeries ts = apps::numeric_columns(table, {.forward_fill = fill});
      if (ts.times.empty()) continue;
      for (const std::string& cell : ts.times) (void)apps::seconds_since_epoch(cell);
      (void)apps::continue_dates(ts.times, 3);
      const auto label = apps::date_labels(ts.times, static_cast<int64_t>(ts.times.size()) + 3);
      if (label) (void)label(static_cast<double>(ts.times.size()) + 1);
      (void)apps::calendar_features(ts.times, 1, "fuzz.csv");
    } catch (const apps::DataError&) {
    }
  }
}

void words(std::string_view text) {
  try {
    const std::vector<std::string> list = makemore::parse_words(text, "fuzz.txt");
    const makemore::Vocab vocab = makemore::build_vocab(list);
    for (const std::string& ch : vocab.chars) (void)vocab.index(ch);
    (void)makemore::build_dataset(list, vocab, 3);
    (void)makemore::build_sequences(makemore::encode_words(list, vocab));
  } catch (const Error&) {
  }
}

void makemore_options(std::string_view lines) {
  std::ostringstream help;
  try {
    (void)apps::parse_makemore_options(arguments(lines), help);
  } catch (const apps::UsageError&) {
  }
}

void forecast_options(std::string_view lines) {
  std::ostringstream help;
  try {
    (void)apps::parse_forecast_options(arguments(lines), help);
  } catch (const apps::UsageError&) {
  }
}

}  // namespace ripple::fuzz
