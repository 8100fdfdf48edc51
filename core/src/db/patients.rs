//! Table `patients`, with prefix search on indexed, case-folded keys.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::patients`.

pub use clinicdesk_domain::rows::patients::*;
use clinicdesk_store_postgres::db::patients as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::patients_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn get(id: i64) -> Option<PatientRow>;
    pub async fn insert(f: &PatientFields<'_>, now: &str) -> i64;
    pub async fn update(id: i64, f: &PatientFields<'_>, now: &str) -> ();
    pub async fn list(limit: i64, offset: i64) -> Vec<PatientRow>;
    pub async fn search_names(prefix: &str, upper: &str, limit: i64, offset: i64) -> Vec<PatientRow>;
    pub async fn search_email(prefix: &str, upper: &str, limit: i64, offset: i64) -> Vec<PatientRow>;
    pub async fn search_phone(digits: &str, upper: &str, limit: i64, offset: i64) -> Vec<PatientRow>;
}
