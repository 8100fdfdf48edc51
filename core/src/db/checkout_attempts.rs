//! Table `checkout_attempts`: one row per Checkout Session asked of Stripe.
//! Every status change names the status it expects, so the same news applied
//! twice changes nothing the second time.

use crate::domain::{AttemptKind, AttemptStatus};
use crate::error::Result;
use sqlx::{Executor, Sqlite};

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

/// Inserts the attempt as `creating` with a provisional key: the real key is
/// derived from the row id, and set with the request in the same transaction.
pub async fn insert_creating(e: impl Executor<'_, Database = Sqlite>, a: &NewAttempt<'_>, now: &str) -> Result<i64> {
    let provisional = format!("provisional-{}", uuid::Uuid::new_v4());
    Ok(sqlx::query_scalar!(
        // Above any id a restored-over database gave Stripe (see `restores`).
        r#"INSERT INTO checkout_attempts (id, appointment_id, kind, status, amount_minor, currency, idempotency_key,
                                          requested_expires_at, stripe_account_id, livemode, created_at, updated_at)
           VALUES (MAX((SELECT COALESCE(MAX(id), 0) FROM checkout_attempts),
                       (SELECT COALESCE(MAX(attempt_floor), 0) FROM restores)) + 1,
                   $1, $2, 'creating', $3, $4, $5, $6, $7, $8, $9, $9)
           RETURNING id AS "id!""#,
        a.appointment_id,
        a.kind,
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
pub async fn set_request(e: impl Executor<'_, Database = Sqlite>, id: i64, key: &str, body: &str) -> Result<()> {
    sqlx::query!("UPDATE checkout_attempts SET idempotency_key = $1, request_body = $2 WHERE id = $3", key, body, id)
        .execute(e)
        .await?;
    Ok(())
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<AttemptRow>> {
    Ok(sqlx::query_as!(
        AttemptRow,
        r#"SELECT id AS "id!", appointment_id, kind AS "kind: AttemptKind", status AS "status: AttemptStatus",
                  amount_minor, currency, idempotency_key, request_body, requested_expires_at, stripe_account_id,
                  livemode AS "livemode: bool", checkout_session_id, payment_intent_id, url, expires_at, failure_code,
                  failure_message, expire_idempotency_key, processing_since, created_at, updated_at, paid_at
           FROM checkout_attempts WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

pub async fn by_session(e: impl Executor<'_, Database = Sqlite>, session_id: &str) -> Result<Option<AttemptRow>> {
    Ok(sqlx::query_as!(
        AttemptRow,
        r#"SELECT id AS "id!", appointment_id, kind AS "kind: AttemptKind", status AS "status: AttemptStatus",
                  amount_minor, currency, idempotency_key, request_body, requested_expires_at, stripe_account_id,
                  livemode AS "livemode: bool", checkout_session_id, payment_intent_id, url, expires_at, failure_code,
                  failure_message, expire_idempotency_key, processing_since, created_at, updated_at, paid_at
           FROM checkout_attempts WHERE checkout_session_id = $1"#,
        session_id
    )
    .fetch_optional(e)
    .await?)
}

pub async fn for_appointment(e: impl Executor<'_, Database = Sqlite>, appointment_id: i64) -> Result<Vec<AttemptRow>> {
    Ok(sqlx::query_as!(
        AttemptRow,
        r#"SELECT id AS "id!", appointment_id, kind AS "kind: AttemptKind", status AS "status: AttemptStatus",
                  amount_minor, currency, idempotency_key, request_body, requested_expires_at, stripe_account_id,
                  livemode AS "livemode: bool", checkout_session_id, payment_intent_id, url, expires_at, failure_code,
                  failure_message, expire_idempotency_key, processing_since, created_at, updated_at, paid_at
           FROM checkout_attempts WHERE appointment_id = $1 ORDER BY id"#,
        appointment_id
    )
    .fetch_all(e)
    .await?)
}

/// The appointment's one payable attempt (`creating`, `open` or
/// `processing`), if it has one.
pub async fn pending_for(e: impl Executor<'_, Database = Sqlite>, appointment_id: i64) -> Result<Option<AttemptRow>> {
    Ok(sqlx::query_as!(
        AttemptRow,
        r#"SELECT id AS "id!", appointment_id, kind AS "kind: AttemptKind", status AS "status: AttemptStatus",
                  amount_minor, currency, idempotency_key, request_body, requested_expires_at, stripe_account_id,
                  livemode AS "livemode: bool", checkout_session_id, payment_intent_id, url, expires_at, failure_code,
                  failure_message, expire_idempotency_key, processing_since, created_at, updated_at, paid_at
           FROM checkout_attempts
           WHERE appointment_id = $1 AND status IN ('creating', 'open', 'processing')"#,
        appointment_id
    )
    .fetch_optional(e)
    .await?)
}

/// Attempts still waiting on Stripe, oldest first.
pub async fn pending(e: impl Executor<'_, Database = Sqlite>) -> Result<Vec<AttemptRow>> {
    Ok(sqlx::query_as!(
        AttemptRow,
        r#"SELECT id AS "id!", appointment_id, kind AS "kind: AttemptKind", status AS "status: AttemptStatus",
                  amount_minor, currency, idempotency_key, request_body, requested_expires_at, stripe_account_id,
                  livemode AS "livemode: bool", checkout_session_id, payment_intent_id, url, expires_at, failure_code,
                  failure_message, expire_idempotency_key, processing_since, created_at, updated_at, paid_at
           FROM checkout_attempts WHERE status IN ('creating', 'open', 'processing') ORDER BY id"#
    )
    .fetch_all(e)
    .await?)
}

pub async fn count_pending(e: impl Executor<'_, Database = Sqlite>) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM checkout_attempts WHERE status IN ('creating', 'open', 'processing')"#
    )
    .fetch_one(e)
    .await?)
}

/// Stripe answered the create request: `creating` → `open`.
pub async fn mark_open(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    session_id: &str,
    url: Option<&str>,
    expires_at: &str,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE checkout_attempts SET status = 'open', checkout_session_id = $1, url = $2, expires_at = $3,
                                      updated_at = $4
         WHERE id = $5 AND status = 'creating'",
        session_id,
        url,
        expires_at,
        now,
        id
    )
    .execute(e)
    .await?
    .rows_affected())
}

/// What a status change records besides the status.
#[derive(Debug, Default, Clone, Copy)]
pub struct Change<'a> {
    pub payment_intent_id: Option<&'a str>,
    pub failure: Option<(&'a str, &'a str)>,
    pub paid_at: Option<&'a str>,
    pub processing_since: Option<&'a str>,
}

/// Moves an attempt from `from` to `to`; 0 rows when it was no longer in
/// `from` (the news was already applied, or someone else moved it).
pub async fn transition(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    from: AttemptStatus,
    to: AttemptStatus,
    change: Change<'_>,
    now: &str,
) -> Result<u64> {
    let (code, message) = change.failure.unzip();
    Ok(sqlx::query!(
        "UPDATE checkout_attempts
         SET status = $1, payment_intent_id = COALESCE($2, payment_intent_id),
             failure_code = COALESCE($3, failure_code), failure_message = COALESCE($4, failure_message),
             paid_at = COALESCE($5, paid_at), processing_since = COALESCE($6, processing_since), updated_at = $7
         WHERE id = $8 AND status = $9",
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

pub async fn set_expire_key(e: impl Executor<'_, Database = Sqlite>, id: i64, key: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE checkout_attempts SET expire_idempotency_key = COALESCE(expire_idempotency_key, $1) WHERE id = $2",
        key,
        id
    )
    .execute(e)
    .await?;
    Ok(())
}

/// Records the session of an attempt whose create answer never arrived
/// (learnt from the session's metadata).
pub async fn attach_session(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    session_id: &str,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE checkout_attempts SET checkout_session_id = $1, updated_at = $2
         WHERE id = $3 AND checkout_session_id IS NULL",
        session_id,
        now,
        id
    )
    .execute(e)
    .await?
    .rows_affected())
}
