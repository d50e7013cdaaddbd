//! Bytes → [`Mail`]: the header fields of a message in order, with lookup
//! helpers that give raw or cleaned values. Knows nothing of projects or
//! Patchwork's classification.

pub mod address;
pub(crate) mod bytes;
pub mod charset;
mod charset_dbcs;
mod charset_tables;
mod charset_utf;
pub mod date;
pub mod decode;
pub mod fold;
pub mod header;
pub mod ids;
pub(crate) mod py_text;

use header::RawHeader;

/// A message as read: its bytes and its header fields.
#[derive(Debug, Clone)]
pub struct Mail<'a> {
    pub raw: &'a [u8],
    pub headers: Vec<RawHeader>,
}

impl<'a> Mail<'a> {
    pub fn parse(raw: &'a [u8]) -> Mail<'a> {
        let section = header::split(raw);
        Mail {
            raw,
            headers: section.headers,
        }
    }

    /// Every field named `name` (case-insensitively), in order.
    pub fn all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s RawHeader> + 's {
        self.headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
    }

    /// The first field named `name`.
    pub fn first<'s>(&'s self, name: &'s str) -> Option<&'s RawHeader> {
        self.all(name).next()
    }

    pub fn has(&self, name: &str) -> bool {
        self.first(name).is_some()
    }

    /// `clean()` of the first field named `name`; `None` when absent or undecodable.
    pub fn clean(&self, name: &str) -> Option<String> {
        self.first(name).and_then(|h| decode::clean(&h.value))
    }

    /// `clean()` of every field named `name` that decodes.
    pub fn clean_all(&self, name: &str) -> Vec<String> {
        self.all(name)
            .filter_map(|h| decode::clean(&h.value))
            .collect()
    }
}
