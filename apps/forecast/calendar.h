// --calendar: known-future covariates derived from the time column.
//
//   apps::Calendar c = apps::calendar_features(times, 24, "data.csv");   // hourly rows, horizon 24
//   c.names    // hour_sin, hour_cos, weekday_sin, weekday_cos, yearday_sin, yearday_cos
//   c.values   // (T, 6) float32: row t holds the calendar of row t + 24
//
// Which cycles: those longer than the series' step (the last two cells' difference) and a year
// at most. Hour of day when a step is under a day, day of week when it is under a week, day of
// year when it is under a year; each a sine/cosine pair, so 23:00 sits next to 00:00 and
// 31 December next to 1 January.
//
// Why row t holds the calendar of row t + H. The calendar of the future is known in advance,
// which is what makes it a "known-future covariate". Shifted by the horizon, the last H rows of
// every input window carry exactly the calendar of the H steps to forecast, and the earlier rows
// that of the window's own later steps, so any model that reads a window sees both without a
// second input. The times past the end of the data are continued at the series' step (dates.h).
#pragma once

#include <string>
#include <vector>

#include "core/tensor.h"

namespace ripple::apps {

struct Calendar {
  std::vector<std::string> names;  // e.g. hour_sin, hour_cos
  Tensor values;                   // (T, names.size()) float32, in [-1, 1]
};

// The calendar features of rows 0..T-1 of `times`, each row's taken `shift` rows ahead. Throws
// DataError naming `source` when a cell is not a date ("YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS"),
// the last two do not increase, or the step is a year or more (no cycle to describe).
Calendar calendar_features(const std::vector<std::string>& times, int64_t shift, const std::string& source);

}  // namespace ripple::apps
