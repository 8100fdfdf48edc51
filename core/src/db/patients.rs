//! Table `patients`, with prefix search on indexed, case-folded keys.
//! The operations are `clinicdesk_domain::rows::patients`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::patients_queries!(sqlx::Sqlite);
