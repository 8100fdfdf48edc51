//! Table `practitioners`.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub use clinicdesk_domain::rows::practitioners::PractitionerRow;

pub async fn list(e: impl Executor<'_, Database = Sqlite>, include_inactive: bool) -> Result<Vec<PractitionerRow>> {
    Ok(sqlx::query_file_as!(PractitionerRow, "../queries/practitioners/list.sql", include_inactive)
        .fetch_all(e)
        .await?)
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<PractitionerRow>> {
    Ok(sqlx::query_file_as!(PractitionerRow, "../queries/practitioners/get.sql", id).fetch_optional(e).await?)
}

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, name: &str, name_key: &str, now: &str) -> Result<i64> {
    Ok(sqlx::query_file_scalar!("../queries/practitioners/insert.sql", name, name_key, now).fetch_one(e).await?)
}

pub async fn rename(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    name: &str,
    name_key: &str,
    now: &str,
) -> Result<()> {
    sqlx::query_file!("../queries/practitioners/rename.sql", name, name_key, now, id).execute(e).await?;
    Ok(())
}

pub async fn set_active(e: impl Executor<'_, Database = Sqlite>, id: i64, active: bool, now: &str) -> Result<()> {
    sqlx::query_file!("../queries/practitioners/set_active.sql", active, now, id).execute(e).await?;
    Ok(())
}

pub async fn set_provider_number(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    provider_number: Option<&str>,
    now: &str,
) -> Result<()> {
    sqlx::query_file!("../queries/practitioners/set_provider_number.sql", provider_number, now, id).execute(e).await?;
    Ok(())
}
