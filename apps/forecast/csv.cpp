// CSV implementation: a one-pass record parser (RFC 4180 quoting) and numeric extraction.
#include "apps/forecast/csv.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>

#include "core/file.h"

namespace ripple::apps {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The number in `cell` (spaces around it allowed), or nullopt. NaN and Inf parse as numbers here.
std::optional<double> parse_number(std::string_view cell) {
  cell = trim(cell);
  if (cell.starts_with('+')) cell.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (cell.empty() || ec != std::errc() || p != cell.data() + cell.size()) return std::nullopt;
  return v;
}

std::string where(const CsvTable& t, size_t row, size_t col) {
  return t.source + ":" + std::to_string(t.lines[row]) + ", column '" + t.columns[col] + "': ";
}

// A cell as a message quotes it: at most 40 bytes (a 2 MB cell must not become a 2 MB message),
// with NUL and other control bytes as '?'.
std::string shown(std::string_view cell) {
  std::string out(cell.substr(0, 40));
  for (char& ch : out)
    if (static_cast<unsigned char>(ch) < 0x20) ch = '?';
  return cell.size() > 40 ? out + "... (" + std::to_string(cell.size()) + " bytes)" : out;
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Reads one record starting at text[pos], advancing pos past its line end and `line` past every
// line end inside it. `start` is the record's first line, for messages.
std::vector<std::string> read_record(std::string_view text, size_t& pos, int64_t& line,
                                     const std::string& source) {
  const int64_t start = line;
  std::vector<std::string> fields;
  for (;;) {
    std::string field;
    if (pos < text.size() && text[pos] == '"') {
      for (++pos;; ++pos) {
        if (pos >= text.size())
          throw DataError(source + ":" + std::to_string(start) + ": quoted field " +
                          std::to_string(fields.size() + 1) + " is never closed");
        if (text[pos] == '"') {
          if (pos + 1 < text.size() && text[pos + 1] == '"') {
            field += '"', ++pos;
            continue;
          }
          ++pos;
          break;
        }
        if (text[pos] == '\n') ++line;
        field += text[pos];
      }
      if (pos < text.size() && text[pos] != ',' && text[pos] != '\r' && text[pos] != '\n')
        throw DataError(source + ":" + std::to_string(line) + ": unexpected text after the " +
                        "closing quote of field " + std::to_string(fields.size() + 1));
    } else {
      size_t end = text.find_first_of(",\r\n", pos);
      if (end == std::string_view::npos) end = text.size();
      field = text.substr(pos, end - pos);
      pos = end;
    }
    fields.push_back(std::move(field));
    if (pos < text.size() && text[pos] == ',') {
      ++pos;
      continue;
    }
    if (pos < text.size() && text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n') ++pos;
    ++line;
    return fields;
  }
}

}  // namespace

size_t CsvTable::column_index(const std::string& name) const {
  for (size_t c = 0; c < columns.size(); ++c)
    if (columns[c] == name) return c;
  throw DataError(source + ": no column named '" + name + "' (columns: " + list(columns) + ")");
}

CsvTable parse_csv(std::string_view text, const std::string& source) {
  CsvTable t;
  t.source = source;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t pos = 0;
  int64_t line = 1;
  bool have_header = false;
  while (pos < text.size()) {
    const int64_t start = line;
    std::vector<std::string> fields = read_record(text, pos, line, source);
    if (fields.size() == 1 && trim(fields[0]).empty()) continue;  // a blank line
    const std::string at = source + ":" + std::to_string(start) + ": ";
    if (!have_header) {
      for (size_t c = 0; c < fields.size(); ++c) {
        std::string name(trim(fields[c]));
        if (parse_number(name))
          throw DataError(at + "no header: the first line must name the columns, but field " +
                          std::to_string(c + 1) + " is the number '" + name + "'");
        if (name.empty()) throw DataError(at + "column " + std::to_string(c + 1) + " has no name");
        for (const std::string& seen : t.columns)
          if (seen == name) throw DataError(at + "duplicate column name '" + name + "'");
        t.columns.push_back(std::move(name));
      }
      have_header = true;
      continue;
    }
    if (fields.size() != t.columns.size())
      throw DataError(at + "expected " + std::to_string(t.columns.size()) + " fields, found " +
                      std::to_string(fields.size()));
    t.rows.push_back(std::move(fields));
    t.lines.push_back(start);
  }
  if (!have_header) throw DataError(source + ": file is empty");
  if (t.columns.size() == 1)
    for (const char sep : {';', '\t', '|'})
      if (t.columns[0].find(sep) != std::string::npos)
        throw DataError(source + ": the header is a single column '" + shown(t.columns[0]) +
                        "': the fields seem separated by '" + (sep == '\t' ? std::string("\\t") : std::string(1, sep)) +
                        "', but a CSV here is separated by commas");
  return t;
}

CsvTable read_csv(const std::filesystem::path& path) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const FileError& e) {
    throw DataError(e.what());
  }
  return parse_csv(text, path.string());
}

int64_t find_time_column(const CsvTable& table) {
  static const char* const kWords[] = {"date", "time", "timestamp", "datetime", "ds"};
  for (size_t c = 0; c < table.columns.size(); ++c) {
    // Split the name into lower-case words at anything that is not a letter or digit.
    std::string word;
    for (char ch : table.columns[c] + " ") {
      if (std::isalnum(static_cast<unsigned char>(ch))) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        continue;
      }
      for (const char* w : kWords)
        if (word == w) return static_cast<int64_t>(c);
      word.clear();
    }
  }
  if (!table.rows.empty() && !table.columns.empty() && !trim(table.rows[0][0]).empty() &&
      !parse_number(table.rows[0][0]))
    return 0;
  return -1;
}

const std::vector<double>& TimeSeries::column(const std::string& name) const {
  for (size_t c = 0; c < names.size(); ++c)
    if (names[c] == name) return values[c];
  throw DataError("no column named '" + name + "' was read (read: " + list(names) + ")");
}

TimeSeries numeric_columns(const CsvTable& table, const NumericOptions& options) {
  TimeSeries ts;
  const int64_t time = find_time_column(table);
  if (time >= 0) {
    ts.time_column = table.columns[static_cast<size_t>(time)];
    for (const auto& row : table.rows) ts.times.push_back(row[static_cast<size_t>(time)]);
  }
  std::vector<size_t> picked;
  for (const std::string& name : options.columns) picked.push_back(table.column_index(name));
  if (options.columns.empty())
    for (size_t c = 0; c < table.columns.size(); ++c)
      if (static_cast<int64_t>(c) != time) picked.push_back(c);
  if (picked.empty()) throw DataError(table.source + ": no numeric columns besides '" +
                                      ts.time_column + "'");
  if (table.rows.empty()) throw DataError(table.source + ": no data rows after the header");

  for (size_t c : picked) {
    std::vector<double> values;
    values.reserve(table.rows.size());
    for (size_t r = 0; r < table.rows.size(); ++r) {
      const std::string& cell = table.rows[r][c];
      if (trim(cell).empty()) {
        if (!options.forward_fill)
          throw DataError(where(table, r, c) + "empty cell (forward fill would use the value " +
                          "above)");
        if (r == 0)
          throw DataError(where(table, r, c) + "empty cell in the first data row, so there is " +
                          "no value above to forward-fill from");
        values.push_back(values.back());
        continue;
      }
      std::optional<double> v = parse_number(cell);
      if (!v) throw DataError(where(table, r, c) + "'" + shown(cell) + "' is not a number");
      if (!std::isfinite(*v))
        throw DataError(where(table, r, c) + "'" + shown(cell) + "' is not a finite number");
      values.push_back(*v);
    }
    ts.names.push_back(table.columns[c]);
    ts.values.push_back(std::move(values));
  }
  return ts;
}

}  // namespace ripple::apps
