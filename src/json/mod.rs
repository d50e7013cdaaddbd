//! Wire documents shaped exactly like Patchwork's REST API (spec §14):
//! field names, order, nulls, URLs and per-version fields. `records.rs`
//! builds the detail documents and list items, `preload.rs` loads what a
//! page of them embeds, `embedded.rs` the nested objects, `headers.rs` the
//! `headers` object, `escape.rs` JSON strings.

pub mod embedded;
mod escape;
pub mod headers;
mod parts;
pub mod preload;
pub mod records;

use chrono::NaiveDateTime;
use serde_json::{Map, Value};

pub(crate) use parts::{ArchiveUrl, Date, Joined, Part};

/// A REST API version pwingest can render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ApiVersion {
    V1_0,
    V1_1,
    V1_2,
    V1_3,
}

impl ApiVersion {
    pub const ALL: [ApiVersion; 4] = [
        ApiVersion::V1_0,
        ApiVersion::V1_1,
        ApiVersion::V1_2,
        ApiVersion::V1_3,
    ];

    pub fn parse(s: &str) -> Option<ApiVersion> {
        Some(match s {
            "1.0" => ApiVersion::V1_0,
            "1.1" => ApiVersion::V1_1,
            "1.2" => ApiVersion::V1_2,
            "1.3" | "latest" => ApiVersion::V1_3,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1_0 => "1.0",
            ApiVersion::V1_1 => "1.1",
            ApiVersion::V1_2 => "1.2",
            ApiVersion::V1_3 => "1.3",
        }
    }
}

/// Where documents are served from and in which version.
#[derive(Debug, Clone)]
pub struct Api {
    pub version: ApiVersion,
    /// Scheme and host, e.g. `http://patchwork.ozlabs.org`, no trailing `/`.
    pub base: String,
    /// Requested as `/api/…` (no version): URLs say `/api/…` too (§14.1 `{v}` = `""`).
    pub no_version: bool,
    /// `{base}/api/{v}/`, or `{base}/api/` without a version.
    root: String,
    /// `{base}/api/`.
    unversioned_root: String,
    /// Whether `base` needs no JSON escape (every real host name): the
    /// links then copy their head as it is.
    plain_base: bool,
}

impl Api {
    pub fn new(version: ApiVersion, base: &str) -> Api {
        Api::with(version, base, false)
    }

    /// The unversioned API (`/api/…`): the latest version, URLs without one.
    pub fn latest(base: &str) -> Api {
        Api::with(ApiVersion::V1_3, base, true)
    }

    fn with(version: ApiVersion, base: &str, no_version: bool) -> Api {
        let base = base.trim_end_matches('/').to_string();
        let unversioned_root = format!("{base}/api/");
        let root = match no_version {
            true => unversioned_root.clone(),
            false => format!("{unversioned_root}{}/", version.as_str()),
        };
        let plain_base = !base.bytes().any(escape::is_escaped);
        Api {
            version,
            base,
            no_version,
            root,
            unversioned_root,
            plain_base,
        }
    }

    /// Whether fields introduced in `since` exist in this version.
    pub fn has(&self, since: ApiVersion) -> bool {
        self.version >= since
    }

    /// `{base}/api/{v}{path}`.
    pub fn api_url(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    /// `{base}/api/{path}`: the never-versioned `comments`/`checks` links.
    pub fn unversioned(&self, path: &str) -> String {
        format!("{}{path}", self.unversioned_root)
    }

    /// `{base}{path}` for web pages.
    pub fn web(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// [`Api::api_url`] of the path `parts`, written into the document as it is.
    pub(crate) fn api_link<'a, const N: usize>(&'a self, parts: [Part<'a>; N]) -> Joined<'a, N> {
        Joined {
            head: &self.root,
            plain_head: self.plain_base,
            parts,
        }
    }

    /// [`Api::unversioned`] of the path `parts`.
    pub(crate) fn unversioned_link<'a, const N: usize>(
        &'a self,
        parts: [Part<'a>; N],
    ) -> Joined<'a, N> {
        Joined {
            head: &self.unversioned_root,
            plain_head: self.plain_base,
            parts,
        }
    }

    /// [`Api::web`] of the path `parts`.
    pub(crate) fn web_link<'a, const N: usize>(&'a self, parts: [Part<'a>; N]) -> Joined<'a, N> {
        Joined {
            head: &self.base,
            plain_head: self.plain_base,
            parts,
        }
    }
}

/// §5: `YYYY-MM-DDTHH:MM:SS`, plus `.ffffff` only when there are microseconds.
pub fn format_date(d: NaiveDateTime) -> String {
    let mut out = Vec::with_capacity(26);
    parts::write_date(&mut out, d);
    String::from_utf8(out).expect("digits")
}

/// §14.1 `{mid}`: brackets stripped, `/` → `%2F`, then percent-encoded
/// except unreserved characters, `!$&'()*+,;=` and `/~:@`.
pub fn url_msgid(msgid: &str) -> String {
    let mut out = Vec::with_capacity(msgid.len());
    parts::write_msgid(&mut out, msgid);
    String::from_utf8(out).expect("URL-safe ASCII")
}

/// A value in a URL path as Django's `reverse` writes it: percent-encoded
/// except unreserved characters, `!$&'()*+,;=` and `/~:@`.
pub fn url_path(value: &str) -> String {
    let mut out = Vec::with_capacity(value.len());
    parts::write_path(&mut out, value);
    String::from_utf8(out).expect("URL-safe ASCII")
}

/// A JSON document as text, written field by field in Patchwork's order:
/// what the server sends as it is, and what export and `show` read back
/// into a [`Value`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Json(Vec<u8>);

impl Json {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The document as a [`Value`] (fields in order).
    pub fn value(&self) -> Value {
        serde_json::from_slice(&self.0).expect("a document we wrote is JSON")
    }

    /// `[a,b,…]`: documents as one array.
    pub fn array(items: &[Json]) -> Json {
        let mut out = Vec::with_capacity(items.iter().map(|j| j.0.len() + 1).sum::<usize>() + 2);
        items.write_json(&mut out);
        Json(out)
    }
}

/// What can be a field's value in a [`Doc`]: written as JSON text.
pub(crate) trait ToJson {
    fn write_json(&self, out: &mut Vec<u8>);
}

impl ToJson for str {
    fn write_json(&self, out: &mut Vec<u8>) {
        escape::write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_str().write_json(out);
    }
}

impl ToJson for i64 {
    fn write_json(&self, out: &mut Vec<u8>) {
        parts::write_int(out, *self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

/// JSON text given as it is (`{}`, `[]`).
pub(crate) struct Raw(pub &'static str);

impl ToJson for Raw {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.0.as_bytes());
    }
}

impl ToJson for Json {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
}

impl ToJson for Value {
    fn write_json(&self, out: &mut Vec<u8>) {
        let _ = serde_json::to_writer(&mut *out, self);
    }
}

impl ToJson for Map<String, Value> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let _ = serde_json::to_writer(&mut *out, self);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write_json(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            v.write_json(out);
        }
        out.push(b']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for std::rc::Rc<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
}

/// A JSON object under construction, written as text in insertion order
/// (each key once: the callers list Patchwork's fields).
pub(crate) struct Doc {
    out: Vec<u8>,
    /// Where this object's fields start in `out` (after its `{`).
    start: usize,
}

impl Doc {
    pub fn new() -> Doc {
        Doc::with_capacity(512)
    }

    /// A document expected to take about `bytes`.
    pub fn with_capacity(bytes: usize) -> Doc {
        Doc::after(Vec::with_capacity(bytes))
    }

    /// A document written at the end of `out` (a list's items one after
    /// another in one buffer); [`Doc::done`] gives back all of `out`.
    pub fn after(mut out: Vec<u8>) -> Doc {
        out.push(b'{');
        let start = out.len();
        Doc { out, start }
    }

    /// Adds `key` (a field name of Patchwork's: plain ASCII, written as it
    /// is) with its value.
    pub fn put(&mut self, key: &str, value: impl ToJson) -> &mut Doc {
        debug_assert!(
            key.bytes()
                .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
        );
        if self.out.len() > self.start {
            self.out.push(b',');
        }
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        value.write_json(&mut self.out);
        self
    }

    /// Room for `text` more bytes of fields (the mail of a detail
    /// document), so a long diff is not copied at every doubling.
    pub fn reserve_for(&mut self, text: usize) -> &mut Doc {
        // Escapes make JSON text longer than its source: a newline every
        // forty characters or so.
        self.out.reserve(text + text / 16 + 64);
        self
    }

    /// Puts the field only in versions that have it.
    pub fn put_if<T: ToJson>(
        &mut self,
        present: bool,
        key: &str,
        value: impl FnOnce() -> T,
    ) -> &mut Doc {
        if present {
            self.put(key, value());
        }
        self
    }

    pub fn done(&mut self) -> Json {
        let mut out = std::mem::take(&mut self.out);
        out.push(b'}');
        Json(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    #[test]
    fn msgids_in_urls() {
        assert_eq!(url_msgid("<1234@example.com>"), "1234@example.com");
        assert_eq!(url_msgid("<a/b c#d?e%f>"), "a%252Fb%20c%23d%3Fe%25f");
        assert_eq!(url_msgid("<é@x>"), "%C3%A9@x");
    }

    /// `if not list_archive_url_format` / `if not self.msgid` (§14.1).
    #[test]
    fn list_archive_url_needs_a_true_format_and_msgid() {
        let url = |format, msgid| {
            let mut out = Vec::new();
            ArchiveUrl { format, msgid }.write_json(&mut out);
            String::from_utf8(out).unwrap()
        };
        let format = "https://lore.example.org/r/{}";
        assert_eq!(url(format, "<a@x>"), "\"https://lore.example.org/r/a@x\"");
        assert_eq!(url("", "<a@x>"), "null");
        assert_eq!(url(format, ""), "null");
    }

    #[test]
    fn dates_render_like_django() {
        let d = chrono::NaiveDate::from_ymd_opt(2025, 12, 26)
            .unwrap()
            .and_hms_opt(21, 19, 2)
            .unwrap();
        assert_eq!(format_date(d), "2025-12-26T21:19:02");
        let d = d.with_nanosecond(150_038_000).unwrap();
        assert_eq!(format_date(d), "2025-12-26T21:19:02.150038");
        let leap = d.with_second(59).unwrap().with_nanosecond(1_000_000_000);
        assert_eq!(format_date(leap.unwrap()), "2025-12-26T21:19:60.000000");
        let d = chrono::NaiveDate::from_ymd_opt(987, 1, 2)
            .unwrap()
            .and_hms_micro_opt(3, 4, 5, 60)
            .unwrap();
        assert_eq!(format_date(d), "0987-01-02T03:04:05.000060");
    }
}
