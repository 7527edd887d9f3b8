//! Relative datelines ("vor 3 Stunden", "2 days ago", "il y a 5 minutes", "gestern"), read
//! against the time the page was fetched. Without a fetch time they date nothing: "2 hours ago"
//! on an archived page says nothing of when it was written. The words are in
//! [`crate::lexicon::dates`].

use chrono::{DateTime, Duration, Utc};

use super::dates::FoundDate;
use crate::lexicon::dates::{
    AGO_AFTER, AGO_BEFORE, DAY_WORDS, HOUR_WORDS, MINUTE_WORDS, TODAY, WEEK_WORDS, YESTERDAY,
};

/// Longest span a relative dateline is trusted for, in days ("vor 400 Tagen" is no dateline).
const MAX_DAYS_AGO: i64 = 60;

/// How precise an amount of time ago is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Minute,
    Hour,
    Day,
    Week,
}

impl Unit {
    fn of(word: &str) -> Option<Unit> {
        [
            (MINUTE_WORDS, Unit::Minute),
            (HOUR_WORDS, Unit::Hour),
            (DAY_WORDS, Unit::Day),
            (WEEK_WORDS, Unit::Week),
        ]
        .into_iter()
        .find_map(|(words, unit)| words.contains(&word).then_some(unit))
    }

    fn times(self, n: i64) -> Duration {
        match self {
            Unit::Minute => Duration::minutes(n),
            Unit::Hour => Duration::hours(n),
            Unit::Day => Duration::days(n),
            Unit::Week => Duration::weeks(n),
        }
    }
}

/// The moment a relative dateline names, counted back from `fetched_at`. Minutes and hours give
/// a time; days, weeks, "yesterday" and "today" only a day.
pub fn parse_relative(text: &str, fetched_at: DateTime<Utc>) -> Option<FoundDate> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if let Some(days) = words.iter().find_map(|w| day_word(w)) {
        return FoundDate::from_day((fetched_at - Duration::days(days)).date_naive());
    }
    let (n, unit) = (0..words.len()).find_map(|i| amount_ago(&words, i))?;
    let ago = unit.times(n);
    if ago > Duration::days(MAX_DAYS_AGO) {
        return None;
    }
    let moment = fetched_at - ago;
    match unit {
        Unit::Minute | Unit::Hour => FoundDate::at_utc(moment),
        Unit::Day | Unit::Week => FoundDate::from_day(moment.date_naive()),
    }
}

fn day_word(word: &str) -> Option<i64> {
    if YESTERDAY.contains(&word) {
        Some(1)
    } else if TODAY.contains(&word) {
        Some(0)
    } else {
        None
    }
}

/// An amount of time ago starting at word `i`: "3 hours ago", "3 giorni fa", "vor 3 Stunden",
/// "hace 3 horas", "il y a 3 heures".
fn amount_ago(words: &[&str], i: usize) -> Option<(i64, Unit)> {
    let number = |j: usize| words.get(j).and_then(|w| w.parse::<i64>().ok());
    let unit = |j: usize| words.get(j).and_then(|w| Unit::of(w));
    let word_is = |j: usize, options: &[&str]| words.get(j).is_some_and(|w| options.contains(w));
    if let (Some(n), Some(u)) = (number(i), unit(i + 1))
        && word_is(i + 2, AGO_AFTER)
    {
        return Some((n, u));
    }
    let opens = word_is(i, AGO_BEFORE) || (word_is(i, &["a"]) && i > 0 && word_is(i - 1, &["y"]));
    if opens && let (Some(n), Some(u)) = (number(i + 1), unit(i + 2)) {
        return Some((n, u));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn read(text: &str) -> Option<String> {
        let fetched = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).single()?;
        parse_relative(text, fetched).map(|d| d.utc().to_rfc3339())
    }

    #[test]
    fn counts_back_from_the_fetch_time() {
        let cases: &[(&str, Option<&str>)] = &[
            ("vor 26 Minuten", Some("2024-06-01T11:34:00+00:00")),
            ("2 hours ago", Some("2024-06-01T10:00:00+00:00")),
            ("il y a 3 heures", Some("2024-06-01T09:00:00+00:00")),
            ("hace 3 días", Some("2024-05-29T00:00:00+00:00")),
            ("3 giorni fa", Some("2024-05-29T00:00:00+00:00")),
            ("Gestern, 18:00", Some("2024-05-31T00:00:00+00:00")),
            ("vor 2 Wochen", Some("2024-05-18T00:00:00+00:00")),
            ("vor 400 Tagen", None),
            ("2 hours of reading", None),
            ("28.01.2020", None),
        ];
        for (text, want) in cases {
            assert_eq!(read(text).as_deref(), *want, "{text}");
        }
    }
}
