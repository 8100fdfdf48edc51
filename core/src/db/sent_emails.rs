//! Table `sent_emails`: every email sent or refused (what, to whom, how it
//! went), append-only.
//! The operations are `clinicdesk_domain::rows::sent_emails`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::sent_emails_queries!(sqlx::Sqlite);
