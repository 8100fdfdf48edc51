//! Table `invoice_links`: an invoice's Stripe Payment Links. The key and
//! request are stored (status `creating`) and committed before the request
//! is sent; a re-send sends exactly those bytes with that key.

use crate::domain::LinkStatus;
use crate::error::Result;
use sqlx::{Executor, Sqlite};

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

pub async fn insert_creating(e: impl Executor<'_, Database = Sqlite>, n: &NewLink<'_>, now: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        // Above any id a restored-over database gave Stripe (see `restores`).
        r#"INSERT INTO invoice_links (id, invoice_id, amount_minor, currency, status, idempotency_key, request_body,
                                      stripe_account_id, livemode, created_at, updated_at)
           VALUES (MAX((SELECT COALESCE(MAX(id), 0) FROM invoice_links),
                       (SELECT COALESCE(MAX(link_floor), 0) FROM restores)) + 1,
                   $1, $2, $3, 'creating', $4, '', $5, $6, $7, $7)
           RETURNING id AS "id!""#,
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

pub async fn set_request(e: impl Executor<'_, Database = Sqlite>, id: i64, body: &str) -> Result<()> {
    sqlx::query!("UPDATE invoice_links SET request_body = $1 WHERE id = $2 AND status = 'creating'", body, id)
        .execute(e)
        .await?;
    Ok(())
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<LinkRow>> {
    Ok(sqlx::query_as!(
        LinkRow,
        r#"SELECT id AS "id!", invoice_id, amount_minor, currency, status AS "status: LinkStatus", idempotency_key,
                  request_body, stripe_payment_link_id, url, retire_key, stripe_account_id,
                  livemode AS "livemode: bool", created_at
           FROM invoice_links WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

/// The invoice's link being made or payable, if any (at most one).
pub async fn live_for(e: impl Executor<'_, Database = Sqlite>, invoice_id: i64) -> Result<Option<LinkRow>> {
    Ok(sqlx::query_as!(
        LinkRow,
        r#"SELECT id AS "id!", invoice_id, amount_minor, currency, status AS "status: LinkStatus", idempotency_key,
                  request_body, stripe_payment_link_id, url, retire_key, stripe_account_id,
                  livemode AS "livemode: bool", created_at
           FROM invoice_links WHERE invoice_id = $1 AND status IN ('creating', 'active')"#,
        invoice_id
    )
    .fetch_optional(e)
    .await?)
}

/// Links Stripe has still to hear from us about: made but unanswered, or
/// being made inactive.
pub async fn unsettled(e: impl Executor<'_, Database = Sqlite>) -> Result<Vec<LinkRow>> {
    Ok(sqlx::query_as!(
        LinkRow,
        r#"SELECT id AS "id!", invoice_id, amount_minor, currency, status AS "status: LinkStatus", idempotency_key,
                  request_body, stripe_payment_link_id, url, retire_key, stripe_account_id,
                  livemode AS "livemode: bool", created_at
           FROM invoice_links WHERE status IN ('creating', 'retiring') ORDER BY id"#
    )
    .fetch_all(e)
    .await?)
}

/// Links being made or made inactive: Stripe is asked again soon.
pub async fn count_unsettled(e: impl Executor<'_, Database = Sqlite>) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM invoice_links WHERE status IN ('creating', 'retiring')"#
    )
    .fetch_one(e)
    .await?)
}

/// Links a patient can pay: while any exist, Stripe's events are read now
/// and then (an invoice may wait weeks).
pub async fn count_active(e: impl Executor<'_, Database = Sqlite>) -> Result<i64> {
    Ok(sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM invoice_links WHERE status = 'active'"#)
        .fetch_one(e)
        .await?)
}

pub async fn activate(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    stripe_id: &str,
    url: &str,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE invoice_links SET status = 'active', stripe_payment_link_id = $1, url = $2, updated_at = $3
         WHERE id = $4 AND status = 'creating'",
        stripe_id,
        url,
        now,
        id
    )
    .execute(e)
    .await?
    .rows_affected())
}

/// A payable link that is no longer the balance due: its deactivation key is
/// stored before the request.
pub async fn start_retiring(e: impl Executor<'_, Database = Sqlite>, id: i64, key: &str, now: &str) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE invoice_links SET status = 'retiring', retire_key = $1, updated_at = $2
         WHERE id = $3 AND status = 'active'",
        key,
        now,
        id
    )
    .execute(e)
    .await?
    .rows_affected())
}

pub async fn set_status(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    from: LinkStatus,
    to: LinkStatus,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE invoice_links SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
        to,
        now,
        id,
        from
    )
    .execute(e)
    .await?
    .rows_affected())
}
