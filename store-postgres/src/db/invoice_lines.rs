//! Table `invoice_lines`: an invoice's lines as issued.
//! The operations are `clinicdesk_domain::rows::invoice_lines`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::invoice_lines_queries!(sqlx::Postgres);
