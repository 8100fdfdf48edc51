//! Table `invoice_payments`, as both stores read and write it.

pub struct NewInvoicePayment<'a> {
    pub invoice_id: i64,
    pub link_id: i64,
    pub checkout_session_id: &'a str,
    pub payment_intent_id: Option<&'a str>,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub livemode: bool,
}

/// The `invoice_payments` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::invoice_payments_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/invoice_payments/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! invoice_payments_queries {
    ($db:ty) => {
        pub use $crate::rows::invoice_payments::NewInvoicePayment;

        /// The new payment's id, or None when this session was already counted.
        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            n: &NewInvoicePayment<'_>,
            now: &str,
        ) -> Result<Option<i64>> {
            Ok(sqlx::query_file_scalar!(
                "../queries/invoice_payments/insert.sql",
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

        pub async fn payment_intent(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<String>> {
            Ok(sqlx::query_file_scalar!("../queries/invoice_payments/payment_intent.sql", id)
                .fetch_optional(e)
                .await?
                .flatten())
        }
    };
}
