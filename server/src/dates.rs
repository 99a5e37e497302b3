//! Calendar dates in Swedish time.
//!
//! Sweden uses CET (UTC+1) and, from the last Sunday of March 01:00 UTC to the last Sunday of
//! October 01:00 UTC, CEST (UTC+2): the EU rule, computed here without a time zone database.
//! "Today", due dates and the inbox's date filters all follow Swedish time.

use time::{Date, Month, OffsetDateTime, Weekday};

/// `YYYY-MM-DD`.
const DATE_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: Month) -> Date {
    let mut d = Date::from_calendar_date(year, month, month.length(year))
        .expect("a valid last day of the month");
    while d.weekday() != Weekday::Sunday {
        d = d.previous_day().expect("not the first day of all time");
    }
    d
}

/// The UTC offset of Swedish time at `unix` (seconds): 3600 or 7200.
pub fn stockholm_offset_secs(unix: i64) -> i64 {
    let Ok(t) = OffsetDateTime::from_unix_timestamp(unix) else {
        return 3600;
    };
    let year = t.year();
    let start = last_sunday(year, Month::March)
        .midnight()
        .assume_utc()
        .unix_timestamp()
        + 3600;
    let end = last_sunday(year, Month::October)
        .midnight()
        .assume_utc()
        .unix_timestamp()
        + 3600;
    if (start..end).contains(&unix) {
        7200
    } else {
        3600
    }
}

/// The Swedish calendar date at `unix`.
pub fn stockholm_date(unix: i64) -> Date {
    let local = unix + stockholm_offset_secs(unix);
    OffsetDateTime::from_unix_timestamp(local)
        .map(|t| t.date())
        .unwrap_or(Date::MIN)
}

/// Unix seconds of 00:00 Swedish time on `date`.
pub fn stockholm_midnight(date: Date) -> i64 {
    let naive = date.midnight().assume_utc().unix_timestamp();
    // The offset at midnight is the one of the day before the change (changes happen at
    // 01:00 UTC, i.e. in the night), so probing at naive - 3600 is always right.
    naive - stockholm_offset_secs(naive - 3600)
}

/// Parse `YYYY-MM-DD` (a real calendar date).
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    Date::parse(text, DATE_FORMAT).ok()
}

/// `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    date.format(DATE_FORMAT).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn offsets_follow_the_eu_rule() {
        // 2025: CEST from 30 March 01:00 UTC to 26 October 01:00 UTC.
        let t = |dt: OffsetDateTime| dt.unix_timestamp();
        assert_eq!(
            stockholm_offset_secs(t(datetime!(2025-01-15 12:00 UTC))),
            3600
        );
        assert_eq!(
            stockholm_offset_secs(t(datetime!(2025-03-30 00:59:59 UTC))),
            3600
        );
        assert_eq!(
            stockholm_offset_secs(t(datetime!(2025-03-30 01:00 UTC))),
            7200
        );
        assert_eq!(
            stockholm_offset_secs(t(datetime!(2025-06-01 12:00 UTC))),
            7200
        );
        assert_eq!(
            stockholm_offset_secs(t(datetime!(2025-10-26 00:59:59 UTC))),
            7200
        );
        assert_eq!(
            stockholm_offset_secs(t(datetime!(2025-10-26 01:00 UTC))),
            3600
        );
    }

    #[test]
    fn dates_and_midnights() {
        // 22:30 UTC on 1 June is 00:30 on 2 June in Stockholm.
        assert_eq!(
            stockholm_date(datetime!(2025-06-01 22:30 UTC).unix_timestamp()),
            date!(2025 - 06 - 02)
        );
        assert_eq!(
            stockholm_midnight(date!(2025 - 06 - 02)),
            datetime!(2025-06-01 22:00 UTC).unix_timestamp()
        );
        assert_eq!(
            stockholm_midnight(date!(2025 - 01 - 02)),
            datetime!(2025-01-01 23:00 UTC).unix_timestamp()
        );
        // The day of the change to summer time starts in winter time.
        assert_eq!(
            stockholm_midnight(date!(2025 - 03 - 30)),
            datetime!(2025-03-29 23:00 UTC).unix_timestamp()
        );
        assert_eq!(parse_date("2025-02-28"), Some(date!(2025 - 02 - 28)));
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(parse_date("2025-2-1"), None);
        assert_eq!(parse_date("idag"), None);
        assert_eq!(format_date(date!(2025 - 06 - 02)), "2025-06-02");
    }
}
