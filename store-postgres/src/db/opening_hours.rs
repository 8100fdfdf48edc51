//! On PostgreSQL: the twin of core's `db::opening_hours`, over the same rows and SQL.
//! (core: Table `opening_hours`: one interval per open weekday.)

use crate::error::Result;
use sqlx::{Executor, Postgres};

use clinicdesk_domain::rows::opening_hours::HoursRow;

pub async fn all(e: impl Executor<'_, Database = Postgres>) -> Result<Vec<HoursRow>> {
    Ok(sqlx::query_file_as!(HoursRow, "../queries/opening_hours/all.sql").fetch_all(e).await?)
}

pub async fn clear(e: impl Executor<'_, Database = Postgres>) -> Result<()> {
    sqlx::query_file!("../queries/opening_hours/clear.sql").execute(e).await?;
    Ok(())
}

pub async fn insert(e: impl Executor<'_, Database = Postgres>, weekday: i64, opens: i64, closes: i64) -> Result<()> {
    sqlx::query_file!("../queries/opening_hours/insert.sql", weekday, opens, closes).execute(e).await?;
    Ok(())
}
