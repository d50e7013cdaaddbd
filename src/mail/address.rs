//! The submitter: `From` parsing and validation (spec §6.1, Patchwork's
//! `split_from_header` + the checks of `get_or_create_author`) and DMARC
//! un-mangling of list-rewritten senders (§6.2, `get_original_sender`),
//! including its `AttributeError` crashes, reported as
//! [`SenderError::Internal`].

use std::sync::LazyLock;

use regex::Regex;

use super::py_text::is_py_space;

/// A parsed sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    /// `None` only for a bare address (§6.1 pattern 4); `""` for `<a@b.c>`.
    pub name: Option<String>,
    pub email: String,
}

/// Why a sender could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SenderError {
    /// `ValueError: Invalid 'From' header`.
    InvalidFrom,
    /// What Patchwork raises internally (AttributeError and the like), as its message.
    Internal(String),
}

/// Python's `\s` (Unicode `str.isspace`), which unlike Rust's `\s` includes
/// U+001C..U+001F.
const WS: &str = r"[\s\x1C-\x1F]";

/// The other §6.1 patterns, anchored at the start only (Python `re.match`);
/// the first, `ANGLE`, is matched by [`angle`].
static AT_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(.*?){WS}at{WS}(.*?){WS}*\(([^\)]+)\)")).unwrap());
static PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r#"^"?(.*?)"?{WS}*\(([^\)]+)\)"#)).unwrap());

/// The §6.1 address check. Python's `\w` on `str` is letters, numbers
/// (`Nd`/`Nl`/`No`) and `_`; Rust's `\w` would also admit marks and other
/// connector punctuation, so the class is spelled out.
static VALID_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let atom = r#"[\p{L}\p{N}_!#$%&"*+/=?^`{|}~-]"#;
    let label = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
    // Python's `$` also matches before a final "\n".
    Regex::new(&format!(
        r"^{atom}+(?:\.{atom}+)*@(?:{label}\.)+{label}\n?$"
    ))
    .unwrap()
});

/// The §6.1 pattern `ANGLE`, `^"?(.*?)"?\s*<([^>]+)>` (Python `re.match`),
/// by hand: (name, address). The lazy name ends at the first place followed
/// by an optional `"`, blanks and a `<` that opens a non-empty `<...>`; it
/// holds no newline (`.`). Blanks are skipped once: a name ending inside
/// them would reach the same `<`.
fn angle(s: &str) -> Option<(&str, &str)> {
    let start = usize::from(s.starts_with('"'));
    let line_end = s[start..].find('\n').map_or(s.len(), |i| start + i);
    let mut end = start;
    loop {
        let after_quote = end + usize::from(s[end..].starts_with('"'));
        let open = s.len() - s[after_quote..].trim_start_matches(is_py_space).len();
        if let Some(inner) = s[open..].strip_prefix('<') {
            match inner.find('>') {
                // No `<` further on is closed either.
                None => return None,
                Some(0) => {}
                Some(len) => return Some((&s[start..end], &inner[..len])),
            }
        }
        let step = s[end..].chars().next().map_or(1, char::len_utf8);
        end = (end + step).max(open);
        if end > line_end {
            return None;
        }
    }
}

/// Whether a `(` is followed somewhere by a `)`, as `AT_WORD` and `PAREN`
/// need: most addresses have none, and those regexes are not compiled.
fn has_paren_pair(s: &str) -> bool {
    s.find('(').is_some_and(|open| s[open..].contains(')'))
}

/// Python's `str.strip()`.
fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// `s[:255]` on characters.
fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

/// Splits an address value into (name, email) with the §6.1 patterns, no
/// validation. The last pattern, `(.*)`, stops at a line break (Python's
/// `.`), which only a stored, folded value (§15) has.
pub fn split_address(clean: &str) -> (Option<String>, String) {
    let whole = || (None, clean.split('\n').next().unwrap_or("").to_owned());
    if let Some((name, email)) = angle(clean) {
        return (Some(name.to_owned()), email.to_owned());
    }
    if !has_paren_pair(clean) {
        return whole();
    }
    if let Some(c) = AT_WORD.captures(clean) {
        return (Some(c[3].to_owned()), format!("{}@{}", &c[1], &c[2]));
    }
    if let Some(c) = PAREN.captures(clean) {
        return (Some(c[2].to_owned()), c[1].to_owned());
    }
    whole()
}

/// The §6.1 check. ASCII addresses (nearly all) are checked by hand, so a
/// pipe delivery need not compile the Unicode regex; others use it.
fn is_valid_email(email: &str) -> bool {
    if !email.is_ascii() {
        return VALID_EMAIL.is_match(email);
    }
    let email = email.strip_suffix('\n').unwrap_or(email);
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let atom = |c: char| c.is_ascii_alphanumeric() || "_!#$%&\"*+/=?^`{|}~-".contains(c);
    let label = |l: &str| {
        let b = l.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    };
    let labels: Vec<&str> = domain.split('.').collect();
    local
        .split('.')
        .all(|part| !part.is_empty() && part.chars().all(atom))
        && labels.len() >= 2
        && labels.iter().all(|l| label(l))
}

/// `split_from_header`: the split plus validation (`None` email = invalid).
/// The mbox export (§15) applies it to stored `From` values.
pub fn split_validated(clean: &str) -> (Option<String>, Option<String>) {
    let (name, email) = split_address(clean);
    let email = is_valid_email(&email).then_some(email);
    (name, email)
}

/// §6.1: parse and validate a cleaned `From` value (`None` = absent/empty header).
pub fn parse_from(clean: Option<&str>) -> Result<Sender, SenderError> {
    let clean = clean
        .filter(|c| !c.is_empty())
        .ok_or(SenderError::InvalidFrom)?;
    let (name, email) = split_validated(clean);
    let email = email.ok_or(SenderError::InvalidFrom)?;
    Ok(Sender {
        name: name.map(|n| truncate_chars(py_strip(&n), 255)),
        email: truncate_chars(py_strip(&email), 255),
    })
}

/// The headers §6.2 consults, already cleaned.
#[derive(Debug, Clone, Default)]
pub struct DmarcHeaders<'a> {
    pub x_original_from: Option<&'a str>,
    pub reply_to: Vec<&'a str>,
    pub cc: Vec<&'a str>,
}

/// `name[:name.rfind(marker)].strip().strip("'")`.
fn before_last(name: &str, marker: &str) -> Option<String> {
    name.rfind(marker)
        .map(|i| py_strip(&name[..i]).trim_matches('\'').to_owned())
}

/// §6.2: when `sender.email` is the list address, recover the real sender.
pub fn unmangle(
    sender: Sender,
    list_email: &str,
    headers: &DmarcHeaders<'_>,
) -> Result<Sender, SenderError> {
    // Python's `str.lower()` on both sides.
    if sender.email.to_lowercase() != list_email.to_lowercase() {
        return Ok(sender);
    }
    let Some(name) = sender.name.as_deref() else {
        // `None.endswith(' via')` in `get_original_sender`.
        return Err(SenderError::Internal(
            "'NoneType' object has no attribute 'endswith'".to_owned(),
        ));
    };
    let stripped = if name.contains(" via ") {
        before_last(name, " via ")
    } else if name.ends_with(" via") {
        before_last(name, " via")
    } else {
        None
    };

    if let Some(original) = headers.x_original_from.filter(|v| !v.is_empty()) {
        // `split_from_header(...)[1].strip()` on an invalid address is `None.strip()`.
        let email = split_validated(original).1.ok_or_else(|| {
            SenderError::Internal("'NoneType' object has no attribute 'strip'".to_owned())
        })?;
        return Ok(Sender {
            name: stripped,
            email: truncate_chars(py_strip(&email), 255),
        });
    }

    for header in headers.reply_to.iter().chain(&headers.cc) {
        for piece in header.split(',') {
            let (piece_name, piece_email) = split_validated(piece);
            let piece_name = piece_name.map(|n| truncate_chars(py_strip(&n), 255));
            if piece_name == stripped {
                // An invalid address here makes Patchwork look for and then
                // create a Person whose email is NULL, which the database refuses.
                let email = piece_email.ok_or_else(|| {
                    SenderError::Internal(
                        "NOT NULL constraint failed: patchwork_person.email".to_owned(),
                    )
                })?;
                return Ok(Sender {
                    name: stripped,
                    email: truncate_chars(py_strip(&email), 255),
                });
            }
        }
    }
    Ok(sender)
}

/// [`unmangle`] with the `dmarc-bare-list-address` fix: where Patchwork
/// fails on the list's own address (no display name, an unparsable
/// `X-Original-From`, an unusable `Reply-To`/`Cc`), the mail is kept and
/// submitted by the first `Reply-To` address that is not the list's (with
/// its name), else by the `From` address itself.
pub fn unmangle_or_keep(sender: Sender, list_email: &str, headers: &DmarcHeaders<'_>) -> Sender {
    match unmangle(sender.clone(), list_email, headers) {
        Ok(found) => found,
        Err(_) => headers
            .reply_to
            .iter()
            .flat_map(|h| h.split(','))
            .filter_map(|piece| match split_validated(piece) {
                (name, Some(email)) => Some(Sender {
                    name: name.map(|n| truncate_chars(py_strip(&n), 255)),
                    email: truncate_chars(py_strip(&email), 255),
                }),
                _ => None,
            })
            .find(|s| !s.email.eq_ignore_ascii_case(list_email))
            .unwrap_or(sender),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::py_text::{AWKWARD_CHARS, awkward_strings};

    /// `angle` and the `has_paren_pair` shortcut against the regexes.
    #[test]
    fn matchers_agree_with_regexes() {
        let angle_re = Regex::new(&format!(r#"^"?(.*?)"?{WS}*<([^>]+)>"#)).unwrap();
        let mut pieces = vec!["\"", "<", ">", "<a@b>", "(", ")", " at ", "at", "x", "\"\""];
        pieces.extend_from_slice(AWKWARD_CHARS);
        let mut matched = 0;
        for s in awkward_strings(&pieces, 10, 60_000) {
            let want = angle_re
                .captures(&s)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            assert_eq!(angle(&s), want, "{s:?}");
            matched += usize::from(want.is_some());
            if !has_paren_pair(&s) {
                assert!(!AT_WORD.is_match(&s) && !PAREN.is_match(&s), "{s:?}");
            }
        }
        assert!(matched > 1000, "{matched}");
        assert_eq!(angle("\"a\" <b>"), Some(("a", "b")));
        assert_eq!(angle("\"\"<b>"), Some(("", "b")));
        assert_eq!(angle("a\n <b>"), Some(("a", "b")));
        assert_eq!(angle("a\nb <c>"), None);
        assert_eq!(angle("a <> <b>"), Some(("a <>", "b")));
        assert_eq!(angle("a \u{2028}\n<b\nc>"), Some(("a", "b\nc")));
    }

    fn s(name: Option<&str>, email: &str) -> Sender {
        Sender {
            name: name.map(str::to_owned),
            email: email.to_owned(),
        }
    }

    #[test]
    fn splits_and_validates_from() {
        let cases: &[(Option<&str>, Result<Sender, SenderError>)] = &[
            (
                Some("Fabiano Rosas <farosas@suse.de>"),
                Ok(s(Some("Fabiano Rosas"), "farosas@suse.de")),
            ),
            (
                Some("\"Rev, Iewer\" <rev@example.com>"),
                Ok(s(Some("Rev, Iewer"), "rev@example.com")),
            ),
            (
                Some("<jane@example.com>"),
                Ok(s(Some(""), "jane@example.com")),
            ),
            (
                Some("Jane \"JD\" Doe <jd@example.com>"),
                Ok(s(Some("Jane \"JD\" Doe"), "jd@example.com")),
            ),
            (
                Some("jane at example.com (Jane Doe)"),
                Ok(s(Some("Jane Doe"), "jane@example.com")),
            ),
            (
                Some("jane@example.com (Jane Doe)"),
                Ok(s(Some("Jane Doe"), "jane@example.com")),
            ),
            (Some("jane@example.com"), Ok(s(None, "jane@example.com"))),
            (
                Some("J\u{00f6}rg <j\u{00f6}rg@example.com>"),
                Ok(s(Some("J\u{00f6}rg"), "j\u{00f6}rg@example.com")),
            ),
            (Some("Jane <jane@localhost>"), Err(SenderError::InvalidFrom)),
            (
                Some("Jane <jane@ex\u{00e4}mple.com>"),
                Err(SenderError::InvalidFrom),
            ),
            (Some("Jane Doe"), Err(SenderError::InvalidFrom)),
            (Some("<a b@example.com>"), Err(SenderError::InvalidFrom)),
            (Some(""), Err(SenderError::InvalidFrom)),
            (None, Err(SenderError::InvalidFrom)),
        ];
        for (input, want) in cases {
            assert_eq!(&parse_from(*input), want, "{input:?}");
        }
    }

    #[test]
    fn truncates_to_255_characters() {
        let name = "\u{00e9}".repeat(300);
        let local = "a".repeat(300);
        let got = parse_from(Some(&format!("{name} <{local}@example.com>"))).unwrap();
        assert_eq!(got.name.unwrap().chars().count(), 255);
        assert_eq!(got.email, "a".repeat(255));
    }

    #[test]
    fn split_without_validation() {
        let cases: &[(&str, (Option<&str>, &str))] = &[
            ("Foo <not an address>", (Some("Foo"), "not an address")),
            ("plain words", (None, "plain words")),
            (" x at y (z)", (Some("z"), " x@y")),
            // A folded stored value: `(.*)` ends at the line break.
            ("list@example.org\n foo (bar", (None, "list@example.org")),
        ];
        for (input, (name, email)) in cases {
            assert_eq!(
                split_address(input),
                (name.map(str::to_owned), email.to_string()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn unmangles_dmarc_senders() {
        let list = "qemu-devel@nongnu.org";
        let via = || s(Some("Real Person via Qemu-devel"), "qemu-devel@nongnu.org");
        let cases: Vec<(Sender, DmarcHeaders<'static>, Result<Sender, SenderError>)> = vec![
            // Mailman: Reply-To carries the sender.
            (
                via(),
                DmarcHeaders {
                    reply_to: vec!["Real Person <real@example.com>"],
                    ..Default::default()
                },
                Ok(s(Some("Real Person"), "real@example.com")),
            ),
            // Matching in Cc, after a non-matching Reply-To; list in one header.
            (
                via(),
                DmarcHeaders {
                    reply_to: vec!["Qemu <qemu-devel@nongnu.org>"],
                    cc: vec!["Other <o@example.com>, Real Person <real@example.com>"],
                    ..Default::default()
                },
                Ok(s(Some("Real Person"), "real@example.com")),
            ),
            // Google Groups: quoted name and X-Original-From.
            (
                s(Some("'Real Person' via Group"), "QEMU-DEVEL@nongnu.org"),
                DmarcHeaders {
                    x_original_from: Some("Real Person <real@example.com>"),
                    ..Default::default()
                },
                Ok(s(Some("Real Person"), "real@example.com")),
            ),
            // Name ending in " via".
            (
                s(Some("Real Person via"), list),
                DmarcHeaders {
                    reply_to: vec!["Real Person <real@example.com>"],
                    ..Default::default()
                },
                Ok(s(Some("Real Person"), "real@example.com")),
            ),
            // No match: unchanged.
            (
                via(),
                DmarcHeaders {
                    reply_to: vec!["Someone Else <else@example.com>"],
                    ..Default::default()
                },
                Ok(via()),
            ),
            // No " via": stripped name is None, so a bare address matches.
            (
                s(Some("Qemu"), list),
                DmarcHeaders {
                    cc: vec!["Named <n@example.com>,bare@example.com"],
                    ..Default::default()
                },
                Ok(s(None, "bare@example.com")),
            ),
            // ... but with the usual ", " the piece " bare@…" is no valid
            // address: Patchwork goes on with a NULL email and the DB refuses it.
            (
                s(Some("Qemu"), list),
                DmarcHeaders {
                    cc: vec!["Named <n@example.com>, bare@example.com"],
                    ..Default::default()
                },
                Err(SenderError::Internal(
                    "NOT NULL constraint failed: patchwork_person.email".into(),
                )),
            ),
            // `if original_from:` an empty X-Original-From is none: Reply-To counts.
            (
                via(),
                DmarcHeaders {
                    x_original_from: Some(""),
                    reply_to: vec!["Real Person <real@example.com>"],
                    ..Default::default()
                },
                Ok(s(Some("Real Person"), "real@example.com")),
            ),
            // X-Original-From with no stripped name.
            (
                s(Some(""), list),
                DmarcHeaders {
                    x_original_from: Some("x@example.com"),
                    ..Default::default()
                },
                Ok(s(None, "x@example.com")),
            ),
            // Bugs: bare list address, invalid X-Original-From.
            (
                s(None, list),
                DmarcHeaders::default(),
                Err(SenderError::Internal(
                    "'NoneType' object has no attribute 'endswith'".into(),
                )),
            ),
            (
                via(),
                DmarcHeaders {
                    x_original_from: Some("nonsense"),
                    ..Default::default()
                },
                Err(SenderError::Internal(
                    "'NoneType' object has no attribute 'strip'".into(),
                )),
            ),
            // Not the list address: untouched, even without a name.
            (
                s(None, "a@example.com"),
                DmarcHeaders::default(),
                Ok(s(None, "a@example.com")),
            ),
        ];
        for (sender, headers, want) in cases {
            assert_eq!(
                unmangle(sender.clone(), list, &headers),
                want,
                "{sender:?} {headers:?}"
            );
        }
    }
}
