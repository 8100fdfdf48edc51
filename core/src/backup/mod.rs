//! Backups: a consistent copy of the clinic database while the app is in
//! use (SQLite's `VACUUM INTO`, which reads one snapshot), checked with
//! `PRAGMA integrity_check` before it counts, into a folder the owner
//! chooses. Daily while the app runs, before every schema upgrade, and on
//! "Back up now"; the last 14 days and 12 months are kept. See
//! ARCHITECTURE.md, "Backups".
//!
//! The Stripe key and the mail password live in the OS keychain and are
//! never in a backup.

mod files;
mod folder;
mod restore;
mod retention;
mod take;

pub use files::{BackupFile, BackupReason};
pub use folder::{BackupFolder, BackupFolderForm};
pub use restore::{apply_requested_restore, inspect, refuse_half_restored, BackupPreview};
pub use retention::to_delete;
pub use take::{backup_database_file, BackupStatus};
