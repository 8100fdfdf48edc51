//! Table `concessions`: the clinic's standing discounts.
//! The operations are `clinicdesk_domain::rows::concessions`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::concessions_queries!(sqlx::Postgres);
