//! Table `cash_days`: the end of day's till (float, counted) and, once
//! closed, the report frozen as it stood. Triggers refuse changing a closed
//! day and deleting any.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

#[derive(Debug, Clone)]
pub struct CashDayRow {
    pub day: String,
    pub currency: String,
    pub float_minor: i64,
    pub counted_minor: Option<i64>,
    pub note: Option<String>,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub report: Option<String>,
    pub last_entry_id: Option<i64>,
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, day: &str) -> Result<Option<CashDayRow>> {
    Ok(sqlx::query_as!(
        CashDayRow,
        r#"SELECT day AS "day!", currency, float_minor, counted_minor, note, closed_at, closed_by, report,
                  last_entry_id
           FROM cash_days WHERE day = $1"#,
        day
    )
    .fetch_optional(e)
    .await?)
}

/// Whether `day` is closed.
pub async fn is_closed(e: impl Executor<'_, Database = Sqlite>, day: &str) -> Result<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM cash_days WHERE day = $1 AND closed_at IS NOT NULL"#,
        day
    )
    .fetch_one(e)
    .await?
        > 0)
}

/// The float of the latest day before `day` that has one: today's float
/// starts as yesterday's.
pub async fn previous_float(e: impl Executor<'_, Database = Sqlite>, day: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT float_minor AS "f!: i64" FROM cash_days WHERE day < $1 ORDER BY day DESC LIMIT 1"#,
        day
    )
    .fetch_optional(e)
    .await?)
}

/// Saves the till's figures of an open day (the trigger refuses a closed one).
pub async fn save_till(
    e: impl Executor<'_, Database = Sqlite>,
    day: &str,
    currency: &str,
    float_minor: i64,
    counted_minor: Option<i64>,
    note: Option<&str>,
    now: &str,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO cash_days (day, currency, float_minor, counted_minor, note, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (day) DO UPDATE SET float_minor = excluded.float_minor, counted_minor = excluded.counted_minor,
                                         note = excluded.note, updated_at = excluded.updated_at",
        day,
        currency,
        float_minor,
        counted_minor,
        note,
        now
    )
    .execute(e)
    .await?;
    Ok(())
}

pub async fn close(
    e: impl Executor<'_, Database = Sqlite>,
    day: &str,
    report: &str,
    last_entry_id: i64,
    by: &str,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE cash_days SET closed_at = $2, closed_by = $3, report = $4, last_entry_id = $5, updated_at = $2
         WHERE day = $1 AND closed_at IS NULL",
        day,
        now,
        by,
        report,
        last_entry_id
    )
    .execute(e)
    .await?
    .rows_affected())
}
