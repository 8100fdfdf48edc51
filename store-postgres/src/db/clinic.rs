//! Table `clinic`: one row holding the clinic's settings and database id.
//! The operations are `clinicdesk_domain::rows::clinic`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::clinic_queries!(sqlx::Postgres);
