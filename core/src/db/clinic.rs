//! Table `clinic`: one row holding the clinic's settings and database id.
//! The operations are `clinicdesk_domain::rows::clinic`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::clinic_queries!(sqlx::Sqlite);
