//! The appointment's account: charges, discounts, payments and refunds,
//! never edited or deleted, always balanced (see domain/account.rs). Money
//! is taken at any time, at the desk or online; fees for late cancellations
//! and no-shows; refunds by the payment's own method, online through Stripe.

mod concessions;
mod correction;
mod discount;
mod fees;
pub mod forms;
mod patient;
mod refund;
mod refusals;
mod take_payment;
mod view;

pub use concessions::Concession;
pub use fees::ClosePreview;
pub use patient::{AppointmentBalance, PatientAccount};
pub use refund::AccountChanged;
pub use take_payment::{Receipt, Taken};
pub(crate) use view::account_view;
pub use view::{Account, EntryLine};
