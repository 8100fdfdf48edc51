//! Online payments: one attempt per Checkout Session asked of Stripe, and
//! finding out what became of each. See ARCHITECTURE.md, "Payments".
//!
//! The rule that makes retries safe: an attempt's idempotency key and its
//! request, form-encoded, are stored (status `creating`) and committed before
//! the request is sent; any re-send sends exactly those bytes with that key.
//!
//! This feature knows nothing of the front desk's views: it answers with
//! `Problem`s and row changes, and front_desk builds what the window shows.

mod apply;
mod attempt;
mod attention;
mod events;
mod links;
mod old_accounts;
mod presentation;
mod reconcile;
mod refunds;
mod turn;

pub use attention::{AttentionAppointment, AttentionItem};
pub(crate) use links::{processing_refusal, LinkStop};
pub use old_accounts::OtherAccountAttempt;
pub use presentation::{mailto, qr_svg};
pub use reconcile::ReconcileReport;
pub use turn::ReconcilerTurn;

use serde::Serialize;

/// Something about an appointment's online payment to show the receptionist
/// (Stripe didn't answer, refused, …), with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub code: String,
    pub message: String,
}

impl Problem {
    pub fn new(code: &str, message: impl Into<String>) -> Problem {
        Problem { code: code.to_string(), message: message.into() }
    }
}
