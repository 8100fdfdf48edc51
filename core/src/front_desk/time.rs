//! Wall-clock times in the clinic's zone.

use crate::domain::{parse_currency, Money};
use crate::error::{Error, Result};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{civil, Timestamp, ToSpan};

/// A wall-clock time on a date in `tz`. A time the clocks skip (the hour
/// lost when summer time starts) is refused; a time that happens twice (the
/// hour repeated when it ends) is taken the first time.
pub(crate) fn local_instant(tz: &TimeZone, date: civil::Date, minutes: i64) -> Option<Timestamp> {
    let dt = date.to_datetime(civil::Time::midnight()).checked_add((minutes as i32).minutes()).ok()?;
    let ambiguous = tz.to_ambiguous_zoned(dt);
    match ambiguous.offset() {
        AmbiguousOffset::Gap { .. } => None,
        _ => ambiguous.compatible().ok().map(|z| z.timestamp()),
    }
}

pub(crate) fn label(ts: Timestamp, tz: &TimeZone) -> String {
    let time = tz.to_datetime(ts);
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// The first instant of a day, even on a day that starts with a DST gap.
pub(crate) fn day_start(tz: &TimeZone, date: civil::Date) -> Result<Timestamp> {
    Ok(date.to_zoned(tz.clone()).map_err(|e| Error::Corrupt(e.to_string()))?.timestamp())
}

pub(crate) fn parse_money(minor: i64, currency: &str) -> Result<Money> {
    let currency = parse_currency(currency).map_err(|_| Error::Corrupt(format!("unknown currency {currency:?}")))?;
    Ok(Money::new(minor, currency))
}
