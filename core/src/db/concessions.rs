//! Table `concessions`: the clinic's standing discounts.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::concessions`.

pub use clinicdesk_domain::rows::concessions::*;
use clinicdesk_store_postgres::db::concessions as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::concessions_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn list(include_archived: bool) -> Vec<ConcessionRow>;
    pub async fn get(id: i64) -> Option<ConcessionRow>;
    pub async fn insert(name: &str, name_key: &str, percent: i64, now: &str) -> i64;
    pub async fn set_archived(id: i64, archived: bool, now: &str) -> u64;
}
