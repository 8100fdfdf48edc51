//! The clinic's SQLite database: opening it safely, and one module per table.
//! Queries are checked at compile time against `.sqlx/` (see README).

pub mod account_entries;
pub mod appointment_types;
pub mod appointments;
pub mod attention_items;
pub mod audit_log;
pub mod backups;
pub mod cash_days;
pub mod checkout_attempts;
pub mod clinic;
pub mod codec;
pub mod concessions;
mod exec;
pub mod invoice_appointments;
pub mod invoice_lines;
pub mod invoice_links;
pub mod invoice_payments;
pub mod invoices;
pub mod mail_server;
pub mod money_rows;
pub mod opening_hours;
pub mod patients;
pub mod practitioners;
pub mod refund_attempts;
pub mod restores;
pub mod sent_emails;
pub mod staff;
pub mod stripe_connection;
pub mod stripe_event_cursor;

use crate::error::{Error, Result};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;

pub(crate) use exec::dispatch;
pub use exec::{Conn, Db, Exec, Held, Open, Tx};

pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

/// Opens (creating if needed) the clinic database at `path` and brings its
/// schema up to date. A database that a newer Clinicdesk has migrated is left
/// exactly as it is and refused, so an older copy of the app cannot damage it.
pub async fn open(path: &Path) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: every commit is synced to the disk before it returns, so a
        // payment the desk was told is saved survives a power cut. (NORMAL
        // in WAL mode never corrupts, but may lose the last commits.)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .min_connections(1)
        .connect_with(options)
        .await
        .map_err(|source| Error::DatabaseUnavailable { path: path.display().to_string(), source })?;
    refuse_newer_schema(&pool).await?;
    backup_before_upgrade(&pool, path).await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// An existing database with a migration still to run is first copied
/// (checked) into the data folder's backups/: an upgrade that goes wrong
/// can be undone. If the copy fails, nothing is upgraded. The copy also goes
/// to the owner's backup folder (another disk), when one is set and there.
async fn backup_before_upgrade(db: &SqlitePool, path: &Path) -> Result<()> {
    let applied = applied_migrations(db).await?;
    if applied.is_empty() || MIGRATOR.iter().all(|m| applied.contains(&m.version)) {
        return Ok(());
    }
    let folder = path.parent().unwrap_or(Path::new(".")).join("backups");
    tokio::fs::create_dir_all(&folder).await?;
    let reason = crate::backup::BackupReason::PreMigration;
    match crate::backup::backup_database_file(db, &folder, reason, jiff::Timestamp::now()).await {
        Ok((file, _)) => {
            tracing::info!(file = %file.path.display(), "backed up before upgrading the database");
            if let Some(chosen) = chosen_backup_folder(db).await {
                match copy_synced(&file.path, &chosen.join(&file.file_name)).await {
                    Ok(()) => tracing::info!(folder = %chosen.display(), "upgrade backup copied to the backup folder"),
                    // The data folder's copy is there: the upgrade may go on.
                    Err(e) => tracing::warn!(folder = %chosen.display(), error = %e, "upgrade backup not copied"),
                }
            }
            Ok(())
        }
        Err(code) => Err(Error::Refused {
            code: "backup_before_upgrade_failed",
            message: format!(
                "Clinicdesk must upgrade the clinic's data and first copies it to {}, which failed ({code}). \
                 Nothing has been changed: free some disk space or check that folder, then open Clinicdesk again",
                folder.display()
            ),
        }),
    }
}

/// The folder the owner chose for backups, read from a database that may
/// predate the setting (then there is none).
async fn chosen_backup_folder(db: &SqlitePool) -> Option<std::path::PathBuf> {
    // Not the compile-time macros: this schema may be older than the table.
    let folder: Option<Option<String>> =
        sqlx::query_scalar("SELECT folder FROM backup_settings WHERE id = 1").fetch_optional(db).await.ok()?;
    folder.flatten().map(std::path::PathBuf::from).filter(|p| p.is_dir())
}

/// Copies `from` to `to` through a `.partial` name, synced, so only a whole
/// file carries a backup's name.
async fn copy_synced(from: &Path, to: &Path) -> std::io::Result<()> {
    let partial = to.with_extension("partial");
    tokio::fs::copy(from, &partial).await?;
    crate::durable::sync_file(&partial).await?;
    tokio::fs::rename(&partial, to).await
}

/// The newest migration this build of the app knows.
pub fn known_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

// The migrations table is sqlx's own, so it is queried without the
// compile-time macros (it is not part of our schema).
async fn applied_migrations(db: &SqlitePool) -> Result<Vec<i64>> {
    let has_table: Option<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
            .fetch_optional(db)
            .await?;
    if has_table.is_none() {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_scalar("SELECT version FROM _sqlx_migrations").fetch_all(db).await?)
}

async fn refuse_newer_schema(db: &SqlitePool) -> Result<()> {
    let applied = applied_migrations(db).await?;
    let known = known_schema_version();
    if let Some(&unknown) = applied.iter().filter(|v| !MIGRATOR.iter().any(|m| m.version == **v)).max() {
        return Err(Error::DatabaseTooNew { found: unknown, known });
    }
    Ok(())
}

/// Now, as stored: RFC 3339 in UTC.
pub fn now() -> String {
    stamp(jiff::Timestamp::now())
}

/// An instant as `now` stores it (milliseconds, UTC).
pub fn stamp(t: jiff::Timestamp) -> String {
    // Always three digits of milliseconds: stamps are compared and sorted as
    // text, and "…:05Z" would sort after "…:05.120Z" (older stamps may still
    // be written either way; only ties within one second are affected).
    t.round(jiff::Unit::Millisecond).unwrap_or(t).strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// An instant as appointment columns store it: whole seconds, UTC, "Z", so
/// that text order is time order.
pub fn instant(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Reads an instant written by `instant` or `now`.
pub fn parse_instant(text: &str) -> Result<jiff::Timestamp> {
    text.parse().map_err(|_| Error::Corrupt(format!("bad stored time {text:?}")))
}

/// Whether a database error is a UNIQUE index on `index_column` refusing a
/// row. SQLite names the columns in its message; PostgreSQL names the index
/// there and the columns in its detail ("Key (name_key)=(…) already exists").
pub fn is_unique_violation(error: &sqlx::Error, index_column: &str) -> bool {
    match error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            let detail = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>().and_then(|pg| pg.detail());
            db.message().contains(index_column) || detail.is_some_and(|d| d.contains(index_column))
        }
        _ => false,
    }
}

#[cfg(test)]
mod stamp_tests {
    #[test]
    fn stamps_have_fixed_width_and_sort_as_time() {
        let whole: jiff::Timestamp = "2026-11-28T01:00:05Z".parse().unwrap();
        let later = whole + jiff::SignedDuration::from_millis(120);
        let (a, b) = (super::stamp(whole), super::stamp(later));
        assert_eq!(a, "2026-11-28T01:00:05.000Z");
        assert_eq!(b, "2026-11-28T01:00:05.120Z");
        assert!(a < b);
        assert_eq!(super::parse_instant(&a).unwrap(), whole);
    }
}
