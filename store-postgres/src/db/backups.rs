//! Tables `backup_settings` and `backups`: where backups go, and each one
//! taken or failed.
//! The operations are `clinicdesk_domain::rows::backups`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::backups_queries!(sqlx::Postgres);
