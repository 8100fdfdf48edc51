//! Use cases: connecting the clinic's Stripe account. The secret key goes to
//! the keychain only after Stripe has accepted it; the database keeps what may
//! be shown (account, mode, a hint of the key, its website).

use super::{BillingError, StripeAccount};
use crate::app::Clinicdesk;
use crate::db::{self, codec::KeyStatus, stripe_connection::ConnectionRow};
use crate::domain::ReturnUrl;
use crate::error::{Error, FieldError, Result};
use crate::secrets::{keychain_user, KeyringStore, SecretStoreError, StripeSecret};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StripeState {
    NotConnected,
    Connected,
    /// Stripe refused the stored key (revoked, rolled), or it is gone from
    /// the keychain.
    KeyInvalid,
    /// The keychain is locked or not running: connected, but unusable now.
    KeychainUnavailable,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectedAccount {
    pub account_id: String,
    pub display_name: String,
    pub country: String,
    pub default_currency: String,
    pub livemode: bool,
    pub restricted: bool,
    pub key_hint: String,
    pub connected_at: String,
    pub verified_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StripeStatus {
    pub state: StripeState,
    pub account: Option<ConnectedAccount>,
    /// What is wrong and how to fix it, when `state` is not `connected`.
    pub problem: Option<String>,
    /// Set when the account's default currency differs from the clinic's.
    pub currency_mismatch: Option<CurrencyMismatch>,
    /// Where patients land after paying; online payments need one.
    pub return_url: Option<String>,
    /// Payment links made with another account or mode, which this key
    /// can't read; the owner can close them.
    pub other_account_attempts: i64,
    /// Whether online payments can be taken right now.
    pub payments_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyMismatch {
    pub clinic: String,
    pub account: String,
}

const KEY_FIELD: &str = "secretKey";
pub(crate) const NO_ROOTS: &str = "This computer's certificate store is empty or unreadable, so no secure connection to Stripe can be made. Ask whoever looks after this computer to repair it.";
pub(crate) const ENTITY: &str = "stripe_connection";

pub(crate) fn keychain_error(e: SecretStoreError) -> Error {
    match e {
        SecretStoreError::Locked(detail) => {
            tracing::warn!(%detail, "keychain locked");
            Error::Refused {
                code: "keychain_locked",
                message: "The keychain is locked. Unlock it (log in again, or open your keychain app), then try again."
                    .into(),
            }
        }
        SecretStoreError::Unavailable(detail) => {
            tracing::warn!(%detail, "keychain unavailable");
            Error::Refused { code: "keychain_unavailable", message: keychain_unavailable_message() }
        }
    }
}

fn keychain_unavailable_message() -> String {
    if cfg!(target_os = "linux") {
        "No keychain is running. Clinicdesk keeps the Stripe key and its passwords in the Secret Service (GNOME \
         Keyring or KWallet): log in to a desktop session that runs one, then try again."
            .into()
    } else {
        "The system keychain could not be opened. Restart the computer and try again.".into()
    }
}

fn billing_error(e: BillingError) -> Error {
    match e {
        BillingError::InvalidKey => Error::Validation(vec![FieldError::new(
            KEY_FIELD,
            "stripe_invalid_key",
            "Stripe does not accept this key. Check that you copied the whole key and that it has not been rolled or deleted.",
        )]),
        BillingError::PermissionDenied { permission } => {
            let mut error = FieldError::new(
                KEY_FIELD,
                "stripe_permission_missing",
                match &permission {
                    Some(p) => format!("This restricted key lacks a permission Clinicdesk needs ({p}). In the Stripe Dashboard, edit the key and allow Account: Read."),
                    None => "This restricted key lacks a permission Clinicdesk needs. In the Stripe Dashboard, edit the key and allow the permissions listed below.".into(),
                },
            );
            if let Some(p) = permission {
                error = error.with("permission", p);
            }
            Error::Validation(vec![error])
        }
        BillingError::RateLimited | BillingError::StripeUnavailable { .. } => Error::Refused {
            code: "stripe_unavailable",
            message: "Stripe is having problems right now and did not answer after several tries. Nothing was saved; try again in a few minutes.".into(),
        },
        BillingError::Timeout => Error::Refused {
            code: "stripe_timeout",
            message: "Stripe did not answer in time. Nothing was saved; check the internet connection and try again.".into(),
        },
        BillingError::Network => Error::Refused {
            code: "stripe_unreachable",
            message: "Stripe could not be reached. Nothing was saved; check the internet connection and try again.".into(),
        },
        BillingError::NoTrustedCertificates => Error::Refused {
            code: "no_trusted_certificates",
            message: NO_ROOTS.into(),
        },
        BillingError::Malformed | BillingError::Refused { .. } => {
            tracing::error!(error = %e, "unexpected answer from Stripe");
            Error::Refused {
                code: "stripe_unexpected",
                message: "Stripe gave an answer Clinicdesk did not expect. Nothing was saved; try again, and contact support if it keeps happening.".into(),
            }
        }
    }
}

impl Clinicdesk {
    pub(crate) async fn keychain<T: Send + 'static>(
        &self,
        op: impl FnOnce(&dyn crate::secrets::SecretStore, &str) -> std::result::Result<T, SecretStoreError> + Send + 'static,
    ) -> std::result::Result<T, SecretStoreError> {
        self.keychain_entry(keychain_user, op).await
    }

    /// As `keychain`, for the entry `entry(database id)` names.
    pub(crate) async fn keychain_entry<T: Send + 'static>(
        &self,
        entry: fn(&str) -> String,
        op: impl FnOnce(&dyn crate::secrets::SecretStore, &str) -> std::result::Result<T, SecretStoreError> + Send + 'static,
    ) -> std::result::Result<T, SecretStoreError> {
        let secrets = self.secrets.clone();
        let user = entry(&self.database_id().await.map_err(|e| SecretStoreError::Unavailable(e.to_string()))?);
        // Keychain calls block (D-Bus, Keychain Services): keep them off the
        // async workers.
        tokio::task::spawn_blocking(move || op(secrets.as_ref(), &user))
            .await
            .map_err(|e| SecretStoreError::Unavailable(e.to_string()))?
    }

    /// Stripe's state as the UI shows it. Reads the keychain, not Stripe.
    pub async fn stripe_status(&self) -> Result<StripeStatus> {
        self.allow(crate::domain::Permission::SeeDay)?;
        self.stripe_status_now().await
    }

    /// Without the gate: for use cases that already passed theirs, and
    /// Clinicdesk's background work.
    pub async fn stripe_status_now(&self) -> Result<StripeStatus> {
        let clinic = db::clinic::get(&self.db).await?;
        let Some(row) = db::stripe_connection::get(&self.db).await? else {
            return Ok(StripeStatus {
                state: StripeState::NotConnected,
                account: None,
                problem: None,
                currency_mismatch: None,
                return_url: clinic.return_url,
                other_account_attempts: 0,
                payments_active: false,
            });
        };
        let clinic_currency = clinic.currency.clone();
        let (state, problem) = if self.secrets_are_platform && !KeyringStore::is_platform_store() {
            (StripeState::KeychainUnavailable, Some(keychain_unavailable_message()))
        } else {
            match self.keychain(|s, user| s.get(user)).await {
                Ok(Some(_)) if row.key_status == KeyStatus::Ok => (StripeState::Connected, None),
                Ok(Some(_)) => (
                    StripeState::KeyInvalid,
                    Some("Stripe key no longer valid — reconnect in Settings → Integrations.".to_string()),
                ),
                // A workstation that joined the clinic server: the clinic is
                // connected, but each workstation keeps the key in its own
                // keychain.
                Ok(None) if self.on_server() => (
                    StripeState::KeyInvalid,
                    Some("Connect Stripe on this computer (Settings → Integrations): each workstation keeps the \
                          Stripe key in its own keychain. Booking and desk payments work meanwhile."
                        .into()),
                ),
                Ok(None) => (
                    StripeState::KeyInvalid,
                    Some("The Stripe key is no longer in this computer's keychain — reconnect in Settings → Integrations.".into()),
                ),
                Err(e) => match keychain_error(e) {
                    Error::Refused { message, .. } => (StripeState::KeychainUnavailable, Some(message)),
                    other => return Err(other),
                },
            }
        };
        let currency_mismatch = (!row.default_currency.is_empty()
            && !row.default_currency.eq_ignore_ascii_case(&clinic_currency))
        .then(|| CurrencyMismatch { clinic: clinic_currency, account: row.default_currency.to_ascii_uppercase() });
        let other_account_attempts = self.other_account_attempts_now().await?.len() as i64;
        let problem = problem.or_else(|| {
            clinic
                .return_url
                .is_none()
                .then(|| "Say where patients go after paying (below) before taking online payments.".to_string())
        });
        Ok(StripeStatus {
            payments_active: state == StripeState::Connected && clinic.return_url.is_some(),
            state,
            problem,
            currency_mismatch,
            return_url: clinic.return_url,
            other_account_attempts,
            account: Some(ConnectedAccount {
                account_id: row.account_id,
                display_name: row.display_name,
                country: row.country,
                default_currency: row.default_currency,
                livemode: row.livemode,
                restricted: row.restricted,
                key_hint: row.key_hint,
                connected_at: row.connected_at,
                verified_at: row.verified_at,
            }),
        })
    }

    /// Verifies `secret` with Stripe and, only if Stripe accepts it, stores it
    /// in the keychain (replacing any earlier key) and the account in the
    /// database. A refused key changes nothing.
    pub async fn connect_stripe(&self, secret: StripeSecret) -> Result<StripeStatus> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        if self.secrets_are_platform && !KeyringStore::is_platform_store() {
            return Err(keychain_error(SecretStoreError::Unavailable("keyring built without a platform store".into())));
        }
        let account: StripeAccount = self.billing.retrieve_account(&secret).await.map_err(billing_error)?;
        let previous = self.keychain(|s, user| s.get(user)).await.map_err(keychain_error)?;
        let to_store = secret.clone();
        self.keychain(move |s, user| s.set(user, &to_store)).await.map_err(keychain_error)?;

        let saved = self.save_connection(&secret, &account, previous.is_some()).await;
        if let Err(e) = saved {
            // Put the keychain back as it was, so it matches the database.
            let restore = self
                .keychain(move |s, user| match previous {
                    Some(old) => s.set(user, &old),
                    None => s.delete(user),
                })
                .await;
            if let Err(r) = restore {
                tracing::error!(error = %r, "could not restore the previous keychain entry");
            }
            return Err(e);
        }
        tracing::info!(account = %account.id, livemode = secret.livemode(), "Stripe connected");
        self.stripe_status_now().await
    }

    async fn save_connection(&self, secret: &StripeSecret, account: &StripeAccount, replacing: bool) -> Result<()> {
        let now = self.stamp();
        let mut tx = self.write().await?;
        let before = db::stripe_connection::get(&mut *tx).await?;
        let row = ConnectionRow {
            account_id: account.id.clone(),
            display_name: account.display_name.clone(),
            country: account.country.clone(),
            default_currency: account.default_currency.clone(),
            livemode: secret.livemode(),
            key_hint: secret.hint(),
            restricted: secret.restricted(),
            key_status: KeyStatus::Ok,
            connected_at: now.clone(),
            verified_at: now.clone(),
            business_url: account.business_url.clone().unwrap_or_default(),
        };
        db::stripe_connection::replace(&mut *tx, &row).await?;
        // The account's website is the natural page to land on after paying;
        // the owner can change it, and an address already chosen stays.
        let clinic = db::clinic::get(&mut *tx).await?;
        if clinic.return_url.is_none() {
            if let Some(url) = account.business_url.as_deref().and_then(|u| ReturnUrl::try_from(u).ok()) {
                db::clinic::set_return_url(&mut *tx, Some(url.as_str()), &now).await?;
                let change = (None, Some(json!({ "returnUrl": url.as_str(), "source": "stripe_business_profile" })));
                self.audit(&mut tx, &now, "clinic", 1, "return_url_changed", change).await?;
            }
        }
        let action = if replacing || before.is_some() { "stripe_key_replaced" } else { "stripe_connected" };
        let change = (
            before.map(|b| json!({ "accountId": b.account_id, "keyHint": b.key_hint })),
            Some(json!({ "accountId": row.account_id, "keyHint": row.key_hint, "livemode": row.livemode })),
        );
        self.audit(&mut tx, &now, ENTITY, &account.id, action, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the key from the keychain and the account from the database.
    pub async fn disconnect_stripe(&self) -> Result<StripeStatus> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        self.keychain(|s, user| s.delete(user)).await.map_err(keychain_error)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        if let Some(before) = db::stripe_connection::get(&mut *tx).await? {
            db::stripe_connection::delete(&mut *tx).await?;
            let change = (Some(json!({ "accountId": before.account_id, "keyHint": before.key_hint })), None);
            self.audit(&mut tx, &now, ENTITY, &before.account_id, "stripe_disconnected", change).await?;
        }
        tx.commit().await?;
        tracing::info!("Stripe disconnected");
        self.stripe_status_now().await
    }

    /// Asks Stripe whether the stored key still works (at start-up, in the
    /// background). A refused key is marked invalid; no answer changes nothing.
    pub async fn verify_stripe(&self) -> Result<StripeStatus> {
        let Some(row) = db::stripe_connection::get(&self.db).await? else { return self.stripe_status_now().await };
        let secret = match self.keychain(|s, user| s.get(user)).await {
            Ok(Some(secret)) => secret,
            Ok(None) | Err(_) => return self.stripe_status_now().await,
        };
        match self.billing.retrieve_account(&secret).await {
            Ok(account) => {
                let now = self.stamp();
                db::stripe_connection::record_verification(
                    &self.db,
                    KeyStatus::Ok,
                    &account.display_name,
                    &account.country,
                    &account.default_currency,
                    &now,
                )
                .await?;
            }
            Err(BillingError::InvalidKey) | Err(BillingError::PermissionDenied { .. })
                if row.key_status == KeyStatus::Ok =>
            {
                self.record_key_refused().await?;
            }
            Err(e) => tracing::info!(error = %e, "Stripe key not verified now; will try at next start"),
        }
        self.stripe_status_now().await
    }
}
