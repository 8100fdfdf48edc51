//! Table `mail_server`: the clinic's SMTP server (one row). The password is
//! in the OS keychain, not here.
//! The operations are `clinicdesk_domain::rows::mail_server`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::Result;

clinicdesk_domain::mail_server_queries!(sqlx::Sqlite);
