// Continuing a time column past the end of the data, at the series' own step.
//
//   apps::continue_dates({"2024-01-30", "2024-01-31"}, 2)                    // 2024-02-01, 2024-02-02
//   apps::continue_dates({"2024-01-01 22:00:00", "2024-01-01 23:00:00"}, 1)  // 2024-01-02 00:00:00
//   apps::continue_dates({"1958-03-01", "1958-04-01"}, 2)                    // 1958-05-01, 1958-06-01
//
// Cells are "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (also with a 'T' between), read as calendar
// dates and clock times without a time zone. The step is the difference of the last two cells: a
// whole number of months when both fall on the same day of the month (or both on the last day of
// theirs: 1958-01-31, 1958-02-28 steps to 1958-03-31) at the same clock time, else a fixed number
// of seconds (a day, an hour, 15 minutes...). The new cells are written as the last one is.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ripple::apps {

// The `count` cells after the last of `times`, or nullopt when the last two cells are not dates
// of a form above or do not increase (the caller then numbers the steps instead).
std::optional<std::vector<std::string>> continue_dates(const std::vector<std::string>& times,
                                                       int64_t count);

// Seconds since 1970-01-01 00:00:00 of a cell of a form above (no time zone), or nullopt.
std::optional<int64_t> seconds_since_epoch(const std::string& cell);

// Labels for a plot's x axis over row numbers: row r is times[r], continued past the end with
// continue_dates up to `rows` rows, and a clock time loses its ":00" seconds. A row that is not
// a whole number or has no date gets "". Empty function (plain numbers) when times is empty.
std::function<std::string(double)> date_labels(const std::vector<std::string>& times, int64_t rows);

}  // namespace ripple::apps
