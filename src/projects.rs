//! `pwingest project add|edit|remove|list`, and the rules a project obeys:
//! those of Patchwork's `Project` model (v3.2.1 `patchwork/models.py`):
//! a link name that is a Unicode slug (`validate_unicode_slug`: letters,
//! digits, `_`, `-`), unique; a unique name; required link name, name, list
//! id and list address; lengths in characters (255 for link name, name and
//! list id, 200 for the list address, 64 for `subject_match`, 2000 for each
//! URL); `subject_match` that Python's `re` compiles; a list id and
//! `subject_match` pair that no other project has. Patchwork takes any list
//! address; one that is not `local@domain` gets a warning, since mail From
//! the list is recognised by comparing addresses (spec §6.2).

use std::io::Write;

use serde_json::{Value, json};

use crate::classify::route::subject_regex;
use crate::cli::{ApiArgs, ProjectAddArgs, ProjectEditArgs, ProjectMoreArgs, ProjectRemoveArgs};
use crate::error::{Error, Result};
use crate::json::records::Renderer;
use crate::model::Project;
use crate::store::prelude::*;
use crate::store::{Database, Location};

/// Why `p` may not be stored beside `others` (which may include `p`
/// itself, by id): the flag, the value and Patchwork's rule.
pub fn validate(p: &Project, others: &[Project]) -> Result<()> {
    let bad = |flag: &str, value: &str, rule: &str| -> Result<()> {
        Err(Error::config(format!("--{flag} {value:?}: {rule}")))
    };
    let fields = [
        ("link-name", &p.link_name, 255, true),
        ("name", &p.name, 255, true),
        ("list-id", &p.list_id, 255, true),
        ("list-email", &p.list_email, 200, true),
        ("subject-match", &p.subject_match, 64, false),
        ("web-url", &p.web_url, 2000, false),
        ("scm-url", &p.scm_url, 2000, false),
        ("webscm-url", &p.webscm_url, 2000, false),
        ("list-archive-url", &p.list_archive_url, 2000, false),
        (
            "list-archive-url-format",
            &p.list_archive_url_format,
            2000,
            false,
        ),
        ("commit-url-format", &p.commit_url_format, 2000, false),
    ];
    for (flag, value, max, required) in fields {
        if required && value.is_empty() {
            return bad(flag, value, "required");
        }
        let len = value.chars().count();
        if len > max {
            return bad(flag, value, &format!("{len} characters, at most {max}"));
        }
    }
    let slug = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    if !p.link_name.chars().all(slug) {
        return bad(
            "link-name",
            &p.link_name,
            "only letters, numbers, underscores or hyphens",
        );
    }
    if !is_address(&p.list_email) {
        tracing::warn!(
            list_email = p.list_email,
            "not an address (local@domain): mail From the list will not be recognised as such"
        );
    }
    if let Err(e) = subject_regex(&p.subject_match) {
        let rule = format!("not a regular expression Python's re compiles: {e}");
        return bad("subject-match", &p.subject_match, &rule);
    }
    for o in others.iter().filter(|o| o.id != p.id) {
        if o.link_name == p.link_name {
            return bad("link-name", &p.link_name, "another project has it");
        }
        if o.name == p.name {
            return bad("name", &p.name, "another project has it");
        }
        if o.list_id == p.list_id && o.subject_match == p.subject_match {
            let rule = format!(
                "project {} has this list id and the same --subject-match {:?}",
                o.link_name, o.subject_match
            );
            return bad("list-id", &p.list_id, &rule);
        }
    }
    Ok(())
}

/// `local@domain`, no white space.
fn is_address(s: &str) -> bool {
    match s.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Sets the optional fields that were given.
fn apply(more: &ProjectMoreArgs, p: &mut Project) {
    let fields = [
        (&more.subject_match, &mut p.subject_match),
        (&more.web_url, &mut p.web_url),
        (&more.scm_url, &mut p.scm_url),
        (&more.webscm_url, &mut p.webscm_url),
        (&more.list_archive_url, &mut p.list_archive_url),
        (
            &more.list_archive_url_format,
            &mut p.list_archive_url_format,
        ),
        (&more.commit_url_format, &mut p.commit_url_format),
    ];
    for (given, field) in fields {
        if let Some(v) = given {
            field.clone_from(v);
        }
    }
}

fn print(out: &mut (dyn Write + Send), line: &Value) -> Result<u8> {
    writeln!(out, "{line}")?;
    Ok(0)
}

/// The project with link name `link_name`; a usage error naming it if none.
fn find(store: &Database, link_name: &str) -> Result<Project> {
    store
        .projects()?
        .into_iter()
        .find(|p| p.link_name == link_name)
        .ok_or_else(|| Error::usage(format!("no project with link name {link_name}")))
}

/// `project add`: prints `{"id", "link_name"}`.
pub fn add(db: &Location, args: &ProjectAddArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let mut project = Project {
        link_name: args.link_name.clone(),
        name: args.name.clone(),
        list_id: args.list_id.clone(),
        list_email: args.list_email.clone(),
        ..Project::default()
    };
    apply(&args.more, &mut project);
    let mut store = Database::open(db)?;
    validate(&project, &store.projects()?)?;
    let id = store.add_project(&project)?;
    print(out, &json!({"id": id, "link_name": project.link_name}))
}

/// `project edit`: prints `{"id", "link_name"}` of the changed project.
pub fn edit(db: &Location, args: &ProjectEditArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let mut store = Database::open(db)?;
    let mut project = find(&store, &args.project)?;
    let fields = [
        (&args.link_name, &mut project.link_name),
        (&args.name, &mut project.name),
        (&args.list_id, &mut project.list_id),
        (&args.list_email, &mut project.list_email),
    ];
    for (given, field) in fields {
        if let Some(v) = given {
            field.clone_from(v);
        }
    }
    apply(&args.more, &mut project);
    validate(&project, &store.projects()?)?;
    store.update_project(&project)?;
    print(
        out,
        &json!({"id": project.id, "link_name": project.link_name}),
    )
}

/// `project remove`: refused (64) while the project holds records, which
/// Patchwork's admin deletes with everything that refers to them; prints
/// what was removed.
pub fn remove(db: &Location, args: &ProjectRemoveArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let mut store = Database::open(db)?;
    let project = find(&store, &args.project)?;
    let n = store.project_records(project.id)?;
    if !n.is_empty() {
        return Err(Error::usage(format!(
            "project {} has {} patches, {} cover letters, {} comments and {} series; \
             remove it through Patchwork's admin, which deletes them with everything \
             that refers to them",
            project.link_name, n.patches, n.covers, n.comments, n.series
        )));
    }
    store.remove_project(&project)?;
    print(
        out,
        &json!({"removed": project.link_name, "id": project.id}),
    )
}

/// `project list`: the projects' REST API documents, as a JSON array.
pub fn list(db: &Location, api_args: &ApiArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let store = Database::open(db)?;
    let mut r = Renderer::new(&store, crate::commands::api(api_args)?)?;
    let docs = store
        .projects()?
        .iter()
        .map(|p| r.project(p).map(|d| d.value()))
        .collect::<Result<Vec<_>>>()?;
    serde_json::to_writer_pretty(&mut *out, &Value::Array(docs)).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(link_name: &str) -> Project {
        Project {
            id: 1,
            link_name: link_name.into(),
            name: format!("Name {link_name}"),
            list_id: format!("{link_name}.example.org"),
            list_email: format!("{link_name}@example.org"),
            ..Project::default()
        }
    }

    fn refused(p: &Project, others: &[Project]) -> String {
        validate(p, others).unwrap_err().to_string()
    }

    #[test]
    fn patchworks_project_rules() {
        assert!(validate(&project("linux-foo_2"), &[]).is_ok());
        assert!(validate(&project("ünïcode"), &[]).is_ok());
        assert!(refused(&project("a b"), &[]).contains("--link-name \"a b\""));
        assert!(refused(&project("a.b"), &[]).contains("letters, numbers"));
        assert!(refused(&project(&"x".repeat(256)), &[]).contains("256 characters, at most 255"));
        let mut p = project("p");
        p.list_email = "linux-mips".into();
        assert!(
            validate(&p, &[]).is_ok(),
            "Patchwork takes any list address"
        );
        p.list_email = String::new();
        assert!(refused(&p, &[]).contains("required"));
        let mut p = project("p");
        p.subject_match = "(?<=net)-next".into();
        assert!(validate(&p, &[]).is_ok(), "look-behind, as Python's re");
        p.subject_match = "[PATCH".into();
        assert!(refused(&p, &[]).contains("--subject-match \"[PATCH\""));
        p.subject_match = "x".repeat(65);
        assert!(refused(&p, &[]).contains("at most 64"));
        p.subject_match.clear();
        p.web_url = "u".repeat(2001);
        assert!(refused(&p, &[]).contains("--web-url"));
    }

    #[test]
    fn link_name_name_and_list_id_with_subject_match_are_unique() {
        let old = Project {
            id: 2,
            ..project("old")
        };
        let others = std::slice::from_ref(&old);
        let mut p = project("old");
        assert!(refused(&p, others).contains("another project"));
        p.link_name = "new".into();
        p.name = old.name.clone();
        assert!(refused(&p, others).contains("--name"));
        p.name = "New".into();
        assert!(refused(&p, others).contains("project old has this list id"));
        p.subject_match = "net-next".into();
        assert!(validate(&p, others).is_ok());
        // A project is not its own rival.
        assert!(validate(&old, others).is_ok());
    }
}
