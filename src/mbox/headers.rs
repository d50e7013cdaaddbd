//! The header section of one mbox message (spec §15 steps 5–6): the fields
//! Patchwork sets, the stored header block (§4.5) read back the way Python's
//! `HeaderParser` reads it, the DMARC `From` rewrite, the generated `Date`,
//! and every field folded as Python's compat32 generator folds a `str`.

use chrono::NaiveDateTime;

use crate::mail::address::split_validated;
use crate::mail::fold::{fold_str, utf8_word};

/// What the header section is built from.
pub struct HeaderInput<'a> {
    pub id: i64,
    pub date: NaiveDateTime,
    /// The stored header block (§4.5): `Name: value` lines joined by `\n`.
    pub stored: &'a str,
    pub submitter_name: Option<&'a str>,
    pub submitter_email: &'a str,
    /// The delegate's e-mail address (patches only).
    pub delegate: Option<&'a str>,
    /// The project's list address: a stored `From` with this address is
    /// the list's DMARC rewrite.
    pub list_email: &'a str,
    /// Whether the body has non-ASCII text (`8bit`, else `7bit`).
    pub eight_bit: bool,
}

/// The envelope line's date: Python's `datetime.ctime()`, e.g.
/// `Tue Jan  2 09:00:01 2024` (day space-padded, no microseconds).
pub fn ctime(date: NaiveDateTime) -> String {
    date.format("%a %b %e %H:%M:%S %Y").to_string()
}

/// `email.utils.formatdate(ts)` of the UTC timestamp of `date` (whole
/// seconds), e.g. `Tue, 02 Jan 2024 09:00:01 -0000`.
pub fn format_date(date: NaiveDateTime) -> String {
    date.format("%a, %d %b %Y %H:%M:%S -0000").to_string()
}

/// `email.utils.formataddr((name, email))`: the bare address without a
/// name; a non-ASCII name as one RFC 2047 word; an ASCII name quoted when it
/// holds one of `()<>@,:;".[]\` (with `\` and `"` escaped).
pub fn format_address(name: Option<&str>, email: &str) -> String {
    match name.filter(|n| !n.is_empty()) {
        None => email.to_string(),
        Some(name) if !name.is_ascii() => format!("{} <{email}>", utf8_word(name)),
        Some(name) => {
            let quote = if name.contains(|c| "()<>@,:;\".[]\\".contains(c)) {
                "\""
            } else {
                ""
            };
            let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
            format!("{quote}{escaped}{quote} <{email}>")
        }
    }
}

/// Whether a line starts a field for Python's feed parser: a run of
/// printable ASCII other than `:` (possibly empty), then `:`. Returns the
/// colon's position.
fn field_colon(line: &str) -> Option<usize> {
    let end = line
        .bytes()
        .position(|b| !matches!(b, 0x21..=0x39 | 0x3b..=0x7e))
        .unwrap_or(line.len());
    (line.as_bytes().get(end) == Some(&b':')).then_some(end)
}

/// The stored block read back by `HeaderParser().parsestr()` (compat32):
/// (name, value) pairs in order. A value keeps its continuation lines with
/// their `\n`; a line that is neither a field nor a continuation ends the
/// header section; `From ` lines and fields without a name are skipped, and
/// a `From ` line at the very end ends the section.
pub fn stored_fields(block: &str) -> Vec<(&str, String)> {
    let lines: Vec<&str> = if block.is_empty() {
        Vec::new()
    } else {
        block.split('\n').collect()
    };
    let mut out: Vec<(&str, String)> = Vec::new();
    let mut open = false;
    for (n, line) in lines.iter().enumerate() {
        if line.starts_with([' ', '\t']) {
            if open && let Some((_, value)) = out.last_mut() {
                value.push('\n');
                value.push_str(line);
            }
            continue;
        }
        open = false;
        if line.starts_with("From ") {
            if n > 0 && n + 1 == lines.len() {
                break;
            }
            continue;
        }
        match field_colon(line) {
            None => break,
            Some(0) => {}
            Some(colon) => {
                let value = line[colon + 1..].trim_start_matches([' ', '\t']);
                out.push((&line[..colon], value.to_string()));
                open = true;
            }
        }
    }
    out
}

/// §15 step 5: the fields in order, unfolded.
pub fn fields<'a>(h: &HeaderInput<'a>) -> Vec<(&'a str, String)> {
    let submitter = format_address(h.submitter_name, h.submitter_email);
    let cte = if h.eight_bit { "8bit" } else { "7bit" };
    let mut out: Vec<(&str, String)> = vec![
        ("Content-Type", "text/plain; charset=\"utf-8\"".into()),
        ("MIME-Version", "1.0".into()),
        ("Content-Transfer-Encoding", cte.into()),
        ("X-Patchwork-Submitter", submitter.clone()),
        ("X-Patchwork-Id", h.id.to_string()),
    ];
    if let Some(delegate) = h.delegate {
        out.push(("X-Patchwork-Delegate", delegate.to_string()));
    }
    for (name, value) in stored_fields(h.stored) {
        // Patchwork sets these itself (the names compare case-sensitively).
        if name == "Content-Type" || name == "Content-Transfer-Encoding" {
            continue;
        }
        let list_from =
            name == "From" && split_validated(&value).1.as_deref() == Some(h.list_email);
        if list_from {
            out.push(("X-Patchwork-Original-From", value));
            out.push((name, submitter.clone()));
        } else {
            out.push((name, value));
        }
    }
    if !out
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("Date"))
    {
        out.push(("Date", format_date(h.date)));
    }
    out
}

/// §15 step 6: `Name: value\n` for every field, folded at 78 columns. A
/// value Python would refuse to fold (an embedded header) is written as is.
pub fn section(h: &HeaderInput) -> String {
    let mut out = String::new();
    for (name, value) in fields(h) {
        let folded = fold_str(name, &value).unwrap_or(value);
        out.push_str(name);
        out.push_str(": ");
        out.push_str(&folded);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
