//! Tables `backup_settings` and `backups`: where backups go, and each one
//! taken or failed.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub async fn folder(e: impl Executor<'_, Database = Sqlite>) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!("SELECT folder FROM backup_settings WHERE id = 1").fetch_optional(e).await?.flatten())
}

pub async fn set_folder(e: impl Executor<'_, Database = Sqlite>, folder: Option<&str>, now: &str) -> Result<()> {
    sqlx::query!(
        "INSERT INTO backup_settings (id, folder, updated_at) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET folder = excluded.folder, updated_at = excluded.updated_at",
        folder,
        now
    )
    .execute(e)
    .await?;
    Ok(())
}

pub struct NewBackup<'a> {
    pub reason: &'a str,
    pub file: Option<&'a str>,
    pub bytes: Option<i64>,
    pub counts: Option<(i64, i64, i64)>,
    pub failure_code: Option<&'a str>,
}

pub async fn record(e: impl Executor<'_, Database = Sqlite>, b: &NewBackup<'_>, by: &str, at: &str) -> Result<i64> {
    let status = if b.failure_code.is_none() { "ok" } else { "failed" };
    let (patients, appointments, payments) = match b.counts {
        Some((p, a, m)) => (Some(p), Some(a), Some(m)),
        None => (None, None, None),
    };
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO backups (reason, status, file, bytes, patients, appointments, payments, failure_code, taken_by, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id AS "id!""#,
        b.reason,
        status,
        b.file,
        b.bytes,
        patients,
        appointments,
        payments,
        b.failure_code,
        by,
        at
    )
    .fetch_one(e)
    .await?)
}

#[derive(Debug, Clone)]
pub struct BackupRow {
    /// `status = 'ok'`, read here so core never compares the text.
    pub ok: bool,
    pub file: Option<String>,
    pub failure_code: Option<String>,
    pub at: String,
}

/// The newest attempt, and the newest that worked.
pub async fn latest(e: impl Executor<'_, Database = Sqlite> + Copy) -> Result<(Option<BackupRow>, Option<BackupRow>)> {
    let last = sqlx::query_as!(
        BackupRow,
        r#"SELECT status = 'ok' AS "ok!: bool", file, failure_code, at FROM backups
           WHERE reason <> 'pre_migration' ORDER BY id DESC LIMIT 1"#
    )
    .fetch_optional(e)
    .await?;
    let ok = sqlx::query_as!(
        BackupRow,
        r#"SELECT status = 'ok' AS "ok!: bool", file, failure_code, at FROM backups
           WHERE status = 'ok' ORDER BY id DESC LIMIT 1"#
    )
    .fetch_optional(e)
    .await?;
    Ok((last, ok))
}

/// SQLite's consistent copy of the whole database into `file` (which must
/// not exist): one snapshot, while other connections keep writing.
pub async fn vacuum_into(e: impl Executor<'_, Database = Sqlite>, file: &str) -> Result<()> {
    sqlx::query!("VACUUM INTO $1", file).execute(e).await?;
    Ok(())
}
