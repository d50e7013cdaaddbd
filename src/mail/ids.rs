//! Identifiers taken from headers: the Message-ID (spec §1.3, Patchwork's
//! `find_message_id`), the reference list (§10.1, `find_references`) and the
//! list id used for project lookup (§2.2, the extraction half of
//! `find_project`).

use super::py_text::is_py_space;

/// Every match of `<[^>]+>` (`_msgid_re`), left to right, non-overlapping;
/// hand-written (hot on every mail). A `<` followed directly by `>` does
/// not start a match; `[^>]` may include `<`.
fn msgids(value: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(i) = value[at..].find('<').map(|i| at + i) {
            match value[i + 1..].find('>') {
                Some(0) => at = i + 1,
                Some(len) => {
                    at = i + 1 + len + 1;
                    return Some(&value[i..at]);
                }
                None => return None,
            }
        }
        None
    })
}

/// `.*<([^>]+)>.*` with `re.S`: greedy, so the last `<` that is followed
/// by a non-empty run before a `>` wins. Returns the text inside.
fn last_bracketed(value: &str) -> Option<&str> {
    value.match_indices('<').rev().find_map(|(i, _)| {
        let rest = &value[i + 1..];
        rest.find('>')
            .filter(|&len| len > 0)
            .map(|len| &rest[..len])
    })
}
/// `^([\S]+)$` with `re.S` (Python's `\S` excludes U+001C..U+001F too; its
/// `$` also matches before a final newline): the value without that newline,
/// if it is not empty and has no blank.
fn bare_list_id(value: &str) -> Option<&str> {
    let id = value.strip_suffix('\n').unwrap_or(value);
    (!id.is_empty() && !id.contains(is_py_space)).then_some(id)
}

/// Python's `str.strip()`.
fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// `s[:255]` on characters.
fn truncate_255(s: &str) -> String {
    match s.char_indices().nth(255) {
        Some((i, _)) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

/// The first `<…>` of a value, else the whole value stripped.
fn first_msgid(clean: &str) -> &str {
    msgids(clean).next().unwrap_or_else(|| py_strip(clean))
}

/// §1.3: the stored msgid from a cleaned, non-empty `Message-Id` value.
pub fn message_id(clean: &str) -> String {
    truncate_255(first_msgid(clean))
}

/// §10.1: refs from the cleaned values of every `In-Reply-To` and every `References` header.
/// Refs are returned whole; callers truncate them to 255 characters for lookups.
pub fn references(in_reply_to: &[String], references: &[String]) -> Vec<String> {
    let mut refs: Vec<String> = in_reply_to
        .iter()
        .filter(|h| !h.is_empty())
        .map(|h| first_msgid(h).to_owned())
        .collect();
    // Seen ids in a set: a References header of 100,000 ids stays linear.
    let mut seen: std::collections::HashSet<String> = refs.iter().cloned().collect();
    for header in references.iter().filter(|h| !h.is_empty()) {
        let ids: Vec<&str> = msgids(header).collect();
        for id in ids.into_iter().rev() {
            if seen.insert(id.to_owned()) {
                refs.push(id.to_owned());
            }
        }
    }
    refs
}

/// §2.2: the list id in a cleaned `List-Id`/`X-Mailing-List`/`X-list` value.
pub fn list_id(clean: &str) -> Option<String> {
    if clean.is_empty() {
        return None;
    }
    last_bracketed(clean)
        .or_else(|| bare_list_id(clean))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_list_id_agrees_with_regex() {
        use crate::mail::py_text::{AWKWARD_CHARS, awkward_strings};
        let re = regex::Regex::new(r"^([^\s\x1C-\x1F]+)\n?$").unwrap();
        let mut pieces = vec!["a", "list.example.org", "<", ">", "\u{e9}"];
        pieces.extend_from_slice(AWKWARD_CHARS);
        let mut matched = 0;
        for s in awkward_strings(&pieces, 5, 20_000) {
            let want = re.captures(&s).map(|c| c.get(1).unwrap().as_str());
            assert_eq!(bare_list_id(&s), want, "{s:?}");
            matched += usize::from(want.is_some());
        }
        assert!(matched > 200, "{matched}");
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn message_ids() {
        let long = format!("<{}>", "x".repeat(300));
        let cases: &[(&str, String)] = &[
            (
                "<20260213071042.3733239-6-lulu@redhat.com>",
                "<20260213071042.3733239-6-lulu@redhat.com>".into(),
            ),
            ("junk <a@b> <c@d>", "<a@b>".into()),
            ("no-brackets@example.com", "no-brackets@example.com".into()),
            ("<\u{fffd}\u{fffd}@x>", "<\u{fffd}\u{fffd}@x>".into()),
            ("<>", "<>".into()),
            (&long, long[..255].to_owned()),
        ];
        for (input, want) in cases {
            assert_eq!(&message_id(input), want, "{input:?}");
        }
    }

    #[test]
    fn reference_lists() {
        let cases: &[(&[&str], &[&str], &[&str])] = &[
            (
                &["<p@x>"],
                &["<a@x> <b@x> <p@x>"],
                &["<p@x>", "<b@x>", "<a@x>"],
            ),
            (&["<p@x>", "<p@x>"], &[], &["<p@x>", "<p@x>"]),
            (&["bare-id@x (comment)"], &[], &["bare-id@x (comment)"]),
            (
                &["", "junk <q@x> <r@x>"],
                &["bare <s@x>", "<t@x>"],
                &["<q@x>", "<s@x>", "<t@x>"],
            ),
            (
                &[],
                &["<a@x> <b@x>", "<b@x> <c@x>"],
                &["<b@x>", "<a@x>", "<c@x>"],
            ),
            (&[], &["no brackets"], &[]),
        ];
        for (irt, refs, want) in cases {
            assert_eq!(
                references(&strings(irt), &strings(refs)),
                strings(want),
                "{irt:?} {refs:?}"
            );
        }
    }

    #[test]
    fn bracket_scans_match_the_regexes() {
        assert_eq!(
            msgids("a <> <<x> y <z>").collect::<Vec<_>>(),
            ["<<x>", "<z>"]
        );
        assert_eq!(msgids("<>").count(), 0);
        assert_eq!(last_bracketed("a <x> <> b"), Some("x"));
        assert_eq!(last_bracketed("<a<b> c"), Some("b"));
        assert_eq!(last_bracketed("<<>"), Some("<"));
    }

    #[test]
    fn list_ids() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "qemu development <qemu-devel.nongnu.org>",
                Some("qemu-devel.nongnu.org"),
            ),
            ("<a> and <b> and <c", Some("b")),
            (
                "linux-kernel@vger.kernel.org",
                Some("linux-kernel@vger.kernel.org"),
            ),
            ("Foo Bar", None),
            ("<>", Some("<>")),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(list_id(input), want.map(str::to_owned), "{input:?}");
        }
    }
}
