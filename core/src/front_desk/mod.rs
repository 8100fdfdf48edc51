//! The front desk: the day calendar, booking, one appointment's panel and
//! what the receptionist does with it. Payment work is the payments
//! feature's; this feature decides what an appointment becomes.

mod appointment;
mod book;
mod day_view;
mod payment_actions;
mod time;
pub(crate) use time::day_start;
mod transitions;
mod view;

pub use view::*;
