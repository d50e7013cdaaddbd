//! The API's `headers` object and comment `subject`, both parsed back out of
//! the stored header block (spec §4.7, §14.6) with the same header-section
//! rules as incoming mail (`mail::header::split`).

use std::collections::HashMap;

use serde_json::{Map, Value};

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
    /// case (one string, or an array when there are several).
    pub fn object(&self) -> Map<String, Value> {
        let mut groups: HashMap<String, Vec<&str>> = HashMap::new();
        for (name, value) in &self.fields {
            groups
                .entry(name.to_ascii_lowercase())
                .or_default()
                .push(value);
        }
        let mut out = Map::new();
        for (name, _) in &self.fields {
            if out.contains_key(name) {
                continue;
            }
            let value = match groups[&name.to_ascii_lowercase()].as_slice() {
                [one] => Value::from(*one),
                many => Value::Array(many.iter().map(|v| Value::from(*v)).collect()),
            };
            out.insert(name.clone(), value);
        }
        out
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

/// The `headers` JSON object of a stored header block.
pub fn headers_object(block: &str) -> Map<String, Value> {
    HeaderFields::parse(block).object()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
            assert_eq!(&Value::Object(headers_object(block)), want, "{block:?}");
            assert_eq!(HeaderFields::parse(block).subject(), *subject, "{block:?}");
        }
    }
}
