//! The opt-in fixes for Patchwork's own parsing faults (issue 13): a small
//! set of named switches, stored in the database as the `fixes` setting
//! (`pwingest config set fixes …`) so that every writer behaves the same.
//! Default: none, i.e. exactly what Patchwork 3.2.1 does.
//!
//! The pure core gets a [`Fixes`] value; it never reads the setting itself.

use std::fmt;

/// One fix: its setting name, and the upstream report it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fix {
    pub name: &'static str,
    pub report: &'static str,
    bit: u16,
}

macro_rules! fixes {
    ($($konst:ident = $bit:expr, $name:literal, $report:literal;)*) => {
        impl Fix {
            $(pub const $konst: Fix = Fix { name: $name, report: $report, bit: 1 << $bit };)*
        }
        /// Every fix, in the order `config show` lists them.
        pub const ALL_FIXES: &[Fix] = &[$(Fix::$konst),*];
    };
}

fixes! {
    INTERDIFF_COVER_LETTER = 0, "interdiff-cover-letter", "getpatchwork/patchwork#468";
    COMBINED_DIFF_MERGE = 1, "combined-diff-merge", "getpatchwork/patchwork#284";
    SERIES_IN_REPLY_TO_SERIES = 2, "series-in-reply-to-series", "getpatchwork/patchwork#127";
    DMARC_BARE_LIST_ADDRESS = 3, "dmarc-bare-list-address", "getpatchwork/patchwork#64";
    BINARY_ONLY_PATCH = 4, "binary-only-patch", "patchew-project/patchew#121";
    TAGS_ON_COVER_LETTER = 5, "tags-on-cover-letter", "getpatchwork/patchwork#113";
    DIFF_HUNK_IN_COMMIT_MESSAGE = 6, "diff-hunk-in-commit-message", "dlespiau/patchwork#62";
    PATCH_AS_ATTACHMENT = 7, "patch-as-attachment", "getpatchwork/patchwork#390";
    CROSS_POSTED_COVER_LETTER = 8, "cross-posted-cover-letter", "getpatchwork/patchwork#199";
}

/// The set of enabled fixes (a bitset; `Fixes::NONE` = Patchwork's behaviour).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Fixes(u16);

impl Fixes {
    pub const NONE: Fixes = Fixes(0);

    /// Every fix.
    pub fn all() -> Fixes {
        Fixes(ALL_FIXES.iter().fold(0, |acc, f| acc | f.bit))
    }

    /// Whether `fix` is enabled.
    pub fn has(self, fix: Fix) -> bool {
        self.0 & fix.bit != 0
    }

    /// This set with `fix` added.
    pub fn with(self, fix: Fix) -> Fixes {
        Fixes(self.0 | fix.bit)
    }

    /// The set as a number (for sharing between threads in an atomic).
    pub fn bits(self) -> u16 {
        self.0
    }

    /// The set of a number from [`Fixes::bits`]; unknown bits are dropped.
    pub fn from_bits(bits: u16) -> Fixes {
        Fixes(bits & Fixes::all().0)
    }

    /// Reads `all`, `none`, or comma-separated fix names (spaces around
    /// names are ignored). `Err` names the first unknown name.
    pub fn parse(text: &str) -> Result<Fixes, String> {
        match text.trim() {
            "all" => return Ok(Fixes::all()),
            "none" | "" => return Ok(Fixes::NONE),
            _ => {}
        }
        text.split(',')
            .map(str::trim)
            .try_fold(Fixes::NONE, |set, name| {
                ALL_FIXES
                    .iter()
                    .find(|f| f.name == name)
                    .map(|f| set.with(*f))
                    .ok_or_else(|| {
                        let known: Vec<&str> = ALL_FIXES.iter().map(|f| f.name).collect();
                        format!(
                            "unknown fix {name:?}: use all, none or any of {}",
                            known.join(", ")
                        )
                    })
            })
    }
}

/// `none`, `all`, or the enabled names joined by commas (what [`Fixes::parse`] reads back).
impl fmt::Display for Fixes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Fixes::NONE {
            return f.write_str("none");
        }
        if *self == Fixes::all() {
            return f.write_str("all");
        }
        let names: Vec<&str> = ALL_FIXES
            .iter()
            .filter(|x| self.has(**x))
            .map(|x| x.name)
            .collect();
        f.write_str(&names.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for text in [
            "none",
            "all",
            "binary-only-patch",
            "combined-diff-merge,tags-on-cover-letter",
        ] {
            assert_eq!(Fixes::parse(text).unwrap().to_string(), text);
        }
        let one = Fixes::parse(" binary-only-patch , binary-only-patch").unwrap();
        assert!(one.has(Fix::BINARY_ONLY_PATCH) && !one.has(Fix::COMBINED_DIFF_MERGE));
        assert_eq!(Fixes::from_bits(Fixes::all().bits() | 0x8000), Fixes::all());
        assert_eq!(ALL_FIXES.len(), 9);
    }

    #[test]
    fn an_unknown_name_is_an_error() {
        let e = Fixes::parse("binary-only-patch,nope").unwrap_err();
        assert!(
            e.contains("\"nope\"") && e.contains("interdiff-cover-letter"),
            "{e}"
        );
    }
}
