//! Table `attention_items`: what a person must look at about online
//! payments, until someone marks it dealt with.

use crate::domain::AttentionKind;
use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub struct NewItem<'a> {
    pub kind: AttentionKind,
    pub appointment_id: Option<i64>,
    pub attempt_id: Option<i64>,
    pub amount_minor: Option<i64>,
    pub currency: Option<&'a str>,
    /// What Stripe said, as JSON.
    pub detail: String,
}

/// Raises an item; the same kind for the same attempt is raised once.
/// Returns whether a new item was added.
pub async fn raise(e: impl Executor<'_, Database = Sqlite>, item: &NewItem<'_>, now: &str) -> Result<bool> {
    Ok(sqlx::query!(
        "INSERT INTO attention_items (kind, appointment_id, attempt_id, amount_minor, currency, detail, raised_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (kind, attempt_id) DO NOTHING",
        item.kind,
        item.appointment_id,
        item.attempt_id,
        item.amount_minor,
        item.currency,
        item.detail,
        now
    )
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

#[derive(Debug, Clone)]
pub struct ItemRow {
    pub id: i64,
    pub kind: AttentionKind,
    pub appointment_id: Option<i64>,
    pub attempt_id: Option<i64>,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub detail: String,
    pub raised_at: String,
    pub resolved_at: Option<String>,
    pub resolution: Option<String>,
}

/// Items nobody has dealt with yet, oldest first.
pub async fn open_items(e: impl Executor<'_, Database = Sqlite>) -> Result<Vec<ItemRow>> {
    Ok(sqlx::query_as!(
        ItemRow,
        r#"SELECT id AS "id!", kind AS "kind: AttentionKind", appointment_id, attempt_id, amount_minor, currency,
                  detail, raised_at, resolved_at, resolution
           FROM attention_items WHERE resolved_at IS NULL ORDER BY raised_at, id"#
    )
    .fetch_all(e)
    .await?)
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<ItemRow>> {
    Ok(sqlx::query_as!(
        ItemRow,
        r#"SELECT id AS "id!", kind AS "kind: AttentionKind", appointment_id, attempt_id, amount_minor, currency,
                  detail, raised_at, resolved_at, resolution
           FROM attention_items WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

pub async fn count_open(e: impl Executor<'_, Database = Sqlite>) -> Result<i64> {
    Ok(sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM attention_items WHERE resolved_at IS NULL"#)
        .fetch_one(e)
        .await?)
}

/// Marks an item dealt with; 0 rows when someone already did.
pub async fn resolve(e: impl Executor<'_, Database = Sqlite>, id: i64, note: &str, now: &str) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE attention_items SET resolved_at = $1, resolution = $2 WHERE id = $3 AND resolved_at IS NULL",
        now,
        note,
        id
    )
    .execute(e)
    .await?
    .rows_affected())
}

/// Whether an item of `kind` already names this Checkout Session (items
/// without an attempt are told apart by the session in their detail).
pub async fn exists_for_session(
    e: impl Executor<'_, Database = Sqlite>,
    kind: AttentionKind,
    session_id: &str,
) -> Result<bool> {
    let needle = format!("%\"checkoutSessionId\":\"{session_id}\"%");
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM attention_items WHERE kind = $1 AND detail LIKE $2) AS "found!: bool""#,
        kind,
        needle
    )
    .fetch_one(e)
    .await?)
}
