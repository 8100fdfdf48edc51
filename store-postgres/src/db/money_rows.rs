//! Reads of `account_entries` for the end of day and the accountant: the
//! payments and refunds of a range of cash-up days with who, what and
//! Stripe's ids; what is owed, for the aged balances.
//! The operations are `clinicdesk_domain::rows::money_rows`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::money_rows_queries!(sqlx::Postgres);
