//! Table `invoice_links`: an invoice's Stripe Payment Links. The key and
//! request are stored (status `creating`) and committed before the request
//! is sent; a re-send sends exactly those bytes with that key.
//! The operations are `clinicdesk_domain::rows::invoice_links`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::invoice_links_queries!(sqlx::Postgres);
