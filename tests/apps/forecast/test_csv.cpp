// Tests for apps/forecast/csv: quoting, line ends, the date column, forward fill, and the message of
// every error (file name, line and column).
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "apps/forecast/csv.h"
#include "core/file.h"
#include "tests/temp_dir.h"

namespace fs = std::filesystem;
using namespace ripple::apps;

namespace {

using ripple::testing::TempDir;

// The DataError message of parsing `text` as data.csv and extracting columns with `options`.
std::string error_of(const std::string& text, const NumericOptions& options = {}) {
  try {
    numeric_columns(parse_csv(text, "data.csv"), options);
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a DataError for:\n" << text;
  return "";
}

const char* const kWeather =
    "date,temp,humidity\n"
    "2024-01-01,3.5,80\n"
    "2024-01-02,-1.25,75\n"
    "2024-01-03,2e1,+70\n";

TEST(AppsCsv, ReadsColumnsRowsAndLineNumbers) {
  CsvTable t = parse_csv(kWeather, "data.csv");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"date", "temp", "humidity"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"2024-01-02", "-1.25", "75"}));
  EXPECT_EQ(t.lines, (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(t.column_index("humidity"), 2u);

  TimeSeries ts = numeric_columns(t);
  EXPECT_EQ(ts.time_column, "date");
  EXPECT_EQ(ts.times, (std::vector<std::string>{"2024-01-01", "2024-01-02", "2024-01-03"}));
  EXPECT_EQ(ts.names, (std::vector<std::string>{"temp", "humidity"}));
  EXPECT_EQ(ts.column("temp"), (std::vector<double>{3.5, -1.25, 20}));
  EXPECT_EQ(ts.column("humidity"), (std::vector<double>{80, 75, 70}));
  EXPECT_THROW(ts.column("date"), DataError);
}

TEST(AppsCsv, QuotedFieldsWithCommasQuotesAndNewlines) {
  CsvTable t = parse_csv(
      "id,\"note, long\",value\n"
      "1,\"say \"\"hi\"\", then go\",2.5\n"
      "2,\"two\nlines\",3\n"
      "3,\"\",4\n"
      "4,plain,oops\n",
      "notes.csv");
  EXPECT_EQ(t.columns[1], "note, long");
  EXPECT_EQ(t.rows[0][1], "say \"hi\", then go");
  EXPECT_EQ(t.rows[1][1], "two\nlines");
  EXPECT_EQ(t.rows[2][1], "");
  EXPECT_EQ(t.lines, (std::vector<int64_t>{2, 3, 5, 6}));  // the newline in a field counts
  EXPECT_EQ(numeric_columns(t, {.columns = {"id"}}).column("id"),
            (std::vector<double>{1, 2, 3, 4}));
  try {
    numeric_columns(t, {.columns = {"id", "value"}});
    FAIL();
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(), "notes.csv:6, column 'value': 'oops' is not a number");
  }
}

TEST(AppsCsv, CrlfBomBlankLinesAndNoFinalNewline) {
  CsvTable t = parse_csv("\xEF\xBB\xBFtime,x\r\n\r\n1,2\r\n3,\"4\"\r\n\n5, 6 ", "w.csv");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"time", "x"}));
  EXPECT_EQ(t.lines, (std::vector<int64_t>{3, 4, 6}));
  TimeSeries ts = numeric_columns(t);
  EXPECT_EQ(ts.time_column, "time");
  EXPECT_EQ(ts.times, (std::vector<std::string>{"1", "3", "5"}));
  EXPECT_EQ(ts.column("x"), (std::vector<double>{2, 4, 6}));
}

TEST(AppsCsv, FindsTheTimeColumn) {
  auto time_of = [](const std::string& text) {
    return numeric_columns(parse_csv(text, "t.csv")).time_column;
  };
  EXPECT_EQ(time_of("Date,y\n2020,1\n"), "Date");
  EXPECT_EQ(time_of("y,order_date\n1,2020\n"), "order_date");
  EXPECT_EQ(time_of("ds,y\n1,2\n"), "ds");
  EXPECT_EQ(time_of("Date Time,y\n1,2\n"), "Date Time");
  EXPECT_EQ(time_of("when,y\nMonday,2\n"), "when");  // not numeric in the first column
  EXPECT_EQ(time_of("runtime,y\n1,2\n"), "");         // "time" must be a whole word
  EXPECT_EQ(time_of("a,b\n1,2\n"), "");
  TimeSeries ts = numeric_columns(parse_csv("a,b\n1,2\n", "t.csv"));
  EXPECT_EQ(ts.names, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(ts.times.empty());
}

TEST(AppsCsv, ForwardFill) {
  const char* gaps = "date,temp,rain\nd1,1.5,0\nd2,,1\nd3, ,2\nd4,4,\n";
  TimeSeries ts = numeric_columns(parse_csv(gaps, "data.csv"), {.forward_fill = true});
  EXPECT_EQ(ts.column("temp"), (std::vector<double>{1.5, 1.5, 1.5, 4}));
  EXPECT_EQ(ts.column("rain"), (std::vector<double>{0, 1, 2, 2}));
  EXPECT_EQ(error_of(gaps), "data.csv:3, column 'temp': empty cell (forward fill would use the "
                            "value above)");
  EXPECT_EQ(error_of("date,temp\nd1,\nd2,3\n", {.forward_fill = true}),
            "data.csv:2, column 'temp': empty cell in the first data row, so there is no value "
            "above to forward-fill from");
}

TEST(AppsCsv, MissingAndEmptyFiles) {
  TempDir dir;
  const fs::path missing = dir.path / "nope.csv";
  try {
    read_csv(missing);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot open '" + missing.string() + "': No such file or directory");
  }
  for (const char* text : {"", "\n\n", "\xEF\xBB\xBF", " \r\n"}) {
    ripple::write_file_atomic(dir.path / "empty.csv", text);
    try {
      read_csv(dir.path / "empty.csv");
      FAIL();
    } catch (const DataError& e) {
      EXPECT_EQ(std::string(e.what()), (dir.path / "empty.csv").string() + ": file is empty");
    }
  }
  ripple::write_file_atomic(dir.path / "ok.csv", kWeather);
  EXPECT_EQ(read_csv(dir.path / "ok.csv").rows.size(), 3u);
  EXPECT_EQ(read_csv(dir.path / "ok.csv").source, (dir.path / "ok.csv").string());
}

TEST(AppsCsv, HeaderErrors) {
  EXPECT_EQ(error_of("1.5,2.0\n3,4\n"),
            "data.csv:1: no header: the first line must name the columns, but field 1 is the "
            "number '1.5'");
  EXPECT_EQ(error_of("\n2024-01-01,7\n"),
            "data.csv:2: no header: the first line must name the columns, but field 2 is the "
            "number '7'");
  EXPECT_EQ(error_of("a,,c\n1,2,3\n"), "data.csv:1: column 2 has no name");
  EXPECT_EQ(error_of("a,b,a\n1,2,3\n"), "data.csv:1: duplicate column name 'a'");
  EXPECT_EQ(error_of("date,temp\n"), "data.csv: no data rows after the header");
  EXPECT_EQ(error_of("date\n2024-01-01\n"), "data.csv: no numeric columns besides 'date'");
}

TEST(AppsCsv, RowAndQuoteErrors) {
  std::string ragged = "a,b,c,d,e\n";
  for (int line = 2; line < 17; ++line) ragged += "1,2,3,4,5\n";
  EXPECT_EQ(error_of(ragged + "1,2,3,4\n"), "data.csv:17: expected 5 fields, found 4");
  EXPECT_EQ(error_of(ragged + "1,2,3,4,5,6\n"), "data.csv:17: expected 5 fields, found 6");
  EXPECT_EQ(error_of("a,b\n1,\"2\n3,4\n"), "data.csv:2: quoted field 2 is never closed");
  EXPECT_EQ(error_of("a,b\n1,\"2\"x\n"),
            "data.csv:2: unexpected text after the closing quote of field 2");
}

TEST(AppsCsv, UnknownColumnListsTheAvailableOnes) {
  EXPECT_EQ(error_of(kWeather, {.columns = {"temp", "tmp"}}),
            "data.csv: no column named 'tmp' (columns: date, temp, humidity)");
}

TEST(AppsCsv, CellErrorsNameLineAndColumn) {
  std::string text = "date,temp\n";
  for (int line = 2; line < 42; ++line) text += "d,1\n";
  EXPECT_EQ(error_of(text + "d,abc\n"), "data.csv:42, column 'temp': 'abc' is not a number");
  EXPECT_EQ(error_of(text + "d,1.5.2\n"), "data.csv:42, column 'temp': '1.5.2' is not a number");
  EXPECT_EQ(error_of(text + "d,3 C\n"), "data.csv:42, column 'temp': '3 C' is not a number");
  EXPECT_EQ(error_of(text + "d,NaN\n"), "data.csv:42, column 'temp': 'NaN' is not a finite number");
  EXPECT_EQ(error_of(text + "d,inf\n"), "data.csv:42, column 'temp': 'inf' is not a finite number");
  EXPECT_EQ(error_of(text + "d,-Infinity\n"),
            "data.csv:42, column 'temp': '-Infinity' is not a finite number");
  EXPECT_EQ(error_of(text + "d,1e999\n"), "data.csv:42, column 'temp': '1e999' is not a number");
  EXPECT_EQ(error_of(text + "d,\n"),
            "data.csv:42, column 'temp': empty cell (forward fill would use the value above)");
}

}  // namespace
