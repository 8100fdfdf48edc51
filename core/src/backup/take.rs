//! Taking a backup: `VACUUM INTO` a `.partial` file beside the final name
//! (one consistent snapshot, while the desk keeps working), then
//! `PRAGMA integrity_check` on the copy, synced to the disk and renamed:
//! only a checked, complete file ever carries a backup's name. Then the
//! folder is pruned. Every attempt is recorded, so a failing one is shown
//! until a backup works again.

use super::files::{self, BackupFile, BackupReason};
use super::folder::BackupFolder;
use super::retention;
use crate::app::Clinicdesk;
use crate::db;
use crate::error::{Error, Result};
use crate::payments::Problem;
use serde::Serialize;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};

/// Automatic backups are taken when the last good one is this old.
const DAILY: i64 = 24 * 3600;
/// Backups listed in Settings → Backups (the folder keeps ~30).
const LISTED: usize = 60;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    pub folder: String,
    /// No folder chosen: backups go to the data folder's backups/ (the
    /// same disk as the data, so the owner is asked to choose another).
    pub folder_is_default: bool,
    pub last_ok_at: Option<String>,
    /// The last attempt failed (or the folder is gone): shown as a banner
    /// until a backup works again.
    pub problem: Option<Problem>,
    pub files: Vec<BackupFile>,
}

/// Why a backup failed, in words for the owner.
fn failure(code: &'static str) -> Problem {
    let message = match code {
        "folder_missing" => "The backup folder can't be found. Plug the backup disk back in, or choose another folder in Settings → Backups.",
        "disk_full" => "The backup disk is full. Free some space or choose another folder in Settings → Backups.",
        "not_writable" => "Clinicdesk may not write to the backup folder. Choose another folder in Settings → Backups.",
        "check_failed" => "The backup copy failed its integrity check and was not kept. Try again; if it keeps failing, the disk may be failing.",
        _ => "The backup could not be written. Check the backup disk, then try again.",
    };
    Problem::new(code, message)
}

fn classify(e: &Error) -> &'static str {
    // SQLite's own words ("database or disk is full", "unable to open").
    let text = match e {
        Error::Database(inner) => inner.to_string(),
        other => other.to_string(),
    }
    .to_lowercase();
    if text.contains("full") {
        "disk_full"
    } else if text.contains("unable to open") || text.contains("readonly") || text.contains("permission") {
        "not_writable"
    } else {
        "io"
    }
}

fn io_code(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "folder_missing",
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => "not_writable",
        std::io::ErrorKind::StorageFull => "disk_full",
        _ => "io",
    }
}

/// Copies the database into `folder` as a checked backup. Returns the file
/// and its counts (patients, appointments, payments), or why it failed.
pub async fn backup_database_file(
    db: &sqlx::SqlitePool,
    folder: &Path,
    reason: BackupReason,
    at: jiff::Timestamp,
) -> std::result::Result<(BackupFile, (i64, i64, i64)), &'static str> {
    if !folder.is_dir() {
        return Err("folder_missing");
    }
    let name = files::file_name(at, reason);
    let path = folder.join(&name);
    let partial = folder.join(format!("{name}.partial"));
    let _ = tokio::fs::remove_file(&partial).await;
    let target = partial.to_string_lossy().into_owned();
    if let Err(e) = db::backups::vacuum_into(db, &target).await {
        tracing::error!(error = %e, folder = %folder.display(), "a backup could not be written");
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(classify(&e));
    }
    let checked = check_copy(&partial).await;
    let counts = match checked {
        Ok(counts) => counts,
        Err(code) => {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(code);
        }
    };
    // VACUUM INTO leaves syncing the copy to us: sync, rename, sync the folder.
    let synced = async {
        crate::durable::sync_file(&partial).await?;
        tokio::fs::rename(&partial, &path).await?;
        #[cfg(unix)]
        tokio::fs::File::open(folder).await?.sync_all().await?;
        std::io::Result::Ok(tokio::fs::metadata(&path).await?.len())
    }
    .await;
    match synced {
        Ok(bytes) => Ok((BackupFile { file_name: name, path, taken_at: at.to_string(), reason, bytes }, counts)),
        Err(e) => {
            tracing::error!(error = %e, "a backup could not be finished");
            let _ = tokio::fs::remove_file(&partial).await;
            Err(io_code(&e))
        }
    }
}

/// `PRAGMA integrity_check` on the copy (read-only), and its counts.
async fn check_copy(file: &Path) -> std::result::Result<(i64, i64, i64), &'static str> {
    let options = SqliteConnectOptions::new().filename(file).read_only(true);
    let mut conn = options.connect().await.map_err(|_| "check_failed")?;
    let result: Vec<String> =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut conn).await.map_err(|_| "check_failed")?;
    if result != ["ok"] {
        tracing::error!(?result, "a backup copy failed its integrity check");
        return Err("check_failed");
    }
    // A copy taken before an upgrade may predate some tables: 0 then.
    let mut count = async |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut conn).await.unwrap_or(0);
    let patients = count("SELECT COUNT(*) FROM patients").await;
    let appointments = count("SELECT COUNT(*) FROM appointments").await;
    let payments = count("SELECT COUNT(*) FROM account_entries WHERE kind = 'payment'").await;
    let _ = conn.close().await;
    Ok((patients, appointments, payments))
}

/// Deletes the backups retention doesn't keep (only files named as ours).
pub(crate) fn prune(folder: &Path) -> std::io::Result<usize> {
    let all = files::list(folder)?;
    let named: Vec<_> = all
        .iter()
        .filter_map(|f| files::parse_name(&f.file_name).map(|(at, reason)| (f.file_name.clone(), at, reason)))
        .collect();
    let gone = retention::to_delete(&named);
    for name in &gone {
        std::fs::remove_file(folder.join(name))?;
    }
    Ok(gone.len())
}

impl Clinicdesk {
    /// The chosen folder, or the data folder's backups/.
    async fn backup_folder(&self) -> Result<(PathBuf, bool)> {
        if let Some(folder) = db::backups::folder(&self.db).await? {
            return Ok((PathBuf::from(folder), false));
        }
        match &self.data_dir {
            Some(dir) => {
                let folder = dir.join("backups");
                tokio::fs::create_dir_all(&folder).await?;
                Ok((folder, true))
            }
            None => Err(Error::Refused {
                code: "backup_folder_not_set",
                message: "Choose a backup folder in Settings → Backups.".into(),
            }),
        }
    }

    pub async fn backup_status(&self) -> Result<BackupStatus> {
        self.allow(crate::domain::Permission::SeeDay)?;
        self.backup_status_now().await
    }

    /// Without the gate: for use cases that already passed theirs, and
    /// Clinicdesk's background work.
    pub async fn backup_status_now(&self) -> Result<BackupStatus> {
        let (folder, folder_is_default) = self.backup_folder().await?;
        let (last, ok) = (db::backups::last(&self.db).await?, db::backups::last_ok(&self.db).await?);
        let mut problem = last.filter(|l| !l.ok).map(|l| {
            failure(match l.failure_code.as_deref() {
                Some("folder_missing") => "folder_missing",
                Some("disk_full") => "disk_full",
                Some("not_writable") => "not_writable",
                Some("check_failed") => "check_failed",
                _ => "io",
            })
        });
        if !folder.is_dir() {
            problem = Some(failure("folder_missing"));
        }
        let mut files = if folder.is_dir() { files::list(&folder)? } else { Vec::new() };
        files.truncate(LISTED);
        Ok(BackupStatus {
            folder: folder.display().to_string(),
            folder_is_default,
            last_ok_at: ok.map(|o| o.at),
            problem,
            files,
        })
    }

    /// Saves the backup folder after checking it can be written to.
    pub async fn set_backup_folder(&self, folder: BackupFolder) -> Result<BackupStatus> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        if let Some(dir) = &folder.0 {
            let probe = dir.join(".clinicdesk-write-test");
            let written = tokio::fs::write(&probe, b"ok").await;
            let _ = tokio::fs::remove_file(&probe).await;
            if written.is_err() {
                return Err(Error::field("folder", "not_writable", "Clinicdesk may not write to this folder."));
            }
        }
        let now = self.stamp();
        let text = folder.0.as_ref().map(|p| p.display().to_string());
        let mut tx = self.write().await?;
        let before = db::backups::folder(&mut *tx).await?;
        db::backups::set_folder(&mut *tx, text.as_deref(), &now).await?;
        let change = (Some(serde_json::json!({ "folder": before })), Some(serde_json::json!({ "folder": text })));
        self.audit(&mut tx, &now, "backups", 1, "folder_changed", change).await?;
        tx.commit().await?;
        self.backup_status_now().await
    }

    /// "Back up now".
    pub async fn back_up_now(&self) -> Result<BackupFile> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        self.back_up(BackupReason::Manual).await
    }

    /// The daily backup, when the last good one is a day old (or there is
    /// none). The shell asks every half hour while the app runs.
    pub async fn back_up_if_due(&self) -> Result<Option<BackupFile>> {
        if self.db.sqlite().is_none() {
            return Ok(None); // the clinic server's backups are the server's
        }
        let ok = db::backups::last_ok(&self.db).await?;
        let due = match ok {
            Some(o) => (self.now().as_second() - db::parse_instant(&o.at)?.as_second()) >= DAILY,
            None => true,
        };
        if !due {
            return Ok(None);
        }
        self.back_up(BackupReason::Daily).await.map(Some)
    }

    async fn back_up(&self, reason: BackupReason) -> Result<BackupFile> {
        let (folder, _) = self.backup_folder().await?;
        let outcome = backup_database_file(self.local_db()?, &folder, reason, self.now()).await;
        let now = self.stamp();
        let record = match &outcome {
            Ok((file, counts)) => db::backups::NewBackup {
                reason: reason.as_str(),
                file: Some(file.path.to_str().unwrap_or_default()),
                bytes: Some(file.bytes as i64),
                counts: Some(*counts),
                failure_code: None,
            },
            Err(code) => db::backups::NewBackup {
                reason: reason.as_str(),
                file: None,
                bytes: None,
                counts: None,
                failure_code: Some(code),
            },
        };
        db::backups::record(&self.db, &record, &self.workstation, &now).await?;
        match outcome {
            Ok((file, _)) => {
                match prune(&folder) {
                    Ok(n) if n > 0 => tracing::info!(deleted = n, "old backups pruned"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "old backups could not be pruned"),
                }
                tracing::info!(file = %file.file_name, bytes = file.bytes, "backup taken");
                Ok(file)
            }
            Err(code) => {
                let p = failure(code);
                Err(Error::Refused {
                    code: match code {
                        "folder_missing" => "folder_missing",
                        "disk_full" => "disk_full",
                        "not_writable" => "not_writable",
                        "check_failed" => "check_failed",
                        _ => "backup_failed",
                    },
                    message: p.message,
                })
            }
        }
    }
}
