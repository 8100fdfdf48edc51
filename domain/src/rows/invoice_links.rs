//! Table `invoice_links`, as both stores read and write it.

use crate::LinkStatus;

#[derive(Debug, Clone)]
pub struct LinkRow {
    pub id: i64,
    pub invoice_id: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub status: LinkStatus,
    pub idempotency_key: String,
    pub request_body: String,
    pub stripe_payment_link_id: Option<String>,
    pub url: Option<String>,
    pub retire_key: Option<String>,
    pub stripe_account_id: String,
    pub livemode: bool,
    pub created_at: String,
}

pub struct NewLink<'a> {
    pub invoice_id: i64,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub idempotency_key: &'a str,
    pub stripe_account_id: &'a str,
    pub livemode: bool,
}

/// The `invoice_links` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::invoice_links_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/invoice_links/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! invoice_links_queries {
    ($db:ty) => {
        pub use $crate::rows::invoice_links::{LinkRow, NewLink};

        pub async fn insert_creating(
            e: impl sqlx::Executor<'_, Database = $db>,
            n: &NewLink<'_>,
            now: &str,
        ) -> Result<i64> {
            Ok(sqlx::query_file_scalar!(
                "../queries/invoice_links/insert_creating.sql",
                n.invoice_id,
                n.amount_minor,
                n.currency,
                n.idempotency_key,
                n.stripe_account_id,
                n.livemode,
                now
            )
            .fetch_one(e)
            .await?)
        }

        pub async fn set_request(e: impl sqlx::Executor<'_, Database = $db>, id: i64, body: &str) -> Result<()> {
            sqlx::query_file!("../queries/invoice_links/set_request.sql", body, id).execute(e).await?;
            Ok(())
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<LinkRow>> {
            Ok(sqlx::query_file_as!(LinkRow, "../queries/invoice_links/get.sql", id).fetch_optional(e).await?)
        }

        /// The invoice's link being made or payable, if any (at most one).
        pub async fn live_for(e: impl sqlx::Executor<'_, Database = $db>, invoice_id: i64) -> Result<Option<LinkRow>> {
            Ok(sqlx::query_file_as!(LinkRow, "../queries/invoice_links/live_for.sql", invoice_id)
                .fetch_optional(e)
                .await?)
        }

        /// Links Stripe has still to hear from us about: made but unanswered, or
        /// being made inactive.
        pub async fn unsettled(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Vec<LinkRow>> {
            Ok(sqlx::query_file_as!(LinkRow, "../queries/invoice_links/unsettled.sql").fetch_all(e).await?)
        }

        /// Links being made or made inactive: Stripe is asked again soon.
        pub async fn count_unsettled(e: impl sqlx::Executor<'_, Database = $db>) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/invoice_links/count_unsettled.sql").fetch_one(e).await?)
        }

        /// Links a patient can pay: while any exist, Stripe's events are read now
        /// and then (an invoice may wait weeks).
        pub async fn count_active(e: impl sqlx::Executor<'_, Database = $db>) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/invoice_links/count_active.sql").fetch_one(e).await?)
        }

        pub async fn activate(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            stripe_id: &str,
            url: &str,
            now: &str,
        ) -> Result<u64> {
            Ok(sqlx::query_file!("../queries/invoice_links/activate.sql", stripe_id, url, now, id)
                .execute(e)
                .await?
                .rows_affected())
        }

        /// A payable link that is no longer the balance due: its deactivation key is
        /// stored before the request.
        pub async fn start_retiring(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            key: &str,
            now: &str,
        ) -> Result<u64> {
            Ok(sqlx::query_file!("../queries/invoice_links/start_retiring.sql", key, now, id)
                .execute(e)
                .await?
                .rows_affected())
        }

        pub async fn set_status(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            from: $crate::LinkStatus,
            to: $crate::LinkStatus,
            now: &str,
        ) -> Result<u64> {
            let (to, from) = (to.as_str(), from.as_str());
            Ok(sqlx::query_file!("../queries/invoice_links/set_status.sql", to, now, id, from)
                .execute(e)
                .await?
                .rows_affected())
        }
    };
}
