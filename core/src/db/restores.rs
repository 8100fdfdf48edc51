//! Table `restores`: each backup put back, with the ids the replaced
//! database had reached (new rows are numbered above them).

use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub struct NewRestore<'a> {
    pub backup_file: &'a str,
    pub set_aside_file: &'a str,
    pub entry_floor: i64,
    pub attempt_floor: i64,
    pub refund_floor: i64,
    pub link_floor: i64,
}

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, r: &NewRestore<'_>, by: &str, at: &str) -> Result<()> {
    sqlx::query!(
        "INSERT INTO restores (backup_file, set_aside_file, entry_floor, attempt_floor, refund_floor, link_floor,
                               restored_by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        r.backup_file,
        r.set_aside_file,
        r.entry_floor,
        r.attempt_floor,
        r.refund_floor,
        r.link_floor,
        by,
        at
    )
    .execute(e)
    .await?;
    Ok(())
}

/// The highest Checkout attempt and invoice link ids given to Stripe by a
/// database that a restore replaced (0, 0 when nothing was ever restored).
pub async fn stripe_floors(e: impl Executor<'_, Database = Sqlite>) -> Result<(i64, i64)> {
    let row = sqlx::query!(
        r#"SELECT COALESCE(MAX(attempt_floor), 0) AS "attempt!: i64", COALESCE(MAX(link_floor), 0) AS "link!: i64"
           FROM restores"#
    )
    .fetch_one(e)
    .await?;
    Ok((row.attempt, row.link))
}

/// Moves the invoice sequence past the numbers the replaced database issued.
pub async fn move_invoice_numbers_past(e: impl Executor<'_, Database = Sqlite>, issued: i64) -> Result<()> {
    sqlx::query!("UPDATE clinic SET next_invoice_number = MAX(next_invoice_number, $1 + 1) WHERE id = 1", issued)
        .execute(e)
        .await?;
    Ok(())
}
