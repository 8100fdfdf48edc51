//! The clinic's data on a PostgreSQL server (13 or newer), for clinics whose
//! workstations share one clinic. SQLite (clinicdesk-core's `db/`) stays the
//! default; this crate keeps PostgreSQL's schema, connection and checks, with
//! its own compile-checked SQL and offline data as its queries arrive (sqlx's
//! macros check one kind of database per crate).

pub mod changes;
pub mod connect;
pub mod db;
pub mod error;
pub mod move_in;
pub mod reconciler;
pub mod retry;

pub use connect::{check, open, Problem, ServerCheck, ServerSettings, TlsMode};
pub use error::{Error, Result};
pub use retry::retrying;

use sqlx::migrate::Migrator;

/// PostgreSQL's migrations: a baseline at the SQLite schema's version, then
/// one beside each SQLite migration with the same version.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations/postgres");

/// The newest schema version this build knows (the same as SQLite's).
pub fn known_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}
