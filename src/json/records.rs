//! Detail documents (spec §14.2–§14.10): patches, covers, series, comments,
//! people and projects, read through the [`Store`] interface.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::headers::{HeaderFields, headers_object};
use super::{Api, ApiVersion, Doc, embedded, format_date, list_archive_url};
use crate::classify::subject::prefixes_of_name;
use crate::error::{Error, Result};
use crate::model::{Comment, Cover, Parent, Patch, Person, Project, Series};
use crate::store::Store;

/// Renders documents of one API version, caching projects and people.
pub struct Renderer<'s, S: Store> {
    pub api: Api,
    store: &'s S,
    projects: HashMap<i64, Project>,
    people: HashMap<i64, Person>,
}

/// People a renderer keeps at most (about a megabyte).
const PEOPLE_CACHED: usize = 8192;

fn missing(what: &str, id: i64) -> Error {
    Error::config(format!("{what} {id} does not exist"))
}

impl<'s, S: Store> Renderer<'s, S> {
    pub fn new(store: &'s S, api: Api) -> Result<Renderer<'s, S>> {
        Ok(Self::with_projects(store, api, &store.projects()?))
    }

    /// A renderer for a caller that already holds the current projects.
    pub fn with_projects(store: &'s S, api: Api, projects: &[Project]) -> Renderer<'s, S> {
        Renderer {
            api,
            store,
            projects: projects.iter().map(|p| (p.id, p.clone())).collect(),
            people: HashMap::new(),
        }
    }

    fn project_of(&self, id: i64) -> Result<&Project> {
        self.projects.get(&id).ok_or_else(|| missing("project", id))
    }

    fn submitter(&mut self, id: i64) -> Result<Value> {
        if !self.people.contains_key(&id) {
            // Bounded whatever the database holds (an export renders all).
            if self.people.len() >= PEOPLE_CACHED {
                self.people.clear();
            }
            let p = self
                .store
                .person(id)?
                .ok_or_else(|| missing("person", id))?;
            self.people.insert(id, p);
        }
        Ok(embedded::person(&self.api, &self.people[&id]))
    }

    fn series_list(&self, series_id: Option<i64>, project: &Project) -> Result<Value> {
        Ok(match series_id {
            Some(id) => match self.store.series(id)? {
                Some(s) => json!([embedded::series(&self.api, project, &s)]),
                None => json!([]),
            },
            None => json!([]),
        })
    }

    pub fn patch(&mut self, p: &Patch) -> Result<Value> {
        let project = self.project_of(p.project_id)?.clone();
        let api = self.api.clone();
        let submitter = self.submitter(p.submitter_id)?;
        let series = self.series_list(p.series_id, &project)?;
        let delegate = match p.delegate_id {
            Some(id) => self
                .store
                .user(id)?
                .map_or(Value::Null, |u| embedded::user(&api, &u)),
            None => Value::Null,
        };
        let web = embedded::submission_web_url(&api, &project, "patch", &p.msgid);
        Ok(Doc::new()
            .put("id", p.id)
            .put("url", api.api_url(&format!("patches/{}/", p.id)))
            .put_if(api.has(ApiVersion::V1_1), "web_url", || web.clone().into())
            .put("project", embedded::project(&api, &project))
            .put("msgid", p.msgid.as_str())
            .put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
                list_archive_url(&project.list_archive_url_format, &p.msgid)
            })
            .put("date", format_date(p.date))
            .put("name", p.name.as_str())
            .put("commit_ref", p.commit_ref.clone())
            .put("pull_url", p.pull_url.clone())
            .put("state", p.state.clone())
            .put("archived", p.archived)
            .put("hash", p.hash.clone())
            .put("submitter", submitter)
            .put("delegate", delegate)
            .put("mbox", format!("{web}mbox/"))
            .put("series", series)
            .put_if(api.has(ApiVersion::V1_1), "comments", || {
                api.unversioned(&format!("patches/{}/comments/", p.id))
                    .into()
            })
            .put("check", "pending")
            .put(
                "checks",
                api.unversioned(&format!("patches/{}/checks/", p.id)),
            )
            .put("tags", json!({}))
            .put_if(api.has(ApiVersion::V1_2), "related", || json!([]))
            .put("headers", headers_object(&p.headers))
            .put("content", p.content.as_str())
            .put("diff", p.diff.clone())
            .put("prefixes", prefixes_of_name(&p.name))
            .done())
    }

    pub fn cover(&mut self, c: &Cover) -> Result<Value> {
        let project = self.project_of(c.project_id)?.clone();
        let api = self.api.clone();
        let submitter = self.submitter(c.submitter_id)?;
        let series = self.series_list(c.series_id, &project)?;
        let web = embedded::submission_web_url(&api, &project, "cover", &c.msgid);
        Ok(Doc::new()
            .put("id", c.id)
            .put("url", api.api_url(&format!("covers/{}/", c.id)))
            .put_if(api.has(ApiVersion::V1_1), "web_url", || web.clone().into())
            .put("project", embedded::project(&api, &project))
            .put("msgid", c.msgid.as_str())
            .put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
                list_archive_url(&project.list_archive_url_format, &c.msgid)
            })
            .put("date", format_date(c.date))
            .put("name", c.name.as_str())
            .put("submitter", submitter)
            .put_if(api.has(ApiVersion::V1_1), "mbox", || {
                format!("{web}mbox/").into()
            })
            .put("series", series)
            .put_if(api.has(ApiVersion::V1_1), "comments", || {
                api.unversioned(&format!("covers/{}/comments/", c.id))
                    .into()
            })
            .put("headers", headers_object(&c.headers))
            .put("content", c.content.as_str())
            .done())
    }

    pub fn series(&mut self, s: &Series) -> Result<Value> {
        let project = self.project_of(s.project_id)?.clone();
        let api = self.api.clone();
        let submitter = self.submitter(s.submitter_id)?;
        let patches = self.store.series_patches(s.id)?;
        let cover = match s.cover_id {
            Some(id) => self
                .store
                .cover(id)?
                .map(|c| embedded::cover(&api, &project, &c))
                .unwrap_or(Value::Null),
            None => Value::Null,
        };
        let received = patches.len() as i64;
        Ok(Doc::new()
            .put("id", s.id)
            .put("url", embedded::series_url(&api, s.id))
            .put_if(api.has(ApiVersion::V1_1), "web_url", || {
                embedded::series_web_url(&api, &project, s.id).into()
            })
            .put("project", embedded::project(&api, &project))
            .put("name", s.name.clone())
            .put("date", format_date(s.date))
            .put("submitter", submitter)
            .put("version", s.version)
            .put("total", s.total)
            .put("received_total", received)
            .put("received_all", s.total <= received)
            .put("mbox", embedded::series_mbox(&api, s.id))
            .put("cover_letter", cover)
            .put(
                "patches",
                patches
                    .iter()
                    .map(|p| embedded::patch(&api, &project, p))
                    .collect::<Vec<_>>(),
            )
            .done())
    }

    /// A comment document (API 1.1+; 1.0 has no comment endpoints).
    pub fn comment(&mut self, c: &Comment) -> Result<Value> {
        let api = self.api.clone();
        let url = match c.parent {
            Parent::Patch(id) => api.api_url(&format!("patches/{id}/comments/{}/", c.id)),
            Parent::Cover(id) => api.api_url(&format!("covers/{id}/comments/{}/", c.id)),
        };
        let project = self.project_of(c.project_id)?.clone();
        let submitter = self.submitter(c.submitter_id)?;
        let headers = HeaderFields::parse(&c.headers);
        Ok(Doc::new()
            .put("id", c.id)
            .put_if(api.has(ApiVersion::V1_3), "url", || url.into())
            .put("web_url", api.web(&format!("/comment/{}/", c.id)))
            .put("msgid", c.msgid.as_str())
            .put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
                list_archive_url(&project.list_archive_url_format, &c.msgid)
            })
            .put("date", format_date(c.date))
            .put("subject", headers.subject())
            .put("submitter", submitter)
            .put("content", c.content.as_str())
            .put("headers", headers.object())
            .put_if(api.has(ApiVersion::V1_3), "addressed", || match c.parent {
                // X-Patchwork-Action-Required is ignored for cover comments (§10.3).
                Parent::Patch(_) => c.addressed.into(),
                Parent::Cover(_) => Value::Null,
            })
            .done())
    }

    pub fn person(&self, p: &Person) -> Value {
        let mut doc = embedded::person(&self.api, p);
        if let Value::Object(m) = &mut doc {
            m.insert("user".into(), Value::Null);
        }
        doc
    }

    pub fn project(&self, p: &Project) -> Value {
        let api = &self.api;
        let mut d = Doc::new();
        embedded::project_fields(api, p, &mut d);
        d.put("maintainers", json!([]))
            .put_if(api.has(ApiVersion::V1_1), "subject_match", || {
                p.subject_match.as_str().into()
            });
        embedded::project_archive_fields(api, p, &mut d);
        d.done()
    }
}

impl<S: Store> Renderer<'_, S> {
    pub fn patch_by_id(&mut self, id: i64) -> Result<Option<Value>> {
        self.store.patch(id)?.map(|p| self.patch(&p)).transpose()
    }

    pub fn cover_by_id(&mut self, id: i64) -> Result<Option<Value>> {
        self.store.cover(id)?.map(|c| self.cover(&c)).transpose()
    }

    /// `None` in API 1.0, which has no comment documents.
    pub fn comment_by_id(&mut self, id: i64) -> Result<Option<Value>> {
        if !self.api.has(ApiVersion::V1_1) {
            return Ok(None);
        }
        self.store
            .comment(id)?
            .map(|c| self.comment(&c))
            .transpose()
    }

    pub fn series_by_id(&mut self, id: i64) -> Result<Option<Value>> {
        self.store.series(id)?.map(|s| self.series(&s)).transpose()
    }

    pub fn person_by_id(&mut self, id: i64) -> Result<Option<Value>> {
        Ok(self.store.person(id)?.map(|p| self.person(&p)))
    }

    pub fn project_by_id(&mut self, id: i64) -> Result<Option<Value>> {
        Ok(self.projects.get(&id).cloned().map(|p| self.project(&p)))
    }
}
