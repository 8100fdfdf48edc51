//! Backup files and their names: `clinicdesk-20261127T220132Z-daily.db`.
//! The time (UTC) and the reason are in the name, so the folder can be read
//! (and pruned) without the database, and sorts by time.

use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    Daily,
    Manual,
    PreMigration,
}

impl BackupReason {
    pub fn as_str(self) -> &'static str {
        match self {
            BackupReason::Daily => "daily",
            BackupReason::Manual => "manual",
            BackupReason::PreMigration => "pre_migration",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            BackupReason::Daily => "daily",
            BackupReason::Manual => "manual",
            BackupReason::PreMigration => "before-upgrade",
        }
    }

    fn from_slug(text: &str) -> Option<BackupReason> {
        [BackupReason::Daily, BackupReason::Manual, BackupReason::PreMigration].into_iter().find(|r| r.slug() == text)
    }
}

/// A backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub file_name: String,
    pub path: PathBuf,
    /// When it was taken (UTC, RFC 3339).
    pub taken_at: String,
    pub reason: BackupReason,
    pub bytes: u64,
}

pub fn file_name(at: jiff::Timestamp, reason: BackupReason) -> String {
    format!("clinicdesk-{}-{}.db", at.strftime("%Y%m%dT%H%M%SZ"), reason.slug())
}

/// Reads a name this module wrote; anything else in the folder is not ours.
pub fn parse_name(name: &str) -> Option<(jiff::Timestamp, BackupReason)> {
    let rest = name.strip_prefix("clinicdesk-")?.strip_suffix(".db")?;
    let (stamp, slug) = rest.split_once('-')?;
    let at = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", stamp).ok()?.to_zoned(jiff::tz::TimeZone::UTC).ok()?;
    Some((at.timestamp(), BackupReason::from_slug(slug)?))
}

/// Our backups in `folder`, newest first.
pub fn list(folder: &Path) -> std::io::Result<Vec<BackupFile>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((at, reason)) = parse_name(&name) else { continue };
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        files.push(BackupFile { file_name: name, path: entry.path(), taken_at: at.to_string(), reason, bytes });
    }
    files.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_foreign_files_are_ignored() {
        let at: jiff::Timestamp = "2026-11-27T22:01:32Z".parse().unwrap();
        let name = file_name(at, BackupReason::PreMigration);
        assert_eq!(name, "clinicdesk-20261127T220132Z-before-upgrade.db");
        assert_eq!(parse_name(&name), Some((at, BackupReason::PreMigration)));
        for other in
            ["clinicdesk.db", "clinicdesk-2026-daily.db", "notes.txt", "clinicdesk-20261127T220132Z-daily.db.partial"]
        {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }
}
