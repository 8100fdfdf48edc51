//! The end of day: a day's takings by method and by practitioner, the till
//! (float, counted, difference), closing the day so its figures never
//! change, the money as CSV for the accountant, and aged balances owing.
//!
//! Every account entry carries the cash-up day it counts on, fixed when it
//! is written (`ledger::cash_day_for`): money recorded after a day is closed
//! goes on the next day that is open, and the closed day lists it as a later
//! change.

mod close;
mod export;
mod figures;
pub mod forms;
mod outstanding;
mod report;
mod till;

pub use export::Exported;
pub use figures::{DayFigures, MethodFigures, MoneyLineView, PractitionerFigures, StateFigures};
pub use outstanding::{Outstanding, OwingPatient};
pub use report::{Closed, DayReport, LaterChange};
