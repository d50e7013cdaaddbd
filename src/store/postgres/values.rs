//! Values across the PostgreSQL boundary, converted once here so the store
//! keeps `i64`, `bool`, text and bytes everywhere (store-anchors.md §2.1,
//! point 5): a parameter takes the type the prepared statement reports for
//! it (an integer that does not fit an `int2`/`int4` is an error, never
//! wrapped), text goes in PostgreSQL's text format so the server parses
//! dates under the session `TimeZone` (as Django's naive datetimes are),
//! and a row's `timestamptz` reads back as the site's naive local text,
//! as SQLite stores it, so `rows.rs` keeps one mapper per record.

use std::error::Error as StdError;

use bytes::BytesMut;
use chrono::{DateTime, NaiveDateTime, Utc};
use tokio_postgres::Row;
use tokio_postgres::types::{Format, FromSql, IsNull, ToSql, Type, to_sql_checked};

use crate::error::{Error, Result, StoreClass};
use crate::store::conn::{RowRead, Value};
use crate::store::rows::date_to_sql;

type BoxError = Box<dyn StdError + Sync + Send>;

/// A statement parameter bound to the type PostgreSQL inferred for it.
#[derive(Debug)]
pub(super) struct Bind<'a>(pub Value<'a>);

/// The column types read as strings.
fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    )
}

impl ToSql for Bind<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        let mut int = |v: i64| -> std::result::Result<IsNull, BoxError> {
            match *ty {
                Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                Type::INT8 => v.to_sql(ty, out),
                Type::BOOL => (v != 0).to_sql(ty, out),
                // Text format (see `encode_format`): numeric, text, …
                _ => {
                    out.extend_from_slice(v.to_string().as_bytes());
                    Ok(IsNull::No)
                }
            }
        };
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => int(v),
            Value::Bool(b) if *ty == Type::BOOL => b.to_sql(ty, out),
            Value::Bool(b) => int(b.into()),
            Value::Text(s) => {
                // Text format: the server's input function parses it.
                out.extend_from_slice(s.as_bytes());
                Ok(IsNull::No)
            }
            Value::Blob(b) if *ty == Type::BYTEA => b.to_sql(ty, out),
            Value::Blob(_) => Err(format!("bytes given for a parameter of type {ty}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    fn encode_format(&self, ty: &Type) -> Format {
        match self.0 {
            Value::Text(_) => Format::Text,
            Value::Int(_) | Value::Bool(_)
                if !matches!(*ty, Type::INT2 | Type::INT4 | Type::INT8 | Type::BOOL) =>
            {
                Format::Text
            }
            _ => Format::Binary,
        }
    }

    to_sql_checked!();
}

/// A conversion failure of column `i` (a store error: the schema is not
/// what the statement expects).
fn column_error(row: &Row, i: usize, e: impl std::fmt::Display) -> Error {
    let ty = row.columns().get(i).map(|c| c.type_().to_string());
    Error::store(
        "PostgreSQL",
        StoreClass::Other,
        format!("result column {i} ({}): {e}", ty.unwrap_or_default()),
    )
}

/// Whether a value of any type is NULL (a bare `NULL` in a select list is
/// `text` to PostgreSQL, whatever the mapper reads it as).
struct Nullness(bool);

impl<'a> FromSql<'a> for Nullness {
    fn from_sql(_: &Type, _: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(Nullness(false))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(Nullness(true))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// `Ok(None)` for a NULL of another type than the mapper asked for, else
/// the error naming what it asked for.
fn null_or<T>(row: &Row, i: usize, wanted: &str) -> Result<Option<T>> {
    match row.try_get::<_, Nullness>(i) {
        Ok(Nullness(true)) => Ok(None),
        _ => Err(column_error(row, i, format!("not {wanted} column"))),
    }
}

/// The site's naive local time of a `timestamptz`, as Django reads it back
/// with `USE_TZ = False` (and as SQLite holds it).
fn site_local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&crate::site_time::time_zone())
        .naive_local()
}

/// The type of column `i` (`unknown` past the last).
fn column_type(row: &Row, i: usize) -> Type {
    row.columns()
        .get(i)
        .map_or(Type::UNKNOWN, |c| c.type_().clone())
}

impl RowRead for Row {
    fn int(&self, i: usize) -> Result<Option<i64>> {
        let got = match column_type(self, i) {
            Type::INT8 => self.try_get::<_, Option<i64>>(i),
            Type::INT4 => self.try_get::<_, Option<i32>>(i).map(|v| v.map(i64::from)),
            Type::INT2 => self.try_get::<_, Option<i16>>(i).map(|v| v.map(i64::from)),
            Type::BOOL => self.try_get::<_, Option<bool>>(i).map(|v| v.map(i64::from)),
            Type::OID => self.try_get::<_, Option<u32>>(i).map(|v| v.map(i64::from)),
            _ => return null_or(self, i, "an integer"),
        };
        got.map_err(|e| column_error(self, i, e))
    }

    fn text(&self, i: usize) -> Result<Option<String>> {
        let got = match column_type(self, i) {
            Type::TIMESTAMPTZ => self
                .try_get::<_, Option<DateTime<Utc>>>(i)
                .map(|v| v.map(|t| date_to_sql(site_local(t)))),
            Type::TIMESTAMP => self
                .try_get::<_, Option<NaiveDateTime>>(i)
                .map(|v| v.map(date_to_sql)),
            ref t if is_text(t) => self.try_get::<_, Option<String>>(i),
            _ => return null_or(self, i, "a text"),
        };
        got.map_err(|e| column_error(self, i, e))
    }

    fn blob(&self, i: usize) -> Result<Option<Vec<u8>>> {
        if column_type(self, i) != Type::BYTEA {
            return null_or(self, i, "a bytes");
        }
        self.try_get::<_, Option<Vec<u8>>>(i)
            .map_err(|e| column_error(self, i, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(v: Value<'_>, ty: Type) -> std::result::Result<(Vec<u8>, bool), String> {
        let b = Bind(v);
        let mut out = BytesMut::new();
        let text = matches!(b.encode_format(&ty), Format::Text);
        b.to_sql(&ty, &mut out).map_err(|e| e.to_string())?;
        Ok((out.to_vec(), text))
    }

    #[test]
    fn integers_take_the_parameter_type_and_never_wrap() {
        assert_eq!(
            encode(Value::Int(7), Type::INT4).unwrap(),
            (vec![0, 0, 0, 7], false)
        );
        assert_eq!(
            encode(Value::Int(7), Type::INT2).unwrap(),
            (vec![0, 7], false)
        );
        assert!(encode(Value::Int(70_000), Type::INT2).is_err());
        assert!(encode(Value::Int(1 << 40), Type::INT4).is_err());
        assert_eq!(
            encode(Value::Bool(true), Type::INT4).unwrap().0,
            vec![0, 0, 0, 1]
        );
        assert_eq!(encode(Value::Int(2), Type::BOOL).unwrap().0, vec![1]);
        assert_eq!(
            encode(Value::Int(2), Type::NUMERIC).unwrap(),
            (b"2".to_vec(), true)
        );
    }

    #[test]
    fn text_goes_as_text_for_the_server_to_parse() {
        assert_eq!(
            encode(Value::Text("2016-09-11 22:22:02"), Type::TIMESTAMPTZ).unwrap(),
            (b"2016-09-11 22:22:02".to_vec(), true)
        );
        assert!(encode(Value::Blob(b"x"), Type::TEXT).is_err());
    }
}

/// A parameter kept past the call that gave it (a statement sent later,
/// `Conn::execute_later`).
#[derive(Debug)]
pub(super) enum Owned {
    Null,
    Int(i64),
    Bool(bool),
    Text(String),
    Blob(Vec<u8>),
}

impl Owned {
    pub(super) fn of(v: Value<'_>) -> Owned {
        match v {
            Value::Null => Owned::Null,
            Value::Int(i) => Owned::Int(i),
            Value::Bool(b) => Owned::Bool(b),
            Value::Text(s) => Owned::Text(s.to_string()),
            Value::Blob(b) => Owned::Blob(b.to_vec()),
        }
    }

    pub(super) fn bind(&self) -> Bind<'_> {
        Bind(match self {
            Owned::Null => Value::Null,
            Owned::Int(i) => Value::Int(*i),
            Owned::Bool(b) => Value::Bool(*b),
            Owned::Text(s) => Value::Text(s),
            Owned::Blob(b) => Value::Blob(b),
        })
    }
}
