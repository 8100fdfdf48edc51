//! The clinic's tables on PostgreSQL, one file per table, each the twin of
//! core's `db/` file of the same name: both expand the table's macro from
//! clinicdesk-domain's `rows`, so the operations and rows are one copy. Queries are checked at compile time
//! against `store-postgres/.sqlx` (scripts/sqlx-prepare.sh).

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
