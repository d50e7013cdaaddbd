//! Recognising an mbox envelope line (`From sender date`) that cannot be
//! body text, for the `--format auto` reading of mbox input
//! ([`super::mbox::Separators::Envelopes`]).
//!
//! A real envelope line, as MTAs (postfix `pipe` with `F`, procmail),
//! Python's `mailbox`, mutt, pipermail and public-inbox write it, is
//! `From ` + a sender (one or more words: pipermail writes `jdoe at
//! example.com`) + an asctime(3) date (`Thu Jan  1 00:00:00 1970`),
//! possibly with a zone before or after the year and trailing words (UUCP's
//! `remote from host`). `git format-patch` writes `From <sha> Mon Sep 17
//! 00:00:00 2001`, a fixed date that is told apart because a patch pasted
//! into a mail carries it too. Some archivers write no date at all
//! (patchew: `From A`, `From nobody`); [`same_kind`] accepts those only in
//! input that starts with one.

/// What kind of envelope line a `From ` line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// A sender and an asctime date.
    Real,
    /// git format-patch's line: the date is exactly `Mon Sep 17 00:00:00 2001`.
    GitFormatPatch,
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const GIT_DATE: [&str; 5] = ["Mon", "Sep", "17", "00:00:00", "2001"];

/// The kind of envelope `line` (with or without its line break) is, or
/// `None` when it is not `From ` + sender + asctime date.
pub fn envelope(line: &[u8]) -> Option<Envelope> {
    let rest = line.strip_prefix(b"From ")?;
    let text = String::from_utf8_lossy(rest);
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    // The date's weekday, after at least one word of sender.
    let at = (1..words.len()).find(|&i| is_asctime(&words[i..]))?;
    if words[at..].starts_with(&GIT_DATE) {
        Some(Envelope::GitFormatPatch)
    } else {
        Some(Envelope::Real)
    }
}

/// Whether `line` separates messages in input whose first line is
/// `first`: a real envelope always; git's envelope when `first` is one; a
/// dateless `From ` line with as many words as a dateless `first`.
pub fn same_kind(first: &[u8], line: &[u8]) -> bool {
    match (envelope(first), envelope(line)) {
        (_, Some(Envelope::Real)) => true,
        (Some(Envelope::GitFormatPatch), Some(Envelope::GitFormatPatch)) => true,
        (None, None) => words(first) == words(line),
        _ => false,
    }
}

fn words(line: &[u8]) -> usize {
    line.split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .count()
}

/// `Www Mmm d hh:mm[:ss]`, then a four-digit year within the next two
/// words (a zone may come first).
fn is_asctime(words: &[&str]) -> bool {
    let [weekday, month, day, time, rest @ ..] = words else {
        return false;
    };
    WEEKDAYS.contains(weekday)
        && MONTHS.contains(month)
        && day.len() <= 2
        && day.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
        && is_time(time)
        && rest.iter().take(2).any(|w| is_year(w))
}

fn is_time(word: &str) -> bool {
    let parts: Vec<&str> = word.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_envelopes() {
        let cases: &[(&str, Option<Envelope>)] = &[
            (
                "From MAILER-DAEMON Thu Nov 29 18:40:52 2026\n",
                Some(Envelope::Real),
            ),
            (
                "From mboxrd@z Thu Jan  1 00:00:00 1970\n",
                Some(Envelope::Real),
            ),
            (
                "From ann@example.org  Tue Jul  1 10:52:37 2003\r\n",
                Some(Envelope::Real),
            ),
            (
                "From jdoe at example.com  Mon Jan  5 10:00:00 2004\n",
                Some(Envelope::Real),
            ),
            (
                "From a@b Mon Jan 5 10:00 PST 2004 remote from x\n",
                Some(Envelope::Real),
            ),
            (
                "From a@b Mon Jan 5 10:00:00 2004 +0100\n",
                Some(Envelope::Real),
            ),
            (
                "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n",
                Some(Envelope::GitFormatPatch),
            ),
            ("From the report of Bob: it fails\n", None),
            ("From Mon Jan  5 10:00:00 2004\n", None),
            ("From a@b Mon Jan 32 10:00:00 2004\n", None),
            ("From a@b Mon Jan 5 10:00:00\n", None),
            ("From a@b Mon Jan 5 yesterday 2004\n", None),
            ("From: a@b Mon Jan 5 10:00:00 2004\n", None),
            ("From\n", None),
        ];
        for (line, want) in cases {
            assert_eq!(envelope(line.as_bytes()), *want, "{line:?}");
        }
        let latin1 = b"From j\xf6rg@b Mon Jan 5 10:00:00 2004\n";
        assert_eq!(envelope(latin1), Some(Envelope::Real));
    }

    #[test]
    fn separators_of_the_first_lines_kind() {
        let real = b"From a@b Thu Jan  1 00:00:00 1970\n".as_slice();
        let git = b"From 0123abcd Mon Sep 17 00:00:00 2001\n".as_slice();
        let cases: &[(&[u8], &[u8], bool)] = &[
            (real, real, true),
            (real, git, false),
            (real, b"From A\n", false),
            (git, git, true),
            (git, real, true),
            (b"From A\n", b"From B\n", true),
            (b"From A\n", real, true),
            (b"From A\n", b"From the report\n", false),
            (b"From A\n", git, false),
        ];
        for (first, line, want) in cases {
            assert_eq!(same_kind(first, line), *want, "{first:?} {line:?}");
        }
    }
}
