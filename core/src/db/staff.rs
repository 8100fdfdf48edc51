//! Table `staff`. The role is parsed as it is read (strictly, like every
//! status); core never compares its text.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::staff`.

pub use clinicdesk_domain::rows::staff::*;
use clinicdesk_store_postgres::db::staff as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::staff_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn list() -> Vec<StaffRow>;
    pub async fn get(id: i64) -> Option<StaffRow>;
    pub async fn pin_hash(id: i64) -> PinHash;
    pub async fn count() -> i64;
    pub async fn insert(s: NewStaff<'_>, now: &str) -> i64;
    pub async fn update(id: i64, u: StaffUpdate<'_>, now: &str) -> u64;
    pub async fn set_pin(id: i64, pin_hash: &str, now: &str) -> ();
    pub async fn pin_failed(id: i64, limit: i64, until: &str, restart: bool) -> i64;
    pub async fn pin_accepted(id: i64) -> ();
}
