//! Table `practitioners`.
//! The operations are `clinicdesk_domain::rows::practitioners`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::practitioners_queries!(sqlx::Postgres);
