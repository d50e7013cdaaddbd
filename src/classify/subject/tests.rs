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
        // `\d` is a decimal digit (Nd): a superscript is not one.
        ("[PATCH v\u{b2}] superscript", None, None, 1, false),
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

/// §11.3 `if n:`: a total of 0 is false, so the patch path sees no marker
/// (Patchwork sets `x = n = 1`); the cover test still sees `x == 0`.
#[test]
fn a_zero_total_is_no_patch_marker() {
    type Marker = (Option<i64>, Option<i64>);
    let cases: &[(&str, Marker)] = &[
        ("[PATCH 2/3] x", (Some(2), Some(3))),
        ("[PATCH 0/3] x", (Some(0), Some(3))),
        ("[PATCH 0/0] x", (None, None)),
        ("[PATCH 2/0] x", (None, None)),
        ("[PATCH] x", (None, None)),
    ];
    for (subject, want) in cases {
        assert_eq!(parse(subject, &[]).patch_marker(), *want, "{subject:?}");
    }
    assert_eq!(parse("[PATCH 0/0] x", &[]).x, Some(0));
}

#[test]
fn truncates_name() {
    let got = parse(&format!("[PATCH v2] {}", "\u{00e9}".repeat(300)), &[]);
    assert_eq!(got.name.chars().count(), 255);
    assert!(got.name_truncated);
    assert!(!parse(&"x".repeat(255), &[]).name_truncated);
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
