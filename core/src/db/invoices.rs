//! Table `invoices`: drafts, issued invoices with their numbers, void ones
//! (kept, with their numbers: triggers refuse changing a number, un-voiding
//! and deleting anything issued).
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::invoices`.

pub use clinicdesk_domain::rows::invoices::*;
use clinicdesk_store_postgres::db::invoices as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::invoices_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn insert_draft(n: &NewInvoice<'_>, now: &str) -> i64;
    pub async fn issue(id: i64, number: i64, number_text: &str, now: &str) -> u64;
    pub async fn void(id: i64, reason: &str, now: &str) -> u64;
    pub async fn delete_draft(id: i64) -> u64;
    pub async fn get(id: i64) -> Option<InvoiceRow>;
    pub async fn list(patient_id: Option<i64>, limit: i64, offset: i64) -> Vec<ListRow>;
}
