//! Table `clinic`: one row holding the clinic's settings and database id.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub struct ClinicRow {
    pub database_id: String,
    pub name: String,
    pub time_zone: String,
    pub currency: String,
}

/// Creates the row on first open; leaves an existing one alone.
pub async fn ensure(
    e: impl Executor<'_, Database = Sqlite>,
    database_id: &str,
    time_zone: &str,
    currency: &str,
    now: &str,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO clinic (id, database_id, name, time_zone, currency, created_at, updated_at)
         VALUES (1, $1, '', $2, $3, $4, $4)
         ON CONFLICT (id) DO NOTHING",
        database_id,
        time_zone,
        currency,
        now
    )
    .execute(e)
    .await?;
    Ok(())
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>) -> Result<ClinicRow> {
    Ok(sqlx::query_as!(ClinicRow, "SELECT database_id, name, time_zone, currency FROM clinic WHERE id = 1")
        .fetch_one(e)
        .await?)
}

pub async fn update(
    e: impl Executor<'_, Database = Sqlite>,
    name: &str,
    time_zone: &str,
    currency: &str,
    now: &str,
) -> Result<()> {
    sqlx::query!(
        "UPDATE clinic SET name = $1, time_zone = $2, currency = $3, updated_at = $4 WHERE id = 1",
        name,
        time_zone,
        currency,
        now
    )
    .execute(e)
    .await?;
    Ok(())
}
