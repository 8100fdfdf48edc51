//! One-line wrappers: take state, turn the UI's DTO into domain types, call
//! core, map the error. Nothing else belongs here. Each is a debug-level span
//! (logged when it ends, at RUST_LOG=debug). A refused form is not a
//! fault, so errors are traced at debug level; internal errors are logged at
//! error level, with their cause, where they become an `IpcError`.
//! Arguments carrying patient details or free text (reasons, notes) are
//! skipped by `instrument`, so they never reach a log line.
//!
//! One file per area, as the UI's views are.

pub mod account;
pub mod app;
pub mod backups;
pub mod cash_up;
pub mod data;
pub mod documents;
pub mod front_desk;
pub mod invoices;
pub mod patients;
pub mod settings;
pub mod staff;
pub mod stripe;

pub(crate) type Reply<T> = Result<T, crate::error::IpcError>;
