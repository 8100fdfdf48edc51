//! Table `appointment_types`.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::appointment_types`.

pub use clinicdesk_domain::rows::appointment_types::*;
use clinicdesk_store_postgres::db::appointment_types as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::appointment_types_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn list(include_archived: bool) -> Vec<TypeRow>;
    pub async fn get(id: i64) -> Option<TypeRow>;
    pub async fn active_name_taken(name_key: &str, except_id: i64) -> bool;
    pub async fn count_all() -> i64;
    pub async fn next_display_order() -> i64;
    pub async fn insert(f: &TypeFields<'_>, display_order: i64, now: &str) -> i64;
    pub async fn update(id: i64, f: &TypeFields<'_>, now: &str) -> ();
    pub async fn set_archived(id: i64, archived: bool, display_order: i64, now: &str) -> ();
    pub async fn neighbour(display_order: i64, up: bool) -> Option<(i64, i64)>;
    pub async fn set_display_order(id: i64, display_order: i64, now: &str) -> ();
}
