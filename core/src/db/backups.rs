//! Tables `backup_settings` and `backups`: where backups go, and each one
//! taken or failed.
//! The operations are `clinicdesk_domain::rows::backups`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;
use sqlx::{Executor, Sqlite};
clinicdesk_domain::backups_queries!(sqlx::Sqlite);

/// SQLite's consistent copy of the whole database into `file` (which must
/// not exist): one snapshot, while other connections keep writing.
pub async fn vacuum_into(e: impl Executor<'_, Database = Sqlite>, file: &str) -> Result<()> {
    sqlx::query!("VACUUM INTO $1", file).execute(e).await?;
    Ok(())
}
