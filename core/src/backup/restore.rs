//! Restoring a backup. The owner picks one and sees its date and counts;
//! on confirming, a restore is *requested* and the app restarts. At the next
//! start, before the database is opened, the current database is set aside
//! (moved to set-aside/, never deleted) and the backup copied into its
//! place. Once the schema is current, the restore is recorded with the ids
//! the set-aside database had reached: new receipts, invoices and Stripe
//! requests are numbered above them, so nothing given out since the backup
//! is given out again, and a payment Stripe reports for something the
//! backup doesn't know is listed under Needs attention.
//!
//! The backup and the replaced database are read with plain queries: their
//! schemas may be older than this build's, so the checked macros of db/
//! don't apply to them.

use super::files;
use crate::app::Clinicdesk;
use crate::db;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::path::{Path, PathBuf};

const REQUEST: &str = "restore-request.json";
const PENDING: &str = "restore-pending.json";
/// If the database being replaced can't be read, ids start this far above
/// the backup's instead.
const MARGIN: i64 = 1_000_000;
const INVOICE_MARGIN: i64 = 100;

/// What a backup holds, shown before restoring it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupPreview {
    pub file_name: String,
    pub path: String,
    pub taken_at: String,
    pub clinic_name: String,
    pub patients: i64,
    pub appointments: i64,
    pub payments: i64,
    /// Made by this clinic's database (not another clinic's).
    pub same_clinic: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
struct Floors {
    entry: i64,
    attempt: i64,
    refund: i64,
    link: i64,
    invoice_number: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    backup_file: String,
    set_aside_file: String,
    floors: Floors,
}

async fn read_only(file: &Path) -> std::result::Result<SqliteConnection, sqlx::Error> {
    SqliteConnectOptions::new().filename(file).read_only(true).connect().await
}

/// Folds the WAL into the database file, so the set-aside copy is one
/// complete file (SQLite removes the WAL when the last connection closes).
async fn checkpoint(file: &Path) {
    if let Ok(mut conn) = SqliteConnectOptions::new().filename(file).connect().await {
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await;
        let _ = conn.close().await;
    }
}

async fn max_id(conn: &mut SqliteConnection, table: &str) -> i64 {
    // Table names are ours (a fixed list), never input.
    sqlx::query_scalar::<_, i64>(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
        .fetch_one(&mut *conn)
        .await
        .unwrap_or(0)
}

async fn floors_of(file: &Path) -> Option<Floors> {
    let mut conn = read_only(file).await.ok()?;
    let ok: String = sqlx::query_scalar("PRAGMA quick_check").fetch_one(&mut conn).await.ok()?;
    if ok != "ok" {
        return None;
    }
    let invoice_number = sqlx::query_scalar::<_, i64>("SELECT next_invoice_number - 1 FROM clinic WHERE id = 1")
        .fetch_one(&mut conn)
        .await
        .unwrap_or(0);
    // Floors an earlier restore set count too: ids below them were given out.
    let earlier = |column: &'static str| format!("SELECT COALESCE(MAX({column}), 0) FROM restores");
    let mut floor_of = async |table: &str, column: &'static str| {
        let max = max_id(&mut conn, table).await;
        let before = sqlx::query_scalar::<_, i64>(&earlier(column)).fetch_one(&mut conn).await.unwrap_or(0);
        max.max(before)
    };
    let floors = Floors {
        entry: floor_of("account_entries", "entry_floor").await,
        attempt: floor_of("checkout_attempts", "attempt_floor").await,
        refund: floor_of("refund_attempts", "refund_floor").await,
        link: floor_of("invoice_links", "link_floor").await,
        invoice_number,
    };
    let _ = conn.close().await;
    Some(floors)
}

/// Opens a backup read-only: it must pass `integrity_check` and have been
/// written by this version of Clinicdesk or an older one.
pub async fn inspect(file: &Path) -> Result<(String, String, i64, i64, i64)> {
    let unusable = |why: &str| Error::Refused {
        code: "backup_unusable",
        message: format!("This file can't be restored: {why}. Choose another backup."),
    };
    let mut conn = read_only(file).await.map_err(|_| unusable("it is not a Clinicdesk backup"))?;
    let check: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .map_err(|_| unusable("it is not a Clinicdesk backup"))?;
    if check != ["ok"] {
        return Err(unusable("it is damaged (it failed its integrity check)"));
    }
    let newest: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| unusable("it is not a Clinicdesk backup"))?;
    if newest > db::known_schema_version() {
        return Err(Error::DatabaseTooNew { found: newest, known: db::known_schema_version() });
    }
    let (database_id, name): (String, String) = sqlx::query_as("SELECT database_id, name FROM clinic WHERE id = 1")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| unusable("it holds no clinic"))?;
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    let patients = count("SELECT COUNT(*) FROM patients").fetch_one(&mut conn).await.unwrap_or(0);
    let appointments = count("SELECT COUNT(*) FROM appointments").fetch_one(&mut conn).await.unwrap_or(0);
    let payments =
        count("SELECT COUNT(*) FROM account_entries WHERE kind = 'payment'").fetch_one(&mut conn).await.unwrap_or(0);
    let _ = conn.close().await;
    Ok((database_id, name, patients, appointments, payments))
}

impl Clinicdesk {
    /// What restoring `file` would bring back.
    pub async fn restore_preview(&self, file: &Path) -> Result<BackupPreview> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        self.local_db()?; // a backup file is put back only in place of this computer's
        let (database_id, clinic_name, patients, appointments, payments) = inspect(file).await?;
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let taken_at = files::parse_name(&name).map(|(at, _)| at.to_string()).unwrap_or_default();
        Ok(BackupPreview {
            file_name: name,
            path: file.display().to_string(),
            taken_at,
            clinic_name,
            patients,
            appointments,
            payments,
            same_clinic: database_id == self.database_id().await?,
        })
    }

    /// Asks for `file` to be restored at the next start (the shell then
    /// restarts the app). Checked now, so a bad file is refused here.
    pub async fn request_restore(&self, file: &Path) -> Result<BackupPreview> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        let preview = self.restore_preview(file).await?;
        let dir = self.data_dir.clone().ok_or(Error::Corrupt("no data folder".into()))?;
        let body = serde_json::json!({ "backup": file.display().to_string() }).to_string();
        tokio::fs::write(dir.join(REQUEST), body).await?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let after = serde_json::json!({ "backup": preview.path, "takenAt": preview.taken_at });
        self.audit(&mut tx, &now, "backups", 1, "restore_requested", (None, Some(after))).await?;
        tx.commit().await?;
        Ok(preview)
    }

    /// After a restore, once the schema is current: records it and moves
    /// the invoice sequence on.
    pub(crate) async fn finish_restore(&self, data_dir: &Path) -> Result<()> {
        let path = data_dir.join(PENDING);
        let Ok(text) = tokio::fs::read_to_string(&path).await else { return Ok(()) };
        let pending: Pending = serde_json::from_str(&text).map_err(|e| Error::Corrupt(format!("{PENDING}: {e}")))?;
        let now = self.stamp();
        let f = &pending.floors;
        let mut tx = self.write().await?;
        let record = db::restores::NewRestore {
            backup_file: &pending.backup_file,
            set_aside_file: &pending.set_aside_file,
            entry_floor: f.entry,
            attempt_floor: f.attempt,
            refund_floor: f.refund,
            link_floor: f.link,
        };
        db::restores::insert(&mut *tx, &record, &self.workstation, &now).await?;
        db::restores::move_invoice_numbers_past(&mut *tx, f.invoice_number).await?;
        let after = serde_json::json!({ "backup": pending.backup_file, "setAside": pending.set_aside_file,
                                        "floors": { "entry": f.entry, "attempt": f.attempt, "refund": f.refund,
                                                    "link": f.link, "invoiceNumber": f.invoice_number } });
        self.audit(&mut tx, &now, "backups", 1, "restored", (None, Some(after))).await?;
        tx.commit().await?;
        tokio::fs::remove_file(&path).await?;
        tracing::info!(backup = %pending.backup_file, set_aside = %pending.set_aside_file, "backup restored");
        Ok(())
    }
}

/// At start-up, before the database is opened: carries out a requested
/// restore. Safe at every step: the backup is copied (and synced) beside the
/// database first; the ids to number above are written down before the
/// database is touched; the current database is then set aside (never
/// deleted) and the copy renamed into its place. A failure before the last
/// rename leaves the current database where it was.
pub async fn apply_requested_restore(data_dir: &Path) -> Result<Option<PathBuf>> {
    let request = data_dir.join(REQUEST);
    let Ok(text) = tokio::fs::read_to_string(&request).await else { return Ok(None) };
    let backup: Option<PathBuf> =
        serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v["backup"].as_str().map(PathBuf::from));
    let Some(backup) = backup else {
        tokio::fs::remove_file(&request).await?;
        return Err(Error::Corrupt(format!("{REQUEST} can't be read")));
    };
    if let Err(e) = inspect(&backup).await {
        // The backup is gone or damaged: nothing to retry.
        tokio::fs::remove_file(&request).await?;
        return Err(e);
    }
    let current = crate::app::database_path(data_dir);
    let partial = current.with_extension("db.partial");
    tokio::fs::copy(&backup, &partial).await?;
    crate::durable::sync_file(&partial).await?;

    let restored_floors = floors_of(&backup).await.unwrap_or_default();
    let read = floors_of(&current).await;
    // After reading: a read-only connection can't remove the WAL it leaves.
    checkpoint(&current).await;
    let floors = match read {
        Some(f) => f,
        None => {
            tracing::error!("the database being replaced can't be read; new ids start well above the backup's");
            Floors {
                entry: restored_floors.entry + MARGIN,
                attempt: restored_floors.attempt + MARGIN,
                refund: restored_floors.refund + MARGIN,
                link: restored_floors.link + MARGIN,
                // A gap in invoice numbers after a disaster is better than
                // two patients holding the same number.
                invoice_number: restored_floors.invoice_number + INVOICE_MARGIN,
            }
        }
    };
    let aside_dir = data_dir.join("set-aside");
    tokio::fs::create_dir_all(&aside_dir).await?;
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let aside = aside_dir.join(format!("clinicdesk-{stamp}-before-restore.db"));
    let pending =
        Pending { backup_file: backup.display().to_string(), set_aside_file: aside.display().to_string(), floors };
    let body = serde_json::to_string(&pending).map_err(|e| Error::Corrupt(e.to_string()))?;
    // Written first: should anything below stop half-way, the next start
    // still numbers above what the replaced database reached.
    tokio::fs::write(data_dir.join(PENDING), body).await?;

    let sidecar = |base: &Path, s: &str| PathBuf::from(format!("{}{s}", base.display()));
    let undo_pending = || tokio::fs::remove_file(data_dir.join(PENDING));
    if let Err(e) = tokio::fs::rename(&current, &aside).await {
        let _ = undo_pending().await;
        return Err(Error::Io(e));
    }
    for s in ["-wal", "-shm"] {
        if sidecar(&current, s).exists() {
            if let Err(e) = tokio::fs::rename(sidecar(&current, s), sidecar(&aside, s)).await {
                // Put the database back as it was; the start goes on with it.
                tokio::fs::rename(&aside, &current).await?;
                let _ = undo_pending().await;
                return Err(Error::Io(e));
            }
        }
    }
    tokio::fs::rename(&partial, &current).await?;
    tokio::fs::remove_file(&request).await?;
    Ok(Some(aside))
}

/// A data folder whose database is missing although a database was set
/// aside: a restore stopped half-way. Opening would make an empty clinic, so
/// it is refused with where the data is.
pub fn refuse_half_restored(data_dir: &Path) -> Result<()> {
    let current = crate::app::database_path(data_dir);
    let aside = data_dir.join("set-aside");
    let has_aside = std::fs::read_dir(&aside).map(|mut d| d.next().is_some()).unwrap_or(false);
    if !current.exists() && has_aside {
        return Err(Error::Refused {
            code: "restore_interrupted",
            message: format!(
                "The clinic's data file is missing because a restore stopped half-way. Nothing was deleted: the \
                 data from before the restore is in {}, and the backup is where it was. Copy one of them to {} \
                 and open Clinicdesk again",
                aside.display(),
                current.display()
            ),
        });
    }
    Ok(())
}
