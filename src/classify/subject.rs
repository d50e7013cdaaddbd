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
    (!digits.is_empty() && digits.chars().all(crate::mail::date::is_py_digit))
        .then(|| number(digits))
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
    bracket_group(name).map_or_else(|| name.to_owned(), |(_, rest)| rest.to_owned())
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;
    use crate::mail::py_text::{AWKWARD_CHARS, awkward_strings};

    /// Inputs for the oracle tests: brackets, separators, digits and blanks.
    fn oracle_inputs() -> Vec<String> {
        let mut pieces = vec![
            "[", "]", ",", "/", " of ", "of", "1", "42", "(", ")", "v", "V", "PATCH", "x",
        ];
        pieces.extend_from_slice(AWKWARD_CHARS);
        let mut inputs = awkward_strings(&pieces, 10, 40_000);
        // Series markers and versions built slot by slot, so that many match.
        let numbers = ["", "1", "12", "\u{663}", "x1", "3x"];
        for lead in ["", "PATCH ", "a\n", "\u{a0}", "1"] {
            for x in numbers {
                for separator in ["/", " of ", "of", " /"] {
                    for n in numbers {
                        for tail in ["", "\n", "\n\n", " "] {
                            inputs.push(format!("{lead}{x}{separator}{n}{tail}"));
                        }
                    }
                }
            }
        }
        for lead in ["", "x (", "(("] {
            for v in ["v", "V", "", "w"] {
                for digits in ["", "1", "12", "\u{663}", "\u{b2}", "\u{ff11}"] {
                    for close in [")", "", " )"] {
                        for tail in ["", " (v9)"] {
                            inputs.push(format!("{lead}({v}{digits}{close}{tail}"));
                        }
                    }
                }
            }
        }
        inputs
    }

    /// Each hand-written matcher against the regex it replaced.
    #[test]
    fn matchers_agree_with_regexes() {
        let bracket = Regex::new(r"^\[([^\]]*)\][\s\x1C-\x1F]*(.*)\n?$").unwrap();
        let separator = Regex::new(r"[,\s\x1C-\x1F]+").unwrap();
        let blanks = Regex::new(r"[\s\x1C-\x1F]+").unwrap();
        let marker = Regex::new(r"^.*?([0-9]+)(?:/| of )([0-9]+)\n?$").unwrap();
        let version = Regex::new(r"\([vV](\d+)\)").unwrap();
        let mut matched = [0; 3];
        for s in oracle_inputs() {
            let want = bracket
                .captures(&s)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            assert_eq!(bracket_group(&s), want, "{s:?}");
            matched[0] += usize::from(want.is_some());
            let want: Vec<&str> = separator.split(&s).filter(|t| !t.is_empty()).collect();
            let got: Vec<&str> = s
                .split(|c: char| c == ',' || py_space(c))
                .filter(|t| !t.is_empty())
                .collect();
            assert_eq!(got, want, "{s:?}");
            let want = blanks.replace_all(&s, " ").trim_matches(' ').to_owned();
            assert_eq!(normalise_space(&s), want, "{s:?}");
            let want = marker
                .captures(&s)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            assert_eq!(series_marker_digits(&s), want, "{s:?}");
            matched[1] += usize::from(want.is_some());
            let want = version.captures(&s).map(|c| c.get(1).unwrap().as_str());
            assert_eq!(version_in_name(&s), want, "{s:?}");
            matched[2] += usize::from(want.is_some());
        }
        assert!(matched.iter().all(|&m| m > 100), "{matched:?}");
    }

    #[test]
    fn matcher_edge_cases() {
        assert_eq!(bracket_group("[a] \n"), Some(("a", "")));
        assert_eq!(bracket_group("[a]\nx\n"), Some(("a", "x")));
        assert_eq!(bracket_group("[a] x\ny"), None);
        assert_eq!(bracket_group("[a\nb]\u{2028}c"), Some(("a\nb", "c")));
        assert_eq!(series_marker_digits("v2 12/15\n"), Some(("12", "15")));
        assert_eq!(series_marker_digits("a\n1/2"), None);
        assert_eq!(series_marker_digits("1/2\n\n"), None);
        assert_eq!(series_marker_digits("\u{663}/2"), None);
        assert_eq!(version_in_name("(v1 (V\u{663})"), Some("\u{663}"));
        assert_eq!(version_in_name("(v\u{b2})"), None);
    }

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
