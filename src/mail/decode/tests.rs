use super::*;

fn text(t: &str, cs: &str) -> Chunk {
    Chunk::Text {
        text: t.into(),
        charset: cs.into(),
    }
}

#[test]
fn decode_table() {
    let cases: Vec<(&[u8], Option<Vec<Chunk>>)> = vec![
        (
            b"plain  text\n x",
            Some(vec![text("plain  text\n x", "us-ascii")]),
        ),
        (
            b"Caf\xc3\xa9",
            Some(vec![Chunk::Unknown8bit(b"Caf\xc3\xa9".to_vec())]),
        ),
        (
            b"=?iso-8859-1?q?Caf=E9?= au =?utf-8?b?bGFpdA==?= x",
            Some(vec![
                text("Café", "iso-8859-1"),
                text(" au ", "us-ascii"),
                text("lait", "utf-8"),
                text(" x", "us-ascii"),
            ]),
        ),
        (
            b"=?utf-8?q?a?=  \n =?UTF-8?q?b?=",
            Some(vec![text("ab", "utf-8")]),
        ),
        (b"=?latin-1?q?a?=", Some(vec![text("a", "iso-8859-1")])),
        (b"=?utf-8?b?YQ?=", Some(vec![text("a", "utf-8")])),
        (b"=?utf-8?b?Y?=", None),
        (
            b"a =?x-unknown?q?b?= c",
            Some(vec![Chunk::Unknown8bit(b"a  b  c".to_vec())]),
        ),
        (
            b"=?us-ascii?q?=E9?=",
            Some(vec![Chunk::Unknown8bit(b"\xe9".to_vec())]),
        ),
        (
            b"=?unknown-8bit?q?=E9?= x",
            Some(vec![
                Chunk::Unknown8bit(b"\xe9".to_vec()),
                text(" x", "us-ascii"),
            ]),
        ),
    ];
    for (raw, want) in cases {
        assert_eq!(decode(raw), want, "{:?}", String::from_utf8_lossy(raw));
    }
}

#[test]
fn py_lines_like_splitlines() {
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        ("\n", &[""]),
        ("a\r\n\rb", &["a", "", "b"]),
        (
            "a\u{2028}b\u{85}c\r\nd\u{e9}\x1ce\n",
            &["a", "b", "c", "d\u{e9}", "e"],
        ),
        ("\u{e9}\u{2029}\u{a0}x\x0b", &["\u{e9}", "\u{a0}x"]),
    ];
    for (text, want) in cases {
        assert_eq!(py_lines(text).collect::<Vec<_>>(), *want, "{text:?}");
    }
}

#[test]
fn line_search_stops_agree_with_predicate() {
    for b in 0..=255u8 {
        let want = b >= 0x80 || py_line_break(char::from(b));
        assert_eq!(STOPS_LINE_SEARCH[usize::from(b)], want, "{b:#x}");
    }
}

#[test]
fn clean_table() {
    let cases: &[(&[u8], Option<&str>)] = &[
        (
            b"=?iso-8859-1?q?Caf=E9?= au =?utf-8?b?bGFpdA==?= [PATCH] x",
            Some("Café au lait [PATCH] x"),
        ),
        (
            b"Rafa\xc5\x82 Mi\xc5\x82ecki",
            Some("Rafa\u{fffd}\u{fffd} Mi\u{fffd}\u{fffd}ecki"),
        ),
        (b"  a \n\t b  ", Some("a b")),
        (b"=?utf-8?b?Y?=", None),
        (b"x\n\x0bEvil: y", None),
        (b"", Some("")),
        (b"(=?utf-8?q?a?=)", Some("(a)")),
        (b"x=?utf-8?q?a?=y", Some("x a y")),
    ];
    for (raw, want) in cases {
        assert_eq!(
            clean(raw).as_deref(),
            *want,
            "{:?}",
            String::from_utf8_lossy(raw)
        );
    }
}
