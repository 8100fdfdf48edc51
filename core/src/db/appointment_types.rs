//! Table `appointment_types`.
//! The operations are `clinicdesk_domain::rows::appointment_types`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::appointment_types_queries!(sqlx::Sqlite);
