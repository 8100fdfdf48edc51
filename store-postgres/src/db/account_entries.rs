//! Table `account_entries`: an appointment's account, append-only (triggers
//! refuse UPDATE and DELETE).
//! The operations are `clinicdesk_domain::rows::account_entries`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::account_entries_queries!(sqlx::Postgres);
