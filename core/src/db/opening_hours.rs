//! Table `opening_hours`: one interval per open weekday.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub struct HoursRow {
    pub weekday: i64,
    pub opens_min: i64,
    pub closes_min: i64,
}

pub async fn all(e: impl Executor<'_, Database = Sqlite>) -> Result<Vec<HoursRow>> {
    Ok(sqlx::query_as!(
        HoursRow,
        r#"SELECT weekday AS "weekday!", opens_min, closes_min FROM opening_hours ORDER BY weekday"#
    )
    .fetch_all(e)
    .await?)
}

pub async fn clear(e: impl Executor<'_, Database = Sqlite>) -> Result<()> {
    sqlx::query!("DELETE FROM opening_hours").execute(e).await?;
    Ok(())
}

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, weekday: i64, opens: i64, closes: i64) -> Result<()> {
    sqlx::query!(
        "INSERT INTO opening_hours (weekday, opens_min, closes_min) VALUES ($1, $2, $3)",
        weekday,
        opens,
        closes
    )
    .execute(e)
    .await?;
    Ok(())
}
