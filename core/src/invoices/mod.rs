//! Invoices: a numbered statement of a patient's appointments with a Stripe
//! Payment Link for the balance due. See ARCHITECTURE.md, "Invoices".
//!
//! The lines are taken from the appointments' accounts when the invoice is
//! issued and kept; what has been paid is read from the accounts each time,
//! so "part-paid" and "paid" can never disagree with the money.

pub mod forms;
mod issue;
mod lines;
mod link;
mod pay;
mod view;
mod void;

pub use forms::{InvoiceDraft, InvoiceForm, VoidForm, VoidReason};
pub use view::{Invoice, InvoiceCandidate, InvoiceLine, InvoiceLink, InvoiceList, InvoicePayment, InvoiceSummary};

/// Invoices listed per page.
pub const PAGE: i64 = 50;
