//! Table `payments`: one row per Checkout Session asked of Stripe. Every
//! status change names the status it expects, so the same news applied twice
//! changes nothing the second time.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

#[derive(Debug, Clone)]
pub struct PaymentRow {
    pub id: i64,
    pub appointment_id: i64,
    pub kind: String,
    pub status: String,
    pub amount_minor: i64,
    pub currency: String,
    pub idempotency_key: String,
    pub requested_expires_at: String,
    pub checkout_session_id: Option<String>,
    pub payment_intent_id: Option<String>,
    pub url: Option<String>,
    pub expires_at: Option<String>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub expire_idempotency_key: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub paid_at: Option<String>,
}

/// Inserts the attempt as `creating`. The key is derived from the row id, so
/// the row is inserted first and the key set in the same transaction.
pub async fn insert_creating(
    e: impl Executor<'_, Database = Sqlite>,
    appointment_id: i64,
    amount_minor: i64,
    currency: &str,
    provisional_key: &str,
    requested_expires_at: &str,
    now: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO payments (appointment_id, kind, status, amount_minor, currency, idempotency_key,
                                 requested_expires_at, created_at, updated_at)
           VALUES ($1, 'checkout', 'creating', $2, $3, $4, $5, $6, $6)
           RETURNING id AS "id!""#,
        appointment_id,
        amount_minor,
        currency,
        provisional_key,
        requested_expires_at,
        now
    )
    .fetch_one(e)
    .await?)
}

pub async fn set_idempotency_key(e: impl Executor<'_, Database = Sqlite>, id: i64, key: &str) -> Result<()> {
    sqlx::query!("UPDATE payments SET idempotency_key = $1 WHERE id = $2", key, id).execute(e).await?;
    Ok(())
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<PaymentRow>> {
    Ok(sqlx::query_as!(
        PaymentRow,
        r#"SELECT id AS "id!", appointment_id, kind, status, amount_minor, currency,
              idempotency_key, requested_expires_at, checkout_session_id, payment_intent_id, url, expires_at,
              failure_code, failure_message, expire_idempotency_key, created_at, updated_at, paid_at
       FROM payments WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

pub async fn by_session(e: impl Executor<'_, Database = Sqlite>, session_id: &str) -> Result<Option<PaymentRow>> {
    Ok(sqlx::query_as!(
        PaymentRow,
        r#"SELECT id AS "id!", appointment_id, kind, status, amount_minor, currency,
              idempotency_key, requested_expires_at, checkout_session_id, payment_intent_id, url, expires_at,
              failure_code, failure_message, expire_idempotency_key, created_at, updated_at, paid_at
       FROM payments WHERE checkout_session_id = $1"#,
        session_id
    )
    .fetch_optional(e)
    .await?)
}

pub async fn for_appointment(e: impl Executor<'_, Database = Sqlite>, appointment_id: i64) -> Result<Vec<PaymentRow>> {
    Ok(sqlx::query_as!(
        PaymentRow,
        r#"SELECT id AS "id!", appointment_id, kind, status, amount_minor, currency,
              idempotency_key, requested_expires_at, checkout_session_id, payment_intent_id, url, expires_at,
              failure_code, failure_message, expire_idempotency_key, created_at, updated_at, paid_at
       FROM payments WHERE appointment_id = $1 ORDER BY id"#,
        appointment_id
    )
    .fetch_all(e)
    .await?)
}

/// Attempts still waiting on Stripe: `creating`, `open` or `processing`.
pub async fn pending(e: impl Executor<'_, Database = Sqlite>) -> Result<Vec<PaymentRow>> {
    Ok(sqlx::query_as!(
        PaymentRow,
        r#"SELECT id AS "id!", appointment_id, kind, status, amount_minor, currency,
              idempotency_key, requested_expires_at, checkout_session_id, payment_intent_id, url, expires_at,
              failure_code, failure_message, expire_idempotency_key, created_at, updated_at, paid_at
       FROM payments WHERE status IN ('creating', 'open', 'processing') ORDER BY id"#
    )
    .fetch_all(e)
    .await?)
}

pub async fn count_pending(e: impl Executor<'_, Database = Sqlite>) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM payments WHERE status IN ('creating', 'open', 'processing')"#
    )
    .fetch_one(e)
    .await?)
}

/// Stripe answered the create request: `creating` → `open`.
#[allow(clippy::too_many_arguments)]
pub async fn mark_open(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    session_id: &str,
    url: Option<&str>,
    expires_at: &str,
    livemode: bool,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE payments SET status = 'open', checkout_session_id = $1, url = $2, expires_at = $3, livemode = $4,
                             updated_at = $5
         WHERE id = $6 AND status = 'creating'",
        session_id,
        url,
        expires_at,
        livemode,
        now,
        id
    )
    .execute(e)
    .await?
    .rows_affected())
}

/// Moves an attempt from `from` to `to`, recording what Stripe said.
#[allow(clippy::too_many_arguments)]
pub async fn transition(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    from: &str,
    to: &str,
    payment_intent_id: Option<&str>,
    failure: Option<(&str, &str)>,
    paid_at: Option<&str>,
    now: &str,
) -> Result<u64> {
    let (code, message) = failure.unzip();
    Ok(sqlx::query!(
        "UPDATE payments SET status = $1, payment_intent_id = COALESCE($2, payment_intent_id),
                             failure_code = COALESCE($3, failure_code), failure_message = COALESCE($4, failure_message),
                             paid_at = COALESCE($5, paid_at), updated_at = $6
         WHERE id = $7 AND status = $8",
        to,
        payment_intent_id,
        code,
        message,
        paid_at,
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
        "UPDATE payments SET expire_idempotency_key = COALESCE(expire_idempotency_key, $1) WHERE id = $2",
        key,
        id
    )
    .execute(e)
    .await?;
    Ok(())
}
