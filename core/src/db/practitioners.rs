//! Table `practitioners`.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

#[derive(Debug, Clone)]
pub struct PractitionerRow {
    pub id: i64,
    pub name: String,
    pub active: bool,
    pub provider_number: Option<String>,
}

pub async fn list(e: impl Executor<'_, Database = Sqlite>, include_inactive: bool) -> Result<Vec<PractitionerRow>> {
    Ok(sqlx::query_as!(
        PractitionerRow,
        r#"SELECT id AS "id!", name, active AS "active: bool", provider_number FROM practitioners
           WHERE active = TRUE OR $1 ORDER BY active DESC, display_order, id"#,
        include_inactive
    )
    .fetch_all(e)
    .await?)
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<PractitionerRow>> {
    Ok(sqlx::query_as!(
        PractitionerRow,
        r#"SELECT id AS "id!", name, active AS "active: bool", provider_number FROM practitioners WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, name: &str, name_key: &str, now: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO practitioners (name, name_key, active, display_order, created_at, updated_at)
           VALUES ($1, $2, TRUE, (SELECT COALESCE(MAX(display_order), 0) + 1 FROM practitioners), $3, $3)
           RETURNING id AS "id!""#,
        name,
        name_key,
        now
    )
    .fetch_one(e)
    .await?)
}

pub async fn rename(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    name: &str,
    name_key: &str,
    now: &str,
) -> Result<()> {
    sqlx::query!(
        "UPDATE practitioners SET name = $1, name_key = $2, updated_at = $3 WHERE id = $4",
        name,
        name_key,
        now,
        id
    )
    .execute(e)
    .await?;
    Ok(())
}

pub async fn set_active(e: impl Executor<'_, Database = Sqlite>, id: i64, active: bool, now: &str) -> Result<()> {
    sqlx::query!("UPDATE practitioners SET active = $1, updated_at = $2 WHERE id = $3", active, now, id)
        .execute(e)
        .await?;
    Ok(())
}

pub async fn set_provider_number(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    provider_number: Option<&str>,
    now: &str,
) -> Result<()> {
    sqlx::query!(
        "UPDATE practitioners SET provider_number = $1, updated_at = $2 WHERE id = $3",
        provider_number,
        now,
        id
    )
    .execute(e)
    .await?;
    Ok(())
}
