//! Date parsing without regexes: ISO 8601 / RFC 3339 timestamps, free-text datelines in several
//! languages ("28. Januar 2020", "January 28th, 2020", "28/01/2020 10:12"), and dates in URLs.
//!
//! A parsed date keeps the offset its source stated, so callers can both convert to UTC and know
//! the local calendar day the page meant.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Earliest year accepted: no web article predates the web.
const MIN_YEAR: i32 = 1995;
const MAX_YEAR: i32 = 2100;

/// A date found in a page, with what the source actually told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// The instant in the offset the source stated (UTC when it stated none).
    pub local: DateTime<FixedOffset>,
    /// The source gave a time of day.
    pub has_time: bool,
    /// The source gave an offset (`Z`, `+01:00`, `GMT`, ...).
    pub has_offset: bool,
}

impl FoundDate {
    pub fn utc(&self) -> DateTime<Utc> {
        self.local.with_timezone(&Utc)
    }

    /// The calendar day as written on the page (before any offset conversion).
    pub fn local_day(&self) -> NaiveDate {
        self.local.date_naive()
    }

    /// A bare calendar day, at midnight UTC.
    pub fn from_day(date: NaiveDate) -> Option<Self> {
        Self::new(date, None, None)
    }

    /// An instant known in UTC, to the second.
    pub fn at_utc(instant: DateTime<Utc>) -> Option<Self> {
        Self::new(
            instant.date_naive(),
            Some(instant.time()),
            FixedOffset::east_opt(0),
        )
    }

    /// A time of exactly midnight is how a CMS writes a day without a time into a timestamp
    /// field (`2022-01-28T00:00:00+01:00`): it is read as that bare day, not as an instant the
    /// evening before in UTC.
    fn new(date: NaiveDate, time: Option<NaiveTime>, offset: Option<FixedOffset>) -> Option<Self> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
            return None;
        }
        let (time, offset) = match time {
            Some(NaiveTime::MIN) => (None, None),
            _ => (time, offset),
        };
        let naive = NaiveDateTime::new(date, time.unwrap_or(NaiveTime::MIN));
        let tz = offset.unwrap_or(FixedOffset::east_opt(0)?);
        let local = tz.from_local_datetime(&naive).single()?;
        Some(FoundDate {
            local,
            has_time: time.is_some(),
            has_offset: offset.is_some(),
        })
    }
}

/// How to read an ambiguous numeric date such as `03/04/2020`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NumericOrder {
    /// Day first (most of the world).
    #[default]
    DayFirst,
    /// Month first (US English).
    MonthFirst,
}

impl NumericOrder {
    /// The other reading of an ambiguous date.
    pub fn flipped(self) -> Self {
        match self {
            NumericOrder::DayFirst => NumericOrder::MonthFirst,
            NumericOrder::MonthFirst => NumericOrder::DayFirst,
        }
    }
}

/// A machine-readable value (meta content, JSON-LD, `datetime` attribute): ISO 8601 first, then
/// the free-text reader for the odd formats sites put there.
pub fn parse_timestamp(value: &str, order: NumericOrder) -> Option<FoundDate> {
    let value = value.trim();
    if let Some(found) = parse_iso(value) {
        return Some(found);
    }
    if let Some(found) = parse_epoch(value) {
        return Some(found);
    }
    find_date_in_text(value, order)
}

/// Seconds (10 digits) or milliseconds (13 digits) since the Unix epoch.
fn parse_epoch(value: &str) -> Option<FoundDate> {
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = value.parse().ok()?;
    let secs = match value.len() {
        10 => n,
        13 => n / 1000,
        _ => return None,
    };
    let dt = DateTime::from_timestamp(secs, 0)?;
    FoundDate::new(dt.date_naive(), Some(dt.time()), FixedOffset::east_opt(0))
}

/// `YYYY-MM-DD`, optionally followed by `T`/space, `HH:MM[:SS[.fff]]` and an offset
/// (`Z`, `±HH:MM`, `±HHMM`, `±HH`, ` UTC`, ` GMT`). Trailing text after a valid date is ignored.
pub fn parse_iso(value: &str) -> Option<FoundDate> {
    let b = value.as_bytes();
    let year = digits(b, 0, 4)? as i32;
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let month = digits(b, 5, 2)?;
    if b.get(7) != Some(&sep) {
        return None;
    }
    let day = digits(b, 8, 2)?;
    if b.get(10).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let (time, offset) = match b.get(10) {
        Some(b'T' | b't' | b' ') => parse_iso_time(&b[11..]).unwrap_or((None, None)),
        _ => (None, None),
    };
    FoundDate::new(date, time, offset)
}

fn parse_iso_time(b: &[u8]) -> Option<(Option<NaiveTime>, Option<FixedOffset>)> {
    let hour = digits(b, 0, 2)?;
    if b.get(2) != Some(&b':') {
        return None;
    }
    let minute = digits(b, 3, 2)?;
    let mut i = 5;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        second = digits(b, i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
        }
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second.min(59))?;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    Some((Some(time), parse_iso_offset(&b[i.min(b.len())..])))
}

fn parse_iso_offset(b: &[u8]) -> Option<FixedOffset> {
    match b.first()? {
        b'Z' | b'z' => FixedOffset::east_opt(0),
        b'+' | b'-' => {
            let sign = if b[0] == b'-' { -1 } else { 1 };
            let hours = digits(b, 1, 2)? as i32;
            let minutes = match b.get(3) {
                Some(b':') => digits(b, 4, 2)? as i32,
                Some(c) if c.is_ascii_digit() => digits(b, 3, 2)? as i32,
                _ => 0,
            };
            if hours > 14 || minutes > 59 {
                return None;
            }
            FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
        }
        _ => {
            let word = std::str::from_utf8(b.get(..3)?).ok()?;
            zone_abbreviation(&word.to_ascii_lowercase())
        }
    }
}

/// Exactly `len` ASCII digits at `start`.
fn digits(b: &[u8], start: usize, len: usize) -> Option<u32> {
    let s = b.get(start..start + len)?;
    s.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// A year, month and day in a URL path: `/2020/01/28/`, `-2020-01-28-`, `_20200128_`.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    let b = url.as_bytes();
    // Dates live in the path; skip the scheme and host (which may contain digits).
    let path_start = url.find("://").map_or(0, |i| {
        url[i + 3..].find('/').map_or(url.len(), |j| i + 3 + j)
    });
    let mut i = path_start;
    while i + 8 <= b.len() {
        let at_boundary = i == 0 || !b[i - 1].is_ascii_digit();
        if at_boundary && let Some(date) = url_date_at(b, i).or_else(|| url_dmy_date_at(b, i)) {
            return Some(date);
        }
        i += 1;
    }
    None
}

fn url_date_at(b: &[u8], i: usize) -> Option<NaiveDate> {
    let year = digits(b, i, 4)? as i32;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    let (month, day, end) = match b.get(i + 4)? {
        sep @ (b'/' | b'-' | b'_' | b'.') => {
            let (month, month_end) = one_or_two_digits(b, i + 5)?;
            if b.get(month_end) != Some(sep) {
                return None;
            }
            let (day, day_end) = one_or_two_digits(b, month_end + 1)?;
            // Unpadded parts make a date only as whole path segments (`/2017/7/12/`, not
            // `/2023/10/3-questions` nor the version `2017.7.2`).
            let padded = month_end - i == 7 && day_end - i == 10;
            let segment_ends =
                matches!(b.get(day_end), None | Some(b'?' | b'#')) || b.get(day_end) == Some(sep);
            if !padded && (*sep == b'.' || !segment_ends) {
                return None;
            }
            (month, day, day_end)
        }
        c if c.is_ascii_digit() => (digits(b, i + 4, 2)?, digits(b, i + 6, 2)?, i + 8),
        _ => return None,
    };
    if b.get(end).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `29-10-2021` (also with `_` or `/`): day first, and only when the day cannot be a month
/// (`03-04-2021` could be read either way).
fn url_dmy_date_at(b: &[u8], i: usize) -> Option<NaiveDate> {
    let day = digits(b, i, 2)?;
    let sep = *b.get(i + 2)?;
    if !matches!(sep, b'-' | b'_' | b'/') || b.get(i + 5) != Some(&sep) {
        return None;
    }
    let month = digits(b, i + 3, 2)?;
    let year = digits(b, i + 6, 4)? as i32;
    if day <= 12 || !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    if b.get(i + 10).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// One or two ASCII digits at `start` (`/2017/7/12/` and `/2017/07/12/` alike): the value and
/// where the digits end.
fn one_or_two_digits(b: &[u8], start: usize) -> Option<(u32, usize)> {
    let len = match (b.get(start), b.get(start + 1)) {
        (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => 2,
        (Some(c), _) if c.is_ascii_digit() => 1,
        _ => return None,
    };
    Some((digits(b, start, len)?, start + len))
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num { value: u32, len: usize },
    Word(String),
    Punct(char),
}

/// Splits text into numbers, lower-cased words and single punctuation marks (spaces dropped).
fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            let run = &text[start..end];
            let value = if run.len() > 9 {
                u32::MAX
            } else {
                run.parse().unwrap_or(u32::MAX)
            };
            toks.push(Tok::Num {
                value,
                len: run.len(),
            });
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            toks.push(Tok::Word(text[start..end].to_lowercase()));
        } else if !c.is_whitespace() {
            toks.push(Tok::Punct(c));
        }
        if toks.len() > 400 {
            break;
        }
    }
    toks
}

/// The first plausible date in free text ("Veröffentlicht am 28.01.2020 um 10:12 Uhr").
pub fn find_date_in_text(text: &str, order: NumericOrder) -> Option<FoundDate> {
    let toks = tokenize(text);
    (0..toks.len()).find_map(|i| date_at(&toks, i, order))
}

/// A date that opens the text ("27.1.2022 - Bei der Erinnerung ..."), nothing later. A news
/// dateline may set its place or weekday and a comma before the date, and brackets around it
/// ("Karlsruhe, (12.11.2021). Traditionell ...", "(21. November 2022) Energieverbraucher ...").
pub fn leading_date(text: &str, order: NumericOrder) -> Option<FoundDate> {
    let toks = tokenize(text);
    date_at(&toks, 0, order).or_else(|| date_at(&toks, dateline_date_start(&toks), order))
}

/// Where the date of a dateline opening a text starts: after one word and a comma (its place
/// or weekday), then after an opening bracket.
fn dateline_date_start(t: &[Tok]) -> usize {
    let mut i = 0;
    if word(t, 0).is_some() && punct(t, 1) == Some(',') {
        i = 2;
    }
    if matches!(punct(t, i), Some('(' | '[')) {
        i += 1;
    }
    i
}

fn date_at(t: &[Tok], i: usize, order: NumericOrder) -> Option<FoundDate> {
    let (date, next) = ymd_numeric(t, i)
        .or_else(|| dmy_numeric(t, i, order))
        .or_else(|| day_month_name_year(t, i))
        .or_else(|| month_name_day_year(t, i))
        .or_else(|| cjk_date(t, i))?;
    let (time, offset) = time_after(t, next).unwrap_or((None, None));
    FoundDate::new(date, time, offset)
}

fn num(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    match t.get(i)? {
        Tok::Num { value, len } => Some((*value, *len)),
        _ => None,
    }
}

fn punct(t: &[Tok], i: usize) -> Option<char> {
    match t.get(i)? {
        Tok::Punct(c) => Some(*c),
        _ => None,
    }
}

fn word(t: &[Tok], i: usize) -> Option<&str> {
    match t.get(i)? {
        Tok::Word(w) => Some(w),
        _ => None,
    }
}

fn is_word(t: &[Tok], i: usize, options: &[&str]) -> bool {
    word(t, i).is_some_and(|w| options.contains(&w))
}

fn four_digit_year(t: &[Tok], i: usize) -> Option<i32> {
    match num(t, i)? {
        (y, 4) => Some(y as i32),
        _ => None,
    }
}

/// `2020-01-28`, `2020/01/28`, `2020.01.28`.
fn ymd_numeric(t: &[Tok], i: usize) -> Option<(NaiveDate, usize)> {
    let year = four_digit_year(t, i)?;
    let sep = punct(t, i + 1).filter(|c| matches!(c, '-' | '/' | '.'))?;
    let (month, _) = num(t, i + 2)?;
    (punct(t, i + 3)? == sep).then_some(())?;
    let (day, day_len) = num(t, i + 4)?;
    (day_len <= 2).then_some(())?;
    Some((NaiveDate::from_ymd_opt(year, month, day)?, i + 5))
}

/// `28.01.2020`, `28/01/20`, `01/28/2020`, `26 | 01 | 2022` (month first when the day can't be
/// a month, or when the page's locale says so).
fn dmy_numeric(t: &[Tok], i: usize, order: NumericOrder) -> Option<(NaiveDate, usize)> {
    let (a, a_len) = num(t, i)?;
    let sep = punct(t, i + 1).filter(|c| matches!(c, '.' | '/' | '-' | '|'))?;
    let (b, b_len) = num(t, i + 2)?;
    (punct(t, i + 3)? == sep && a_len <= 2 && b_len <= 2).then_some(())?;
    let (y, y_len) = num(t, i + 4)?;
    let year = match y_len {
        4 => y as i32,
        2 => 2000 + y as i32,
        _ => return None,
    };
    // A two-digit year followed by more digits is something else (a phone number, a version).
    if y_len == 2 && punct(t, i + 5) == Some(sep) {
        return None;
    }
    let month_first = match sep {
        '/' => b > 12 || (a <= 12 && order == NumericOrder::MonthFirst),
        _ => b > 12 && a <= 12,
    };
    let (day, month) = if month_first { (b, a) } else { (a, b) };
    Some((NaiveDate::from_ymd_opt(year, month, day)?, i + 5))
}

/// `28 January 2020`, `28. Januar 2020`, `28 de enero de 2020`, `Tue, 28 Jan 2020`.
fn day_month_name_year(t: &[Tok], i: usize) -> Option<(NaiveDate, usize)> {
    let (day, day_len) = num(t, i)?;
    if day_len > 2 {
        return None;
    }
    let mut j = i + 1;
    if punct(t, j) == Some('.') || is_word(t, j, &["er", "th", "st", "nd", "rd", "de", "of"]) {
        j += 1;
    }
    let month = month_number(word(t, j)?)?;
    j += 1;
    if punct(t, j) == Some('.') {
        j += 1;
    }
    if is_word(t, j, &["de", "del"]) || punct(t, j) == Some(',') {
        j += 1;
    }
    let year = four_digit_year(t, j)?;
    Some((NaiveDate::from_ymd_opt(year, month, day)?, j + 1))
}

/// `January 28, 2020`, `Jan. 28th 2020`.
fn month_name_day_year(t: &[Tok], i: usize) -> Option<(NaiveDate, usize)> {
    let name = word(t, i)?;
    let mut j = i + 1;
    if punct(t, j) == Some('.') {
        j += 1;
    }
    let (day, day_len) = num(t, j)?;
    if day_len > 2 {
        return None;
    }
    // Looked up once a day follows the word: this runs at every word of a text, and few are
    // followed by one.
    let month = month_number(name)?;
    j += 1;
    if is_word(t, j, &["st", "nd", "rd", "th"]) {
        j += 1;
    }
    if matches!(punct(t, j), Some(',' | '.')) {
        j += 1;
    }
    let year = four_digit_year(t, j)?;
    Some((NaiveDate::from_ymd_opt(year, month, day)?, j + 1))
}

/// `2020年1月28日` (also Korean `2020년 1월 28일`).
fn cjk_date(t: &[Tok], i: usize) -> Option<(NaiveDate, usize)> {
    let year = four_digit_year(t, i)?;
    is_word(t, i + 1, &["年", "년"]).then_some(())?;
    let (month, _) = num(t, i + 2)?;
    is_word(t, i + 3, &["月", "월"]).then_some(())?;
    let (day, _) = num(t, i + 4)?;
    Some((NaiveDate::from_ymd_opt(year, month, day)?, i + 5))
}

/// A time of day shortly after a date: `10:12`, `um 10:12 Uhr`, `at 3:05 pm EST`, `10:12:00 +0100`.
fn time_after(t: &[Tok], mut j: usize) -> Option<(Option<NaiveTime>, Option<FixedOffset>)> {
    for _ in 0..2 {
        let filler = matches!(punct(t, j), Some(',' | '-' | '|' | '@' | '/' | '–' | '·'))
            || is_word(
                t,
                j,
                &["at", "um", "à", "a", "las", "alle", "t", "kl", "om", "o"],
            );
        if !filler {
            break;
        }
        j += 1;
    }
    let (mut hour, h_len) = num(t, j)?;
    (h_len <= 2 && matches!(punct(t, j + 1), Some(':' | '.' | 'h'))).then_some(())?;
    let (minute, m_len) = num(t, j + 2)?;
    (m_len == 2).then_some(())?;
    j += 3;
    let mut second = 0;
    if punct(t, j) == Some(':')
        && let Some((s, 2)) = num(t, j + 1)
    {
        second = s;
        j += 2;
    }
    if is_word(t, j, &["pm", "p"]) && hour < 12 {
        hour += 12;
        j += 1;
    } else if is_word(t, j, &["am", "a"]) {
        hour %= 12;
        j += 1;
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second)?;
    Some((Some(time), offset_after(t, j)))
}

fn offset_after(t: &[Tok], j: usize) -> Option<FixedOffset> {
    if let Some(sign @ ('+' | '-')) = punct(t, j)
        && let Some((v, 4)) = num(t, j + 1)
    {
        let seconds = (v / 100 * 3600 + v % 100 * 60) as i32;
        return FixedOffset::east_opt(if sign == '-' { -seconds } else { seconds });
    }
    zone_abbreviation(word(t, j)?)
}

/// Unambiguous time-zone abbreviations, lower-case.
fn zone_abbreviation(word: &str) -> Option<FixedOffset> {
    let hours = match word {
        "utc" | "gmt" | "z" => 0,
        "cet" | "mez" | "bst" | "wat" => 1,
        "cest" | "mesz" | "eet" | "sast" => 2,
        "eest" | "msk" => 3,
        "est" => -5,
        "edt" | "cdt" => -4 - i32::from(word == "cdt"),
        "cst" | "mdt" => -6,
        "mst" | "pdt" => -7,
        "pst" => -8,
        "jst" | "kst" => 9,
        _ => return None,
    };
    FixedOffset::east_opt(hours * 3600)
}

/// Month names and common abbreviations (lower-case): en, de, fr, es, it, pt, nl, then the
/// Nordic languages, pl, cs, ro, tr, id/ms, ru, uk, el and ar, nominative and genitive ("15
/// августа 2016", "20 września 2020") where they differ.
fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &[
            "january",
            "jan",
            "januar",
            "jänner",
            "janvier",
            "janv",
            "enero",
            "ene",
            "gennaio",
            "gen",
            "janeiro",
            "januari",
            "stycznia",
            "styczeń",
            "ledna",
            "leden",
            "ianuarie",
            "ocak",
            "tammikuuta",
            "января",
            "январь",
            "янв",
            "січня",
            "ιανουαρίου",
            "يناير",
        ],
        &[
            "february",
            "feb",
            "februar",
            "février",
            "fevrier",
            "févr",
            "fevr",
            "febrero",
            "febbraio",
            "fevereiro",
            "fev",
            "februari",
            "feber",
            "lutego",
            "luty",
            "února",
            "únor",
            "februarie",
            "şubat",
            "helmikuuta",
            "февраля",
            "февраль",
            "фев",
            "лютого",
            "φεβρουαρίου",
            "فبراير",
        ],
        &[
            "march",
            "mar",
            "märz",
            "maerz",
            "mär",
            "mars",
            "marzo",
            "março",
            "marco",
            "maart",
            "mrt",
            "marts",
            "marca",
            "marzec",
            "března",
            "březen",
            "martie",
            "mart",
            "maret",
            "maaliskuuta",
            "марта",
            "март",
            "березня",
            "μαρτίου",
            "مارس",
        ],
        &[
            "april",
            "apr",
            "avril",
            "avr",
            "abril",
            "abr",
            "aprile",
            "kwietnia",
            "kwiecień",
            "dubna",
            "duben",
            "aprilie",
            "nisan",
            "huhtikuuta",
            "апреля",
            "апрель",
            "апр",
            "квітня",
            "απριλίου",
            "أبريل",
            "ابريل",
            "إبريل",
        ],
        &[
            "may",
            "mai",
            "mayo",
            "maggio",
            "mag",
            "maio",
            "mei",
            "maj",
            "maja",
            "května",
            "květen",
            "mayıs",
            "toukokuuta",
            "мая",
            "май",
            "травня",
            "μαΐου",
            "مايو",
        ],
        &[
            "june",
            "jun",
            "juni",
            "juin",
            "junio",
            "giugno",
            "giu",
            "junho",
            "czerwca",
            "czerwiec",
            "června",
            "červen",
            "iunie",
            "haziran",
            "kesäkuuta",
            "июня",
            "июнь",
            "червня",
            "ιουνίου",
            "يونيو",
            "يونيه",
        ],
        &[
            "july",
            "jul",
            "juli",
            "juillet",
            "juil",
            "julio",
            "luglio",
            "lug",
            "julho",
            "lipca",
            "lipiec",
            "července",
            "červenec",
            "iulie",
            "temmuz",
            "julai",
            "heinäkuuta",
            "июля",
            "июль",
            "липня",
            "ιουλίου",
            "يوليو",
            "يوليه",
        ],
        &[
            "august",
            "aug",
            "août",
            "aout",
            "agosto",
            "ago",
            "augustus",
            "augusti",
            "sierpnia",
            "sierpień",
            "srpna",
            "srpen",
            "ağustos",
            "agustus",
            "ogos",
            "elokuuta",
            "августа",
            "август",
            "авг",
            "серпня",
            "αυγούστου",
            "أغسطس",
            "اغسطس",
        ],
        &[
            "september",
            "sep",
            "sept",
            "septembre",
            "septiembre",
            "setiembre",
            "settembre",
            "set",
            "setembro",
            "września",
            "wrzesień",
            "září",
            "septembrie",
            "eylül",
            "syyskuuta",
            "сентября",
            "сентябрь",
            "сен",
            "сент",
            "вересня",
            "σεπτεμβρίου",
            "سبتمبر",
        ],
        &[
            "october",
            "oct",
            "oktober",
            "okt",
            "octobre",
            "octubre",
            "ottobre",
            "ott",
            "outubro",
            "out",
            "października",
            "październik",
            "října",
            "říjen",
            "octombrie",
            "ekim",
            "lokakuuta",
            "октября",
            "октябрь",
            "окт",
            "жовтня",
            "οκτωβρίου",
            "أكتوبر",
            "اكتوبر",
        ],
        &[
            "november",
            "nov",
            "novembre",
            "noviembre",
            "novembro",
            "listopada",
            "listopad",
            "listopadu",
            "noiembrie",
            "kasım",
            "marraskuuta",
            "ноября",
            "ноябрь",
            "ноя",
            "листопада",
            "νοεμβρίου",
            "نوفمبر",
        ],
        &[
            "december",
            "dec",
            "dezember",
            "dez",
            "décembre",
            "decembre",
            "déc",
            "diciembre",
            "dic",
            "dicembre",
            "dezembro",
            "desember",
            "grudnia",
            "grudzień",
            "prosince",
            "prosinec",
            "decembrie",
            "aralık",
            "disember",
            "joulukuuta",
            "декабря",
            "декабрь",
            "дек",
            "грудня",
            "δεκεμβρίου",
            "ديسمبر",
        ],
    ];
    MONTHS
        .iter()
        .position(|names| names.contains(&word))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day_and_utc(found: Option<FoundDate>) -> Option<(String, String)> {
        found.map(|f| (f.local_day().to_string(), f.utc().to_rfc3339()))
    }

    #[test]
    fn parses_timestamps() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            (
                "2020-01-28",
                Some(("2020-01-28", "2020-01-28T00:00:00+00:00")),
            ),
            (
                "2020-01-28T10:12:00+01:00",
                Some(("2020-01-28", "2020-01-28T09:12:00+00:00")),
            ),
            (
                "2020-01-28T00:30:00+0100",
                Some(("2020-01-28", "2020-01-27T23:30:00+00:00")),
            ),
            (
                "2022-01-28T00:00:00+01:00",
                Some(("2022-01-28", "2022-01-28T00:00:00+00:00")),
            ),
            (
                "2020-01-28T10:12:00.123Z",
                Some(("2020-01-28", "2020-01-28T10:12:00+00:00")),
            ),
            (
                "2020-01-28 10:12",
                Some(("2020-01-28", "2020-01-28T10:12:00+00:00")),
            ),
            (
                "2020/01/28",
                Some(("2020-01-28", "2020-01-28T00:00:00+00:00")),
            ),
            (
                "1580206320",
                Some(("2020-01-28", "2020-01-28T10:12:00+00:00")),
            ),
            (
                "Tue, 28 Jan 2020 10:12:00 +0100",
                Some(("2020-01-28", "2020-01-28T09:12:00+00:00")),
            ),
            ("2020-13-01", None),
            ("1880-01-01", None),
            ("yesterday", None),
        ];
        for (input, want) in cases {
            let got = day_and_utc(parse_timestamp(input, NumericOrder::DayFirst));
            let want = want.map(|(d, u)| (d.to_string(), u.to_string()));
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn finds_dates_in_text() {
        let cases: &[(&str, NumericOrder, Option<&str>)] = &[
            (
                "Veröffentlicht am 28.01.2020 um 10:12 Uhr",
                NumericOrder::DayFirst,
                Some("2020-01-28"),
            ),
            ("26 | 01 | 2022", NumericOrder::DayFirst, Some("2022-01-26")),
            (
                "28. Januar 2020",
                NumericOrder::DayFirst,
                Some("2020-01-28"),
            ),
            (
                "Posted on January 28th, 2020 by Jo",
                NumericOrder::DayFirst,
                Some("2020-01-28"),
            ),
            ("le 3 mars 2019", NumericOrder::DayFirst, Some("2019-03-03")),
            (
                "28 de enero de 2020",
                NumericOrder::DayFirst,
                Some("2020-01-28"),
            ),
            ("03/04/2020", NumericOrder::DayFirst, Some("2020-04-03")),
            ("03/04/2020", NumericOrder::MonthFirst, Some("2020-03-04")),
            ("01/28/2020", NumericOrder::DayFirst, Some("2020-01-28")),
            ("2020年1月28日", NumericOrder::DayFirst, Some("2020-01-28")),
            (
                "15 августа 2016, 13:43",
                NumericOrder::DayFirst,
                Some("2016-08-15"),
            ),
            (
                "duminică, 20 septembrie 2020",
                NumericOrder::DayFirst,
                Some("2020-09-20"),
            ),
            (
                "20 września 2020",
                NumericOrder::DayFirst,
                Some("2020-09-20"),
            ),
            (
                "الأربعاء، 07 أكتوبر 2020",
                NumericOrder::DayFirst,
                Some("2020-10-07"),
            ),
            ("Call 12.34.56.78", NumericOrder::DayFirst, None),
            ("No date here", NumericOrder::DayFirst, None),
        ];
        for (input, order, want) in cases {
            let got = find_date_in_text(input, *order).map(|f| f.local_day().to_string());
            assert_eq!(got.as_deref(), *want, "{input}");
        }
    }

    #[test]
    fn leading_date_only_reads_a_date_that_opens_the_text() {
        let opens = leading_date("27.1.2022 - Bei der Erinnerung", NumericOrder::DayFirst);
        assert_eq!(
            opens.map(|f| f.local_day().to_string()).as_deref(),
            Some("2022-01-27")
        );
        assert_eq!(
            leading_date("Seit 4. August 2014 gilt", NumericOrder::DayFirst),
            None
        );
    }

    #[test]
    fn leading_date_reads_a_news_dateline_after_its_place() {
        let day =
            |text| leading_date(text, NumericOrder::DayFirst).map(|f| f.local_day().to_string());
        assert_eq!(
            day("Karlsruhe, (12.11.2021). Traditionell gedenken").as_deref(),
            Some("2021-11-12")
        );
        assert_eq!(
            day("(21. November 2022) Energieverbraucher erhalten").as_deref(),
            Some("2022-11-21")
        );
        assert_eq!(day("Am Montag, dem 12.11.2021 beginnt"), None);
    }

    #[test]
    fn reads_time_and_zone_after_a_textual_date() {
        let found = find_date_in_text("January 28, 2020 at 3:05 pm EST", NumericOrder::MonthFirst);
        assert_eq!(
            found.map(|f| f.utc().to_rfc3339()).as_deref(),
            Some("2020-01-28T20:05:00+00:00")
        );
    }

    #[test]
    fn finds_dates_in_urls() {
        let cases: &[(&str, Option<&str>)] = &[
            ("https://ex.com/2020/01/28/story", Some("2020-01-28")),
            (
                "https://ex.com/news/2020-01-28-story.html",
                Some("2020-01-28"),
            ),
            ("https://ex.com/a_20200128_b.html", Some("2020-01-28")),
            ("https://ex.com/home/2017/7/2/story", Some("2017-07-02")),
            ("https://ex.com/v/2017.7.2.1/notes", None),
            ("https://ex.com/2023/10/3-questions", None),
            ("https://ex.com/meldungen/29-10-2021", Some("2021-10-29")),
            ("https://ex.com/meldungen/03-04-2021", None),
            ("https://ex.com/p/29-10-20219", None),
            ("https://ex.com/2020/01/story", None),
            ("https://ex.com/id/123420200128999", None),
            ("https://2020-01-28.ex.com/story", None),
        ];
        for (url, want) in cases {
            let got = date_from_url(url).map(|d| d.to_string());
            assert_eq!(got.as_deref(), *want, "{url}");
        }
    }
}
