//! A new patch's delegate (spec §13, Patchwork's `find_delegate_by_header`
//! and `find_delegate_by_filename`): the login user named by
//! `X-Patchwork-Delegate`, else the user the project's delegation rules
//! give every file the diff touches.

use crate::error::Result;
use crate::store::Store;

/// The delegate's `auth_user` id, if any.
pub(super) fn find_delegate<S: Store>(
    store: &S,
    project_id: i64,
    header: Option<&str>,
    diff: Option<&str>,
) -> Result<Option<i64>> {
    if let Some(email) = header.map(str::trim).filter(|e| !e.is_empty())
        && let Some(user) = store.user_by_email(email)?
    {
        return Ok(Some(user));
    }
    let Some(diff) = diff else {
        return Ok(None);
    };
    let files = filenames(diff);
    if files.is_empty() {
        return Ok(None);
    }
    let rules = store.delegation_rules(project_id)?;
    if rules.is_empty() {
        return Ok(None);
    }
    let mut delegate = None;
    for file in &files {
        let Some(&(_, user)) = rules.iter().find(|(path, _)| fnmatch(file, path)) else {
            return Ok(None);
        };
        if delegate.is_some_and(|d| d != user) {
            return Ok(None);
        }
        delegate = Some(user);
    }
    Ok(delegate)
}

/// `find_filenames`: the paths of `--- X` / `+++ X` lines without their
/// first component, `/dev/null` skipped, sorted and de-duplicated.
pub(super) fn filenames(diff: &str) -> Vec<String> {
    let diff = diff.replace('\r', "");
    let mut out: Vec<String> = diff
        .trim()
        .split('\n')
        .filter_map(|line| {
            let rest = line
                .strip_prefix("--- ")
                .or_else(|| line.strip_prefix("+++ "))?;
            let name: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
            (!name.is_empty() && !name.starts_with("/dev/null"))
                .then(|| name.split('/').skip(1).collect::<Vec<_>>().join("/"))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Python's `fnmatch.fnmatchcase`: `*`, `?`, `[seq]`, `[!seq]`; `*`
/// crosses `/`.
pub(super) fn fnmatch(name: &str, pattern: &str) -> bool {
    let name: Vec<char> = name.chars().collect();
    let pat: Vec<char> = pattern.chars().collect();
    matches_at(&name, &pat)
}

fn matches_at(name: &[char], pat: &[char]) -> bool {
    match pat.first() {
        None => name.is_empty(),
        Some('*') => (0..=name.len()).any(|i| matches_at(&name[i..], &pat[1..])),
        Some('?') => !name.is_empty() && matches_at(&name[1..], &pat[1..]),
        Some('[') => match class(pat) {
            Some((set, negated, len)) => {
                let Some(&c) = name.first() else {
                    return false;
                };
                let hit = set.iter().any(|&(lo, hi)| lo <= c && c <= hi);
                hit != negated && matches_at(&name[1..], &pat[len..])
            }
            // An unclosed `[` is a literal.
            None => name.first() == Some(&'[') && matches_at(&name[1..], &pat[1..]),
        },
        Some(&c) => name.first() == Some(&c) && matches_at(&name[1..], &pat[1..]),
    }
}

/// A bracket class: its ranges, whether it is negated, its length.
type Class = (Vec<(char, char)>, bool, usize);

/// A `[...]` class at the start of `pat`.
fn class(pat: &[char]) -> Option<Class> {
    let mut i = 1;
    let negated = pat.get(i) == Some(&'!');
    if negated {
        i += 1;
    }
    let start = i;
    let mut set = Vec::new();
    while i < pat.len() && (pat[i] != ']' || i == start) {
        if pat.get(i + 1) == Some(&'-') && pat.get(i + 2).is_some_and(|&c| c != ']') {
            set.push((pat[i], pat[i + 2]));
            i += 3;
        } else {
            set.push((pat[i], pat[i]));
            i += 1;
        }
    }
    (i < pat.len()).then_some((set, negated, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_follow_find_filenames() {
        let diff =
            "--- a/drivers/net/x.c\n+++ b/drivers/net/x.c\n--- /dev/null\n+++ b/new.h\t2020\n";
        assert_eq!(filenames(diff), ["drivers/net/x.c", "new.h"]);
    }

    #[test]
    fn fnmatch_is_pythons() {
        assert!(fnmatch("drivers/net/x.c", "drivers/*"));
        assert!(fnmatch("a.c", "?.c"));
        assert!(fnmatch("b.c", "[abc].c") && !fnmatch("d.c", "[abc].c"));
        assert!(fnmatch("d.c", "[!abc].c") && fnmatch("m.c", "[a-z].c"));
        assert!(!fnmatch("drivers/x.c", "net/*"));
        assert!(fnmatch("[x", "[x"));
    }
}
