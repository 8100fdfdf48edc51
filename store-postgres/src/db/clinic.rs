//! Table `clinic` on PostgreSQL: one row holding the clinic's settings and
//! database id; the twin of core's `db::clinic` (so far: what booking and
//! invoicing need).

use crate::error::Result;
use clinicdesk_domain::rows::clinic::ClinicRow;
use sqlx::{Executor, Postgres};

/// Creates the row on first open; leaves an existing one alone.
pub async fn ensure(
    e: impl Executor<'_, Database = Postgres>,
    database_id: &str,
    time_zone: &str,
    currency: &str,
    now: &str,
) -> Result<()> {
    sqlx::query_file!("../queries/clinic/ensure.sql", database_id, time_zone, currency, now).execute(e).await?;
    Ok(())
}

pub async fn get(e: impl Executor<'_, Database = Postgres>) -> Result<ClinicRow> {
    Ok(sqlx::query_file_as!(ClinicRow, "../queries/clinic/get.sql").fetch_one(e).await?)
}

/// Takes the next invoice number (and the prefix to print), gapless: the
/// UPDATE's row lock queues workstations issuing at the same moment, and a
/// rolled-back invoice returns its number.
pub async fn take_invoice_number(e: impl Executor<'_, Database = Postgres>, now: &str) -> Result<(i64, String)> {
    let row = sqlx::query_file!("../queries/clinic/take_invoice_number.sql", now).fetch_one(e).await?;
    Ok((row.number, row.invoice_prefix))
}
