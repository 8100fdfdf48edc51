//! Table `restores`: each backup put back, with the ids the replaced
//! database had reached (new rows are numbered above them).
//! The operations are `clinicdesk_domain::rows::restores`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::restores_queries!(sqlx::Postgres);
