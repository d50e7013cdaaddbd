//! Where `export` writes, one document at a time: [`ObjectSink`], the one
//! JSON object of the default output (written as `serde_json`'s pretty
//! printer writes it, section by section, so nothing is held back), and
//! [`LinesSink`], `--jsonl`'s one JSON object per line.

use std::io::{self, Write};

use serde_json::Value;

use crate::json::Json;

/// What `export` hands over, in order: each section, then its items.
pub trait Sink {
    /// Starts a section: `projects`, `people`, `patches`, `covers`,
    /// `series` (documents), `comments` or `mbox` (keyed).
    fn section(&mut self, name: &'static str) -> io::Result<()>;
    /// A detail document of `kind` (`project`, `person`, `patch`, `cover`,
    /// `series`).
    fn document(&mut self, kind: &'static str, doc: &Json) -> io::Result<()>;
    /// The comment documents of the parent `patch:<msgid>`/`cover:<msgid>`.
    fn comments(&mut self, parent: &str, docs: &[Json]) -> io::Result<()>;
    /// One mbox download, keyed as in the conformance corpus.
    fn mbox(&mut self, key: &str, text: &str) -> io::Result<()>;
    fn finish(&mut self) -> io::Result<()>;
}

/// `{"projects": [...], …, "mbox": {...}}`, pretty-printed.
pub struct ObjectSink<'o> {
    out: &'o mut dyn Write,
    /// The open section's closing bracket, and whether it has items yet.
    open: Option<(u8, bool)>,
    /// A reused serialisation buffer.
    buf: Vec<u8>,
}

impl<'o> ObjectSink<'o> {
    pub fn new(out: &'o mut dyn Write) -> ObjectSink<'o> {
        ObjectSink {
            out,
            open: None,
            buf: Vec::new(),
        }
    }

    fn close(&mut self) -> io::Result<()> {
        match self.open.take() {
            Some((bracket, true)) => write!(self.out, "\n  {}", char::from(bracket)),
            Some((bracket, false)) => self.out.write_all(&[bracket]),
            None => Ok(()),
        }
    }

    /// Starts an item of the open section: its separator and indentation.
    fn item(&mut self) -> io::Result<()> {
        let first = match &mut self.open {
            Some((_, any)) => !std::mem::replace(any, true),
            None => true,
        };
        self.out
            .write_all(if first { b"\n    " } else { b",\n    " })
    }

    /// `value` pretty-printed, its lines after the first indented to sit
    /// inside a section.
    fn value(&mut self, value: &impl serde::Serialize) -> io::Result<()> {
        self.buf.clear();
        serde_json::to_writer_pretty(&mut self.buf, value)?;
        // JSON text has no raw newline inside a string: every one is layout.
        for (i, line) in self.buf.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n    ")?;
            }
            self.out.write_all(line)?;
        }
        Ok(())
    }

    fn keyed(&mut self, key: &str, value: &impl serde::Serialize) -> io::Result<()> {
        self.item()?;
        serde_json::to_writer(&mut *self.out, key)?;
        self.out.write_all(b": ")?;
        self.value(value)
    }
}

impl Sink for ObjectSink<'_> {
    fn section(&mut self, name: &'static str) -> io::Result<()> {
        let first = self.open.is_none();
        self.close()?;
        let bracket = if matches!(name, "comments" | "mbox") {
            b'{'
        } else {
            b'['
        };
        let lead = if first { "{\n" } else { ",\n" };
        write!(self.out, "{lead}  \"{name}\": {}", char::from(bracket))?;
        self.open = Some((if bracket == b'{' { b'}' } else { b']' }, false));
        Ok(())
    }

    fn document(&mut self, _kind: &'static str, doc: &Json) -> io::Result<()> {
        self.item()?;
        self.value(&doc.value())
    }

    fn comments(&mut self, parent: &str, docs: &[Json]) -> io::Result<()> {
        let docs: Vec<Value> = docs.iter().map(Json::value).collect();
        self.keyed(parent, &docs)
    }

    fn mbox(&mut self, key: &str, text: &str) -> io::Result<()> {
        self.keyed(key, &text)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.close()?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()
    }
}

/// `--jsonl`: `{"kind": "patch", "document": {...}}`, `{"kind": "comment",
/// "parent": "patch:<msgid>", "document": {...}}`, `{"kind": "mbox", "key":
/// "patch:<msgid>", "mbox": "..."}`, one a line.
pub struct LinesSink<'o> {
    out: &'o mut dyn Write,
}

impl<'o> LinesSink<'o> {
    pub fn new(out: &'o mut dyn Write) -> LinesSink<'o> {
        LinesSink { out }
    }

    /// `{"kind": KIND, NAME: NAME_VALUE, FIELD: VALUE}` and a newline,
    /// written straight out (no envelope `Value` is built).
    fn line(
        &mut self,
        kind: &str,
        named: Option<(&str, &str)>,
        field: &str,
        value: &Payload<'_>,
    ) -> io::Result<()> {
        write!(self.out, "{{\"kind\":\"{kind}\",")?;
        if let Some((name, text)) = named {
            write!(self.out, "\"{name}\":")?;
            serde_json::to_writer(&mut *self.out, text)?;
            self.out.write_all(b",")?;
        }
        write!(self.out, "\"{field}\":")?;
        match value {
            Payload::Doc(doc) => self.out.write_all(doc.as_bytes())?,
            Payload::Text(text) => serde_json::to_writer(&mut *self.out, text)?,
        }
        self.out.write_all(b"}\n")
    }
}

/// A line's payload: a document as it was written, or a text to quote.
enum Payload<'a> {
    Doc(&'a Json),
    Text(&'a str),
}

impl Sink for LinesSink<'_> {
    fn section(&mut self, _name: &'static str) -> io::Result<()> {
        Ok(())
    }

    fn document(&mut self, kind: &'static str, doc: &Json) -> io::Result<()> {
        self.line(kind, None, "document", &Payload::Doc(doc))
    }

    fn comments(&mut self, parent: &str, docs: &[Json]) -> io::Result<()> {
        for doc in docs {
            self.line(
                "comment",
                Some(("parent", parent)),
                "document",
                &Payload::Doc(doc),
            )?;
        }
        Ok(())
    }

    fn mbox(&mut self, key: &str, text: &str) -> io::Result<()> {
        self.line("mbox", Some(("key", key)), "mbox", &Payload::Text(text))
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::json::Doc;

    /// A document as the renderer writes one, from a JSON object.
    fn doc(v: &Value) -> Json {
        let mut d = Doc::new();
        for (k, x) in v.as_object().unwrap() {
            d.put(k, x.clone());
        }
        d.done()
    }

    /// The object sink writes exactly what `to_writer_pretty` writes for
    /// the whole object, empty sections included.
    #[test]
    fn object_sink_matches_the_pretty_printer() {
        let one = json!({"id": 1, "tags": {}, "list": [1, {"a": "x\ny"}]});
        let mut out = Vec::new();
        let mut sink = ObjectSink::new(&mut out);
        sink.section("projects").unwrap();
        sink.document("project", &doc(&one)).unwrap();
        sink.document("project", &doc(&json!({"id": 2}))).unwrap();
        sink.section("people").unwrap();
        sink.section("comments").unwrap();
        sink.comments("patch:<a@b>", &[doc(&one)]).unwrap();
        sink.section("mbox").unwrap();
        sink.finish().unwrap();
        let whole = json!({
            "projects": [one.clone(), {"id": 2}],
            "people": [],
            "comments": {"patch:<a@b>": [one]},
            "mbox": {},
        });
        let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
        expected.push(b'\n');
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }

    #[test]
    fn lines_sink_writes_one_object_a_line() {
        let mut out = Vec::new();
        let mut sink = LinesSink::new(&mut out);
        sink.document("patch", &doc(&json!({"id": 3}))).unwrap();
        let two = [doc(&json!({"id": 1})), doc(&json!({"id": 2}))];
        sink.comments("cover:<c@d>", &two).unwrap();
        sink.mbox("patch:<a@b>", "From x\n").unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0], json!({"kind": "patch", "document": {"id": 3}}));
        assert_eq!(lines[2]["parent"], "cover:<c@d>");
        assert_eq!(
            lines[3],
            json!({"kind": "mbox", "key": "patch:<a@b>", "mbox": "From x\n"})
        );
    }
}
