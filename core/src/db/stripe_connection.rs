//! Table `stripe_connection`: the connected account as last verified (one
//! row at most). The secret key is never here.
//! The operations are `clinicdesk_domain::rows::stripe_connection`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::stripe_connection_queries!(sqlx::Sqlite);
