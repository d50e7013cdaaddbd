//! Unit tests of the §15 header section, on inputs written for them.

use chrono::NaiveDate;

use super::*;

fn input<'a>(stored: &'a str, name: Option<&'a str>) -> HeaderInput<'a> {
    HeaderInput {
        id: 42,
        date: NaiveDate::from_ymd_opt(2021, 11, 9)
            .unwrap()
            .and_hms_opt(8, 7, 6)
            .unwrap(),
        stored,
        submitter_name: name,
        submitter_email: "dev@example.net",
        delegate: None,
        list_email: "devel@lists.example.org",
        eight_bit: false,
    }
}

#[test]
fn names_are_quoted_or_encoded_like_formataddr() {
    let cases = [
        (None, "a@b.c"),
        (Some(""), "a@b.c"),
        (Some("Plain Name"), "Plain Name <a@b.c>"),
        (Some("Doe, Jane"), "\"Doe, Jane\" <a@b.c>"),
        (Some(r#"A "B" \ C"#), r#""A \"B\" \\ C" <a@b.c>"#),
        // Base64 when shorter (5 bytes: 8 characters against 9 in Q)…
        (Some("Jörg"), "=?utf-8?b?SsO2cmc=?= <a@b.c>"),
        // … else Q, one word however long.
        (
            Some("Zoë Quintero-Ramírez de la Fuente y Álvarez"),
            "=?utf-8?q?Zo=C3=AB_Quintero-Ram=C3=ADrez_de_la_Fuente_y_=C3=81lvarez?= <a@b.c>",
        ),
    ];
    for (name, want) in cases {
        assert_eq!(format_address(name, "a@b.c"), want, "{name:?}");
    }
}

#[test]
fn fields_fold_at_78_columns() {
    let long_to =
        "To: one@example.org, two@example.org, three@example.org, four@example.org, five@ex.org";
    let h = input(long_to, Some("Zoë Quintero-Ramírez"));
    let text = section(&h);
    assert!(
        text.contains(
            "X-Patchwork-Submitter: =?utf-8?q?Zo=C3=AB_Quintero-Ram=C3=ADrez?=\n <dev@example.net>\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "To: one@example.org, two@example.org, three@example.org, four@example.org,\n five@ex.org\n"
        ),
        "{text}"
    );
    // An unbreakable value starts on a line of its own.
    let word = "x".repeat(90);
    let text = section(&input(&format!("X-Long: {word}"), None));
    assert!(text.contains(&format!("X-Long: \n {word}\n")), "{text}");
}

#[test]
fn stored_folding_survives_unless_the_name_changes() {
    let stored = "From: \"Jane Doe via Devel\" <devel@lists.example.org>\nSubject: [PATCH] a subject that is long enough to need a fold,\n here";
    let text = section(&input(stored, Some("Jane Doe")));
    assert!(
        text.contains("Subject: [PATCH] a subject that is long enough to need a fold,\n here\n")
    );
    // The DMARC rewrite: the list's From moves under a longer name and refolds.
    let fields = fields(&input(stored, Some("Jane Doe")));
    let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "Content-Type",
            "MIME-Version",
            "Content-Transfer-Encoding",
            "X-Patchwork-Submitter",
            "X-Patchwork-Id",
            "X-Patchwork-Original-From",
            "From",
            "Subject",
            "Date"
        ]
    );
    assert_eq!(fields[6].1, "Jane Doe <dev@example.net>");
    assert_eq!(
        fields[5].1,
        "\"Jane Doe via Devel\" <devel@lists.example.org>"
    );
}

#[test]
fn patchwork_fields_replace_the_stored_ones_case_sensitively() {
    let stored = "Content-Type: text/plain; charset=latin1\nContent-Transfer-Encoding: quoted-printable\nContent-type: multipart/mixed\nMIME-Version: 1.0\ndate: Tue, 9 Nov 2021 09:07:06 +0100";
    let mut h = input(stored, None);
    h.delegate = Some("maint@example.net");
    h.eight_bit = true;
    let fields = fields(&h);
    let shown: Vec<String> = fields.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    assert_eq!(
        shown,
        [
            "Content-Type: text/plain; charset=\"utf-8\"",
            "MIME-Version: 1.0",
            "Content-Transfer-Encoding: 8bit",
            "X-Patchwork-Submitter: dev@example.net",
            "X-Patchwork-Id: 42",
            "X-Patchwork-Delegate: maint@example.net",
            "Content-type: multipart/mixed",
            "MIME-Version: 1.0",
            // A stored date in any case: none is generated.
            "date: Tue, 9 Nov 2021 09:07:06 +0100",
        ]
    );
}

#[test]
fn a_missing_date_is_generated_from_the_record() {
    let fields = fields(&input("Subject: x", None));
    assert_eq!(fields.last().unwrap().1, "Tue, 09 Nov 2021 08:07:06 -0000");
    assert_eq!(ctime(input("", None).date), "Tue Nov  9 08:07:06 2021");
}

#[test]
fn the_stored_block_reads_like_pythons_header_parser() {
    let block = "From mbox-line\nA: 1\n\tcont\nB:\n two\n:nameless\nC:  x \nnot a field\nD: lost";
    let fields = stored_fields(block);
    assert_eq!(
        fields,
        [
            ("A", "1\n\tcont".to_string()),
            ("B", "\n two".to_string()),
            ("C", "x ".to_string())
        ]
    );
    assert_eq!(stored_fields(""), []);
    assert_eq!(stored_fields("A: 1\nFrom x"), [("A", "1".to_string())]);
    assert_eq!(
        stored_fields("A: 1\nFrom x\nB: 2"),
        [("A", "1".to_string()), ("B", "2".to_string())]
    );
}
