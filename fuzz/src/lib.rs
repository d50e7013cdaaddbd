//! What more than one fuzz target needs: where Patchwork's own stored
//! header block (spec §4.5; CPython's `make_header(decode_header(v))
//! .encode()`) does not read back as the value it stores. pwingest stores
//! the very same text (checked against CPython 3.11 on tens of thousands of
//! values of these kinds), so the round-trip property holds everywhere else.

use pwingest::mail::charset;

/// A line break in a stored value that a reader cannot take for a
/// continuation: Patchwork's folding (spec §4.5) breaks lines wherever
/// Python's `splitlines` does (VT, FF, FS, GS, RS, NEL, U+2028/9 too), and
/// such a value does not read back whole, in Patchwork as here.
pub fn splits_outside_folding(stored: &str) -> bool {
    stored
        .split('\n')
        .skip(1)
        .any(|line| !line.starts_with([' ', '\t']))
}

/// Whether Patchwork's stored form `stored` of a header whose cleaned value
/// is `clean` reads back as another value. Four kinds, each Patchwork's:
/// - a line break outside folding ([`splits_outside_folding`]);
/// - plain text holding `=?`: the stored form writes it as it is, and read
///   back it may be an encoded word (one that a control line break hid
///   when the mail was decoded, or that an `us-ascii` word decoded to);
/// - a fold between an encoded word and a `(`, `)` or `\` of plain text:
///   reading drops a line's leading blanks, and §4.3 puts no space back
///   beside those characters;
/// - more than one encoded word of a charset whose codec writes a
///   byte-order mark (`utf-16`, `utf-32`, `utf-8-sig`): each word has one,
///   and read back all but the first are U+FEFF characters.
pub fn reads_back_otherwise(clean: Option<&str>, stored: &str) -> bool {
    let lines: Vec<&str> = stored.split('\n').collect();
    let drops_a_fold = lines.windows(2).any(|pair| {
        let rest = pair[1].trim_start_matches([' ', '\t']);
        let special = |c: Option<char>| matches!(c, Some('(' | ')' | '\\'));
        (pair[0].ends_with("?=") && special(rest.chars().next()))
            || (special(pair[0].chars().next_back()) && rest.starts_with("=?"))
    });
    let marked_words = stored
        .split("=?")
        .skip(1)
        .filter_map(|word| word.split_once('?'))
        .filter(|(label, _)| charset::writes_bom(label))
        .count();
    splits_outside_folding(stored)
        || clean.is_some_and(|c| c.contains("=?"))
        || drops_a_fold
        || marked_words > 1
}
