//! Table `staff`. The role is parsed as it is read (strictly, like every
//! status); core never compares its text.
//! The operations are `clinicdesk_domain::rows::staff`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::staff_queries!(sqlx::Postgres);
