//! The nested objects of §14.7: project, person, series, cover and patch
//! as they appear inside other documents.

use super::{Api, ApiVersion, ArchiveUrl, Date, Doc, Joined, Json, Part};
use crate::model::{Comment, Cover, Parent, Patch, Person, Project, Series, User};

/// The embedded user of §13/§14.9 (a patch's delegate).
pub fn user(api: &Api, u: &User) -> Json {
    Doc::new()
        .put("id", u.id)
        .put(
            "url",
            api.api_link([Part::Path("users/"), Part::Int(u.id), Part::Path("/")]),
        )
        .put("username", u.username.as_str())
        .put("first_name", u.first_name.as_str())
        .put("last_name", u.last_name.as_str())
        .put("email", u.email.as_str())
        .done()
}

pub fn project(api: &Api, p: &Project) -> Json {
    let mut d = Doc::new();
    project_fields(api, p, &mut d);
    project_archive_fields(api, p, &mut d);
    d.done()
}

/// The fields the embedded project and the project detail share, up to `webscm_url`.
pub(crate) fn project_fields(api: &Api, p: &Project, d: &mut Doc) {
    d.put("id", p.id)
        .put(
            "url",
            api.api_link([Part::Path("projects/"), Part::Int(p.id), Part::Path("/")]),
        )
        .put("name", p.name.as_str())
        .put("link_name", p.link_name.as_str())
        .put("list_id", p.list_id.as_str())
        .put("list_email", p.list_email.as_str())
        .put("web_url", p.web_url.as_str())
        .put("scm_url", p.scm_url.as_str())
        .put("webscm_url", p.webscm_url.as_str());
}

/// The three archive/commit URL fields of API 1.2+.
pub(crate) fn project_archive_fields(api: &Api, p: &Project, d: &mut Doc) {
    d.put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
        p.list_archive_url.as_str()
    })
    .put_if(api.has(ApiVersion::V1_2), "list_archive_url_format", || {
        p.list_archive_url_format.as_str()
    })
    .put_if(api.has(ApiVersion::V1_2), "commit_url_format", || {
        p.commit_url_format.as_str()
    });
}

pub fn person(api: &Api, p: &Person) -> Json {
    let mut d = Doc::new();
    person_fields(api, p, &mut d);
    d.done()
}

/// The fields the embedded person and the person detail share.
pub(crate) fn person_fields(api: &Api, p: &Person, d: &mut Doc) {
    d.put("id", p.id)
        .put(
            "url",
            api.api_link([Part::Path("people/"), Part::Int(p.id), Part::Path("/")]),
        )
        .put("name", p.name.as_deref())
        .put("email", p.email.as_str());
}

pub fn series_url(api: &Api, id: i64) -> Joined<'_, 3> {
    api.api_link([Part::Path("series/"), Part::Int(id), Part::Path("/")])
}

pub fn series_web_url<'a>(api: &'a Api, project: &'a Project, id: i64) -> Joined<'a, 4> {
    api.web_link([
        Part::Path("/project/"),
        Part::Text(&project.link_name),
        Part::Path("/list/?series="),
        Part::Int(id),
    ])
}

pub fn series_mbox(api: &Api, id: i64) -> Joined<'_, 3> {
    api.web_link([Part::Path("/series/"), Part::Int(id), Part::Path("/mbox/")])
}

pub fn series(api: &Api, project: &Project, s: &Series) -> Json {
    Doc::new()
        .put("id", s.id)
        .put("url", series_url(api, s.id))
        .put_if(api.has(ApiVersion::V1_1), "web_url", || {
            series_web_url(api, project, s.id)
        })
        .put("date", Date(s.date))
        .put("name", s.name.as_deref())
        .put("version", s.version)
        .put("mbox", series_mbox(api, s.id))
        .done()
}

/// `/project/<link>/<kind>/<mid>/` (`kind` is `/patch/` or `/cover/`),
/// then `tail` (`""`, or `mbox/`).
pub fn submission_web_url<'a>(
    api: &'a Api,
    project: &'a Project,
    kind: &'static str,
    msgid: &'a str,
    tail: &'static str,
) -> Joined<'a, 5> {
    api.web_link([
        Part::Path("/project/"),
        Part::Text(&project.link_name),
        Part::Path(kind),
        Part::Msgid(msgid),
        Part::Path(tail),
    ])
}

pub fn cover(api: &Api, project: &Project, c: &Cover) -> Json {
    let web = |tail| submission_web_url(api, project, "/cover/", &c.msgid, tail);
    Doc::new()
        .put("id", c.id)
        .put(
            "url",
            api.api_link([Part::Path("covers/"), Part::Int(c.id), Part::Path("/")]),
        )
        .put_if(api.has(ApiVersion::V1_1), "web_url", || web("/"))
        .put("msgid", c.msgid.as_str())
        .put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
            archive_url(project, &c.msgid)
        })
        .put("date", Date(c.date))
        .put("name", c.name.as_str())
        .put_if(api.has(ApiVersion::V1_1), "mbox", || web("/mbox/"))
        .done()
}

pub fn patch(api: &Api, project: &Project, p: &Patch) -> Json {
    let web = |tail| submission_web_url(api, project, "/patch/", &p.msgid, tail);
    Doc::new()
        .put("id", p.id)
        .put(
            "url",
            api.api_link([Part::Path("patches/"), Part::Int(p.id), Part::Path("/")]),
        )
        .put_if(api.has(ApiVersion::V1_1), "web_url", || web("/"))
        .put("msgid", p.msgid.as_str())
        .put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
            archive_url(project, &p.msgid)
        })
        .put("date", Date(p.date))
        .put("name", p.name.as_str())
        .put("mbox", web("/mbox/"))
        .done()
}

/// §14.1 `list_archive_url` of a submission in `project`.
pub fn archive_url<'a>(project: &'a Project, msgid: &'a str) -> ArchiveUrl<'a> {
    ArchiveUrl {
        format: &project.list_archive_url_format,
        msgid,
    }
}

/// The fields a comment document and an embedded comment open with, `id`
/// to `date` (§14.6): `url` from 1.3, `list_archive_url` from 1.2.
pub(crate) fn comment_head(api: &Api, project: &Project, c: &Comment, d: &mut Doc) {
    let (kind, parent) = match c.parent {
        Parent::Patch(p) => ("patches/", p),
        Parent::Cover(p) => ("covers/", p),
    };
    d.put("id", c.id)
        .put_if(api.has(ApiVersion::V1_3), "url", || {
            api.api_link([
                Part::Path(kind),
                Part::Int(parent),
                Part::Path("/comments/"),
                Part::Int(c.id),
                Part::Path("/"),
            ])
        })
        .put(
            "web_url",
            api.web_link([Part::Path("/comment/"), Part::Int(c.id), Part::Path("/")]),
        )
        .put("msgid", c.msgid.as_str())
        .put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
            archive_url(project, &c.msgid)
        })
        .put("date", Date(c.date));
}
