//! The API's `headers` object and comment `subject`, both parsed back out of
//! the stored header block (spec §4.7, §14.6) with the same header-section
//! rules as incoming mail (`mail::header::split`).

use serde_json::{Map, Value};

use crate::mail::header::{self, RawHeader};

fn parse(block: &str) -> Vec<RawHeader> {
    header::split(block.as_bytes()).headers
}

fn text(h: &RawHeader) -> String {
    String::from_utf8_lossy(&h.value).into_owned()
}

/// The `headers` JSON object of a patch, cover or comment.
pub fn headers_object(block: &str) -> Map<String, Value> {
    let fields = parse(block);
    let mut out = Map::new();
    for h in &fields {
        if out.contains_key(&h.name) {
            continue;
        }
        let mut values: Vec<Value> = fields
            .iter()
            .filter(|o| o.name.eq_ignore_ascii_case(&h.name))
            .map(|o| Value::String(text(o)))
            .collect();
        let value = if values.len() == 1 {
            values.remove(0)
        } else {
            Value::Array(values)
        };
        out.insert(h.name.clone(), value);
    }
    out
}

/// A comment's `subject`: the first `Subject` value of the block, `""` if none.
pub fn subject_from_block(block: &str) -> String {
    parse(block)
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("subject"))
        .map(text)
        .unwrap_or_default()
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
            assert_eq!(subject_from_block(block), *subject, "{block:?}");
        }
    }
}
