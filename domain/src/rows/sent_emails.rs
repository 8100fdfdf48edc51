//! Table `sent_emails`, as both stores read and write it.

pub struct NewSentEmail<'a> {
    pub kind: &'a str,
    pub entry_id: Option<i64>,
    pub invoice_id: Option<i64>,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub sent: bool,
    pub failure_code: Option<&'a str>,
}

/// The `sent_emails` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::sent_emails_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/sent_emails/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! sent_emails_queries {
    ($db:ty) => {
        pub use $crate::rows::sent_emails::NewSentEmail;

        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            m: &NewSentEmail<'_>,
            by: &str,
            at: &str,
        ) -> Result<i64> {
            let status = if m.sent { "sent" } else { "failed" };
            Ok(sqlx::query_file_scalar!(
                "../queries/sent_emails/insert.sql",
                m.kind,
                m.entry_id,
                m.invoice_id,
                m.recipient,
                m.subject,
                status,
                m.failure_code,
                by,
                at
            )
            .fetch_one(e)
            .await?)
        }

        /// When a receipt was last emailed, and to whom.
        pub async fn last_receipt(
            e: impl sqlx::Executor<'_, Database = $db>,
            entry_id: i64,
        ) -> Result<Option<(String, String)>> {
            Ok(sqlx::query_file!("../queries/sent_emails/last_receipt.sql", entry_id)
                .fetch_optional(e)
                .await?
                .map(|r| (r.recipient, r.at)))
        }

        /// When an invoice was last emailed, and to whom.
        pub async fn last_invoice(
            e: impl sqlx::Executor<'_, Database = $db>,
            invoice_id: i64,
        ) -> Result<Option<(String, String)>> {
            Ok(sqlx::query_file!("../queries/sent_emails/last_invoice.sql", invoice_id)
                .fetch_optional(e)
                .await?
                .map(|r| (r.recipient, r.at)))
        }
    };
}
