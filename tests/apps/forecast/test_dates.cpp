// Tests of continuing a time column (apps/forecast/dates.h): daily, hourly, monthly and month-end
// steps across month, year and leap-day boundaries, and the cells that are not dates.
#include <gtest/gtest.h>

#include "apps/forecast/dates.h"

using namespace ripple;
using Cells = std::vector<std::string>;

TEST(ForecastDates, DailyAcrossMonthAndLeapDay) {
  EXPECT_EQ(apps::continue_dates({"2024-02-27", "2024-02-28"}, 3), (Cells{"2024-02-29", "2024-03-01", "2024-03-02"}));
  EXPECT_EQ(apps::continue_dates({"2023-12-30", "2023-12-31"}, 1), (Cells{"2024-01-01"}));
  EXPECT_EQ(apps::continue_dates({"2024-01-01", "2024-01-08"}, 2), (Cells{"2024-01-15", "2024-01-22"}));  // weekly
}

TEST(ForecastDates, HourlyAndMinutesAcrossMidnight) {
  EXPECT_EQ(apps::continue_dates({"2018-06-26 18:00:00", "2018-06-26 19:00:00"}, 6).value().back(),
            "2018-06-27 01:00:00");
  EXPECT_EQ(apps::continue_dates({"2016-12-31T23:30:00", "2016-12-31T23:45:00"}, 1), (Cells{"2017-01-01T00:00:00"}));
}

TEST(ForecastDates, MonthlyKeepsTheDayOfTheMonth) {
  // the CO2 data: the first of each month
  EXPECT_EQ(apps::continue_dates({"2023-11-01", "2023-12-01"}, 3), (Cells{"2024-01-01", "2024-02-01", "2024-03-01"}));
  // month ends stay month ends; quarterly and yearly steps are whole months too
  EXPECT_EQ(apps::continue_dates({"2023-12-31", "2024-01-31"}, 2), (Cells{"2024-02-29", "2024-03-31"}));
  EXPECT_EQ(apps::continue_dates({"2023-06-30", "2023-09-30"}, 1), (Cells{"2023-12-31"}));
  EXPECT_EQ(apps::continue_dates({"2022-03-15", "2023-03-15"}, 1), (Cells{"2024-03-15"}));
}

TEST(ForecastDates, NotDatesGiveNothing) {
  EXPECT_FALSE(apps::continue_dates({"1", "2"}, 1));                     // row numbers
  EXPECT_FALSE(apps::continue_dates({"2024-01-02", "2024-01-01"}, 1));   // decreasing
  EXPECT_FALSE(apps::continue_dates({"2024-01-01", "2024-01-01"}, 1));   // no step
  EXPECT_FALSE(apps::continue_dates({"2024-01-01", "2024-02-30"}, 1));   // no such day
  EXPECT_FALSE(apps::continue_dates({"01/02/2024", "01/03/2024"}, 1));
  EXPECT_FALSE(apps::continue_dates({"2024-01-01"}, 1));                 // one cell: no step
}

TEST(ForecastDates, SignsAndSpacesAreNotDigits) {
  // fuzz_csv found this one: sscanf's %4d read "-021" as a year, and the monthly step then
  // counted months below zero (a month index of -8)
  EXPECT_FALSE(apps::continue_dates({"-021-01-02", "-021-03-02"}, 2));
  EXPECT_FALSE(apps::continue_dates({"+024-01-01", "+024-01-02"}, 1));
  EXPECT_FALSE(apps::continue_dates({"2024- 1-01", "2024- 1-02"}, 1));
  EXPECT_FALSE(apps::continue_dates({"2024-01-01 -1:00:00", "2024-01-01 00:00:00"}, 1));
  EXPECT_FALSE(apps::seconds_since_epoch("2024-01-01x00:00:00"));
  EXPECT_EQ(apps::continue_dates({"0000-01-01", "0000-02-01"}, 1), (Cells{"0000-03-01"}));  // year 0 is a date
}
