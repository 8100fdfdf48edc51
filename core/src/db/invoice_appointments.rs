//! Table `invoice_appointments`: which appointments an invoice is for. An
//! appointment is on at most one live (not void) invoice.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::invoice_appointments`.

use clinicdesk_store_postgres::db::invoice_appointments as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::invoice_appointments_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn insert(invoice_id: i64, appointment_id: i64) -> ();
    pub async fn of_invoice(invoice_id: i64) -> Vec<i64>;
    pub async fn release(invoice_id: i64) -> ();
    pub async fn delete_for(invoice_id: i64) -> ();
    pub async fn live_invoice_of(appointment_id: i64) -> Option<(i64, Option<String>)>;
}
