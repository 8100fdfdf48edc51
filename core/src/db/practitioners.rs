//! Table `practitioners`.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::practitioners`.

pub use clinicdesk_domain::rows::practitioners::*;
use clinicdesk_store_postgres::db::practitioners as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::practitioners_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn list(include_inactive: bool) -> Vec<PractitionerRow>;
    pub async fn get(id: i64) -> Option<PractitionerRow>;
    pub async fn insert(name: &str, name_key: &str, now: &str) -> i64;
    pub async fn rename(id: i64, name: &str, name_key: &str, now: &str) -> ();
    pub async fn set_active(id: i64, active: bool, now: &str) -> ();
    pub async fn set_provider_number(id: i64, provider_number: Option<&str>, now: &str) -> ();
}
