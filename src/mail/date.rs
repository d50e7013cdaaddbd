//! The `Date` header (spec §5), as Patchwork's `find_date` computes it:
//! CPython's lenient `email.utils.parsedate_tz` (`_parseaddr._parsedate_tz`),
//! then `mktime_tz` + `datetime.fromtimestamp(.., utc)`, giving naive UTC.
//! Every failure (unparseable text, years outside 1..=9999, arithmetic
//! overflow) is `None`; the "now" fallback belongs to the caller (it needs a
//! clock and the configured time zone).
//!
//! Python semantics reproduced on purpose: tokens are split on Python
//! whitespace, numbers are read like `int()` (sign, `_` separators, any
//! Unicode decimal digit), two-digit (and negative) years are mapped into
//! 1969–2068, and a missing/unknown zone or `-0000` means UTC.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use regex::Regex;

const MONTHS: [&str; 24] = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Named zones and their `±hhmm` value (the `_timezones` table).
const ZONES: [(&str, i128); 14] = [
    ("UT", 0),
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("AST", -400),
    ("ADT", -300),
    ("EST", -500),
    ("EDT", -400),
    ("CST", -600),
    ("CDT", -500),
    ("MST", -700),
    ("MDT", -600),
    ("PST", -800),
    ("PDT", -700),
];

static DECIMAL_DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Nd}$").unwrap());

/// Parses a cleaned `Date` value; `None` when Patchwork would fall back to "now".
pub fn parse_date(clean: &str) -> Option<NaiveDateTime> {
    let parts = parse_tz(clean)?;
    to_utc(&parts)
}

/// The fields of `_parsedate_tz`'s result that matter (zone in seconds east).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DateParts {
    year: i128,
    month: u32,
    day: i128,
    hour: i128,
    minute: i128,
    second: i128,
    offset: i128,
}

/// Python's `str.isspace` for one character.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `str.isdigit` for one character (decimal digits plus the
/// `Numeric_Type=Digit` superscripts, circled digits and the like).
pub(crate) fn is_py_digit(c: char) -> bool {
    if c.is_ascii_digit() {
        return true;
    }
    if c.is_ascii() {
        return false;
    }
    let u = c as u32;
    const DIGIT_ONLY: [(u32, u32); 20] = [
        (0xB2, 0xB3),
        (0xB9, 0xB9),
        (0x1369, 0x1371),
        (0x19DA, 0x19DA),
        (0x2070, 0x2070),
        (0x2074, 0x2079),
        (0x2080, 0x2089),
        (0x2460, 0x2468),
        (0x2474, 0x247C),
        (0x2488, 0x2490),
        (0x24EA, 0x24EA),
        (0x24F5, 0x24FD),
        (0x24FF, 0x24FF),
        (0x2776, 0x277E),
        (0x2780, 0x2788),
        (0x278A, 0x2792),
        (0x10A40, 0x10A43),
        (0x10E60, 0x10E68),
        (0x11052, 0x1105A),
        (0x1F100, 0x1F10A),
    ];
    decimal_value(c).is_some() || DIGIT_ONLY.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

/// The value of a Unicode decimal digit (`Nd`). Every `Nd` range is a run of
/// whole 0..9 sequences, so the value is the position inside the run mod 10.
pub(crate) fn decimal_value(c: char) -> Option<u32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d);
    }
    let is_nd = |c: char| {
        let mut buf = [0u8; 4];
        !c.is_ascii() && DECIMAL_DIGIT.is_match(c.encode_utf8(&mut buf))
    };
    if !is_nd(c) {
        return None;
    }
    let mut pos = 0u32;
    let mut cur = c as u32;
    while let Some(prev) = cur.checked_sub(1).and_then(char::from_u32) {
        if !is_nd(prev) {
            break;
        }
        pos += 1;
        cur -= 1;
    }
    Some(pos % 10)
}

/// Why `int()` refused a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntError {
    /// `ValueError`.
    Invalid,
    /// A valid integer too large for `i128` (Python would carry on with it).
    Overflow,
}

/// Python's `int(s)`: surrounding whitespace, one optional sign, Unicode
/// decimal digits with single `_` separators between digits.
pub(crate) fn py_int(s: &str) -> Result<i128, IntError> {
    let s = s.trim_matches(is_py_space);
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return Err(IntError::Invalid);
    }
    let mut value: Option<i128> = Some(0);
    let mut last_was_digit = false;
    for c in digits.chars() {
        if c == '_' {
            if !last_was_digit {
                return Err(IntError::Invalid);
            }
            last_was_digit = false;
            continue;
        }
        let d = decimal_value(c).ok_or(IntError::Invalid)?;
        value = value
            .and_then(|v| v.checked_mul(10))
            .and_then(|v| v.checked_add(i128::from(d)));
        last_was_digit = true;
    }
    if !last_was_digit {
        return Err(IntError::Invalid);
    }
    let value = value.ok_or(IntError::Overflow)?;
    Ok(if negative { -value } else { value })
}

fn month_index(token: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| *m == token)
        .map(|i| (i % 12) as u32 + 1)
}

fn strip_trailing_comma(s: &str) -> &str {
    s.strip_suffix(',').unwrap_or(s)
}

/// `_parsedate_tz` followed by `parsedate_tz`'s "no zone means 0".
fn parse_tz(data: &str) -> Option<DateParts> {
    let mut tokens: Vec<String> = data
        .split(is_py_space)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    if tokens.is_empty() {
        return None;
    }
    // A day name (or anything up to a comma glued to what follows).
    if tokens[0].ends_with(',') || DAYS.contains(&tokens[0].to_lowercase().as_str()) {
        tokens.remove(0);
    } else if let Some(i) = tokens[0].rfind(',') {
        tokens[0] = tokens[0][i + 1..].to_owned();
    }
    // RFC 850: `dd-Mon-yy hh:mm:ss zone`.
    if tokens.len() == 3 {
        let stuff: Vec<String> = tokens[0].split('-').map(str::to_owned).collect();
        if stuff.len() == 3 {
            tokens.splice(0..1, stuff);
        }
    }
    // A zone glued to the time, or no zone at all.
    if tokens.len() == 4 {
        let s = tokens[3].clone();
        let sign = s.find('+').or_else(|| s.find('-'));
        match sign {
            Some(i) if i > 0 => {
                tokens.truncate(3);
                tokens.push(s[..i].to_owned());
                tokens.push(s[i..].to_owned());
            }
            _ => tokens.push(String::new()),
        }
    }
    if tokens.len() < 5 {
        return None;
    }
    tokens.truncate(5);
    let mut it = tokens.into_iter();
    let (mut dd, mm, mut yy, mut tm, mut tz) =
        (it.next()?, it.next()?, it.next()?, it.next()?, it.next()?);
    if dd.is_empty() || mm.is_empty() || yy.is_empty() {
        return None;
    }
    let month = match month_index(&mm.to_lowercase()) {
        Some(m) => m,
        None => {
            // Day and month swapped.
            let m = month_index(&dd.to_lowercase())?;
            dd = mm;
            m
        }
    };
    if dd.ends_with(',') {
        dd.pop();
    }
    // Year and time swapped.
    if yy.find(':').is_some_and(|i| i > 0) {
        std::mem::swap(&mut yy, &mut tm);
    }
    if yy.ends_with(',') {
        yy.pop();
        if yy.is_empty() {
            return None;
        }
    }
    if !yy.chars().next().is_some_and(is_py_digit) {
        std::mem::swap(&mut yy, &mut tz);
    }
    let tm = strip_trailing_comma(&tm);
    let mut fields: Vec<&str> = tm.split(':').collect();
    if fields.len() == 1 && tm.contains('.') {
        fields = tm.split('.').collect();
    }
    let (thh, tmm, tss) = match fields.as_slice() {
        [h, m] => (*h, *m, "0"),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    // Any ValueError here means "unparseable"; an integer too big for i128
    // would overflow the later conversion anyway.
    let num = |s: &str| py_int(s).ok();
    let mut year = num(&yy)?;
    let day = num(&dd)?;
    let hour = num(thh)?;
    let minute = num(tmm)?;
    let second = num(tss)?;
    if year < 100 {
        year += if year > 68 { 1900 } else { 2000 };
    }
    let tz_upper = tz.to_uppercase();
    let hhmm = match ZONES.iter().find(|(name, _)| *name == tz_upper) {
        Some(&(_, v)) => v,
        None => match py_int(&tz) {
            Ok(v) => v,
            Err(IntError::Invalid) => 0,
            // Python would compute with it and overflow the timestamp.
            Err(IntError::Overflow) => return None,
        },
    };
    let offset = {
        let abs = hhmm.checked_abs()?;
        let secs = (abs / 100)
            .checked_mul(3600)?
            .checked_add((abs % 100) * 60)?;
        if hhmm < 0 { -secs } else { secs }
    };
    Some(DateParts {
        year,
        month,
        day,
        hour,
        minute,
        second,
        offset,
    })
}

/// `calendar.timegm` minus the offset, then `datetime.fromtimestamp(.., utc)`.
fn to_utc(p: &DateParts) -> Option<NaiveDateTime> {
    // `datetime.date(year, month, 1)` must exist.
    let year = i32::try_from(p.year)
        .ok()
        .filter(|y| (1..=9999).contains(y))?;
    let first = NaiveDate::from_ymd_opt(year, p.month, 1)?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    let days = i128::from((first - epoch).num_days()) + p.day - 1;
    let seconds = days
        .checked_mul(24)?
        .checked_add(p.hour)?
        .checked_mul(60)?
        .checked_add(p.minute)?
        .checked_mul(60)?
        .checked_add(p.second)?
        .checked_sub(p.offset)?;
    let stamp = i64::try_from(seconds).ok()?;
    let dt = DateTime::from_timestamp(stamp, 0)?.naive_utc();
    // `datetime` only knows years 1..=9999.
    let y = chrono::Datelike::year(&dt);
    (1..=9999).contains(&y).then_some(dt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
    }

    #[test]
    fn parses_like_parsedate_tz() {
        let cases: &[(&str, Option<&str>)] = &[
            // spec §5 examples
            (
                "Fri, 26 Dec 2025 18:19:02 -0300",
                Some("2025-12-26T21:19:02"),
            ),
            ("Fri, 26 Dec 2025 18:19 +0100", Some("2025-12-26T17:19:00")),
            ("Fri, 26 Dec 2025 18:19:02 EST", Some("2025-12-26T23:19:02")),
            ("Fri, 26 Dec 25 18:19:02 +0000", Some("2025-12-26T18:19:02")),
            // two-digit years
            ("1 Jan 69 00:00:00 +0000", Some("1969-01-01T00:00:00")),
            ("1 Jan 68 00:00:00 +0000", Some("2068-01-01T00:00:00")),
            // missing / unknown / -0000 zone = UTC
            ("Mon, 2 Feb 2015 10:11:12", Some("2015-02-02T10:11:12")),
            ("Mon, 2 Feb 2015 10:11:12 XYZ", Some("2015-02-02T10:11:12")),
            (
                "Mon, 2 Feb 2015 10:11:12 -0000",
                Some("2015-02-02T10:11:12"),
            ),
            ("Mon, 2 Feb 2015 10:11:12 pdt", Some("2015-02-02T17:11:12")),
            // zone glued to the time, comma glued to the day
            (",  1 Jun 2016 22:00:54+0200", Some("2016-06-01T20:00:54")),
            ("Wed,1 Jun 2016 22:00:54 +0200", Some("2016-06-01T20:00:54")),
            // swapped day/month, swapped year/time, full month name
            ("Jun 1 2016 22:00:54 +0000", Some("2016-06-01T22:00:54")),
            ("1 June 22:00:54 2016 +0000", Some("2016-06-01T22:00:54")),
            ("Wed, 1 Jun 22:00 2016", Some("2016-06-01T22:00:00")),
            // RFC 850 and dotted time
            (
                "Wednesday, 01-Jun-16 22:00:54 GMT",
                Some("2016-06-01T22:00:54"),
            ),
            ("1 Jun 2016 22.00.54 +0000", Some("2016-06-01T22:00:54")),
            ("1 Jun 2016 22.00 +0000", Some("2016-06-01T22:00:00")),
            // lenient numbers: int() semantics, out-of-range fields roll over
            ("1 Jun 2016 24:00:00 +0000", Some("2016-06-02T00:00:00")),
            ("31 Feb 2016 00:00:00 +0000", Some("2016-03-02T00:00:00")),
            ("1 Jun 2_016 10:00:00 +1", Some("2016-06-01T09:59:00")),
            (
                "1 Jun \u{0662}\u{0660}\u{0661}\u{0666} 10:00 +0000",
                Some("2016-06-01T10:00:00"),
            ),
            // failures
            ("", None),
            ("   ", None),
            ("Wg>", None),
            ("on, 9:35 -0800", None),
            ("1 Foo 2016 10:00:00", None),
            (
                "Wed, 4 Jun 2014 17:50:\u{fffd}\u{fffd}\u{fffd}\u{fffd}",
                None,
            ),
            ("Wed, 4 Jun 207777777777777777777714 17:50:46 0", None),
            (", 11 Sep 2016 23:22:904070804030804 +0100", None),
            (", 11 Sep 2016 23:20407080403080105:04 +0100", None),
            ("1 Jan 10000 00:00:00 +0000", None),
            (
                "1 Jan 2016 00:00:00 +99999999999999999999999999999999999999999",
                None,
            ),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), want.map(dt), "{input:?}");
        }
    }

    #[test]
    fn python_int() {
        let cases: &[(&str, Result<i128, IntError>)] = &[
            ("12", Ok(12)),
            ("-0", Ok(0)),
            ("+7", Ok(7)),
            ("1_000", Ok(1000)),
            ("1__0", Err(IntError::Invalid)),
            ("_1", Err(IntError::Invalid)),
            ("1_", Err(IntError::Invalid)),
            ("", Err(IntError::Invalid)),
            ("-", Err(IntError::Invalid)),
            ("\u{0663}", Ok(3)),
            ("\u{FF19}", Ok(9)),
            ("\u{00B2}", Err(IntError::Invalid)),
            (
                "999999999999999999999999999999999999999999",
                Err(IntError::Overflow),
            ),
        ];
        for (input, want) in cases {
            assert_eq!(py_int(input), *want, "{input:?}");
        }
    }
}
