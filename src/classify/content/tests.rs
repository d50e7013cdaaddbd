use super::*;

fn plain(text: &str) -> TextPart {
    TextPart {
        text: text.to_string(),
        subtype: "plain".to_string(),
    }
}

const GIT_PATCH: &str = "Fix the thing.\n\nSigned-off-by: A <a@x>\n---\n foo.c | 2 +-\n\ndiff --git a/foo.c b/foo.c\nindex 1..2 100644\n--- a/foo.c\n+++ b/foo.c\n@@ -1,2 +1,2 @@\n-old\n+new\n ctx\n-- \n2.40.0\n\n";

#[test]
fn split_diff_table() {
    let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "git format-patch",
            GIT_PATCH,
            Some(
                "diff --git a/foo.c b/foo.c\nindex 1..2 100644\n--- a/foo.c\n+++ b/foo.c\n@@ -1,2 +1,2 @@\n-old\n+new\n ctx\n",
            ),
            Some(
                "Fix the thing.\n\nSigned-off-by: A <a@x>\n---\n foo.c | 2 +-\n\n-- \n2.40.0\n\n\n",
            ),
        ),
        (
            "plain unified diff",
            "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n",
            Some("--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"),
            Some("\n"),
        ),
        (
            "Index: style",
            "Index: f.c\n===================================================================\n--- f.c\t(rev 1)\n+++ f.c\t(working copy)\n@@ -1 +1 @@\n-a\n+b\n",
            Some(
                "Index: f.c\n===================================================================\n--- f.c\t(rev 1)\n+++ f.c\t(working copy)\n@@ -1 +1 @@\n-a\n+b\n",
            ),
            Some("\n"),
        ),
        (
            "diff line in the commit message swallows the message",
            "Title\ndiff between v1 and v2: none\nSigned-off-by: A\n---\ndiff --git a/f b/f\nindex 1..2\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n",
            Some(
                "diff between v1 and v2: none\nSigned-off-by: A\n---\ndiff --git a/f b/f\nindex 1..2\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n",
            ),
            Some("Title\n\n"),
        ),
        (
            "short hunk swallows the signature",
            "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n-a\n+b\n-- \nsig\n",
            Some("--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n-a\n+b\n-- \nsig\n\n"),
            None,
        ),
        (
            "--- without space is text; no diff at all",
            "Hello\n---\n f | 1 +\n",
            None,
            Some("Hello\n---\n f | 1 +\n\n"),
        ),
        (
            "--- not followed by +++ goes back to the comment",
            "--- a/f\nnot a diff\n",
            None,
            Some("--- a/f\nnot a diff\n\n"),
        ),
        (
            "binary then text file: next headers go to the comment",
            "diff --git a/b.bin b/b.bin\nnew file mode 100644\nindex 0000000..1111111\nGIT binary patch\nliteral 1\nIcmZ?\n\ndiff --git a/t.c b/t.c\nnew file mode 100644\nindex 0000000..f5f929a\n--- /dev/null\n+++ b/t.c\n@@ -0,0 +1 @@\n+x\n",
            Some(
                "diff --git a/b.bin b/b.bin\nnew file mode 100644\nindex 0000000..1111111\nGIT binary patch\nliteral 1\nIcmZ?\n\ndiff --git a/t.c b/t.c\n--- /dev/null\n+++ b/t.c\n@@ -0,0 +1 @@\n+x\n",
            ),
            Some("new file mode 100644\nindex 0000000..f5f929a\n\n"),
        ),
        (
            "text between two file diffs belongs to the diff",
            "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\nbetween\ndiff --git a/g b/g\n--- a/g\n+++ b/g\n@@ -1 +1 @@\n-c\n+d\n",
            Some(
                "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\nbetween\ndiff --git a/g b/g\n--- a/g\n+++ b/g\n@@ -1 +1 @@\n-c\n+d\n",
            ),
            Some("\n"),
        ),
        (
            "no newline marker",
            "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n",
            Some(
                "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n",
            ),
            Some("\n"),
        ),
        ("empty text", "", None, Some("\n")),
    ];
    for (name, text, diff, comment) in cases {
        let (d, c) = split_diff(text, Fixes::NONE);
        assert_eq!(d.as_deref(), *diff, "{name}: diff");
        assert_eq!(c.as_deref(), *comment, "{name}: comment");
    }
}

#[test]
fn clean_content_table() {
    let cases: &[(&str, &str)] = &[
        ("  body\n-- \nsig\n", "body"),
        ("body\n-- \r\nsig\r\n", "body\n-- \r\nsig"),
        ("a\n____\nfooter\nmore\n", "a"),
        ("a\n___x\nb\n", "a\n___x\nb"),
        ("a\n--\nb", "a\n--\nb"),
        ("\u{1c}a\u{a0}\n", "a"),
    ];
    for (input, want) in cases {
        assert_eq!(clean_content(input), *want, "{input:?}");
    }
}

#[test]
fn patch_content_table() {
    let attach = TextPart {
        text: "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n-- \n2.1\n".to_string(),
        subtype: "x-patch".to_string(),
    };
    let html = TextPart {
        text: "<p>hi</p>".to_string(),
        subtype: "html".to_string(),
    };
    let cases: Vec<(&str, Vec<TextPart>, Option<&str>, &str)> = vec![
        (
            "git patch",
            vec![plain(GIT_PATCH)],
            Some(
                "diff --git a/foo.c b/foo.c\nindex 1..2 100644\n--- a/foo.c\n+++ b/foo.c\n@@ -1,2 +1,2 @@\n-old\n+new\n ctx\n",
            ),
            "Fix the thing.\n\nSigned-off-by: A <a@x>\n---\n foo.c | 2 +-",
        ),
        (
            "x-patch attachment kept whole",
            vec![plain("Intro\n"), attach.clone()],
            Some(attach.text.as_str()),
            "Intro",
        ),
        (
            "plain after a diff is all comment",
            vec![
                attach.clone(),
                plain("--- a/g\n+++ b/g\n@@ -1 +1 @@\n-a\n+b\n"),
            ],
            Some(attach.text.as_str()),
            "--- a/g\n+++ b/g\n@@ -1 +1 @@\n-a\n+b",
        ),
        ("html ignored", vec![html.clone()], None, ""),
        (
            "crlf: signature kept, content LF, diff CRLF",
            vec![plain("Text\r\n-- \r\nsig\r\n")],
            None,
            "Text\n-- \nsig",
        ),
        (
            "two parts",
            vec![plain("one\n\n"), plain("  two  ")],
            None,
            "one\ntwo",
        ),
    ];
    for (name, parts, diff, content) in cases {
        let (d, c) = patch_content(&parts, Fixes::NONE);
        assert_eq!(d.as_deref(), diff, "{name}: diff");
        assert_eq!(c, content, "{name}: content");
    }
    let (d, _) = patch_content(
        &[plain("--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n")],
        Fixes::NONE,
    );
    assert_eq!(
        d.as_deref(),
        Some("--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n")
    );
}

/// §8.2 `if not patchbuf` and `if c is not None`: an empty attachment is no
/// diff (a later plain part is still split), and an empty plain part after
/// the diff still adds its line break.
#[test]
fn empty_parts_in_patch_mails() {
    let empty = TextPart {
        text: String::new(),
        subtype: "x-diff".to_string(),
    };
    let inline = "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n";
    let cases: Vec<(&str, Vec<TextPart>, Option<&str>, &str)> = vec![
        (
            "empty attachment last: empty diff",
            vec![plain("Text\n"), empty.clone()],
            Some(""),
            "Text",
        ),
        (
            "empty attachment first: the plain part is split",
            vec![empty.clone(), plain(&format!("Text\n{inline}"))],
            Some(inline),
            "Text",
        ),
        (
            "empty attachment, no inline diff: none",
            vec![empty.clone(), plain("Text\n")],
            None,
            "Text",
        ),
        (
            "empty plain after the diff adds a blank line",
            vec![plain(&format!("a\n{inline}")), plain(""), plain("b")],
            Some(inline),
            "a\n\nb",
        ),
        ("nothing at all", vec![plain(""), empty], Some(""), ""),
    ];
    for (name, parts, diff, content) in cases {
        let (d, c) = patch_content(&parts, Fixes::NONE);
        assert_eq!(d.as_deref(), diff, "{name}: diff");
        assert_eq!(c, content, "{name}: content");
    }
}

#[test]
fn comment_content_table() {
    let html = TextPart {
        text: "<p>hi</p>".to_string(),
        subtype: "html".to_string(),
    };
    let cases: Vec<(Vec<TextPart>, &str)> = vec![
        (
            vec![plain("> quoted\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n")],
            "> quoted\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b",
        ),
        // `if not payload: continue` skips only an empty part (§8.4).
        (vec![plain(""), plain("x\n"), html, plain("y")], "x\ny"),
        (vec![plain("x"), plain(" \n"), plain("y")], "x\n\ny"),
        (
            vec![plain("Reviewed-by: R\n\n_______________\nlist footer\n")],
            "Reviewed-by: R",
        ),
    ];
    for (parts, want) in cases {
        assert_eq!(comment_content(&parts), want);
    }
}

#[test]
fn unicode_hunk_counts() {
    let counts = hunk_header("@@ -1,\u{663} +1,0012 @@").expect("matches");
    assert_eq!(hunk_count(counts.old), 3);
    assert_eq!(hunk_count_text(counts.new), "12");
    assert_eq!(hunk_count(None), 1);
}

/// `hunk_header` and `signature_start` against the regexes they replaced.
#[test]
fn matchers_agree_with_regexes() {
    use crate::mail::py_text::{AWKWARD_CHARS, awkward_strings};
    let hunk = regex::Regex::new(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@").unwrap();
    let signature = regex::Regex::new(r"(?m)^(?:-- |_+)\n").unwrap();
    let mut pieces = vec![
        "@@ -", " +", " @@", "@@", "-", "+", ",", "1", "07", "\u{663}", "\u{ff11}", "-- ", "--",
        "_", "__", " ", "\n", "\r\n", "x",
    ];
    pieces.extend_from_slice(AWKWARD_CHARS);
    // Hunk headers built slot by slot, so that many of them match.
    let counts = [
        "",
        "1",
        "\u{663}",
        "12",
        "x",
        "1,",
        "1,3",
        "0,\u{b2}",
        "1,\u{ff11}0",
    ];
    let mut headers = Vec::new();
    for old in counts {
        for plus in [" +", "+", " + "] {
            for new in counts {
                for end in [" @@", "@@", " @@x", ""] {
                    headers.push(format!("@@ -{old}{plus}{new}{end}"));
                }
            }
        }
    }
    let mut matched = [0; 2];
    for s in awkward_strings(&pieces, 9, 80_000)
        .into_iter()
        .chain(headers)
    {
        let want = hunk.captures(&s).map(|c| HunkCounts {
            old: c.get(1).map(|m| m.as_str()),
            new: c.get(2).map(|m| m.as_str()),
        });
        assert_eq!(hunk_header(&s), want, "{s:?}");
        matched[0] += usize::from(want.is_some());
        let want = signature.find(&s).map(|m| m.start());
        assert_eq!(signature_start(&s), want, "{s:?}");
        matched[1] += usize::from(want.is_some());
    }
    assert!(matched.iter().all(|&m| m > 30), "{matched:?}");
}
