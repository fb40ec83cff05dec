//! A calendar date, for every date shipwise reads or compares: a rule's `reviewed`, `since` and
//! `until`, a platform's `available_since`, a waiver's expiry, `--today`, `--as-of` and a
//! calibration case's `decided`. Written and read as `YYYY-MM-DD`; ordered as the calendar is.

use std::fmt;

/// A day of the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

fn days_in(year: u16, month: u8) -> u8 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date of a year, month and day, if it exists.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        (day >= 1 && day <= days_in(year, month)).then_some(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD` exactly (four, two and two digits).
    pub fn parse(text: &str) -> Option<Date> {
        let number = |s: &str, len: usize| {
            (s.len() == len && s.chars().all(|c| c.is_ascii_digit())).then(|| s.parse::<u16>().ok()).flatten()
        };
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return None;
        };
        let (year, month, day) = (number(y, 4)?, number(m, 2)?, number(d, 2)?);
        Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
    }

    /// Reads `YYYY-MM-DD`, `YYYY-MM` (the first of the month) or `YYYY` (the first of January).
    pub fn parse_start(text: &str) -> Option<Date> {
        match text.len() {
            4 => Date::parse(&format!("{text}-01-01")),
            7 => Date::parse(&format!("{text}-01")),
            _ => Date::parse(text),
        }
    }

    /// Reads `YYYY-MM-DD`, or the middle of `YYYY-MM` (the 15th) or of `YYYY` (1 July).
    pub fn parse_middle(text: &str) -> Option<Date> {
        match text.len() {
            4 => Date::parse(&format!("{text}-07-01")),
            7 => Date::parse(&format!("{text}-15")),
            _ => Date::parse(text),
        }
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year.clamp(0, 9999)).unwrap_or(9999),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// Whole months from `self` to `later` (negative when `later` is earlier): 2025-05-27 to
    /// 2026-11-27 is 18, to 2026-11-26 is 17.
    pub fn months_until(self, later: Date) -> i64 {
        let months =
            (i64::from(later.year) - i64::from(self.year)) * 12 + i64::from(later.month) - i64::from(self.month);
        if later.day < self.day { months - 1 } else { months }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not a date written YYYY-MM-DD: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[track_caller]
    fn case(text: &str, expected: Option<&str>) {
        assert_eq!(Date::parse(text).map(|d| d.to_string()).as_deref(), expected, "{text}");
    }

    #[test]
    fn reads_real_dates_only() {
        case("2026-12-01", Some("2026-12-01"));
        case("2024-02-29", Some("2024-02-29"));
        case("2026-02-29", None);
        case("2026-13-01", None);
        case("2026-1-01", None);
        case("2026-01-01-01", None);
        case("June 2026", None);
        assert_eq!(Date::parse_start("2021-06").map(|d| d.to_string()).as_deref(), Some("2021-06-01"));
        assert_eq!(Date::parse_middle("2019").map(|d| d.to_string()).as_deref(), Some("2019-07-01"));
    }

    #[test]
    fn counts_days_and_months_like_the_calendar() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_419).to_string(), "2025-11-27");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
        let d = |t| Date::parse(t).expect("a date");
        assert_eq!(d("2025-05-27").months_until(d("2026-11-27")), 18);
        assert_eq!(d("2025-05-28").months_until(d("2026-11-27")), 17);
        assert_eq!(d("2026-11-27").months_until(d("2026-11-27")), 0);
        assert!(d("2024-09-05") < d("2024-09-06") && d("2023-12-31") < d("2024-01-01"));
    }
}
