//! Table `clinic`: one row holding the clinic's settings and database id.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::clinic`.

pub use clinicdesk_domain::rows::clinic::*;
use clinicdesk_store_postgres::db::clinic as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::clinic_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn ensure(database_id: &str, time_zone: &str, currency: &str, now: &str) -> ();
    pub async fn get() -> ClinicRow;
    pub async fn update(row: &ClinicRow, now: &str) -> ();
    pub async fn set_return_url(url: Option<&str>, now: &str) -> ();
    pub async fn details() -> ClinicDetailsRow;
    pub async fn save_details(row: &ClinicDetailsRow, now: &str) -> ();
    pub async fn take_invoice_number(now: &str) -> (i64, String);
    pub async fn security() -> SecurityRow;
    pub async fn save_security(row: &SecurityRow, now: &str) -> ();
}
