//! Table `audit_log`: append-only (triggers refuse UPDATE and DELETE).
//! The operations are `clinicdesk_domain::rows::audit_log`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::audit_log_queries!(sqlx::Sqlite);
