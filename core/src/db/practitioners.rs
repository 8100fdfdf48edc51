//! Table `practitioners`.
//! The operations are `clinicdesk_domain::rows::practitioners`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::practitioners_queries!(sqlx::Sqlite);
