//! The invoice's Stripe Payment Link. A Checkout Session lives 24 hours at
//! most and an invoice may wait weeks, so an invoice carries a Payment Link,
//! which lasts until it is made inactive. A link's price can't be changed:
//! when the balance due changes (a payment at the desk, a refund), the old
//! link is made inactive and a new one made for the new balance, the next
//! time the invoice is opened, printed or sent.
//!
//! As for Checkout attempts: key and request are stored and committed before
//! the request is sent, and every re-send sends those bytes with that key.

use super::view::Invoice;
use crate::app::Clinicdesk;
use crate::db::{self, invoice_links::LinkRow};
use crate::domain::{Currency, InvoiceId, InvoiceStatus, LinkStatus};
use crate::error::{Error, Result};
use crate::payments::Problem;
use crate::secrets::StripeSecret;
use crate::stripe::{deactivate_request, payment_link_form, BillingError, PaymentLinkParams, StoredRequest};
use serde_json::json;

fn not_connected() -> Problem {
    Problem::new(
        "stripe_not_ready",
        "No payment link: Stripe is not connected (Settings → Integrations). The invoice can still be paid at the desk.",
    )
}

fn unanswered() -> Problem {
    Problem::new(
        "stripe_unavailable",
        "Stripe didn't answer, so the payment link isn't ready yet. Clinicdesk keeps trying; open the invoice again in a minute.",
    )
}

fn refused() -> Problem {
    Problem::new(
        "link_refused",
        "Stripe refused to make a payment link for this invoice; it can still be paid at the desk. The details are in the log.",
    )
}

impl Clinicdesk {
    /// The invoice with a payment link for its balance due, made or renewed
    /// if needed; when that can't be done now the invoice says why.
    pub async fn prepare_invoice(&self, id: InvoiceId) -> Result<Invoice> {
        self.allow(crate::domain::Permission::Money)?;
        let problem = self.refresh_invoice_link(id).await?;
        self.invoice_with(id, problem).await
    }

    pub(crate) async fn refresh_invoice_link(&self, id: InvoiceId) -> Result<Option<Problem>> {
        let invoice = self.invoice(id).await?;
        let balance = invoice.balance_due;
        let wanted = matches!(invoice.status, InvoiceStatus::Issued | InvoiceStatus::PartPaid) && balance.minor > 0;
        let mut live = db::invoice_links::live_for(&self.db, id.0).await?;
        if !wanted && live.is_none() {
            return Ok(None);
        }
        let fits =
            |link: &LinkRow| wanted && link.amount_minor == balance.minor && link.currency == balance.currency.code();
        // A link made with another Stripe account (or mode) can't be reached
        // with this key, and its payments are not in this account's events:
        // it is no longer followed, and a new one is made.
        if let (Some(link), Some(c)) = (&live, db::stripe_connection::get(&self.db).await?) {
            if c.account_id != link.stripe_account_id || c.livemode != link.livemode {
                let now = self.stamp();
                db::invoice_links::set_status(&self.db, link.id, link.status, LinkStatus::Retired, &now).await?;
                tracing::warn!(link = link.id, "an invoice link of a previous Stripe account is no longer followed");
                live = None;
            }
        }
        let Some(key) = self.payment_key().await? else {
            // Stripe can't be reached: a payable link that is no longer due
            // is marked to be made inactive once it can (the payment watch).
            if let Some(link) = live.as_ref().filter(|l| l.status == LinkStatus::Active && !fits(l)) {
                let now = self.stamp();
                db::invoice_links::start_retiring(&self.db, link.id, &format!("{}-retire", link.idempotency_key), &now)
                    .await?;
            }
            return Ok(wanted.then(not_connected));
        };
        let mut current = None;
        if let Some(link) = live {
            let fits = fits(&link);
            match (link.status, fits) {
                (LinkStatus::Active, true) => return Ok(None),
                (LinkStatus::Creating, true) => current = Some(link),
                (LinkStatus::Active, false) if !self.retire_link(&key, &link).await? => {
                    return Ok(Some(unanswered()));
                }
                // A request Stripe may have acted on: finish it, then retire.
                (LinkStatus::Creating, false) => match self.send_link(&key, &link).await? {
                    Some(problem) => return Ok(Some(problem)),
                    None => {
                        let made = db::invoice_links::get(&self.db, link.id)
                            .await?
                            .ok_or(Error::NotFound { entity: "invoice link", id: link.id })?;
                        if !self.retire_link(&key, &made).await? {
                            return Ok(Some(unanswered()));
                        }
                    }
                },
                _ => {}
            }
        }
        if !wanted {
            return Ok(None);
        }
        if balance.minor < balance.currency.min_charge().minor {
            return Ok(Some(Problem::new(
                "below_minimum",
                format!("No payment link: Stripe takes at least {} online.", balance.currency.min_charge()),
            )));
        }
        let link = match current {
            Some(link) => link,
            None => self.new_link(&invoice, balance.minor, balance.currency).await?,
        };
        self.send_link(&key, &link).await
    }

    /// Stores a new `creating` link (key and request) and commits it.
    async fn new_link(&self, invoice: &Invoice, amount: i64, currency: Currency) -> Result<LinkRow> {
        let now = self.stamp();
        let mut tx = self.write().await?;
        let clinic = db::clinic::get(&mut *tx).await?;
        let connection = db::stripe_connection::get(&mut *tx).await?.ok_or_else(|| Error::Refused {
            code: "stripe_not_ready",
            message: "Stripe is not connected; reconnect in Settings → Integrations.".into(),
        })?;
        let key = format!("clinicdesk-{}-invoice-link-{}", clinic.database_id, uuid::Uuid::new_v4());
        let new = db::invoice_links::NewLink {
            invoice_id: invoice.id.0,
            amount_minor: amount,
            currency: currency.code(),
            idempotency_key: &key,
            stripe_account_id: &connection.account_id,
            livemode: connection.livemode,
        };
        let id = match db::invoice_links::insert_creating(&mut *tx, &new, &now).await {
            // Another workstation is making it: use theirs.
            Err(Error::Database(e)) if db::is_unique_violation(&e, "invoice_id") => {
                drop(tx);
                return db::invoice_links::live_for(&self.db, invoice.id.0).await?.ok_or_else(Error::changed_elsewhere);
            }
            other => other?,
        };
        let number = invoice.number.clone().unwrap_or_default();
        let heading = clinic.name.clone();
        let ids = vec![
            ("clinicdesk_database_id".to_string(), clinic.database_id.clone()),
            ("clinicdesk_invoice_id".to_string(), invoice.id.0.to_string()),
            ("clinicdesk_invoice_link_id".to_string(), id.to_string()),
        ];
        let params = PaymentLinkParams {
            amount_minor: amount,
            currency: currency.stripe_code(),
            name: format!("Invoice {number} — {heading}"),
            thanks: format!("Thank you. Your payment of invoice {number} has been received by {heading}."),
            inactive_message: format!(
                "This link for invoice {number} is no longer in use: it has been paid or replaced. Please use the link in the clinic's latest message, or contact {heading}."
            ),
            metadata: ids,
            description: format!("Invoice {number}"),
        };
        let body = payment_link_form(&params);
        db::invoice_links::set_request(&mut *tx, id, &body).await?;
        let after = json!({ "linkId": id, "amountMinor": amount, "currency": currency.code(), "idempotencyKey": key,
                            "stripeAccountId": connection.account_id, "livemode": connection.livemode });
        self.audit(&mut tx, &now, "invoice", invoice.id.0, "payment_link_requested", (None, Some(after))).await?;
        tx.commit().await?;
        db::invoice_links::get(&self.db, id).await?.ok_or(Error::NotFound { entity: "invoice link", id })
    }

    /// Sends (or re-sends, byte for byte, with its key) a `creating` link.
    pub(crate) async fn send_link(&self, key: &StripeSecret, link: &LinkRow) -> Result<Option<Problem>> {
        let request = StoredRequest { idempotency_key: link.idempotency_key.clone(), body: link.request_body.clone() };
        let now = self.stamp();
        match self.billing.create_payment_link(key, &request).await {
            Ok(made) => {
                let mut tx = self.write().await?;
                if db::invoice_links::activate(&mut *tx, link.id, &made.id, &made.url, &now).await? == 1 {
                    let after = json!({ "linkId": link.id, "paymentLinkId": made.id, "url": made.url });
                    self.audit(&mut tx, &now, "invoice", link.invoice_id, "payment_link_made", (None, Some(after)))
                        .await?;
                }
                tx.commit().await?;
                Ok(None)
            }
            Err(e) if e.is_definite_refusal() => {
                tracing::error!(error = %e, link = link.id, "Stripe refused to make an invoice's payment link");
                let mut tx = self.write().await?;
                db::invoice_links::set_status(&mut *tx, link.id, LinkStatus::Creating, LinkStatus::Refused, &now)
                    .await?;
                let after = json!({ "linkId": link.id, "error": e.to_string() });
                self.audit(&mut tx, &now, "invoice", link.invoice_id, "payment_link_refused", (None, Some(after)))
                    .await?;
                tx.commit().await?;
                Ok(Some(refused()))
            }
            Err(BillingError::InvalidKey | BillingError::PermissionDenied { .. }) => Ok(Some(not_connected())),
            Err(e) => {
                tracing::warn!(error = %e, link = link.id, "an invoice's payment link got no answer; kept to re-send");
                Ok(Some(unanswered()))
            }
        }
    }

    /// Makes a payable link inactive (its amount is no longer what is due).
    /// Returns whether Stripe confirmed it.
    pub(crate) async fn retire_link(&self, key: &StripeSecret, link: &LinkRow) -> Result<bool> {
        let now = self.stamp();
        let retire_key = match &link.retire_key {
            Some(k) => k.clone(),
            None => {
                let k = format!("{}-retire", link.idempotency_key);
                let mut tx = self.write().await?;
                db::invoice_links::start_retiring(&mut *tx, link.id, &k, &now).await?;
                let after = json!({ "linkId": link.id, "idempotencyKey": k });
                self.audit(&mut tx, &now, "invoice", link.invoice_id, "payment_link_retiring", (None, Some(after)))
                    .await?;
                tx.commit().await?;
                k
            }
        };
        let Some(stripe_id) = &link.stripe_payment_link_id else { return Ok(false) };
        match self.billing.update_payment_link(key, stripe_id, &deactivate_request(&retire_key)).await {
            Ok(_) => {
                let mut tx = self.write().await?;
                db::invoice_links::set_status(&mut *tx, link.id, LinkStatus::Retiring, LinkStatus::Retired, &now)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }
            Err(e) => {
                tracing::warn!(error = %e, link = link.id, "an invoice's old payment link could not be made inactive yet");
                Ok(false)
            }
        }
    }

    /// Links Stripe has not answered about: re-sent (creating) or made
    /// inactive again (retiring). Returns how many got no usable answer.
    pub(crate) async fn reconcile_invoice_links(&self, key: &StripeSecret) -> Result<usize> {
        let mut failures = 0;
        for link in db::invoice_links::unsettled(&self.db).await? {
            let ok = match link.status {
                // Sent, or retired if the invoice no longer wants it.
                LinkStatus::Creating => self.refresh_invoice_link(InvoiceId(link.invoice_id)).await?.is_none(),
                LinkStatus::Retiring => self.retire_link(key, &link).await?,
                _ => true,
            };
            failures += usize::from(!ok);
        }
        Ok(failures)
    }
}
