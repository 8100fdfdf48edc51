//! Table `invoice_appointments`: which appointments an invoice is for. An
//! appointment is on at most one live (not void) invoice.
//! The operations are `clinicdesk_domain::rows::invoice_appointments`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::invoice_appointments_queries!(sqlx::Sqlite);
