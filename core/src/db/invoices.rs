//! Table `invoices`: drafts, issued invoices with their numbers, void ones
//! (kept, with their numbers: triggers refuse changing a number, un-voiding
//! and deleting anything issued).
//! The operations are `clinicdesk_domain::rows::invoices`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::invoices_queries!(sqlx::Sqlite);
