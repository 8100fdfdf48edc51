//! Table `checkout_attempts`: one row per Checkout Session asked of Stripe.
//! Every status change names the status it expects, so the same news applied
//! twice changes nothing the second time.
//! The operations are `clinicdesk_domain::rows::checkout_attempts`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::checkout_attempts_queries!(sqlx::Postgres);
