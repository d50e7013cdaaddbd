//! Project lookup (spec §2): a forced list id, or the list headers in order,
//! then `subject_match` among the projects sharing a list id.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use fancy_regex::{Regex, RegexBuilder};

use crate::model::Project;

/// The project a mail belongs to, if any. `projects` in any order;
/// `forced` is `parsemail --list-id`, ignored when empty (`if list_id:`, §2.1).
pub fn route<'p>(
    projects: &'p [Project],
    list_ids: &[(&str, String)],
    subject: Option<&str>,
    forced: Option<&str>,
) -> Option<&'p Project> {
    let subject = subject.unwrap_or("");
    match forced.filter(|id| !id.is_empty()) {
        Some(id) => by_list_id(projects, id, subject),
        None => list_ids
            .iter()
            .find_map(|(_, id)| by_list_id(projects, id, subject)),
    }
}

/// `find_project_by_id_and_subject`: projects in link-name order; the first
/// whose `subject_match` is found in the subject wins, else the one without
/// a `subject_match`.
fn by_list_id<'p>(projects: &'p [Project], list_id: &str, subject: &str) -> Option<&'p Project> {
    let mut candidates: Vec<&Project> = projects.iter().filter(|p| p.list_id == list_id).collect();
    candidates.sort_by(|a, b| a.link_name.cmp(&b.link_name));
    let mut default = None;
    for p in candidates {
        if p.subject_match.is_empty() {
            default = Some(p);
        } else if subject_matches(&p.subject_match, subject) {
            return Some(p);
        }
    }
    default
}

/// A project's `subject_match` as Patchwork compiles it: Python `re`
/// syntax (look-arounds and backreferences included, hence fancy-regex)
/// with `re.IGNORECASE | re.MULTILINE`. The error says what is wrong.
pub fn subject_regex(pattern: &str) -> Result<Regex, fancy_regex::Error> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .multi_line(true)
        .build()
}

/// `re.search(pattern, subject, re.M | re.I)`. A pattern that does not
/// compile (projects are validated when added, so only one stored by
/// something else) never matches and is logged once; so is a search that
/// gives up (fancy-regex's backtracking limit). Each pattern is compiled
/// once per process, not once per mail.
fn subject_matches(pattern: &str, subject: &str) -> bool {
    static COMPILED: LazyLock<Mutex<HashMap<String, Option<Regex>>>> =
        LazyLock::new(Default::default);
    let mut cache = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    let re = cache
        .entry(pattern.to_string())
        .or_insert_with(|| match subject_regex(pattern) {
            Ok(re) => Some(re),
            Err(error) => {
                tracing::warn!(pattern, %error, "subject_match does not compile; it matches nothing");
                None
            }
        });
    let Some(re) = re.as_ref() else { return false };
    re.is_match(subject).unwrap_or_else(|error| {
        tracing::warn!(pattern, subject, %error, "subject_match gave up on a subject");
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(link: &str, list_id: &str, subject_match: &str) -> Project {
        Project {
            link_name: link.into(),
            list_id: list_id.into(),
            subject_match: subject_match.into(),
            ..Default::default()
        }
    }

    #[test]
    fn routes_by_headers_then_subject_match() {
        let ps = vec![
            project("b-net", "net.x", "net-next"),
            project("a-default", "net.x", ""),
            project("q", "q.x", ""),
        ];
        let ids = vec![
            ("List-Id", "nope".to_string()),
            ("X-list", "net.x".to_string()),
        ];
        assert_eq!(
            route(&ps, &ids, Some("[PATCH net-next] x"), None)
                .unwrap()
                .link_name,
            "b-net"
        );
        assert_eq!(
            route(&ps, &ids, Some("[PATCH] x"), None).unwrap().link_name,
            "a-default"
        );
        assert_eq!(
            route(&ps, &ids, Some("x"), Some("q.x")).unwrap().link_name,
            "q"
        );
        assert!(route(&ps, &[], Some("x"), None).is_none());
        // Python's syntax: a look-behind, case-insensitively.
        let py = vec![
            project("b4", "net.x", r"(?<=\[)patch b4\b"),
            project("z", "net.x", ""),
        ];
        let b4 = route(&py, &ids, Some("[PATCH B4 1/2] x"), None);
        assert_eq!(b4.unwrap().link_name, "b4");
        let other = route(&py, &ids, Some("PATCH b4"), None);
        assert_eq!(other.unwrap().link_name, "z");
        // `if list_id:` (§2.1): an empty forced list id is none at all.
        assert_eq!(
            route(&ps, &ids, Some("[PATCH] x"), Some(""))
                .unwrap()
                .link_name,
            "a-default"
        );
    }
}
