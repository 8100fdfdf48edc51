//! A payment through an invoice's link, as Stripe reports it (a completed
//! Checkout Session made by the Payment Link, carrying the link's
//! metadata): recorded once per session, and shared out over the invoice's
//! appointments' accounts as online payments, oldest appointment first.
//! Money is never dropped: a payment through a link we had retired, or more
//! than was owing, is still recorded (the extra is a credit to refund).

use crate::app::Clinicdesk;
use crate::db::{self, account_entries::NewEntry};
use crate::domain::{share_out, AttentionKind, EntryKind, LinkStatus, PaymentMethod};
use crate::error::Result;
use crate::stripe::{CheckoutSessionInfo, InvoiceLinkRef, SessionPaymentStatus, SessionStatus};
use serde_json::json;

impl Clinicdesk {
    /// Returns the first appointment whose account changed.
    pub(crate) async fn apply_invoice_session(
        &self,
        session: &CheckoutSessionInfo,
        made_for: &InvoiceLinkRef,
    ) -> Result<Option<i64>> {
        let paid =
            session.status == SessionStatus::Complete && matches!(session.payment_status, SessionPaymentStatus::Paid);
        let Some(amount) = session.amount_total.filter(|a| *a > 0) else { return Ok(None) };
        if !paid {
            return Ok(None);
        }
        let now = self.stamp();
        let mut tx = self.write().await?;
        if db::clinic::get(&mut *tx).await?.database_id != made_for.database_id {
            return Ok(None);
        }
        let Some(link) = db::invoice_links::get(&mut *tx, made_for.link_id).await? else {
            tracing::warn!(link = made_for.link_id, "a payment for an invoice link this database doesn't have");
            drop(tx);
            return self.flag_if_lost_in_restore(session, None, Some(made_for.link_id)).await;
        };
        let currency = link.currency.clone();
        if !session.currency.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&currency)) {
            // Not counted against the invoice, never dropped: listed.
            tracing::error!(session = %session.id, "an invoice payment in another currency than its link");
            if !db::attention_items::exists_for_session(&mut *tx, AttentionKind::AmountMismatch, &session.id).await? {
                let item = db::attention_items::NewItem {
                    kind: AttentionKind::AmountMismatch,
                    appointment_id: None,
                    attempt_id: None,
                    amount_minor: Some(link.amount_minor),
                    currency: Some(&currency),
                    detail: json!({ "checkoutSessionId": session.id, "reportedAmountMinor": amount,
                                    "reportedCurrency": session.currency, "invoiceId": link.invoice_id })
                    .to_string(),
                };
                self.raise_item(&mut tx, &item, &now).await?;
                tx.commit().await?;
            }
            return Ok(None);
        }
        let new = db::invoice_payments::NewInvoicePayment {
            invoice_id: link.invoice_id,
            link_id: link.id,
            checkout_session_id: &session.id,
            payment_intent_id: session.payment_intent.as_deref(),
            amount_minor: amount,
            currency: &currency,
            livemode: session.livemode,
        };
        let Some(payment_id) = db::invoice_payments::insert(&mut *tx, &new, &now).await? else {
            return Ok(None); // counted already
        };
        let appointments = db::invoice_appointments::of_invoice(&mut *tx, link.invoice_id).await?;
        let mut owing = Vec::with_capacity(appointments.len());
        for &a in &appointments {
            owing.push(self.load_ledger(&mut tx, a).await?.0.balance());
        }
        let shares = share_out(amount, &owing);
        for (&appointment, &share) in appointments.iter().zip(&shares) {
            if share == 0 {
                continue;
            }
            let mut entry = NewEntry::new(appointment, EntryKind::Payment, share, &currency);
            entry.method = Some(PaymentMethod::Online);
            entry.invoice_payment_id = Some(payment_id);
            self.append_entry(&mut tx, &entry, &now).await?;
        }
        // (A link still `creating` has no Stripe id yet; it is sent and then
        // retired by the next refresh, as the invoice no longer wants it.)
        for from in [LinkStatus::Active, LinkStatus::Retiring] {
            db::invoice_links::set_status(&mut *tx, link.id, from, LinkStatus::Paid, &now).await?;
        }
        let after = json!({ "invoicePaymentId": payment_id, "linkId": link.id, "checkoutSessionId": session.id,
                            "paymentIntentId": session.payment_intent, "amountMinor": amount, "shares": shares });
        self.audit(&mut tx, &now, "invoice", link.invoice_id, "paid_online", (None, Some(after))).await?;
        let owed: i64 = owing.iter().map(|o| (*o).max(0)).sum();
        if amount > owed {
            let item = db::attention_items::NewItem {
                kind: AttentionKind::Overpaid,
                appointment_id: appointments.last().copied(),
                attempt_id: None,
                amount_minor: Some(amount),
                currency: Some(&currency),
                detail: json!({ "owingMinor": owed, "invoiceId": link.invoice_id, "checkoutSessionId": session.id })
                    .to_string(),
            };
            self.raise_item(&mut tx, &item, &now).await?;
        }
        tx.commit().await?;
        Ok(appointments.first().copied())
    }
}
