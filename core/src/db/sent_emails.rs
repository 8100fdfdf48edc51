//! Table `sent_emails`: every email sent or refused (what, to whom, how it
//! went), append-only.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::sent_emails`.

pub use clinicdesk_domain::rows::sent_emails::*;
use clinicdesk_store_postgres::db::sent_emails as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::sent_emails_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn insert(m: &NewSentEmail<'_>, by: &str, at: &str) -> i64;
    pub async fn last_receipt(entry_id: i64) -> Option<(String, String)>;
    pub async fn last_invoice(invoice_id: i64) -> Option<(String, String)>;
}
