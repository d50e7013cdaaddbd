//! The content/diff state machine and the patch hash. Properties: no
//! panic; splitting and hashing are deterministic; a diff found in a body
//! is found again, the same, when the body is only that diff.

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
        let h = patch_hash(&d);
        let (again, _) = split(&d);
        assert_eq!(again.as_deref().map(patch_hash), Some(h), "diff not stable");
    }
});
