//! Patchwork's mbox downloads (spec §15): `/project/<p>/patch/<msgid>/mbox/`
//! (and `?series=*`), `/project/<p>/cover/<msgid>/mbox/` and
//! `/series/<id>/mbox/`, byte for byte as Patchwork 3.2.1 serves them.
//!
//! Pure: callers hand in plain fields ([`Submission`]) or model records
//! (`texts.rs`), never a store. `body.rs` assembles the body, `headers.rs`
//! the header section; this file writes the message the way Python's
//! `BytesGenerator` does (`mangle_from_=False`).

pub mod body;
pub mod headers;
pub mod texts;

use chrono::NaiveDateTime;

use headers::HeaderInput;

/// One patch or cover letter, as the mbox renderer needs it.
#[derive(Debug, Clone, Default)]
pub struct Submission<'a> {
    /// The patch (or cover) id, written as `X-Patchwork-Id`.
    pub id: i64,
    /// When it was sent (UTC, naive).
    pub date: NaiveDateTime,
    /// The stored header block (§4.5).
    pub headers: &'a str,
    pub content: &'a str,
    /// The patch's diff; `None` for covers.
    pub diff: Option<&'a str>,
    pub submitter_name: Option<&'a str>,
    pub submitter_email: &'a str,
    /// The delegate's e-mail address (patches with a delegate only).
    pub delegate: Option<&'a str>,
    /// The project's list address (the DMARC rule of §15 step 5).
    pub list_email: &'a str,
    /// The contents of its comments, in date order.
    pub comments: Vec<&'a str>,
}

/// Line endings as Python's generator writes a payload: `\r\n` and a lone
/// `\r` become `\n`.
fn unix_lines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// §15: one submission as a one-message mbox: the envelope line
/// `From patchwork <ctime>`, the folded header section, a blank line and
/// the body. Lines starting `From ` in the body are written as they are
/// (Patchwork's generator does not mangle them, whatever §15 step 6 says).
pub fn render(s: &Submission) -> String {
    let body = body::body(s.content, s.comments.iter().copied(), s.diff);
    let section = headers::section(&HeaderInput {
        id: s.id,
        date: s.date,
        stored: s.headers,
        submitter_name: s.submitter_name,
        submitter_email: s.submitter_email,
        delegate: s.delegate,
        list_email: s.list_email,
        eight_bit: !body.is_ascii(),
    });
    format!(
        "From patchwork {}\n{section}\n{}",
        headers::ctime(s.date),
        unix_lines(&body)
    )
}

/// Several one-message mboxes ([`render`] texts) as one download
/// (`'\n'.join(…)`): a series, or a patch after the lower-numbered patches
/// of its series.
pub fn join<T: AsRef<str>>(texts: impl IntoIterator<Item = T>) -> String {
    let mut out = String::new();
    for (i, text) in texts.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(text.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submission<'a>(content: &'a str, diff: Option<&'a str>) -> Submission<'a> {
        Submission {
            id: 7,
            date: chrono::NaiveDate::from_ymd_opt(2020, 3, 4)
                .unwrap()
                .and_hms_micro_opt(5, 6, 7, 890)
                .unwrap(),
            headers: "From: Dev <dev@example.net>\nSubject: [PATCH] x",
            content,
            diff,
            submitter_name: Some("Dev"),
            submitter_email: "dev@example.net",
            delegate: None,
            list_email: "list@example.net",
            comments: vec![],
        }
    }

    #[test]
    fn a_message_is_envelope_headers_blank_line_body() {
        let text = render(&submission("Body\r\nline\rtwo", Some("From here\n")));
        assert_eq!(
            text,
            "From patchwork Wed Mar  4 05:06:07 2020\n\
             Content-Type: text/plain; charset=\"utf-8\"\n\
             MIME-Version: 1.0\n\
             Content-Transfer-Encoding: 7bit\n\
             X-Patchwork-Submitter: Dev <dev@example.net>\n\
             X-Patchwork-Id: 7\n\
             From: Dev <dev@example.net>\n\
             Subject: [PATCH] x\n\
             Date: Wed, 04 Mar 2020 05:06:07 -0000\n\
             \n\
             Body\nline\ntwo\n\nFrom here\n"
        );
    }

    #[test]
    fn non_ascii_bodies_are_8bit_and_downloads_join_with_a_newline() {
        let one = submission("Grüße", None);
        let two = submission("plain", None);
        let text = join([render(&one), render(&two)]);
        assert!(text.contains("Content-Transfer-Encoding: 8bit\n"));
        assert!(text.contains("Grüße\n\nFrom patchwork "));
        assert_eq!(text.matches("Content-Transfer-Encoding: 7bit").count(), 1);
    }
}
