//! Table `opening_hours`: one interval per open weekday.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::opening_hours`.

pub use clinicdesk_domain::rows::opening_hours::*;
use clinicdesk_store_postgres::db::opening_hours as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::opening_hours_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn all() -> Vec<HoursRow>;
    pub async fn clear() -> ();
    pub async fn insert(weekday: i64, opens: i64, closes: i64) -> ();
}
