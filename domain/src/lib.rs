//! clinicdesk-domain: the clinic's values, parsed and valid (core's use cases
//! accept only these), and how they are stored: statuses and kinds as TEXT,
//! read strictly (codec.rs) by SQLite and by PostgreSQL alike. Its own crate so
//! that both stores share one definition of every value.

pub mod account;
pub mod appointment_type;
pub mod cashup;
pub mod clinic;
pub mod codec;
mod invalid;
pub mod invoice;
pub mod money;
pub mod payment;
pub mod people;
pub mod rows;
pub mod schedule;
pub mod settings;
pub mod staff;
pub mod text;

pub use account::*;
pub use appointment_type::*;
pub use clinic::*;
pub use invalid::{FieldError, Invalid};
pub use invoice::*;
pub use money::*;
pub use payment::*;
pub use people::*;
pub use schedule::*;
pub use settings::*;
pub use staff::*;
