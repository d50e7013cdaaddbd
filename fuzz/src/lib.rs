//! What more than one fuzz target needs.

/// A line break in a stored value that a reader cannot take for a
/// continuation: Patchwork's folding (spec §4.5) breaks lines wherever
/// Python's `splitlines` does (VT, FF, FS, GS, RS, NEL, U+2028/9 too), and
/// such a value does not read back whole, in Patchwork as here.
pub fn splits_outside_folding(stored: &str) -> bool {
    stored
        .split('\n')
        .skip(1)
        .any(|line| !line.starts_with([' ', '\t']))
}
