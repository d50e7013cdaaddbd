//! Text as every engine can hold it (issue 11, point 3). PostgreSQL's
//! `text` cannot hold U+0000, which mail does carry (a fuzzed header, a
//! broken mailer), and Patchwork on SQLite stores it as is; so that both
//! engines store the same thing and pwingest reads back exactly what it
//! wrote, the store escapes every text value it writes or compares and
//! unescapes every text value it reads, on both engines:
//!
//! - U+0000 is stored as U+FDD0,
//! - U+FDD0 and U+FDD1 are stored as U+FDD1 followed by themselves.
//!
//! U+FDD0…U+FDEF are Unicode *noncharacters*, reserved for a program's
//! internal use and never assigned, so text without a NUL is stored
//! unchanged, and text Patchwork or a person wrote is read unchanged (unless
//! it carries a noncharacter, which no mail client emits). A Patchwork site
//! reading such a row shows U+FDD0 (a replacement glyph) where the mail had
//! a NUL; pwingest's documents show the NUL, as Patchwork's do on SQLite.

use std::borrow::Cow;

/// What a NUL is stored as.
const NUL_MARK: char = '\u{FDD0}';
/// What makes the next character literal.
const ESCAPE: char = '\u{FDD1}';

/// Whether `s` holds U+FDD0 or U+FDD1 (`EF B7 90`, `EF B7 91` in UTF-8),
/// found from their first byte with memchr's vectorised search: every text
/// value read goes through this, a patch's diff included, so a
/// character-by-character scan showed in profiles.
fn has_mark(s: &str) -> bool {
    // Most short values (Message-IDs, hashes, dates, names) are ASCII: a
    // test cheaper than setting up the search (a long one, a diff, goes
    // straight to the search, which reads it once).
    if s.len() < 256 && s.is_ascii() {
        return false;
    }
    let bytes = s.as_bytes();
    memchr::memchr_iter(0xEF, bytes)
        .any(|i| matches!(bytes.get(i + 1..i + 3), Some([0xB7, 0x90 | 0x91])))
}

/// `s` as the store holds it.
pub fn store(s: &str) -> Cow<'_, str> {
    if !needs_store(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\0' => out.push(NUL_MARK),
            NUL_MARK | ESCAPE => {
                out.push(ESCAPE);
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether [`store`] changes `s`.
pub fn needs_store(s: &str) -> bool {
    memchr::memchr(0, s.as_bytes()).is_some() || has_mark(s)
}

/// A JSON array of `items` as the store holds them, for a statement that
/// lists it (`Dialect::json_list`): the stored form's noncharacters are
/// written as JSON escapes, so the parameter itself needs no escaping and
/// the engine's JSON parser yields exactly the stored text.
pub fn json_array(items: &[String]) -> String {
    let stored: Vec<Cow<'_, str>> = items.iter().map(|i| store(i)).collect();
    serde_json::to_string(&stored)
        .unwrap_or_default()
        .replace(NUL_MARK, "\\ufdd0")
        .replace(ESCAPE, "\\ufdd1")
}

/// Text the store holds, as it was written.
pub fn load(s: String) -> String {
    if !has_mark(&s) {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            ESCAPE => out.extend(chars.next()),
            NUL_MARK => out.push('\0'),
            c => out.push(c),
        }
    }
    out
}

/// `s` cut to `n` characters (Python's `s[:n]`), the way Patchwork's parser
/// fits a value into a `varchar(n)` column.
pub fn cut(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_back_as_written() {
        for s in [
            "",
            "plain",
            "a\0b",
            "\0\0",
            "\u{FDD0}",
            "\0\u{FDD1}\u{FDD0}\0",
            "x\u{FDD1}",
        ] {
            let stored = store(s);
            assert!(!stored.contains('\0'), "{s:?}");
            assert_eq!(load(stored.into_owned()), s);
        }
        assert!(matches!(store("plain"), Cow::Borrowed(_)));
        // Other characters sharing the marks' first bytes are not marks.
        for s in ["\u{FDCF}", "\u{FDD2}x", "é\u{FDEF}"] {
            assert!(!needs_store(s) && !has_mark(s), "{s:?}");
            assert_eq!(load(s.to_string()), s);
        }
        assert!(needs_store("a\u{FDD1}") && needs_store("\0"));
        assert_eq!(store("u\0d"), "u\u{FDD0}d");
    }

    #[test]
    fn json_arrays_hold_the_stored_text() {
        let json = json_array(&["<a\0b>".to_string(), "<c>".to_string()]);
        assert_eq!(json, r#"["<a\ufdd0b>","<c>"]"#);
        assert!(!needs_store(&json));
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ["<a\u{FDD0}b>", "<c>"]);
    }

    #[test]
    fn cuts_on_characters() {
        assert_eq!(cut("ééé", 2), "éé");
        assert_eq!(cut("ab", 5), "ab");
    }
}
