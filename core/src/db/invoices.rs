//! Table `invoices`: drafts, issued invoices with their numbers, void ones
//! (kept, with their numbers: triggers refuse changing a number, un-voiding
//! and deleting anything issued).

use crate::domain::InvoiceState;
use crate::error::Result;
use sqlx::{Executor, Sqlite};

#[derive(Debug, Clone)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: Option<i64>,
    pub number_text: Option<String>,
    pub patient_id: i64,
    pub currency: String,
    pub issue_date: String,
    pub due_date: String,
    pub state: InvoiceState,
    pub note: String,
    pub void_reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub issued_at: Option<String>,
    pub voided_at: Option<String>,
}

pub struct NewInvoice<'a> {
    pub patient_id: i64,
    pub currency: &'a str,
    pub issue_date: &'a str,
    pub due_date: &'a str,
    pub note: &'a str,
    pub created_by: &'a str,
}

pub async fn insert_draft(e: impl Executor<'_, Database = Sqlite>, n: &NewInvoice<'_>, now: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO invoices (patient_id, currency, issue_date, due_date, state, note, created_by, created_at,
                                 updated_at)
           VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $7)
           RETURNING id AS "id!""#,
        n.patient_id,
        n.currency,
        n.issue_date,
        n.due_date,
        n.note,
        n.created_by,
        now
    )
    .fetch_one(e)
    .await?)
}

/// A draft becomes issued with its number (taken in the same transaction).
pub async fn issue(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    number: i64,
    number_text: &str,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE invoices SET state = 'issued', number = $1, number_text = $2, issued_at = $3, updated_at = $3
         WHERE id = $4 AND state = 'draft'",
        number,
        number_text,
        now,
        id
    )
    .execute(e)
    .await?
    .rows_affected())
}

pub async fn void(e: impl Executor<'_, Database = Sqlite>, id: i64, reason: &str, now: &str) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE invoices SET state = 'void', void_reason = $1, voided_at = $2, updated_at = $2
         WHERE id = $3 AND state = 'issued'",
        reason,
        now,
        id
    )
    .execute(e)
    .await?
    .rows_affected())
}

/// Only a draft may go (an issued invoice is voided instead).
pub async fn delete_draft(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<u64> {
    Ok(sqlx::query!("DELETE FROM invoices WHERE id = $1 AND state = 'draft'", id).execute(e).await?.rows_affected())
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<InvoiceRow>> {
    Ok(sqlx::query_as!(
        InvoiceRow,
        r#"SELECT id AS "id!", number, number_text, patient_id, currency, issue_date, due_date,
                  state AS "state: InvoiceState", note, void_reason, created_by, created_at, issued_at, voided_at
           FROM invoices WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

/// One row of the invoice list: the invoice with its patient, lines' total
/// and what has been paid towards its appointments (payments less refunds),
/// summed in SQL.
#[derive(Debug, Clone)]
pub struct ListRow {
    pub id: i64,
    pub number_text: Option<String>,
    pub patient_id: i64,
    pub patient: String,
    pub currency: String,
    pub issue_date: String,
    pub due_date: String,
    pub state: InvoiceState,
    pub total: i64,
    pub paid: i64,
}

/// Drafts first, then by number, newest first; `limit` from `offset`; of one
/// patient when given.
pub async fn list(
    e: impl Executor<'_, Database = Sqlite>,
    patient_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<Vec<ListRow>> {
    Ok(sqlx::query_as!(
        ListRow,
        r#"SELECT i.id AS "id!", i.number_text, i.patient_id, p.first_name || ' ' || p.last_name AS "patient!: String",
                  i.currency, i.issue_date, i.due_date, i.state AS "state: InvoiceState",
                  COALESCE((SELECT SUM(CASE l.kind WHEN 'charge' THEN l.amount_minor ELSE -l.amount_minor END)
                            FROM invoice_lines l WHERE l.invoice_id = i.id), 0) AS "total!: i64",
                  COALESCE((SELECT SUM(CASE WHEN (e.kind = 'payment') = (e.reverses IS NULL)
                                            THEN e.amount_minor ELSE -e.amount_minor END)
                            FROM invoice_appointments ia
                            JOIN account_entries e ON e.appointment_id = ia.appointment_id
                            WHERE ia.invoice_id = i.id AND e.kind IN ('payment', 'refund')), 0) AS "paid!: i64"
           FROM invoices i JOIN patients p ON p.id = i.patient_id
           WHERE $1 IS NULL OR i.patient_id = $1
           ORDER BY i.number IS NULL DESC, i.number DESC, i.id DESC LIMIT $2 OFFSET $3"#,
        patient_id,
        limit,
        offset
    )
    .fetch_all(e)
    .await?)
}
