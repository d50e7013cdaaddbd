//! Subjects (spec §7): reply/forward markers and bracket prefixes
//! (`clean_subject`, `split_prefixes`), the stored `name`, the series marker
//! `x/n` (`parse_series_marker`), the version (`parse_version`), reply
//! detection (`subject_check`), the API's `prefixes` (§7.6) and the series
//! name taken from a cover letter (§7.7/§11.4).

use crate::mail::date::py_int;
use crate::mail::py_text::{is_decimal_digit, is_py_space as py_space};

/// What a subject says about its mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// Stored name (§7.1), already truncated to 255 characters.
    pub name: String,
    /// The name was longer than 255 characters: Patchwork looks covers up
    /// by the whole name (§8.7), which no stored, truncated name equals.
    pub name_truncated: bool,
    pub prefixes: Vec<String>,
    /// Series marker `x/n` (§7.3).
    pub x: Option<i64>,
    pub n: Option<i64>,
    /// §7.4, 1 when absent.
    pub version: i64,
    /// §7.5.
    pub is_reply: bool,
}

// The patterns are Patchwork's (Python `re` on `str`, where `\s` also
// covers U+001C..U+001F); they are matched by hand, with the same results,
// so that a pipe delivery compiles no Unicode regex.

/// The length of a leading `(?i)(re|fwd?)[:\s]\s*` (`clean_subject`), or
/// `(?i)re[:\s]` when `reply_only` (`subject_check`); hand-written so that a
/// pipe delivery compiles no case-insensitive regex.
fn marker_len(subject: &str, reply_only: bool) -> Option<usize> {
    let lower: Vec<char> = subject
        .chars()
        .take(3)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let word = if lower.starts_with(&['r', 'e']) {
        2
    } else if !reply_only && lower.starts_with(&['f', 'w', 'd']) {
        3
    } else if !reply_only && lower.starts_with(&['f', 'w']) {
        2
    } else {
        return None;
    };
    let mut rest = subject.char_indices().skip(word);
    let (at, sep) = rest.next()?;
    if sep != ':' && !py_space(sep) {
        return None;
    }
    let mut end = at + sep.len_utf8();
    if !reply_only {
        for (i, c) in rest {
            if !py_space(c) {
                break;
            }
            end = i + c.len_utf8();
        }
    }
    Some(end)
}

/// `^PATCH (\d+ of \d+)(.*)$` (Mercurial), hand-written: (the `N of M`
/// token, the rest). `\d` is any Unicode decimal digit, as in Python.
fn mercurial(group: &str) -> Option<(&str, &str)> {
    let rest = group.strip_prefix("PATCH ")?;
    let digits = |s: &str| {
        s.char_indices()
            .find(|(_, c)| !is_decimal_digit(*c))
            .map_or(s.len(), |(i, _)| i)
    };
    let a = digits(rest);
    let after = rest[a..].strip_prefix(" of ").filter(|_| a > 0)?;
    let b = digits(after);
    if b == 0 {
        return None;
    }
    let token_len = rest.len() - after.len() + b;
    let tail = &rest[token_len..];
    Some((&rest[..token_len], tail.strip_suffix('\n').unwrap_or(tail)))
}

/// `^\[([^\]]*)\]\s*(.*)$` (`$` also before a final newline): (the text
/// inside the first `[...]`, the rest after the blanks that follow it).
/// `.` stops at newlines, so the rest may hold none but a final one.
fn bracket_group(s: &str) -> Option<(&str, &str)> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find(']')?;
    let after = inner[close + 1..].trim_start_matches(py_space);
    let rest = after.strip_suffix('\n').unwrap_or(after);
    (!rest.contains('\n')).then_some((&inner[..close], rest))
}

/// `^.*?([0-9]+)(?:/| of )([0-9]+)$` (`$` also before a final newline):
/// the digit runs `x` and `n`. Everything after the separator must be
/// ASCII digits, so `n` is the final digit run and `x` the whole run before
/// the separator (the lazy `.*?` starts it as early as it can; `.` stops at
/// newlines).
fn series_marker_digits(prefix: &str) -> Option<(&str, &str)> {
    let text = prefix.strip_suffix('\n').unwrap_or(prefix);
    let before_n = text.trim_end_matches(|c: char| c.is_ascii_digit());
    let n = &text[before_n.len()..];
    let before_separator = before_n
        .strip_suffix('/')
        .or_else(|| before_n.strip_suffix(" of "))?;
    let lead = before_separator.trim_end_matches(|c: char| c.is_ascii_digit());
    let x = &before_separator[lead.len()..];
    (!n.is_empty() && !x.is_empty() && !lead.contains('\n')).then_some((x, n))
}

/// `^[vV](\d+)$` (`\d` any Unicode decimal digit, `$` also before a final
/// newline), hand-written.
fn version_prefix(prefix: &str) -> Option<i64> {
    let digits = prefix
        .strip_suffix('\n')
        .unwrap_or(prefix)
        .strip_prefix(['v', 'V'])?;
    (!digits.is_empty() && digits.chars().all(is_decimal_digit)).then(|| number(digits))
}
/// The digits of the first `\([vV](\d+)\)` in a name (`\d` any Unicode
/// decimal digit).
fn version_in_name(name: &str) -> Option<&str> {
    name.match_indices('(').find_map(|(open, _)| {
        let digits = name[open + 1..].strip_prefix(['v', 'V'])?;
        let len = digits
            .find(|c: char| !is_decimal_digit(c))
            .unwrap_or(digits.len());
        (len > 0 && digits[len..].starts_with(')')).then_some(&digits[..len])
    })
}

/// `normalise_space`: whitespace runs to one space, trimmed.
fn normalise_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(py_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `s[:255]` on characters.
fn truncate_255(s: &str) -> &str {
    s.char_indices().nth(255).map_or(s, |(i, _)| &s[..i])
}

/// Python's `int()` of a run of `\d`, saturated to `i64` (Python's ints are
/// unbounded; the database would refuse such values anyway).
/// Numbers are saturated to `u32::MAX` (Patchwork's integer columns are narrower still).
const MAX_NUMBER: i64 = u32::MAX as i64;

fn number(digits: &str) -> i64 {
    py_int(digits).map_or(MAX_NUMBER, |v| {
        i64::try_from(v).unwrap_or(MAX_NUMBER).min(MAX_NUMBER)
    })
}

/// `split_prefixes`: the tokens of one bracket group (§7.2).
fn split_prefixes(group: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut rest = group;
    if let Some((token, tail)) = mercurial(group) {
        tokens.push("PATCH");
        tokens.push(token);
        rest = tail;
    }
    tokens.extend(
        rest.split(|c: char| c == ',' || py_space(c))
            .filter(|t| !t.is_empty()),
    );
    tokens
}

/// `clean_subject`: (name before truncation, prefixes). `drop` is compared lower-cased.
fn clean_subject(clean: &str, drop: &[&str]) -> (String, Vec<String>) {
    let drop: Vec<String> = drop
        .iter()
        .map(|d| d.to_lowercase())
        .chain(["patch".to_owned()])
        .collect();
    let stripped = match marker_len(clean, false) {
        Some(n) => format!(" {}", &clean[n..]),
        None => clean.to_owned(),
    };
    let mut subject = normalise_space(&stripped);
    let mut prefixes: Vec<String> = Vec::new();
    while let Some((group, rest)) = bracket_group(&subject) {
        prefixes.extend(
            split_prefixes(group)
                .into_iter()
                .filter(|p| !drop.contains(&p.to_lowercase()))
                .map(str::to_owned),
        );
        subject = rest.to_owned();
    }
    let rest = normalise_space(&subject);
    let name = if prefixes.is_empty() {
        rest
    } else {
        format!("[{}] {}", prefixes.join(","), rest)
    };
    (name, prefixes)
}

/// `parse_series_marker`: the first prefix carrying `x/n` or `x of n` (§7.3).
fn series_marker(prefixes: &[String]) -> (Option<i64>, Option<i64>) {
    prefixes
        .iter()
        .find_map(|p| series_marker_digits(p))
        .map_or((None, None), |(x, n)| (Some(number(x)), Some(number(n))))
}

/// `parse_version`: a `vN` prefix, else `(vN)` in the name, else 1 (§7.4).
fn version(name: &str, prefixes: &[String]) -> i64 {
    prefixes
        .iter()
        .find_map(|p| version_prefix(p))
        .or_else(|| version_in_name(name).map(number))
        .unwrap_or(1)
}

/// §7.1–7.5 on a cleaned subject; `drop` = prefixes to drop besides `patch` (the project's link name).
pub fn parse(clean: &str, drop: &[&str]) -> Subject {
    let (name, prefixes) = clean_subject(clean, drop);
    let (x, n) = series_marker(&prefixes);
    let version = version(&name, &prefixes);
    let stored = truncate_255(&name);
    Subject {
        name_truncated: stored.len() < name.len(),
        name: stored.to_owned(),
        prefixes,
        x,
        n,
        version,
        is_reply: is_reply(clean),
    }
}

impl Subject {
    /// The `x/n` marker the patch path uses (§11.3, `if n:`): a marker
    /// whose total is 0 (`[PATCH 0/0]`, `[PATCH 2/0]`) is false in Patchwork,
    /// which then sets `x = n = 1` exactly as for a patch without a marker;
    /// so it reads as no marker. The cover test (§8.7, `x == 0`) uses `x`.
    pub fn patch_marker(&self) -> (Option<i64>, Option<i64>) {
        match self.n {
            Some(0) => (None, None),
            _ => (self.x, self.n),
        }
    }
}

/// §7.5 `subject_check`: a cleaned subject that starts with `re:` or `re `.
pub fn is_reply(clean: &str) -> bool {
    marker_len(clean, true).is_some()
}

/// §7.6: the API `prefixes` of a stored name.
pub fn prefixes_of_name(name: &str) -> Vec<String> {
    clean_subject(&normalise_space(name), &[]).1
}

/// §7.7/§11.4: a series name from a cover name (leading `[...]` group and following spaces removed).
pub fn series_name_from_cover(name: &str) -> String {
    bracket_group(name).map_or_else(|| name.to_owned(), |(_, rest)| rest.to_owned())
}

#[cfg(test)]
mod tests;
