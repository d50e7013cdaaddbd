//! Detail documents and list items (spec §14.2–§14.10): patches, covers,
//! series, comments, people and projects, read through the [`Store`]
//! interface. A list item is its detail document without the detail-only
//! fields, built by the same code; the records a page of a list embeds are
//! loaded ahead in a few set queries (`preload.rs`), a single document
//! reads what it misses one row at a time.

use std::collections::HashMap;

use foldhash::fast::FixedState;
use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::headers::HeaderFields;
use super::{Api, ApiVersion, Date, Doc, Json, Part, Raw, embedded};
use crate::classify::subject::prefixes_of_name;
use crate::error::{Error, Result};
use crate::model::{Comment, Cover, Parent, Patch, Person, Project, Series, User};
use crate::store::Store;

/// Renders documents of one API version, caching the records they embed.
pub struct Renderer<'s, S: Store> {
    pub api: Rc<Api>,
    pub(super) store: &'s S,
    projects: ProjectMap,
    pub(super) people: ById<Person>,
    pub(super) users: ById<User>,
    pub(super) series: ById<Series>,
    /// Cover letters as series embed them (without their mail).
    pub(super) covers: ById<Cover>,
    /// Each series' patches (without their mail), in the order it lists them.
    pub(super) series_patches: ById<Vec<Patch>>,
    /// Each project's maintainers, read with the first project document.
    maintainers: Option<HashMap<i64, Vec<User>>>,
    /// Embedded objects already written: kind, id, the project they are written for.
    embeds: HashMap<(Embed, i64, i64), Rc<Json>, FixedState>,
    /// Bytes to start a patch or cover document with (the largest list
    /// item so far, and some).
    size_hint: usize,
}

/// The kinds of embedded object a [`Renderer`] keeps once written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Embed {
    Project,
    Person,
    User,
    Series,
}

/// Records by id, as a renderer caches them: ids are the database's, so
/// a fast fixed hash suffices (no input chooses them).
pub(super) type ById<T> = HashMap<i64, T, FixedState>;

/// Projects by id, as renderers share them.
pub type ProjectMap = Arc<HashMap<i64, Arc<Project>>>;

/// [`ProjectMap`] of `projects`.
pub fn project_map(projects: &[Project]) -> ProjectMap {
    Arc::new(
        projects
            .iter()
            .map(|p| (p.id, Arc::new(p.clone())))
            .collect(),
    )
}

/// How a submission's URLs name its kind.
#[derive(Debug, Clone, Copy)]
struct Kind {
    /// In API URLs: `patches/`, `covers/`.
    plural: &'static str,
    /// In web URLs: `/patch/`, `/cover/`.
    web: &'static str,
}

const PATCH: Kind = Kind {
    plural: "patches/",
    web: "/patch/",
};
const COVER: Kind = Kind {
    plural: "covers/",
    web: "/cover/",
};

fn missing(what: &str, id: i64) -> Error {
    Error::config(format!("{what} {id} does not exist"))
}

impl<'s, S: Store> Renderer<'s, S> {
    pub fn new(store: &'s S, api: Api) -> Result<Renderer<'s, S>> {
        Ok(Self::with_projects(store, api, &store.projects()?))
    }

    /// A renderer for a caller that already holds the current projects.
    pub fn with_projects(store: &'s S, api: Api, projects: &[Project]) -> Renderer<'s, S> {
        Self::with_project_map(store, api, project_map(projects))
    }

    /// A renderer for a caller that keeps the projects by id between
    /// renderers (the web server, while the database is unchanged).
    pub fn with_project_map(store: &'s S, api: Api, projects: ProjectMap) -> Renderer<'s, S> {
        Renderer {
            api: Rc::new(api),
            store,
            projects,
            people: HashMap::default(),
            users: HashMap::default(),
            series: HashMap::default(),
            covers: HashMap::default(),
            series_patches: HashMap::default(),
            maintainers: None,
            embeds: HashMap::default(),
            size_hint: 1024,
        }
    }

    fn project_of(&self, id: i64) -> Result<Arc<Project>> {
        self.projects
            .get(&id)
            .cloned()
            .ok_or_else(|| missing("project", id))
    }

    /// The project `id`, or a default one when it is gone.
    pub fn project_row(&self, id: i64) -> Arc<Project> {
        self.projects.get(&id).cloned().unwrap_or_default()
    }

    /// The embedded object `key` names, written once per renderer (a page
    /// of a list embeds the same project, people and series many times).
    fn embed(&mut self, key: (Embed, i64, i64), write: impl FnOnce(&Self) -> Json) -> Rc<Json> {
        if let Some(done) = self.embeds.get(&key) {
            return Rc::clone(done);
        }
        let done = Rc::new(write(self));
        self.embeds.insert(key, Rc::clone(&done));
        done
    }

    /// The embedded project (§14.7).
    pub fn project_embed(&mut self, p: &Project) -> Rc<Json> {
        self.embed((Embed::Project, p.id, 0), |r| embedded::project(&r.api, p))
    }

    fn submitter(&mut self, id: i64) -> Result<Rc<Json>> {
        if !self.people.contains_key(&id) {
            let p = self
                .store
                .person(id)?
                .ok_or_else(|| missing("person", id))?;
            self.people.insert(id, p);
        }
        Ok(self.embed((Embed::Person, id, 0), |r| {
            embedded::person(&r.api, &r.people[&id])
        }))
    }

    /// The embedded user `id`, or `None` (null: no user, or none with that id).
    pub fn user_or_null(&mut self, id: Option<i64>) -> Result<Option<Rc<Json>>> {
        let Some(id) = id else {
            return Ok(None);
        };
        if !self.users.contains_key(&id) {
            match self.store.user(id)? {
                Some(u) => self.users.insert(id, u),
                None => return Ok(None),
            };
        }
        Ok(Some(self.embed((Embed::User, id, 0), |r| {
            embedded::user(&r.api, &r.users[&id])
        })))
    }

    fn series_row(&mut self, id: i64) -> Result<Option<&Series>> {
        if !self.series.contains_key(&id) {
            match self.store.series(id)? {
                Some(s) => self.series.insert(id, s),
                None => return Ok(None),
            };
        }
        Ok(self.series.get(&id))
    }

    fn series_list(&mut self, series_id: Option<i64>, project: &Project) -> Result<Vec<Rc<Json>>> {
        let Some(id) = series_id else {
            return Ok(Vec::new());
        };
        if self.series_row(id)?.is_none() {
            return Ok(Vec::new());
        }
        Ok(vec![self.embed((Embed::Series, id, project.id), |r| {
            embedded::series(&r.api, project, &r.series[&id])
        })])
    }

    /// A page of the patch list (§14.3), as one JSON array: each item is
    /// fields 1–22 of the detail, nothing of the mail.
    pub fn patch_list(&mut self, patches: &[Patch]) -> Result<Json> {
        self.list(patches, |r, p, d| r.patch_fields(p, d))
    }

    /// `[item,…]` of `items`, each written by `fields` into one buffer
    /// (no document per item to copy into the array afterwards), sized
    /// from the first item for the rest.
    fn list<T>(
        &mut self,
        items: &[T],
        fields: impl Fn(&mut Self, &T, Doc) -> Result<Doc>,
    ) -> Result<Json> {
        let mut out = Vec::with_capacity(self.size_hint.saturating_mul(items.len()) + 2);
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let before = out.len();
            out = fields(self, item, Doc::after(out))?.done().into_bytes();
            let size = out.len() - before;
            if size + 64 > self.size_hint {
                // Room for the rest at this size and a quarter more.
                self.size_hint = size + size / 4 + 64;
                out.reserve(self.size_hint * (items.len() - i - 1) + 1);
            }
        }
        out.push(b']');
        Ok(Json(out))
    }

    /// The patch detail (§14.2): the list item, then the mail.
    pub fn patch(&mut self, p: &Patch) -> Result<Json> {
        let mail = p.headers.len() + p.content.len() + p.diff.as_ref().map_or(0, String::len);
        let d = Doc::with_capacity(self.size_hint);
        Ok(self
            .patch_fields(p, d)?
            .reserve_for(mail)
            .put("headers", HeaderFields::parse(&p.headers).object())
            .put("content", p.content.as_str())
            .put("diff", p.diff.as_deref())
            .put("prefixes", prefixes_of_name(&p.name))
            .done())
    }

    /// The fields a patch and a cover letter open with, `id` to `name`
    /// (§14.2, §14.4). `kind` is `patch` or `cover`.
    fn submission_head(
        &mut self,
        kind: Kind,
        (id, msgid, date, name): (i64, &str, NaiveDateTime, &str),
        project: &Project,
        mut d: Doc,
    ) -> Doc {
        let api = self.api.clone();
        let project_doc = self.project_embed(project);
        d.put("id", id)
            .put(
                "url",
                api.api_link([Part::Path(kind.plural), Part::Int(id), Part::Path("/")]),
            )
            .put_if(api.has(ApiVersion::V1_1), "web_url", || {
                embedded::submission_web_url(&api, project, kind.web, msgid, "/")
            })
            .put("project", project_doc)
            .put("msgid", msgid)
            .put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
                embedded::archive_url(project, msgid)
            })
            .put("date", Date(date))
            .put("name", name);
        d
    }

    /// The list item's fields of `p`, written into `d`.
    fn patch_fields(&mut self, p: &Patch, d: Doc) -> Result<Doc> {
        let project = self.project_of(p.project_id)?;
        let api = self.api.clone();
        let submitter = self.submitter(p.submitter_id)?;
        let series = self.series_list(p.series_id, &project)?;
        let delegate = self.user_or_null(p.delegate_id)?;
        let head = (p.id, p.msgid.as_str(), p.date, p.name.as_str());
        let mut d = self.submission_head(PATCH, head, &project, d);
        let link = |tail| {
            api.unversioned_link([Part::Path("patches/"), Part::Int(p.id), Part::Path(tail)])
        };
        d.put("commit_ref", p.commit_ref.as_deref())
            .put("pull_url", p.pull_url.as_deref())
            .put("state", p.state.as_deref())
            .put("archived", p.archived)
            .put("hash", p.hash.as_deref())
            .put("submitter", submitter)
            .put("delegate", delegate)
            .put(
                "mbox",
                embedded::submission_web_url(&api, &project, PATCH.web, &p.msgid, "/mbox/"),
            )
            .put("series", series)
            .put_if(api.has(ApiVersion::V1_1), "comments", || link("/comments/"))
            .put("check", "pending")
            .put("checks", link("/checks/"))
            .put("tags", Raw("{}"))
            .put_if(api.has(ApiVersion::V1_2), "related", || Raw("[]"));
        Ok(d)
    }

    /// A page of the cover letter list (§14.4), as one JSON array: each
    /// item is the detail without `headers`, `content`.
    pub fn cover_list(&mut self, covers: &[Cover]) -> Result<Json> {
        self.list(covers, |r, c, d| r.cover_fields(c, d))
    }

    pub fn cover(&mut self, c: &Cover) -> Result<Json> {
        let d = Doc::with_capacity(self.size_hint);
        Ok(self
            .cover_fields(c, d)?
            .reserve_for(c.headers.len() + c.content.len())
            .put("headers", HeaderFields::parse(&c.headers).object())
            .put("content", c.content.as_str())
            .done())
    }

    /// The list item's fields of `c`, written into `d`.
    fn cover_fields(&mut self, c: &Cover, d: Doc) -> Result<Doc> {
        let project = self.project_of(c.project_id)?;
        let api = self.api.clone();
        let submitter = self.submitter(c.submitter_id)?;
        let series = self.series_list(c.series_id, &project)?;
        let head = (c.id, c.msgid.as_str(), c.date, c.name.as_str());
        let mut d = self.submission_head(COVER, head, &project, d);
        d.put("submitter", submitter)
            .put_if(api.has(ApiVersion::V1_1), "mbox", || {
                embedded::submission_web_url(&api, &project, COVER.web, &c.msgid, "/mbox/")
            })
            .put("series", series)
            .put_if(api.has(ApiVersion::V1_1), "comments", || {
                api.unversioned_link([
                    Part::Path("covers/"),
                    Part::Int(c.id),
                    Part::Path("/comments/"),
                ])
            });
        Ok(d)
    }

    /// A series' patches (without their mail), as its document lists them.
    fn patches_of(&mut self, series_id: i64) -> Result<&[Patch]> {
        if !self.series_patches.contains_key(&series_id) {
            let listed = self.store.series_patch_items(&[series_id])?;
            self.series_patches.insert(series_id, listed);
        }
        Ok(&self.series_patches[&series_id])
    }

    fn cover_letter(&mut self, id: i64) -> Result<Option<&Cover>> {
        if !self.covers.contains_key(&id) {
            match self.store.cover_items(&[id])?.pop() {
                Some(c) => self.covers.insert(id, c),
                None => return Ok(None),
            };
        }
        Ok(self.covers.get(&id))
    }

    /// A series document, detail and list item alike (§14.5).
    pub fn series(&mut self, s: &Series) -> Result<Json> {
        let project = self.project_of(s.project_id)?;
        let api = self.api.clone();
        let submitter = self.submitter(s.submitter_id)?;
        let cover = match s.cover_id {
            Some(id) => self
                .cover_letter(id)?
                .map(|c| embedded::cover(&api, &project, c)),
            None => None,
        };
        let project_doc = self.project_embed(&project);
        let patches = self.patches_of(s.id)?;
        let received = patches.len() as i64;
        Ok(Doc::new()
            .put("id", s.id)
            .put("url", embedded::series_url(&api, s.id))
            .put_if(api.has(ApiVersion::V1_1), "web_url", || {
                embedded::series_web_url(&api, &project, s.id)
            })
            .put("project", project_doc)
            .put("name", s.name.as_deref())
            .put("date", Date(s.date))
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
    pub fn comment(&mut self, c: &Comment) -> Result<Json> {
        let project = self.project_of(c.project_id)?;
        let submitter = self.submitter(c.submitter_id)?;
        let headers = HeaderFields::parse(&c.headers);
        let mut d = Doc::new();
        embedded::comment_head(&self.api, &project, c, &mut d);
        Ok(d.put("subject", headers.subject())
            .put("submitter", submitter)
            .put("content", c.content.as_str())
            .put("headers", headers.object())
            .put_if(self.api.has(ApiVersion::V1_3), "addressed", || {
                match c.parent {
                    // X-Patchwork-Action-Required is ignored for cover comments (§10.3).
                    Parent::Patch(_) => c.addressed,
                    Parent::Cover(_) => None,
                }
            })
            .done())
    }

    /// A person document (§14.10); `user` is null, as ingestion leaves it.
    pub fn person(&self, p: &Person) -> Json {
        let mut d = Doc::new();
        embedded::person_fields(&self.api, p, &mut d);
        d.put("user", None::<Json>).done()
    }

    /// A project document, detail and list item alike (§14.8), with its
    /// maintainers (every project's read once, with the first document).
    pub fn project(&mut self, p: &Project) -> Result<Json> {
        if self.maintainers.is_none() {
            let mut all: HashMap<i64, Vec<User>> = HashMap::new();
            for (project, user) in self.store.maintainers()? {
                all.entry(project).or_default().push(user);
            }
            self.maintainers = Some(all);
        }
        let api = &self.api;
        let maintainers: Vec<Json> = self
            .maintainers
            .as_ref()
            .and_then(|m| m.get(&p.id))
            .map(|users| users.iter().map(|u| embedded::user(api, u)).collect())
            .unwrap_or_default();
        let mut d = Doc::new();
        embedded::project_fields(api, p, &mut d);
        d.put("maintainers", maintainers).put_if(
            api.has(ApiVersion::V1_1),
            "subject_match",
            || p.subject_match.as_str(),
        );
        embedded::project_archive_fields(api, p, &mut d);
        Ok(d.done())
    }
}

impl<S: Store> Renderer<'_, S> {
    pub fn patch_by_id(&mut self, id: i64) -> Result<Option<Json>> {
        self.store.patch(id)?.map(|p| self.patch(&p)).transpose()
    }

    pub fn cover_by_id(&mut self, id: i64) -> Result<Option<Json>> {
        self.store.cover(id)?.map(|c| self.cover(&c)).transpose()
    }

    /// `None` in API 1.0, which has no comment documents.
    pub fn comment_by_id(&mut self, id: i64) -> Result<Option<Json>> {
        if !self.api.has(ApiVersion::V1_1) {
            return Ok(None);
        }
        self.store
            .comment(id)?
            .map(|c| self.comment(&c))
            .transpose()
    }

    pub fn series_by_id(&mut self, id: i64) -> Result<Option<Json>> {
        self.store.series(id)?.map(|s| self.series(&s)).transpose()
    }

    pub fn person_by_id(&mut self, id: i64) -> Result<Option<Json>> {
        Ok(self.store.person(id)?.map(|p| self.person(&p)))
    }

    pub fn project_by_id(&mut self, id: i64) -> Result<Option<Json>> {
        self.projects
            .get(&id)
            .cloned()
            .map(|p| self.project(&p))
            .transpose()
    }
}
