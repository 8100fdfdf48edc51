//! Table `invoice_payments`: a payment through an invoice's link, one per
//! Checkout Session (so Stripe's news applied twice counts once).
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::invoice_payments`.

pub use clinicdesk_domain::rows::invoice_payments::*;
use clinicdesk_store_postgres::db::invoice_payments as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::invoice_payments_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn insert(n: &NewInvoicePayment<'_>, now: &str) -> Option<i64>;
    pub async fn payment_intent(id: i64) -> Option<String>;
}
