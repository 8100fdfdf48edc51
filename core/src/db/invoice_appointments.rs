//! Table `invoice_appointments`: which appointments an invoice is for. An
//! appointment is on at most one live (not void) invoice.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, invoice_id: i64, appointment_id: i64) -> Result<()> {
    sqlx::query!(
        "INSERT INTO invoice_appointments (invoice_id, appointment_id, live) VALUES ($1, $2, 1)",
        invoice_id,
        appointment_id
    )
    .execute(e)
    .await?;
    Ok(())
}

/// The appointments of an invoice, oldest first.
pub async fn of_invoice(e: impl Executor<'_, Database = Sqlite>, invoice_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT ia.appointment_id AS "id!" FROM invoice_appointments ia
           JOIN appointments a ON a.id = ia.appointment_id
           WHERE ia.invoice_id = $1 ORDER BY a.starts_at, a.id"#,
        invoice_id
    )
    .fetch_all(e)
    .await?)
}

/// A void invoice lets its appointments go on another invoice.
pub async fn release(e: impl Executor<'_, Database = Sqlite>, invoice_id: i64) -> Result<()> {
    sqlx::query!("UPDATE invoice_appointments SET live = NULL WHERE invoice_id = $1", invoice_id).execute(e).await?;
    Ok(())
}

pub async fn delete_for(e: impl Executor<'_, Database = Sqlite>, invoice_id: i64) -> Result<()> {
    sqlx::query!("DELETE FROM invoice_appointments WHERE invoice_id = $1", invoice_id).execute(e).await?;
    Ok(())
}

/// The live invoice an appointment is on, if any (its id and number).
pub async fn live_invoice_of(
    e: impl Executor<'_, Database = Sqlite>,
    appointment_id: i64,
) -> Result<Option<(i64, Option<String>)>> {
    Ok(sqlx::query!(
        r#"SELECT i.id AS "id!", i.number_text FROM invoice_appointments ia JOIN invoices i ON i.id = ia.invoice_id
           WHERE ia.appointment_id = $1 AND ia.live = 1"#,
        appointment_id
    )
    .fetch_optional(e)
    .await?
    .map(|r| (r.id, r.number_text)))
}
