//! Tables `backup_settings` and `backups`: where backups go, and each one
//! taken or failed.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::backups`.

use crate::error::Result;
pub use clinicdesk_domain::rows::backups::*;
use clinicdesk_store_postgres::db::backups as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::backups_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn folder() -> Option<String>;
    pub async fn set_folder(folder: Option<&str>, now: &str) -> ();
    pub async fn record(b: &NewBackup<'_>, by: &str, at: &str) -> i64;
    pub async fn last() -> Option<BackupRow>;
    pub async fn last_ok() -> Option<BackupRow>;
}

/// SQLite's consistent copy of the whole database into `file` (which must
/// not exist): one snapshot, while other connections keep writing.
pub async fn vacuum_into(pool: &sqlx::SqlitePool, file: &str) -> Result<()> {
    sqlx::query!("VACUUM INTO $1", file).execute(pool).await?;
    Ok(())
}
