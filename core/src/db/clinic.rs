//! Table `clinic`: one row holding the clinic's settings and database id.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub use clinicdesk_domain::rows::clinic::ClinicRow;

/// Creates the row on first open; leaves an existing one alone.
pub async fn ensure(
    e: impl Executor<'_, Database = Sqlite>,
    database_id: &str,
    time_zone: &str,
    currency: &str,
    now: &str,
) -> Result<()> {
    sqlx::query_file!("../queries/clinic/ensure.sql", database_id, time_zone, currency, now).execute(e).await?;
    Ok(())
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>) -> Result<ClinicRow> {
    Ok(sqlx::query_file_as!(ClinicRow, "../queries/clinic/get.sql").fetch_one(e).await?)
}

pub async fn update(e: impl Executor<'_, Database = Sqlite>, row: &ClinicRow, now: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE clinic SET name = $1, time_zone = $2, currency = $3, slot_minutes = $4, hold_minutes = $5,
                           allow_outside_hours = $6, late_cancel_hours = $7, updated_at = $8
         WHERE id = 1",
        row.name,
        row.time_zone,
        row.currency,
        row.slot_minutes,
        row.hold_minutes,
        row.allow_outside_hours,
        row.late_cancel_hours,
        now
    )
    .execute(e)
    .await?;
    Ok(())
}

pub async fn set_return_url(e: impl Executor<'_, Database = Sqlite>, url: Option<&str>, now: &str) -> Result<()> {
    sqlx::query!("UPDATE clinic SET return_url = $1, updated_at = $2 WHERE id = 1", url, now).execute(e).await?;
    Ok(())
}

/// What receipts say about the clinic (Settings → Clinic → On receipts).
#[derive(Debug, Clone)]
pub struct ClinicDetailsRow {
    pub legal_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub tax_number: String,
    pub document_footer: String,
    pub paper: crate::documents::pdf::Paper,
    pub invoice_prefix: String,
    pub invoice_due_days: i64,
}

pub async fn details(e: impl Executor<'_, Database = Sqlite>) -> Result<ClinicDetailsRow> {
    Ok(sqlx::query_as!(
        ClinicDetailsRow,
        r#"SELECT legal_name, address, phone, email, tax_number, document_footer,
                  paper AS "paper: crate::documents::pdf::Paper", invoice_prefix, invoice_due_days
           FROM clinic WHERE id = 1"#
    )
    .fetch_one(e)
    .await?)
}

pub async fn save_details(e: impl Executor<'_, Database = Sqlite>, row: &ClinicDetailsRow, now: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE clinic SET legal_name = $1, address = $2, phone = $3, email = $4, tax_number = $5,
                           document_footer = $6, paper = $7, invoice_prefix = $8, invoice_due_days = $9,
                           updated_at = $10
         WHERE id = 1",
        row.legal_name,
        row.address,
        row.phone,
        row.email,
        row.tax_number,
        row.document_footer,
        row.paper,
        row.invoice_prefix,
        row.invoice_due_days,
        now
    )
    .execute(e)
    .await?;
    Ok(())
}

/// Takes the next invoice number: called only inside the transaction that
/// issues the invoice, so a rollback returns the number and none is skipped.
pub async fn take_invoice_number(e: impl Executor<'_, Database = Sqlite>, now: &str) -> Result<(i64, String)> {
    let row = sqlx::query_file!("../queries/clinic/take_invoice_number.sql", now).fetch_one(e).await?;
    Ok((row.number, row.invoice_prefix))
}

/// The lock's idle minutes and a receptionist's online refund limit.
pub struct SecurityRow {
    pub idle_lock_minutes: i64,
    pub receptionist_refund_limit_minor: i64,
}

pub async fn security(e: impl Executor<'_, Database = Sqlite>) -> Result<SecurityRow> {
    Ok(sqlx::query_as!(
        SecurityRow,
        "SELECT idle_lock_minutes, receptionist_refund_limit_minor FROM clinic WHERE id = 1"
    )
    .fetch_one(e)
    .await?)
}

pub async fn save_security(e: impl Executor<'_, Database = Sqlite>, row: &SecurityRow, now: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE clinic SET idle_lock_minutes = $1, receptionist_refund_limit_minor = $2, updated_at = $3 WHERE id = 1",
        row.idle_lock_minutes,
        row.receptionist_refund_limit_minor,
        now
    )
    .execute(e)
    .await?;
    Ok(())
}
