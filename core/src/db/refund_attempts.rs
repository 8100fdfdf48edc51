//! Table `refund_attempts`: one row per refund asked of Stripe, its key and
//! request stored before it is sent.
//! The operations are `clinicdesk_domain::rows::refund_attempts`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::refund_attempts_queries!(sqlx::Sqlite);
