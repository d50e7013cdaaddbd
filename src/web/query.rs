//! Query strings and pagination as Patchwork's REST API (DRF's
//! `PageNumberPagination` under Patchwork's `LinkHeaderPagination`) reads
//! and writes them: `page`, `per_page` (default 30, at most 250), and the
//! `Link` header with `next`/`prev` when they exist and always `first` and
//! `last`; the other parameters are kept, sorted by name, in its URLs.

use super::reply::ApiError;

/// Items per page unless `per_page` says otherwise (Patchwork's `REST_RESULTS_PER_PAGE`).
pub const DEFAULT_PER_PAGE: i64 = 30;
/// The most `per_page` gives (`MAX_REST_RESULTS_PER_PAGE`).
pub const MAX_PER_PAGE: i64 = 250;

/// The decoded `name=value` pairs of a query string, in order.
#[derive(Debug, Default, Clone)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>) -> Params {
        Params(
            form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The last value of `name`, as Django's `QueryDict.get` (empty = absent).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The query with `page` set to `page` (`None`: removed), keys sorted
    /// as DRF's `replace_query_param` leaves them; `""` or `?…`.
    fn with_page(&self, page: Option<i64>) -> String {
        let mut pairs: Vec<(&str, String)> = self
            .0
            .iter()
            .filter(|(k, _)| k != "page")
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        if let Some(p) = page {
            pairs.push(("page", p.to_string()));
        }
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        if pairs.is_empty() {
            return String::new();
        }
        let mut out = form_urlencoded::Serializer::new(String::from("?"));
        for (k, v) in &pairs {
            out.append_pair(k, v);
        }
        out.finish().replacen("?&", "?", 1)
    }
}

/// One page of a list: which rows, and how many there are in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub number: i64,
    pub per_page: i64,
    pub count: i64,
}

impl Page {
    /// `page`/`per_page` against `count` rows: a `per_page` that is not a
    /// positive integer is the default, one above the maximum the maximum;
    /// a `page` that is not a number or is past the last is 404 "Invalid page."
    /// (`page=last` is the last).
    pub fn of(params: &Params, count: i64) -> Result<Page, ApiError> {
        let per_page = match params.get("per_page").map(str::parse::<i64>) {
            Some(Ok(n)) if n > 0 => n.min(MAX_PER_PAGE),
            _ => DEFAULT_PER_PAGE,
        };
        let last = ((count + per_page - 1) / per_page).max(1);
        let number = match params.get("page") {
            None => 1,
            Some("last") => last,
            Some(p) => p.parse::<i64>().map_err(|_| ApiError::invalid_page())?,
        };
        if number < 1 || number > last {
            return Err(ApiError::invalid_page());
        }
        Ok(Page {
            number,
            per_page,
            count,
        })
    }

    pub fn last(&self) -> i64 {
        ((self.count + self.per_page - 1) / self.per_page).max(1)
    }

    pub fn offset(&self) -> i64 {
        (self.number - 1) * self.per_page
    }

    /// The `Link` header for this page of `url` (no query string).
    pub fn link(&self, url: &str, params: &Params) -> String {
        let at = |page: i64| {
            // DRF drops `page` for the first page.
            let q = params.with_page((page > 1).then_some(page));
            format!("<{url}{q}>")
        };
        let mut links = Vec::new();
        if self.number < self.last() {
            links.push(format!("{}; rel=\"next\"", at(self.number + 1)));
        }
        if self.number > 1 {
            links.push(format!("{}; rel=\"prev\"", at(self.number - 1)));
        }
        links.push(format!("{}; rel=\"first\"", at(1)));
        links.push(format!("{}; rel=\"last\"", at(self.last())));
        links.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(q: &str, count: i64) -> Result<Page, ApiError> {
        Page::of(&Params::parse(Some(q)), count)
    }

    #[test]
    fn per_page_is_clamped_or_defaulted() {
        assert_eq!(page("per_page=1000000", 10).unwrap().per_page, 250);
        assert_eq!(page("per_page=-3", 10).unwrap().per_page, 30);
        assert_eq!(page("per_page=x", 10).unwrap().per_page, 30);
        assert_eq!(page("per_page=0", 10).unwrap().per_page, 30);
        assert_eq!(page("", 10).unwrap().per_page, 30);
    }

    #[test]
    fn pages_past_the_last_are_invalid() {
        assert!(page("page=2", 30).is_err());
        assert!(page("page=0", 30).is_err());
        assert!(page("page=abc", 30).is_err());
        assert_eq!(page("page=1", 0).unwrap().number, 1);
        assert_eq!(page("page=last&per_page=7", 30).unwrap().number, 5);
    }

    #[test]
    fn links_keep_the_other_parameters_sorted() {
        let params = Params::parse(Some("q=a+b&per_page=2&page=2&project=1"));
        let p = Page::of(&params, 5).unwrap();
        assert_eq!(
            p.link("http://h/api/patches/", &params),
            "<http://h/api/patches/?page=3&per_page=2&project=1&q=a+b>; rel=\"next\", \
             <http://h/api/patches/?per_page=2&project=1&q=a+b>; rel=\"prev\", \
             <http://h/api/patches/?per_page=2&project=1&q=a+b>; rel=\"first\", \
             <http://h/api/patches/?page=3&per_page=2&project=1&q=a+b>; rel=\"last\""
        );
    }

    #[test]
    fn repeated_values_are_all_kept() {
        let params = Params::parse(Some("state=new&state=rfc&state="));
        assert_eq!(params.all("state"), ["new", "rfc"]);
        assert_eq!(params.get("state"), Some("rfc"));
    }
}
