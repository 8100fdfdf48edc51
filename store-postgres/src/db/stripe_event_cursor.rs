//! Table `stripe_event_cursor`: the newest Stripe event already read.
//! The operations are `clinicdesk_domain::rows::stripe_event_cursor`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::stripe_event_cursor_queries!(sqlx::Postgres);
