//! Table `appointment_types`.
//! The operations are `clinicdesk_domain::rows::appointment_types`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::appointment_types_queries!(sqlx::Postgres);
