//! clinicdesk-core: everything Clinicdesk knows and does, without a UI.
//! The Tauri shell (src-tauri) only turns commands into calls to [`Clinicdesk`].

pub mod account;
pub mod app;
pub mod appointment_types;
pub mod backup;
pub mod cashup;
pub mod clinic;
pub mod clinic_details;
pub mod clock;
pub mod db;
pub mod documents;
pub mod dto;
mod durable;
pub mod email;
pub mod error;
pub mod front_desk;
pub mod invoices;
mod ledger;
pub mod patients;
pub mod payments;
pub mod practitioners;
pub mod secrets;
pub mod server;
pub mod staff;
pub mod storage;
pub mod stripe;

pub use app::Clinicdesk;
/// The clinic's values: their own crate, shared by both stores.
pub use clinicdesk_domain as domain;
pub use error::{Error, FieldError, Result};
