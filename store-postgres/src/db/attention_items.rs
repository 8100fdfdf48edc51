//! Table `attention_items`: what a person must look at about online
//! payments, until someone marks it dealt with.
//! The operations are `clinicdesk_domain::rows::attention_items`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::attention_items_queries!(sqlx::Postgres);
