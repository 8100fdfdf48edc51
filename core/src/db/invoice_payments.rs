//! Table `invoice_payments`: a payment through an invoice's link, one per
//! Checkout Session (so Stripe's news applied twice counts once).

use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub struct NewInvoicePayment<'a> {
    pub invoice_id: i64,
    pub link_id: i64,
    pub checkout_session_id: &'a str,
    pub payment_intent_id: Option<&'a str>,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub livemode: bool,
}

/// The new payment's id, or None when this session was already counted.
pub async fn insert(
    e: impl Executor<'_, Database = Sqlite>,
    n: &NewInvoicePayment<'_>,
    now: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO invoice_payments (invoice_id, link_id, checkout_session_id, payment_intent_id, amount_minor,
                                         currency, livemode, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (checkout_session_id) DO NOTHING
           RETURNING id AS "id!""#,
        n.invoice_id,
        n.link_id,
        n.checkout_session_id,
        n.payment_intent_id,
        n.amount_minor,
        n.currency,
        n.livemode,
        now
    )
    .fetch_optional(e)
    .await?)
}

pub async fn payment_intent(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!("SELECT payment_intent_id FROM invoice_payments WHERE id = $1", id)
        .fetch_optional(e)
        .await?
        .flatten())
}
