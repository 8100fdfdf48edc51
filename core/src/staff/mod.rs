//! Staff at the desk: the owner made on first start, who is signed in, the
//! lock, and the one gate every use case the window calls goes through.
//!
//! One person is signed in per running app (a workstation). The session
//! lives in memory only: a restart always starts locked.

mod audit;
mod gate;
mod manage;
mod pin;
mod sign_in;

pub use audit::{AuditFilterForm, AuditPage, AuditQuery};
pub(crate) use gate::forbidden;
pub use gate::{SignedIn, StaffSession};
pub use manage::{SecurityForm, SecuritySettings, StaffForm, StaffMember};
pub use sign_in::{LockScreen, LockScreenMember};
