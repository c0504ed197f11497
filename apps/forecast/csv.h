// CSV reading for the forecast app: a table of strings, then numeric columns by name.
//
//   apps::CsvTable table = apps::read_csv("data/temperature.csv");
//   apps::TimeSeries ts =
//       apps::numeric_columns(table, {.columns = {"temp"}, .forward_fill = true});
//   const std::vector<double>& temp = ts.column("temp");   // ts.times holds the dates, as text
//
// The format: a header row naming the columns, then one row per record; comma separated; a field
// may be quoted ("a, b" or "say ""hi""", which may also span lines); LF or CRLF line ends; a
// UTF-8 byte-order mark is skipped; blank lines are skipped. Every error is a DataError whose
// message names the file, and the line and column where they apply:
//
//   data.csv:17: expected 5 fields, found 4
//   data.csv:42, column 'temp': 'abc' is not a number
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ripple::apps {

// The data file is missing or malformed; what() says where.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CsvTable {
  std::string source;                          // the file name, used in messages
  std::vector<std::string> columns;            // header names, spaces trimmed
  std::vector<std::vector<std::string>> rows;  // rows[r][c]; every row has columns.size() cells
  std::vector<int64_t> lines;                  // lines[r]: 1-based line on which row r starts

  // Index of the column called `name`. Throws DataError listing the available columns.
  size_t column_index(const std::string& name) const;
};

// Parses CSV text; `source` names it in messages. Throws DataError for an empty text, a first
// line that is data rather than names (a numeric field), empty or duplicate column names, rows
// with the wrong number of fields and unterminated quotes.
CsvTable parse_csv(std::string_view text, const std::string& source);

// Reads and parses a file (source = the path as given). Throws DataError, also if it is missing.
CsvTable read_csv(const std::filesystem::path& path);

// The date/time column: the first whose name has a word date, time, timestamp, datetime or ds
// ("Date", "order_date", "ds"), else the first column if its first cell is not a number.
// Returns -1 if there is none.
int64_t find_time_column(const CsvTable& table);

struct NumericOptions {
  std::vector<std::string> columns = {};  // columns to extract; empty = all but the time column
  bool forward_fill = false;         // an empty cell takes the value above it
};

struct TimeSeries {
  std::string time_column;                  // "" if the table has none
  std::vector<std::string> times;           // that column's cells (one per row), else empty
  std::vector<std::string> names;           // the extracted columns, in order
  std::vector<std::vector<double>> values;  // values[c][r]: column names[c], row r

  // The values of one extracted column. Throws DataError listing the extracted columns.
  const std::vector<double>& column(const std::string& name) const;
};

// Extracts numeric columns (see NumericOptions) and the time column, as text. Throws DataError for
// an unknown column, no data rows, a cell that is not a number or not finite (NaN, Inf), and an
// empty cell (unless forward_fill, and then still in the first data row).
TimeSeries numeric_columns(const CsvTable& table, const NumericOptions& options = {});

}  // namespace ripple::apps
