// Continuing a time column at its own step (dates.h). The calendar arithmetic is Howard
// Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, no time zones).
#include "apps/forecast/dates.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ripple::apps {

namespace {

struct DateTime {
  int64_t year = 0;
  int month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool has_time = false;
  char separator = ' ';  // between the date and the time: ' ' or 'T'
};

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int64_t y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Days since 1970-01-01.
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, DateTime& t) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  t.year = yoe + era * 400 + (t.month <= 2);
}

// A cell of exactly "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" ('T' also between): every field is
// plain digits, so a sign or a space (which sscanf's %d would take) makes it no date.
std::optional<DateTime> parse(const std::string& s) {
  const bool with_time = s.size() == 19;
  if (s.size() != 10 && !with_time) return std::nullopt;
  const std::string layout = with_time ? "dddd-dd-dd?dd:dd:dd" : "dddd-dd-dd";
  for (size_t i = 0; i < layout.size(); ++i) {
    const char c = s[i], want = layout[i];
    const bool ok = want == 'd' ? c >= '0' && c <= '9' : want == '?' ? c == ' ' || c == 'T' : c == want;
    if (!ok) return std::nullopt;
  }
  const auto number = [&](size_t at, size_t digits) {
    int v = 0;
    for (size_t i = at; i < at + digits; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  DateTime t;
  t.year = number(0, 4);
  t.month = number(5, 2);
  t.day = number(8, 2);
  if (with_time) {
    t.has_time = true;
    t.separator = s[10];
    t.hour = number(11, 2);
    t.minute = number(14, 2);
    t.second = number(17, 2);
  }
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > days_in_month(t.year, t.month) || t.hour > 23 ||
      t.minute > 59 || t.second > 59)
    return std::nullopt;
  return t;
}

int64_t seconds(const DateTime& t) {
  return days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

std::string format(const DateTime& t) {
  char buf[40];
  if (t.has_time)
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d%c%02d:%02d:%02d", static_cast<long long>(t.year), t.month,
                  t.day, t.separator, t.hour, t.minute, t.second);
  else
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(t.year), t.month, t.day);
  return buf;
}

}  // namespace

std::optional<std::vector<std::string>> continue_dates(const std::vector<std::string>& times,
                                                       int64_t count) {
  if (times.size() < 2) return std::nullopt;
  const auto a = parse(times[times.size() - 2]), b = parse(times.back());
  if (!a || !b || a->has_time != b->has_time) return std::nullopt;
  const int64_t step_seconds = seconds(*b) - seconds(*a);
  if (step_seconds <= 0) return std::nullopt;
  const bool month_end = a->day == days_in_month(a->year, a->month) && b->day == days_in_month(b->year, b->month);
  const bool same_clock = a->hour == b->hour && a->minute == b->minute && a->second == b->second;
  const int64_t months = (b->year - a->year) * 12 + (b->month - a->month);
  const bool monthly = same_clock && months > 0 && (a->day == b->day || month_end) &&
                       step_seconds % 86400 == 0 && step_seconds / 86400 >= 28;
  std::vector<std::string> out;
  DateTime t = *b;
  for (int64_t i = 1; i <= count; ++i) {
    if (monthly) {
      const int64_t m = (b->year * 12 + (b->month - 1)) + i * months;
      t.year = m / 12;  // years before 0 are not dates of this format
      t.month = static_cast<int>(m % 12) + 1;
      t.day = month_end ? days_in_month(t.year, t.month) : std::min(b->day, days_in_month(t.year, t.month));
    } else {
      const int64_t s = seconds(*b) + i * step_seconds;
      const int64_t days = (s >= 0 ? s : s - 86399) / 86400, rest = s - days * 86400;
      civil_from_days(days, t);
      t.hour = static_cast<int>(rest / 3600);
      t.minute = static_cast<int>(rest / 60 % 60);
      t.second = static_cast<int>(rest % 60);
    }
    out.push_back(format(t));
  }
  return out;
}

std::optional<int64_t> seconds_since_epoch(const std::string& cell) {
  const auto t = parse(cell);
  if (!t) return std::nullopt;
  return seconds(*t);
}

std::function<std::string(double)> date_labels(const std::vector<std::string>& times, int64_t rows) {
  if (times.empty()) return nullptr;
  std::vector<std::string> all = times;
  const auto have = static_cast<int64_t>(times.size());
  if (rows > have)
    if (auto more = continue_dates(times, rows - have)) all.insert(all.end(), more->begin(), more->end());
  for (std::string& t : all)
    if (t.size() == 19 && t.compare(16, 3, ":00") == 0) t.resize(16);
  return [all](double x) -> std::string {
    const double r = std::round(x);
    if (std::abs(x - r) > 1e-9 || r < 0 || r >= static_cast<double>(all.size())) return "";
    return all[static_cast<size_t>(r)];
  };
}

}  // namespace ripple::apps
