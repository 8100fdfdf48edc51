//! On PostgreSQL: the twin of core's `db::concessions`, over the same rows and SQL.
//! (core: Table `concessions`: the clinic's standing discounts.)

use crate::error::Result;
use sqlx::{Executor, Postgres};

use clinicdesk_domain::rows::concessions::ConcessionRow;

pub async fn list(e: impl Executor<'_, Database = Postgres>, include_archived: bool) -> Result<Vec<ConcessionRow>> {
    Ok(sqlx::query_file_as!(ConcessionRow, "../queries/concessions/list.sql", include_archived).fetch_all(e).await?)
}

pub async fn get(e: impl Executor<'_, Database = Postgres>, id: i64) -> Result<Option<ConcessionRow>> {
    Ok(sqlx::query_file_as!(ConcessionRow, "../queries/concessions/get.sql", id).fetch_optional(e).await?)
}

pub async fn insert(
    e: impl Executor<'_, Database = Postgres>,
    name: &str,
    name_key: &str,
    percent: i64,
    now: &str,
) -> Result<i64> {
    Ok(sqlx::query_file_scalar!("../queries/concessions/insert.sql", name, name_key, percent, now).fetch_one(e).await?)
}

pub async fn set_archived(
    e: impl Executor<'_, Database = Postgres>,
    id: i64,
    archived: bool,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query_file!("../queries/concessions/set_archived.sql", archived, now, id)
        .execute(e)
        .await?
        .rows_affected())
}
