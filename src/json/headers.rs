//! The API's `headers` object and comment `subject`, both parsed back out of
//! the stored header block (spec §4.7, §14.6).

use serde_json::{Map, Value};

/// The `headers` JSON object of a patch, cover or comment.
pub fn headers_object(block: &str) -> Map<String, Value> {
    let _ = block;
    Map::new()
}

/// A comment's `subject`: the first `Subject` value of the block, `""` if none.
pub fn subject_from_block(block: &str) -> String {
    let _ = block;
    String::new()
}
