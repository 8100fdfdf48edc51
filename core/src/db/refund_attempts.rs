//! Table `refund_attempts`: one row per refund asked of Stripe, its key and
//! request stored before it is sent.

use crate::domain::RefundStatus;
use crate::error::Result;
use sqlx::{Executor, Sqlite};

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

/// Inserted `creating` with a provisional key and request, set with the real
/// ones (derived from the id) in the same transaction.
pub async fn insert_creating(e: impl Executor<'_, Database = Sqlite>, r: &NewRefund<'_>, now: &str) -> Result<i64> {
    let provisional = format!("provisional-{}", uuid::Uuid::new_v4());
    Ok(sqlx::query_scalar!(
        // Above any id a restored-over database gave Stripe (see `restores`).
        r#"INSERT INTO refund_attempts (id, refund_entry_id, appointment_id, payment_intent_id, amount_minor, currency,
                                        status, idempotency_key, request_body, stripe_account_id, livemode,
                                        created_at, updated_at)
           VALUES (MAX((SELECT COALESCE(MAX(id), 0) FROM refund_attempts),
                       (SELECT COALESCE(MAX(refund_floor), 0) FROM restores)) + 1,
                   $1, $2, $3, $4, $5, 'creating', $6, '', $7, $8, $9, $9)
           RETURNING id AS "id!""#,
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

pub async fn set_request(e: impl Executor<'_, Database = Sqlite>, id: i64, key: &str, body: &str) -> Result<()> {
    sqlx::query!("UPDATE refund_attempts SET idempotency_key = $1, request_body = $2 WHERE id = $3", key, body, id)
        .execute(e)
        .await?;
    Ok(())
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<RefundRow>> {
    Ok(sqlx::query_as!(
        RefundRow,
        r#"SELECT id AS "id!", refund_entry_id, appointment_id, payment_intent_id, amount_minor, currency,
                  status AS "status: RefundStatus", idempotency_key, request_body, stripe_refund_id, failure_reason,
                  stripe_account_id, livemode AS "livemode: bool", created_at, updated_at
           FROM refund_attempts WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

pub async fn by_stripe_id(e: impl Executor<'_, Database = Sqlite>, refund_id: &str) -> Result<Option<RefundRow>> {
    Ok(sqlx::query_as!(
        RefundRow,
        r#"SELECT id AS "id!", refund_entry_id, appointment_id, payment_intent_id, amount_minor, currency,
                  status AS "status: RefundStatus", idempotency_key, request_body, stripe_refund_id, failure_reason,
                  stripe_account_id, livemode AS "livemode: bool", created_at, updated_at
           FROM refund_attempts WHERE stripe_refund_id = $1"#,
        refund_id
    )
    .fetch_optional(e)
    .await?)
}

/// Refunds still waiting on Stripe, oldest first.
pub async fn pending(e: impl Executor<'_, Database = Sqlite>) -> Result<Vec<RefundRow>> {
    Ok(sqlx::query_as!(
        RefundRow,
        r#"SELECT id AS "id!", refund_entry_id, appointment_id, payment_intent_id, amount_minor, currency,
                  status AS "status: RefundStatus", idempotency_key, request_body, stripe_refund_id, failure_reason,
                  stripe_account_id, livemode AS "livemode: bool", created_at, updated_at
           FROM refund_attempts WHERE status IN ('creating', 'pending') ORDER BY id"#
    )
    .fetch_all(e)
    .await?)
}

pub async fn count_pending(e: impl Executor<'_, Database = Sqlite>) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM refund_attempts WHERE status IN ('creating', 'pending')"#
    )
    .fetch_one(e)
    .await?)
}

/// Moves a refund from `from` to `to` with what Stripe said; 0 rows when it
/// had already moved.
pub async fn transition(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    from: RefundStatus,
    to: RefundStatus,
    stripe_refund_id: Option<&str>,
    failure_reason: Option<&str>,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE refund_attempts
         SET status = $1, stripe_refund_id = COALESCE($2, stripe_refund_id),
             failure_reason = COALESCE($3, failure_reason), updated_at = $4
         WHERE id = $5 AND status = $6",
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
