//! Table `checkout_attempts`, as both stores read and write it.

use crate::{AttemptKind, AttemptStatus};

#[derive(Debug, Clone)]
pub struct AttemptRow {
    pub id: i64,
    pub appointment_id: i64,
    pub kind: AttemptKind,
    pub status: AttemptStatus,
    pub amount_minor: i64,
    pub currency: String,
    pub idempotency_key: String,
    /// The create request as first sent; `None` for an earlier version's.
    pub request_body: Option<String>,
    pub requested_expires_at: String,
    pub stripe_account_id: Option<String>,
    pub livemode: Option<bool>,
    pub checkout_session_id: Option<String>,
    pub payment_intent_id: Option<String>,
    pub url: Option<String>,
    pub expires_at: Option<String>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub expire_idempotency_key: Option<String>,
    pub processing_since: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub paid_at: Option<String>,
}

pub struct NewAttempt<'a> {
    pub appointment_id: i64,
    pub kind: AttemptKind,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub requested_expires_at: &'a str,
    pub stripe_account_id: &'a str,
    pub livemode: bool,
}

/// What a status change records besides the status.
#[derive(Debug, Default, Clone, Copy)]
pub struct Change<'a> {
    pub payment_intent_id: Option<&'a str>,
    pub failure: Option<(&'a str, &'a str)>,
    pub paid_at: Option<&'a str>,
    pub processing_since: Option<&'a str>,
}

/// The `checkout_attempts` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::checkout_attempts_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/checkout_attempts/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! checkout_attempts_queries {
    ($db:ty) => {
        pub use $crate::rows::checkout_attempts::{AttemptRow, Change, NewAttempt};

        /// Inserts the attempt as `creating` with a provisional key: the real key is
        /// derived from the row id, and set with the request in the same transaction.
        pub async fn insert_creating(
            e: impl sqlx::Executor<'_, Database = $db>,
            a: &NewAttempt<'_>,
            now: &str,
        ) -> Result<i64> {
            let provisional = format!("provisional-{}", uuid::Uuid::new_v4());
            let kind = a.kind.as_str();
            Ok(sqlx::query_file_scalar!(
                "../queries/checkout_attempts/insert_creating.sql",
                a.appointment_id,
                kind,
                a.amount_minor,
                a.currency,
                provisional,
                a.requested_expires_at,
                a.stripe_account_id,
                a.livemode,
                now
            )
            .fetch_one(e)
            .await?)
        }

        /// Stores the request exactly as it will be sent, with its key.
        pub async fn set_request(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            key: &str,
            body: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/checkout_attempts/set_request.sql", key, body, id).execute(e).await?;
            Ok(())
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<AttemptRow>> {
            Ok(sqlx::query_file_as!(AttemptRow, "../queries/checkout_attempts/get.sql", id).fetch_optional(e).await?)
        }

        pub async fn by_session(
            e: impl sqlx::Executor<'_, Database = $db>,
            session_id: &str,
        ) -> Result<Option<AttemptRow>> {
            Ok(sqlx::query_file_as!(AttemptRow, "../queries/checkout_attempts/by_session.sql", session_id)
                .fetch_optional(e)
                .await?)
        }

        pub async fn for_appointment(
            e: impl sqlx::Executor<'_, Database = $db>,
            appointment_id: i64,
        ) -> Result<Vec<AttemptRow>> {
            Ok(sqlx::query_file_as!(AttemptRow, "../queries/checkout_attempts/for_appointment.sql", appointment_id)
                .fetch_all(e)
                .await?)
        }

        /// The appointment's one payable attempt (`creating`, `open` or
        /// `processing`), if it has one.
        pub async fn pending_for(
            e: impl sqlx::Executor<'_, Database = $db>,
            appointment_id: i64,
        ) -> Result<Option<AttemptRow>> {
            Ok(sqlx::query_file_as!(AttemptRow, "../queries/checkout_attempts/pending_for.sql", appointment_id)
                .fetch_optional(e)
                .await?)
        }

        /// Attempts still waiting on Stripe, oldest first.
        pub async fn pending(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Vec<AttemptRow>> {
            Ok(sqlx::query_file_as!(AttemptRow, "../queries/checkout_attempts/pending.sql").fetch_all(e).await?)
        }

        pub async fn count_pending(e: impl sqlx::Executor<'_, Database = $db>) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/checkout_attempts/count_pending.sql").fetch_one(e).await?)
        }

        /// Stripe answered the create request: `creating` → `open`.
        pub async fn mark_open(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            session_id: &str,
            url: Option<&str>,
            expires_at: &str,
            now: &str,
        ) -> Result<u64> {
            Ok(sqlx::query_file!("../queries/checkout_attempts/mark_open.sql", session_id, url, expires_at, now, id)
                .execute(e)
                .await?
                .rows_affected())
        }

        /// Moves an attempt from `from` to `to`; 0 rows when it was no longer in
        /// `from` (the news was already applied, or someone else moved it).
        pub async fn transition(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            from: $crate::AttemptStatus,
            to: $crate::AttemptStatus,
            change: Change<'_>,
            now: &str,
        ) -> Result<u64> {
            let (code, message) = change.failure.unzip();
            let (to, from) = (to.as_str(), from.as_str());
            Ok(sqlx::query_file!(
                "../queries/checkout_attempts/transition.sql",
                to,
                change.payment_intent_id,
                code,
                message,
                change.paid_at,
                change.processing_since,
                now,
                id,
                from
            )
            .execute(e)
            .await?
            .rows_affected())
        }

        pub async fn set_expire_key(e: impl sqlx::Executor<'_, Database = $db>, id: i64, key: &str) -> Result<()> {
            sqlx::query_file!("../queries/checkout_attempts/set_expire_key.sql", key, id).execute(e).await?;
            Ok(())
        }

        /// Records the session of an attempt whose create answer never arrived
        /// (learnt from the session's metadata).
        pub async fn attach_session(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            session_id: &str,
            now: &str,
        ) -> Result<u64> {
            Ok(sqlx::query_file!("../queries/checkout_attempts/attach_session.sql", session_id, now, id)
                .execute(e)
                .await?
                .rows_affected())
        }
    };
}
