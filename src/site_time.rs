//! The site's clock as Django sees it with `USE_TZ = False` (spec §5):
//! "now" is the wall-clock time of the site's `TIME_ZONE` (Patchwork's
//! default `Australia/Canberra`), naive, with microseconds. Mail dates are
//! not affected: Patchwork stores them as naive UTC.

use std::sync::OnceLock;

use chrono::{NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};

/// Patchwork's `TIME_ZONE` setting.
pub const DEFAULT_TIME_ZONE: &str = "Australia/Canberra";

static ZONE: OnceLock<Tz> = OnceLock::new();

/// Sets the site's time zone (an IANA name) once, before any "now".
pub fn set_time_zone(name: &str) -> Result<()> {
    let tz: Tz = name.parse().map_err(|_| {
        Error::config(format!(
            "unknown time zone {name:?} (an IANA name, e.g. Europe/Berlin)"
        ))
    })?;
    let _ = ZONE.set(tz);
    Ok(())
}

/// The site's time zone (the default unless set).
pub fn time_zone() -> Tz {
    *ZONE.get_or_init(|| DEFAULT_TIME_ZONE.parse().unwrap_or(Tz::UTC))
}

/// Django's `timezone.now()` with `USE_TZ = False`: site-local wall clock.
pub fn now() -> NaiveDateTime {
    Utc::now().with_timezone(&time_zone()).naive_local()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    #[test]
    fn canberra_is_utc_plus_ten_or_eleven() {
        let tz: chrono_tz::Tz = super::DEFAULT_TIME_ZONE.parse().unwrap();
        let utc = chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_micro_opt(1, 29, 27, 150038)
            .unwrap();
        let local = tz.from_utc_datetime(&utc).naive_local();
        assert_eq!(local.to_string(), "2026-11-22 12:29:27.150038");
    }
}
