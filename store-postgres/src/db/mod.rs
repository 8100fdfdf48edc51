//! The clinic's tables on PostgreSQL, one file per table, each the twin of
//! core's `db/` file of the same name: the same operations, returning the
//! same rows (clinicdesk-domain's `rows`). Queries are checked at compile time
//! against `store-postgres/.sqlx` (scripts/sqlx-prepare.sh).

pub mod appointments;
pub mod audit_log;
pub mod clinic;
pub mod concessions;
pub mod opening_hours;
pub mod patients;
pub mod practitioners;
