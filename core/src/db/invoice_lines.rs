//! Table `invoice_lines`: an invoice's lines as issued.

use crate::domain::LineKind;
use crate::error::Result;
use sqlx::{Executor, Sqlite};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRow {
    pub position: i64,
    pub appointment_id: i64,
    pub kind: LineKind,
    pub description: String,
    pub practitioner: String,
    pub provider_number: Option<String>,
    pub service_date: String,
    pub amount_minor: i64,
}

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, invoice_id: i64, l: &LineRow) -> Result<()> {
    sqlx::query!(
        "INSERT INTO invoice_lines (invoice_id, position, appointment_id, kind, description, practitioner,
                                    provider_number, service_date, amount_minor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        invoice_id,
        l.position,
        l.appointment_id,
        l.kind,
        l.description,
        l.practitioner,
        l.provider_number,
        l.service_date,
        l.amount_minor
    )
    .execute(e)
    .await?;
    Ok(())
}

pub async fn of_invoice(e: impl Executor<'_, Database = Sqlite>, invoice_id: i64) -> Result<Vec<LineRow>> {
    Ok(sqlx::query_as!(
        LineRow,
        r#"SELECT position, appointment_id, kind AS "kind: LineKind", description, practitioner, provider_number,
                  service_date, amount_minor
           FROM invoice_lines WHERE invoice_id = $1 ORDER BY position"#,
        invoice_id
    )
    .fetch_all(e)
    .await?)
}

/// A draft's lines are made again when it is issued.
pub async fn delete_for(e: impl Executor<'_, Database = Sqlite>, invoice_id: i64) -> Result<()> {
    sqlx::query!("DELETE FROM invoice_lines WHERE invoice_id = $1", invoice_id).execute(e).await?;
    Ok(())
}
