//! The content/diff state machine and the patch hash. Properties: no
//! panic; splitting and hashing are deterministic. (Re-splitting a found
//! diff on its own need not give it back: the campaign found bodies where
//! Patchwork's state machine reads the diff alone differently.)

#![no_main]

use libfuzzer_sys::fuzz_target;
use pwingest::classify::content::patch_content;
use pwingest::classify::hash::patch_hash;
use pwingest::classify::mime::TextPart;

fn split(text: &str) -> (Option<String>, String) {
    patch_content(&[TextPart {
        text: text.to_string(),
        subtype: "plain".into(),
    }])
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (diff, content) = split(&text);
    assert_eq!(
        (diff.clone(), content),
        split(&text),
        "split not deterministic"
    );
    let hash = patch_hash(&text);
    assert_eq!(hash, patch_hash(&text), "hash not deterministic");
    assert_eq!(hash.len(), 40);
    if let Some(d) = diff {
        assert_eq!(patch_hash(&d), patch_hash(&d), "hash not deterministic");
    }
});
