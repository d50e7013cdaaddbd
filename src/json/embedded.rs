//! The nested objects of §14.7: project, person, series, cover and patch
//! as they appear inside other documents.

use super::{Api, ApiVersion, Doc, Json, format_date, list_archive_url, url_msgid};
use crate::model::{Comment, Cover, Parent, Patch, Person, Project, Series, User};

/// The embedded user of §13/§14.9 (a patch's delegate).
pub fn user(api: &Api, u: &User) -> Json {
    Doc::new()
        .put("id", u.id)
        .put("url", api.api_url(&format!("users/{}/", u.id)))
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
        .put("url", api.api_url(&format!("projects/{}/", p.id)))
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
        .put("url", api.api_url(&format!("people/{}/", p.id)))
        .put("name", p.name.as_deref())
        .put("email", p.email.as_str());
}

pub fn series_url(api: &Api, id: i64) -> String {
    api.api_url(&format!("series/{id}/"))
}

pub fn series_web_url(api: &Api, project: &Project, id: i64) -> String {
    api.web(&format!("/project/{}/list/?series={id}", project.link_name))
}

pub fn series_mbox(api: &Api, id: i64) -> String {
    api.web(&format!("/series/{id}/mbox/"))
}

pub fn series(api: &Api, project: &Project, s: &Series) -> Json {
    Doc::new()
        .put("id", s.id)
        .put("url", series_url(api, s.id))
        .put_if(api.has(ApiVersion::V1_1), "web_url", || {
            series_web_url(api, project, s.id)
        })
        .put("date", format_date(s.date))
        .put("name", s.name.as_deref())
        .put("version", s.version)
        .put("mbox", series_mbox(api, s.id))
        .done()
}

/// `/project/<link>/<kind>/<mid>/` (+ `mbox/`).
pub fn submission_web_url(api: &Api, project: &Project, kind: &str, msgid: &str) -> String {
    api.web(&format!(
        "/project/{}/{kind}/{}/",
        project.link_name,
        url_msgid(msgid)
    ))
}

pub fn cover(api: &Api, project: &Project, c: &Cover) -> Json {
    let web = submission_web_url(api, project, "cover", &c.msgid);
    Doc::new()
        .put("id", c.id)
        .put("url", api.api_url(&format!("covers/{}/", c.id)))
        .put_if(api.has(ApiVersion::V1_1), "web_url", || web.as_str())
        .put("msgid", c.msgid.as_str())
        .put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
            list_archive_url(&project.list_archive_url_format, &c.msgid)
        })
        .put("date", format_date(c.date))
        .put("name", c.name.as_str())
        .put_if(api.has(ApiVersion::V1_1), "mbox", || format!("{web}mbox/"))
        .done()
}

pub fn patch(api: &Api, project: &Project, p: &Patch) -> Json {
    let web = submission_web_url(api, project, "patch", &p.msgid);
    Doc::new()
        .put("id", p.id)
        .put("url", api.api_url(&format!("patches/{}/", p.id)))
        .put_if(api.has(ApiVersion::V1_1), "web_url", || web.as_str())
        .put("msgid", p.msgid.as_str())
        .put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
            list_archive_url(&project.list_archive_url_format, &p.msgid)
        })
        .put("date", format_date(p.date))
        .put("name", p.name.as_str())
        .put("mbox", format!("{web}mbox/"))
        .done()
}

/// The fields a comment document and an embedded comment open with, `id`
/// to `date` (§14.6): `url` from 1.3, `list_archive_url` from 1.2.
pub(crate) fn comment_head(api: &Api, project: &Project, c: &Comment, d: &mut Doc) {
    let url = match c.parent {
        Parent::Patch(p) => api.api_url(&format!("patches/{p}/comments/{}/", c.id)),
        Parent::Cover(p) => api.api_url(&format!("covers/{p}/comments/{}/", c.id)),
    };
    d.put("id", c.id)
        .put_if(api.has(ApiVersion::V1_3), "url", || url)
        .put("web_url", api.web(&format!("/comment/{}/", c.id)))
        .put("msgid", c.msgid.as_str())
        .put_if(api.has(ApiVersion::V1_2), "list_archive_url", || {
            list_archive_url(&project.list_archive_url_format, &c.msgid)
        })
        .put("date", format_date(c.date));
}
