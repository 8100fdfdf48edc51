//! Stripe: the `Billing` trait and its client over Stripe's HTTP API, the parameters
//! we send, the events we read, and connecting the clinic's account.

mod account;
mod billing;
mod checkout_form;
mod client;
pub mod connection;
mod events;
mod http;
mod payment_links;
mod payment_setup;
mod refunds;
mod session;

pub use billing::*;
pub use checkout_form::{checkout_form, CheckoutParams};
pub use client::{allowed_base, StripeBilling, STRIPE_API_BASE_ENV};
pub use connection::{ConnectedAccount, CurrencyMismatch, StripeState, StripeStatus};
pub use payment_links::{deactivate_request, payment_link_form, PaymentLinkInfo, PaymentLinkParams};
pub(crate) use payment_setup::payment_billing_error;
pub use refunds::{refund_form, RefundInfo, RefundParams, RefundState};

/// Installs rustls' crypto provider once per process. With more than one
/// provider compiled in, rustls cannot choose and the client would panic.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
