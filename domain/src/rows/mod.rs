//! Rows as the stores read and write them: one definition, so SQLite's queries
//! (core's db/) and PostgreSQL's (store-postgres's db/) hand the use cases
//! the same values. Each table's file also holds `<table>_queries!`, its
//! operations written once over a database type that each store's crate
//! expands: sqlx's macros fix the database as they expand, so a generic
//! function can't share them, and each crate checks the SQL against its own.

pub mod account_entries;
pub mod appointment_types;
pub mod appointments;
pub mod attention_items;
pub mod audit_log;
pub mod backups;
pub mod cash_days;
pub mod checkout_attempts;
pub mod clinic;
pub mod concessions;
pub mod invoice_appointments;
pub mod invoice_lines;
pub mod invoice_links;
pub mod invoice_payments;
pub mod invoices;
pub mod mail_server;
pub mod money_rows;
pub mod opening_hours;
pub mod patients;
pub mod practitioners;
pub mod refund_attempts;
pub mod restores;
pub mod sent_emails;
pub mod staff;
pub mod stripe_connection;
pub mod stripe_event_cursor;
