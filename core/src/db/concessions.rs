//! Table `concessions`: the clinic's standing discounts.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

#[derive(Debug, Clone)]
pub struct ConcessionRow {
    pub id: i64,
    pub name: String,
    pub percent: i64,
    pub archived: bool,
}

pub async fn list(e: impl Executor<'_, Database = Sqlite>, include_archived: bool) -> Result<Vec<ConcessionRow>> {
    Ok(sqlx::query_as!(
        ConcessionRow,
        r#"SELECT id AS "id!", name, percent, archived AS "archived: bool"
           FROM concessions WHERE archived = FALSE OR $1 ORDER BY archived, name_key"#,
        include_archived
    )
    .fetch_all(e)
    .await?)
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<ConcessionRow>> {
    Ok(sqlx::query_as!(
        ConcessionRow,
        r#"SELECT id AS "id!", name, percent, archived AS "archived: bool" FROM concessions WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

pub async fn insert(
    e: impl Executor<'_, Database = Sqlite>,
    name: &str,
    name_key: &str,
    percent: i64,
    now: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO concessions (name, name_key, percent, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
           RETURNING id AS "id!""#,
        name,
        name_key,
        percent,
        now
    )
    .fetch_one(e)
    .await?)
}

pub async fn set_archived(e: impl Executor<'_, Database = Sqlite>, id: i64, archived: bool, now: &str) -> Result<u64> {
    Ok(sqlx::query!("UPDATE concessions SET archived = $1, updated_at = $2 WHERE id = $3", archived, now, id)
        .execute(e)
        .await?
        .rows_affected())
}
