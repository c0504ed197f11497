// Calendar covariates from the time column (calendar.h).
#include "apps/forecast/calendar.h"

#include <cmath>
#include <numbers>

#include "apps/forecast/csv.h"
#include "apps/forecast/dates.h"

namespace ripple::apps {

Calendar calendar_features(const std::vector<std::string>& times, int64_t shift, const std::string& source) {
  const auto T = static_cast<int64_t>(times.size());
  if (T < 2) throw DataError(source + ": --calendar needs a time column of at least 2 rows");
  std::vector<int64_t> secs;
  for (int64_t r = 0; r < T; ++r) {
    const auto s = seconds_since_epoch(times[static_cast<size_t>(r)]);
    if (!s)
      throw DataError(source + ": --calendar: time cell '" + times[static_cast<size_t>(r)] + "' of data row " +
                      std::to_string(r + 1) + " is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)");
    secs.push_back(*s);
  }
  const int64_t step = secs[T - 1] - secs[T - 2];
  if (step <= 0) throw DataError(source + ": --calendar: the last two times do not increase");
  constexpr int64_t kDay = 86400;
  constexpr double kYearDays = 365.2425;  // the mean Gregorian year
  if (step >= 365 * kDay) throw DataError(source + ": --calendar: a step of a year or more has no cycle to describe");
  const auto future = continue_dates(times, shift);
  if (shift > 0 && !future)
    throw DataError(source + ": --calendar: the time column does not continue past its end at a regular step");
  for (const std::string& cell : future.value_or(std::vector<std::string>{})) secs.push_back(*seconds_since_epoch(cell));

  // the cycles, each as a phase in [0, 1) of a time in seconds
  struct Cycle {
    const char* name;
    double (*phase)(int64_t);
  };
  std::vector<Cycle> cycles;
  if (step < kDay) cycles.push_back({"hour", [](int64_t s) { return static_cast<double>(((s % kDay) + kDay) % kDay) / kDay; }});
  if (step < 7 * kDay)  // 1970-01-01 was a Thursday: day 0 has phase 3/7 from Monday
    cycles.push_back({"weekday", [](int64_t s) {
                        const double days = std::floor(static_cast<double>(s) / kDay) + 3;
                        return (days - 7 * std::floor(days / 7)) / 7;
                      }});
  cycles.push_back({"yearday", [](int64_t s) {
                      const double days = static_cast<double>(s) / kDay;
                      return (days - kYearDays * std::floor(days / kYearDays)) / kYearDays;
                    }});
  Calendar c;
  for (const Cycle& cy : cycles) c.names.push_back(std::string(cy.name) + "_sin"), c.names.push_back(std::string(cy.name) + "_cos");
  const auto C = static_cast<int64_t>(c.names.size());
  std::vector<float> v(static_cast<size_t>(T * C));
  for (int64_t r = 0; r < T; ++r)
    for (size_t k = 0; k < cycles.size(); ++k) {
      const double angle = 2 * std::numbers::pi * cycles[k].phase(secs[static_cast<size_t>(r + shift)]);
      v[static_cast<size_t>(r * C + 2 * static_cast<int64_t>(k))] = static_cast<float>(std::sin(angle));
      v[static_cast<size_t>(r * C + 2 * static_cast<int64_t>(k) + 1)] = static_cast<float>(std::cos(angle));
    }
  c.values = from_vector(v, {T, C});
  return c;
}

}  // namespace ripple::apps
