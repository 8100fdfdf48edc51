//! Table `opening_hours`: one interval per open weekday.
//! The operations are `clinicdesk_domain::rows::opening_hours`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::opening_hours_queries!(sqlx::Sqlite);
