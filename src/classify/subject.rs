//! Subjects (spec §7): reply/forward markers and bracket prefixes
//! (`clean_subject`, `split_prefixes`), the stored `name`, the series marker
//! `x/n` (`parse_series_marker`), the version (`parse_version`), reply
//! detection (`subject_check`), the API's `prefixes` (§7.6) and the series
//! name taken from a cover letter (§7.7/§11.4).

use std::sync::LazyLock;

use regex::Regex;

use crate::mail::date::py_int;

/// What a subject says about its mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// Stored name (§7.1), already truncated to 255 characters.
    pub name: String,
    pub prefixes: Vec<String>,
    /// Series marker `x/n` (§7.3).
    pub x: Option<i64>,
    pub n: Option<i64>,
    /// §7.4, 1 when absent.
    pub version: i64,
    /// §7.5.
    pub is_reply: bool,
}

// Python's `\s` on `str` also covers U+001C..U+001F; Rust's does not.

/// `^(re|fwd?)[:\s]\s*`, flag I.
/// Python's `\s` on `str`: Unicode white space plus U+001C–U+001F.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

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
            .find(|(_, c)| !crate::mail::date::is_py_digit(*c))
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

/// `^\[([^\]]*)\]\s*(.*)$`.
static BRACKET_GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[([^\]]*)\][\s\x1C-\x1F]*(.*)\n?$").unwrap());
/// `[,\s]+`.
static TOKEN_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[,\s\x1C-\x1F]+").unwrap());
/// `\s+`.
static WHITESPACE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\s\x1C-\x1F]+").unwrap());
/// `.*?([0-9]+)(?:/| of )([0-9]+)$`, matched at the start.
static SERIES_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^.*?([0-9]+)(?:/| of )([0-9]+)\n?$").unwrap());
/// `^[vV](\d+)$` (`\d` any Unicode decimal digit, `$` also before a final
/// newline), hand-written.
fn version_prefix(prefix: &str) -> Option<i64> {
    let digits = prefix
        .strip_suffix('\n')
        .unwrap_or(prefix)
        .strip_prefix(['v', 'V'])?;
    (!digits.is_empty() && digits.chars().all(crate::mail::date::is_py_digit))
        .then(|| number(digits))
}
/// `\([vV](\d+)\)`, searched.
static VERSION_IN_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\([vV](\d+)\)").unwrap());
/// A leading `[...]` group and the whitespace after it (`Series._format_name`).
static LEADING_GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[[^\]]*\][\s\x1C-\x1F]*(.*)\n?$").unwrap());

/// `normalise_space`: whitespace runs to one space, trimmed.
fn normalise_space(s: &str) -> String {
    WHITESPACE.replace_all(s, " ").trim_matches(' ').to_owned()
}

/// `s[:255]` on characters.
fn truncate_255(s: String) -> String {
    match s.char_indices().nth(255) {
        Some((i, _)) => s[..i].to_owned(),
        None => s,
    }
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
    tokens.extend(TOKEN_SEPARATOR.split(rest).filter(|t| !t.is_empty()));
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
    while let Some(c) = BRACKET_GROUP.captures(&subject) {
        prefixes.extend(
            split_prefixes(&c[1])
                .into_iter()
                .filter(|p| !drop.contains(&p.to_lowercase()))
                .map(str::to_owned),
        );
        subject = c[2].to_owned();
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
        .find_map(|p| SERIES_MARKER.captures(p))
        .map_or((None, None), |c| (Some(number(&c[1])), Some(number(&c[2]))))
}

/// `parse_version`: a `vN` prefix, else `(vN)` in the name, else 1 (§7.4).
fn version(name: &str, prefixes: &[String]) -> i64 {
    prefixes
        .iter()
        .find_map(|p| version_prefix(p))
        .or_else(|| VERSION_IN_NAME.captures(name).map(|c| number(&c[1])))
        .unwrap_or(1)
}

/// §7.1–7.5 on a cleaned subject; `drop` = prefixes to drop besides `patch` (the project's link name).
pub fn parse(clean: &str, drop: &[&str]) -> Subject {
    let (name, prefixes) = clean_subject(clean, drop);
    let (x, n) = series_marker(&prefixes);
    let version = version(&name, &prefixes);
    Subject {
        name: truncate_255(name),
        prefixes,
        x,
        n,
        version,
        is_reply: is_reply(clean),
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
    LEADING_GROUP
        .captures(name)
        .map_or_else(|| name.to_owned(), |c| c[1].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The §7.2 table (project link name `qemu-devel`).
    #[test]
    fn names_and_prefixes() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "[RFC PATCH 00/25] migration: Cleanup early connection code",
                "[RFC,00/25] migration: Cleanup early connection code",
                &["RFC", "00/25"],
            ),
            (
                "[PATCH v14 3/8] qapi: add local migration parameter",
                "[v14,3/8] qapi: add local migration parameter",
                &["v14", "3/8"],
            ),
            (
                "[PATCH] tests/qtest/migration: Add \u{2026} validation\n test",
                "tests/qtest/migration: Add \u{2026} validation test",
                &[],
            ),
            ("Re: [PATCH v2 1/2] foo", "[v2,1/2] foo", &["v2", "1/2"]),
            ("Fwd: [PATCH 2/3] y", "[2/3] y", &["2/3"]),
            ("RE: Fwd: [PATCH] x", "Fwd: [PATCH] x", &[]),
            (
                "[qemu-devel] [PATCH v3 2/4] x",
                "[v3,2/4] x",
                &["v3", "2/4"],
            ),
            (
                "[PATCH 1 of 3] mercurial style",
                "[1 of 3] mercurial style",
                &["1 of 3"],
            ),
            ("[PATCH1/8] glued", "[PATCH1/8] glued", &["PATCH1/8"]),
            ("[PATCHv2 3/5] x", "[PATCHv2,3/5] x", &["PATCHv2", "3/5"]),
            (
                "[PATCH, v2, 3/7]   spaces  and,commas",
                "[v2,3/7] spaces and,commas",
                &["v2", "3/7"],
            ),
            (
                "[PATCH RESEND v2 2/2] x",
                "[RESEND,v2,2/2] x",
                &["RESEND", "v2", "2/2"],
            ),
            (
                "[PATCH 1/2][v2] two groups",
                "[1/2,v2] two groups",
                &["1/2", "v2"],
            ),
            ("[ PATCH ] spaced", "spaced", &[]),
            (
                "[PATCH net-next V5 1/3] x",
                "[net-next,V5,1/3] x",
                &["net-next", "V5", "1/3"],
            ),
            ("[PULL 0/1] misc", "[PULL,0/1] misc", &["PULL", "0/1"]),
            ("PATCH: 1/2 no brackets", "PATCH: 1/2 no brackets", &[]),
            // §7.1 notes
            (
                "[PATCH] [RFC] x [not a prefix]",
                "[RFC] x [not a prefix]",
                &["RFC"],
            ),
            ("Re [PATCH] x", "x", &[]),
            ("Re : x", ": x", &[]),
            ("fw: [PATCH] x", "x", &[]),
            ("[QEMU-DEVEL][patch] x", "x", &[]),
            ("", "", &[]),
            ("[PATCH v2]", "[v2] ", &["v2"]),
        ];
        for (subject, name, prefixes) in cases {
            let got = parse(subject, &["qemu-devel"]);
            assert_eq!(got.name, *name, "{subject:?}");
            assert_eq!(got.prefixes, *prefixes, "{subject:?}");
        }
    }

    /// (subject, x, n, version, is_reply)
    type MarkerCase<'a> = (&'a str, Option<i64>, Option<i64>, i64, bool);

    #[test]
    fn markers_versions_replies() {
        let cases: &[MarkerCase] = &[
            ("[PATCH1/8] x", Some(1), Some(8), 1, false),
            ("[v2PATCH12/15] x", Some(12), Some(15), 1, false),
            ("[RFC PATCH 00/25] x", Some(0), Some(25), 1, false),
            ("[PATCH 2 of 3] x", Some(2), Some(3), 1, false),
            ("[PATCH v3 1/2] x", Some(1), Some(2), 3, false),
            ("[PATCH V4] x", None, None, 4, false),
            ("[PATCHv2] x", None, None, 1, false),
            ("[PATCH] foo (v3)", None, None, 3, false),
            ("[PATCH v2] foo (v3)", None, None, 2, false),
            ("[PATCH 1/2 3/4] x", Some(1), Some(2), 1, false),
            ("Re: [PATCH 1/2] x", Some(1), Some(2), 1, true),
            ("re x", None, None, 1, true),
            ("RE:x", None, None, 1, true),
            ("Fwd: [PATCH] x", None, None, 1, false),
            ("Reply x", None, None, 1, false),
            ("[PATCH v\u{0663}] arabic-indic digit", None, None, 3, false),
            (
                "[PATCH 1/99999999999] huge",
                Some(1),
                Some(MAX_NUMBER),
                1,
                false,
            ),
        ];
        for (subject, x, n, version, reply) in cases {
            let got = parse(subject, &["qemu-devel"]);
            assert_eq!(
                (got.x, got.n, got.version, got.is_reply),
                (*x, *n, *version, *reply),
                "{subject:?}"
            );
        }
    }

    #[test]
    fn truncates_name() {
        let got = parse(&format!("[PATCH v2] {}", "\u{00e9}".repeat(300)), &[]);
        assert_eq!(got.name.chars().count(), 255);
        assert!(got.name.starts_with("[v2] "));
        assert_eq!(got.version, 2);
    }

    #[test]
    fn api_prefixes() {
        let cases: &[(&str, &[&str])] = &[
            ("[RFC,00/25] migration: x", &["RFC", "00/25"]),
            ("[qemu-devel,v2] x", &["qemu-devel", "v2"]),
            ("plain", &[]),
            ("Re: [v2,1/2] x", &["v2", "1/2"]),
        ];
        for (name, want) in cases {
            assert_eq!(prefixes_of_name(name), *want, "{name:?}");
        }
    }

    #[test]
    fn cover_series_names() {
        let cases: &[(&str, &str)] = &[
            ("[RFC,00/25] migration: Cleanup", "migration: Cleanup"),
            ("[0/2]   spaced", "spaced"),
            ("no group", "no group"),
            ("x [0/2] late", "x [0/2] late"),
            ("[0/2] [v2] two", "[v2] two"),
        ];
        for (name, want) in cases {
            assert_eq!(series_name_from_cover(name), *want, "{name:?}");
        }
    }
}
