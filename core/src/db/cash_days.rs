//! Table `cash_days`: the end of day's till (float, counted) and, once
//! closed, the report frozen as it stood. Triggers refuse changing a closed
//! day and deleting any.
//! The operations are `clinicdesk_domain::rows::cash_days`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::cash_days_queries!(sqlx::Sqlite);
