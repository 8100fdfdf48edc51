//! Table `concessions`: the clinic's standing discounts.
//! The operations are `clinicdesk_domain::rows::concessions`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::concessions_queries!(sqlx::Sqlite);
