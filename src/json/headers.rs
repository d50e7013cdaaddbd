//! The API's `headers` object and comment `subject`, both parsed back out of
//! the stored header block (spec §4.7, §14.6) with the same header-section
//! rules as incoming mail (`mail::header::split`).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use super::ToJson;
use crate::mail::header;

/// The header block parsed once: the `headers` object and the `subject`.
pub struct HeaderFields {
    /// `(name, value)` in block order.
    fields: Vec<(String, String)>,
}

impl HeaderFields {
    pub fn parse(block: &str) -> HeaderFields {
        let fields = header::split(block.as_bytes())
            .headers
            .into_iter()
            .map(|h| (h.name, into_text(h.value)))
            .collect();
        HeaderFields { fields }
    }

    /// The `headers` JSON object of a patch, cover or comment: every name,
    /// as first spelt, with the value of each field of that name in any
    /// case (one string, or an array when there are several); written
    /// straight as JSON text.
    pub fn object(&self) -> HeadersObject<'_> {
        HeadersObject(self)
    }
    /// A comment's `subject`: the first `Subject` value, `""` if none.
    pub fn subject(&self) -> &str {
        self.fields
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("subject"))
            .map_or("", |(_, value)| value.as_str())
    }
}

fn into_text(value: Vec<u8>) -> String {
    String::from_utf8(value).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A header name compared and hashed ignoring ASCII case, without a
/// lower-cased copy.
#[derive(Clone, Copy)]
struct Folded<'a>(&'a str);

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Folded<'_> {}

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        state.write_u8(0xff);
    }
}

/// [`HeaderFields::object`]: the `headers` object as a document field.
pub struct HeadersObject<'h>(&'h HeaderFields);

impl ToJson for HeadersObject<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let fields = &self.0.fields;
        let mut groups: HashMap<Folded<'_>, Vec<&str>> = HashMap::with_capacity(fields.len());
        for (name, value) in fields {
            groups.entry(Folded(name)).or_default().push(value);
        }
        let mut written: HashSet<&str> = HashSet::with_capacity(fields.len());
        out.push(b'{');
        for (name, _) in fields {
            if !written.insert(name) {
                continue;
            }
            if written.len() > 1 {
                out.push(b',');
            }
            name.write_json(out);
            out.push(b':');
            match groups[&Folded(name)].as_slice() {
                [one] => one.write_json(out),
                many => many.write_json(out),
            }
        }
        out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;
    use serde_json::{Value, json};

    fn headers_object(block: &str) -> Json {
        let mut out = Vec::new();
        HeaderFields::parse(block).object().write_json(&mut out);
        Json(out)
    }

    #[test]
    fn table() {
        let cases: &[(&str, Value, &str)] = &[
            ("", json!({}), ""),
            (
                "Subject: a\n b\nX: \nx: 2",
                json!({"Subject": "a\n b", "X": ["", "2"], "x": ["", "2"]}),
                "a\n b",
            ),
            ("X-Long: \n a=1;b=2", json!({"X-Long": "\n a=1;b=2"}), ""),
            (
                "A: 1\nB: 2\na: 3\nsubject: s",
                json!({"A": ["1", "3"], "B": "2", "a": ["1", "3"], "subject": "s"}),
                "s",
            ),
            ("A: 1\nb\nC: 2", json!({"A": "1"}), ""),
        ];
        for (block, want, subject) in cases {
            assert_eq!(&headers_object(block).value(), want, "{block:?}");
            assert_eq!(HeaderFields::parse(block).subject(), *subject, "{block:?}");
        }
    }
}
