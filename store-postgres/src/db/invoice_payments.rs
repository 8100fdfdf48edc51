//! Table `invoice_payments`: a payment through an invoice's link, one per
//! Checkout Session (so Stripe's news applied twice counts once).
//! The operations are `clinicdesk_domain::rows::invoice_payments`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::invoice_payments_queries!(sqlx::Postgres);
