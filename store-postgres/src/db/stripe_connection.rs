//! Table `stripe_connection`: the connected account as last verified (one
//! row at most). The secret key is never here.
//! The operations are `clinicdesk_domain::rows::stripe_connection`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::stripe_connection_queries!(sqlx::Postgres);
