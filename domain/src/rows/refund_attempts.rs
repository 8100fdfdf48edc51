//! Table `refund_attempts`, as both stores read and write it.

use crate::RefundStatus;

#[derive(Debug, Clone)]
pub struct RefundRow {
    pub id: i64,
    pub refund_entry_id: i64,
    pub appointment_id: i64,
    pub payment_intent_id: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: RefundStatus,
    pub idempotency_key: String,
    pub request_body: String,
    pub stripe_refund_id: Option<String>,
    pub failure_reason: Option<String>,
    pub stripe_account_id: String,
    pub livemode: bool,
    pub created_at: String,
    pub updated_at: String,
}

pub struct NewRefund<'a> {
    pub refund_entry_id: i64,
    pub appointment_id: i64,
    pub payment_intent_id: &'a str,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub stripe_account_id: &'a str,
    pub livemode: bool,
}

/// The `refund_attempts` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::refund_attempts_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/refund_attempts/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! refund_attempts_queries {
    ($db:ty) => {
        pub use $crate::rows::refund_attempts::{NewRefund, RefundRow};

        /// Inserted `creating` with a provisional key and request, set with the real
        /// ones (derived from the id) in the same transaction.
        pub async fn insert_creating(
            e: impl sqlx::Executor<'_, Database = $db>,
            r: &NewRefund<'_>,
            now: &str,
        ) -> Result<i64> {
            let provisional = format!("provisional-{}", uuid::Uuid::new_v4());
            Ok(sqlx::query_file_scalar!(
                "../queries/refund_attempts/insert_creating.sql",
                r.refund_entry_id,
                r.appointment_id,
                r.payment_intent_id,
                r.amount_minor,
                r.currency,
                provisional,
                r.stripe_account_id,
                r.livemode,
                now
            )
            .fetch_one(e)
            .await?)
        }

        pub async fn set_request(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            key: &str,
            body: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/refund_attempts/set_request.sql", key, body, id).execute(e).await?;
            Ok(())
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<RefundRow>> {
            Ok(sqlx::query_file_as!(RefundRow, "../queries/refund_attempts/get.sql", id).fetch_optional(e).await?)
        }

        pub async fn by_stripe_id(
            e: impl sqlx::Executor<'_, Database = $db>,
            refund_id: &str,
        ) -> Result<Option<RefundRow>> {
            Ok(sqlx::query_file_as!(RefundRow, "../queries/refund_attempts/by_stripe_id.sql", refund_id)
                .fetch_optional(e)
                .await?)
        }

        /// Refunds still waiting on Stripe, oldest first.
        pub async fn pending(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Vec<RefundRow>> {
            Ok(sqlx::query_file_as!(RefundRow, "../queries/refund_attempts/pending.sql").fetch_all(e).await?)
        }

        pub async fn count_pending(e: impl sqlx::Executor<'_, Database = $db>) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/refund_attempts/count_pending.sql").fetch_one(e).await?)
        }

        /// Moves a refund from `from` to `to` with what Stripe said; 0 rows when it
        /// had already moved.
        pub async fn transition(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            from: $crate::RefundStatus,
            to: $crate::RefundStatus,
            stripe_refund_id: Option<&str>,
            failure_reason: Option<&str>,
            now: &str,
        ) -> Result<u64> {
            let (to, from) = (to.as_str(), from.as_str());
            Ok(sqlx::query_file!(
                "../queries/refund_attempts/transition.sql",
                to,
                stripe_refund_id,
                failure_reason,
                now,
                id,
                from
            )
            .execute(e)
            .await?
            .rows_affected())
        }
    };
}
