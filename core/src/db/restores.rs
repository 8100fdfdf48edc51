//! Table `restores`: each backup put back, with the ids the replaced
//! database had reached (new rows are numbered above them).
//! The operations are `clinicdesk_domain::rows::restores`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::restores_queries!(sqlx::Sqlite);
