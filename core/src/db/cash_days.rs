//! Table `cash_days`: the end of day's till (float, counted) and, once
//! closed, the report frozen as it stood. Triggers refuse changing a closed
//! day and deleting any.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::cash_days`.

pub use clinicdesk_domain::rows::cash_days::*;
use clinicdesk_store_postgres::db::cash_days as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::cash_days_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn get(day: &str) -> Option<CashDayRow>;
    pub async fn is_closed(day: &str) -> bool;
    pub async fn previous_float(day: &str) -> Option<i64>;
    pub async fn save_till(day: &str, currency: &str, float_minor: i64, counted_minor: Option<i64>, note: Option<&str>, now: &str) -> ();
    pub async fn close(day: &str, report: &str, last_entry_id: i64, by: &str, now: &str) -> u64;
}
