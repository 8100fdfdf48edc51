//! Table `sent_emails`: every email sent or refused (what, to whom, how it
//! went), append-only.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub struct NewSentEmail<'a> {
    pub kind: &'a str,
    pub entry_id: Option<i64>,
    pub invoice_id: Option<i64>,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub sent: bool,
    pub failure_code: Option<&'a str>,
}

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, m: &NewSentEmail<'_>, by: &str, at: &str) -> Result<i64> {
    let status = if m.sent { "sent" } else { "failed" };
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO sent_emails (kind, entry_id, invoice_id, recipient, subject, status, failure_code, sent_by, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id AS "id!""#,
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
pub async fn last_receipt(e: impl Executor<'_, Database = Sqlite>, entry_id: i64) -> Result<Option<(String, String)>> {
    Ok(sqlx::query!(
        "SELECT recipient, at FROM sent_emails WHERE entry_id = $1 AND status = 'sent' ORDER BY id DESC LIMIT 1",
        entry_id
    )
    .fetch_optional(e)
    .await?
    .map(|r| (r.recipient, r.at)))
}

/// When an invoice was last emailed, and to whom.
pub async fn last_invoice(
    e: impl Executor<'_, Database = Sqlite>,
    invoice_id: i64,
) -> Result<Option<(String, String)>> {
    Ok(sqlx::query!(
        "SELECT recipient, at FROM sent_emails WHERE invoice_id = $1 AND status = 'sent' ORDER BY id DESC LIMIT 1",
        invoice_id
    )
    .fetch_optional(e)
    .await?
    .map(|r| (r.recipient, r.at)))
}
