//! Persons (spec §6.3, Patchwork's `get_or_create_author`): one per e-mail
//! address, compared case-insensitively, across all projects.

use crate::error::Result;
use crate::store::Store;

/// The id of the person with `email`, created if new. The latest name wins,
/// but only a true one (`if name and name != person.name`): a missing or
/// empty name never erases a stored name.
pub(crate) fn person<S: Store>(store: &mut S, name: Option<&str>, email: &str) -> Result<i64> {
    match store.person_by_email(email)? {
        Some(p) => {
            if let Some(name) = name.filter(|n| !n.is_empty())
                && p.name.as_deref() != Some(name)
            {
                store.rename_person(p.id, name)?;
            }
            Ok(p.id)
        }
        None => store.add_person(name, email),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;
    use crate::store::prelude::*;

    #[test]
    fn only_a_true_name_renames() {
        let mut store = SqliteStore::in_memory().unwrap();
        let id = person(&mut store, Some("Ada"), "ada@example.org").unwrap();
        let name = |s: &SqliteStore| s.person_by_email("ADA@example.org").unwrap().unwrap().name;
        for (given, want) in [(Some(""), "Ada"), (None, "Ada"), (Some("Ada L."), "Ada L.")] {
            assert_eq!(person(&mut store, given, "Ada@Example.org").unwrap(), id);
            assert_eq!(name(&store).as_deref(), Some(want), "{given:?}");
        }
        let empty = person(&mut store, Some(""), "bob@example.org").unwrap();
        assert_ne!(empty, id);
        assert_eq!(
            store
                .person_by_email("bob@example.org")
                .unwrap()
                .unwrap()
                .name
                .as_deref(),
            Some(""),
            "a new person keeps the empty display name"
        );
    }
}
