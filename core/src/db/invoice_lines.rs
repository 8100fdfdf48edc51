//! Table `invoice_lines`: an invoice's lines as issued.
//! The operations are `clinicdesk_domain::rows::invoice_lines`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::invoice_lines_queries!(sqlx::Sqlite);
