use super::*;

#[test]
fn lookup_follows_python_names() {
    let cases: &[(&str, bool)] = &[
        ("utf-8", true),
        ("UTF8", true),
        ("iso8859-1", true),
        ("iso-8859-15", true),
        ("latin1", true),
        ("windows-1252", true),
        ("koi8-r", true),
        ("utf-7", true),
        ("utf-x", false),
        ("unknown-8bit", false),
        ("x-unknown", false),
        ("ks_c_5601-1987", true),
    ];
    for (label, known) in cases {
        assert_eq!(lookup(label).is_some(), *known, "{label}");
    }
}

#[test]
fn strict_single_byte() {
    let cp1252 = lookup("windows-1252").unwrap();
    assert_eq!(cp1252.decode(b"\x80"), Some("€".into()));
    assert_eq!(cp1252.decode(b"\x81"), None);
    let l1 = lookup("iso-8859-1").unwrap();
    assert_eq!(l1.decode(b"\x80"), Some("\u{80}".into()));
    assert_eq!(l1.encode("€"), None);
}

#[test]
fn codec_names() {
    for (label, want) in [
        ("utf8", Some("utf_8")),
        ("iso8859.1", Some("latin_1")),
        ("utf.8", None),
        ("x-unknown", None),
        ("windows-1252", Some("cp1252")),
        // Python's own alias `csHPRoman8` is unreachable: labels are lower-cased first.
        ("csHPRoman8", None),
        ("zlib", Some("zlib_codec")),
        ("ansi", None),
        ("utf\0-8", None),
    ] {
        assert_eq!(module(label), want, "{label}");
    }
    assert!(is_registered("rot13") && decode("rot13", b"x").is_none());
    // `module` binary-searches the generated tables.
    assert!(ALIASES.windows(2).all(|w| w[0].0 < w[1].0));
    assert!(MODULES.windows(2).all(|w| w[0] < w[1]));
}

/// Cases where the two former implementations differed; expected values
/// from CPython 3.11 (`bytes.decode(label)`).
#[test]
fn decodes_like_python() {
    let cases: &[(&str, &[u8], Option<&str>)] = &[
        ("gb2312", b"\xa1\xa4", Some("\u{30fb}")),
        ("gbk", b"\xa1\xa4", Some("\u{b7}")),
        ("big5", b"\x87\x40", None),
        ("big5hkscs", b"\x87\x40", Some("\u{43f0}")),
        ("euc_kr", b"\x81\x41", None),
        ("cp949", b"\x81\x41", Some("\u{ac02}")),
        ("shift_jis", b"\x81\x5f", Some("\u{ff3c}")),
        ("cp037", b"\xc1", Some("A")),
        ("utf-8-sig", b"\xef\xbb\xbfa", Some("a")),
        ("cp950", b"\xa1\x40", Some("\u{3000}")),
        ("iso2022_jp_2", b"\x1b$B$\"\x1b(B", Some("\u{3042}")),
        ("shift_jis_2004", b"\x82\xa0", Some("\u{3042}")),
        ("euc_jis_2004", b"\xa4\xa2", Some("\u{3042}")),
        ("palmos", b"\x80", Some("\u{20ac}")),
        // A surrogate pair split over two shift sequences stays two lone
        // surrogates in Python.
        ("utf-7", b"+2D3eAA-", Some("\u{1f600}")),
        ("utf-7", b"+2D0-+3gA-", None),
    ];
    for (label, bytes, want) in cases {
        assert_eq!(decode(label, bytes).as_deref(), *want, "{label} {bytes:?}");
    }
    let ebcdic = lookup("cp037").unwrap();
    assert_eq!(ebcdic.encode("A"), Some(b"\xc1".to_vec()));
}

#[test]
fn utf7_round_trips() {
    let cases: &[(&str, &str)] = &[
        ("Hi Mom -+Jjo--!", "Hi Mom -\u{263a}-!"),
        ("A+ImIDkQ.", "A\u{2262}\u{391}."),
        ("+-", "+"),
    ];
    let c = lookup("utf-7").unwrap();
    for (raw, text) in cases {
        assert_eq!(c.decode(raw.as_bytes()).as_deref(), Some(*text));
        assert_eq!(c.encode(text).unwrap(), raw.as_bytes());
    }
    assert_eq!(c.decode(b"+!"), None);
}
