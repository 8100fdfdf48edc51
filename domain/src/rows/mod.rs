//! Rows as the stores read and write them: one definition, so SQLite's queries
//! (core's db/) and PostgreSQL's (store-postgres's db/) hand the use cases
//! the same values.

pub mod appointments;
pub mod audit_log;
pub mod clinic;
pub mod concessions;
pub mod opening_hours;
pub mod patients;
pub mod practitioners;
