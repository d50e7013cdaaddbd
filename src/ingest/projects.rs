//! `--auto-projects`: a project for every unknown list id, named the way
//! the conformance corpus's `case.json` describes, so any archive can be
//! imported with no set-up.

use super::Options;
use crate::error::Result;
use crate::model::Project;
use crate::store::Store;

/// The project to create for a mail no project matched, if any.
pub(super) fn auto_project<S: Store>(
    store: &mut S,
    projects: &mut Vec<Project>,
    list_ids: &[(&'static str, String)],
    opts: &Options,
    forced: Option<&str>,
) -> Result<Option<Project>> {
    if !opts.auto_projects {
        return Ok(None);
    }
    let (header, list_id) = match (forced, list_ids.first()) {
        (Some(f), _) => ("", f.to_string()),
        (None, Some((h, id))) => (*h, id.clone()),
        (None, None) => return Ok(None),
    };
    if projects.iter().any(|p| p.list_id == list_id) {
        return Ok(None); // a known list whose subject_match excluded the mail
    }
    let project = auto_project_for(header, &list_id);
    // A list id no project could hold (longer than its columns) or whose
    // link name is taken makes none: the mail is kept as `no-project`.
    if crate::projects::validate(&project, projects).is_err() {
        return Ok(None);
    }
    let id = store.add_project(&project)?;
    let project = Project { id, ..project };
    projects.push(project.clone());
    Ok(Some(project))
}

/// A project for an unseen list id: `link_name` is the id with every run of
/// characters outside `[-a-zA-Z0-9_]` replaced by `-`; the list address is
/// the id with its first `.` turned into `@`, or an `X-Mailing-List` address.
pub fn auto_project_for(header: &str, list_id: &str) -> Project {
    let mut link_name = String::new();
    let mut in_run = false;
    for c in list_id.chars() {
        let keep = c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if keep {
            link_name.push(c);
        } else if !in_run {
            link_name.push('-');
        }
        in_run = !keep;
    }
    let list_email = if header.eq_ignore_ascii_case("X-Mailing-List") && list_id.contains('@') {
        list_id.to_string()
    } else {
        list_id.replacen('.', "@", 1)
    };
    Project {
        link_name,
        name: list_id.to_string(),
        list_id: list_id.to_string(),
        list_email,
        ..Project::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_projects_follow_the_corpus_convention() {
        let p = auto_project_for("List-Id", "linux-kernel.vger.kernel.org");
        assert_eq!(p.link_name, "linux-kernel-vger-kernel-org");
        assert_eq!(p.list_email, "linux-kernel@vger.kernel.org");
        let p = auto_project_for("X-Mailing-List", "linux-kernel@vger.kernel.org");
        assert_eq!(p.link_name, "linux-kernel-vger-kernel-org");
        assert_eq!(p.list_email, "linux-kernel@vger.kernel.org");
        assert_eq!(auto_project_for("List-Id", "a-.b@@c").link_name, "a--b-c");
    }
}
