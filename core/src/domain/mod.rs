//! Domain types: parsed, valid values. Core's use cases accept only these.

pub mod account;
pub mod appointment_type;
pub mod cashup;
pub mod clinic;
pub mod invoice;
pub mod money;
pub mod payment;
pub mod people;
pub mod schedule;
pub mod staff;
pub mod text;

pub use account::*;
pub use appointment_type::*;
pub use clinic::*;
pub use invoice::*;
pub use money::*;
pub use payment::*;
pub use people::*;
pub use schedule::*;
pub use staff::*;
