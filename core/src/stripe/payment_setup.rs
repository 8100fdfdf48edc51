//! What payments need of the connection: the key (when Stripe still takes
//! it), what to do when Stripe refuses it, whether online payment is
//! possible now, and the page patients land on after paying.

use super::connection::{StripeStatus, ENTITY, NO_ROOTS};
use super::BillingError;
use crate::app::Clinicdesk;
use crate::db::{self, codec::KeyStatus};
use crate::domain::ReturnUrl;
use crate::error::{Error, Result};
use crate::secrets::{KeyringStore, StripeSecret};
use serde_json::json;

impl Clinicdesk {
    /// The key payments use, when Stripe is connected and the key has not
    /// been refused. A keychain that cannot be read counts as "no key".
    pub(crate) async fn payment_key(&self) -> Result<Option<StripeSecret>> {
        let Some(row) = db::stripe_connection::get(&self.db).await? else { return Ok(None) };
        if row.key_status != KeyStatus::Ok || (self.secrets_are_platform && !KeyringStore::is_platform_store()) {
            return Ok(None);
        }
        match self.keychain(|s, user| s.get(user)).await {
            Ok(key) => Ok(key),
            Err(e) => {
                tracing::warn!(error = %e, "the Stripe key could not be read from the keychain");
                Ok(None)
            }
        }
    }

    /// Stripe refused the stored key (at start-up or while taking a
    /// payment): mark it invalid so the banner asks for a new one.
    pub(crate) async fn record_key_refused(&self) -> Result<()> {
        let now = self.stamp();
        let mut tx = self.write().await?;
        if let Some(row) = db::stripe_connection::get(&mut *tx).await? {
            if row.key_status == KeyStatus::Ok {
                db::stripe_connection::record_verification(
                    &mut *tx,
                    KeyStatus::Invalid,
                    &row.display_name,
                    &row.country,
                    &row.default_currency,
                    &row.verified_at,
                )
                .await?;
                let change = (Some(json!({ "keyStatus": "ok" })), Some(json!({ "keyStatus": "invalid" })));
                self.audit(&mut tx, &now, ENTITY, &row.account_id, "stripe_key_rejected", change).await?;
                tracing::warn!(account = %row.account_id, "Stripe no longer accepts the stored key");
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// A Stripe failure while handling a payment, in the receptionist's words.
pub(crate) fn payment_billing_error(e: BillingError) -> Error {
    match e {
        BillingError::InvalidKey | BillingError::PermissionDenied { .. } => Error::Refused {
            code: "stripe_not_ready",
            message: "Stripe refused the clinic's key — reconnect in Settings → Integrations.".into(),
        },
        BillingError::RateLimited
        | BillingError::StripeUnavailable { .. }
        | BillingError::Timeout
        | BillingError::Network => Error::Refused {
            code: "stripe_unavailable",
            message: "Stripe could not be reached just now. Nothing changed; try again in a moment.".into(),
        },
        BillingError::NoTrustedCertificates => {
            Error::Refused { code: "no_trusted_certificates", message: NO_ROOTS.into() }
        }
        BillingError::Malformed | BillingError::Refused { .. } => {
            tracing::error!(error = %e, "unexpected answer from Stripe");
            Error::Refused {
                code: "stripe_unexpected",
                message: "Stripe gave an answer Clinicdesk did not expect. Nothing changed; try again.".into(),
            }
        }
    }
}

impl Clinicdesk {
    /// "After paying, patients go to": Checkout's `success_url` (and the
    /// page "back" leads to) for every new payment link.
    pub async fn save_return_url(&self, url: ReturnUrl) -> Result<StripeStatus> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let before = db::clinic::get(&mut *tx).await?.return_url;
        if before.as_deref() != Some(url.as_str()) {
            db::clinic::set_return_url(&mut *tx, Some(url.as_str()), &now).await?;
            let change = (Some(json!({ "returnUrl": before })), Some(json!({ "returnUrl": url.as_str() })));
            self.audit(&mut tx, &now, "clinic", 1, "return_url_changed", change).await?;
        }
        tx.commit().await?;
        self.stripe_status_now().await
    }
}

impl Clinicdesk {
    /// Why online payment can't be taken now, if it can't: a code and words
    /// for the receptionist.
    pub(crate) async fn online_payments_unavailable(&self) -> Result<Option<(&'static str, &'static str)>> {
        if self.payment_key().await?.is_none() {
            return Ok(Some(("stripe_not_ready", "Stripe is not connected or its key was refused")));
        }
        if db::clinic::get(&self.db).await?.return_url.is_none() {
            return Ok(Some((
                "no_return_url",
                "the page patients go to after paying is not set in Settings → Integrations",
            )));
        }
        Ok(None)
    }
}
