//! Refunds: from one payment, by that payment's method, never beyond what is
//! left of it, checked in the write transaction (of two workstations
//! refunding one payment at once, one succeeds and the other is told what is
//! left). Online payments are refunded through Stripe; desk payments are
//! recorded as refunded by the same method.

use super::forms::RefundDraft;
use super::refusals::refusal_error;
use super::take_payment::currency_of;
use super::view::Account;
use crate::app::Clinicdesk;
use crate::db::{self, account_entries::NewEntry};
use crate::domain::appointment_type::amount_error;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::ledger::Tx;
use crate::payments::Problem;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountChanged {
    pub account: Account,
    /// When an online refund got no usable answer from Stripe yet.
    pub problem: Option<Problem>,
}

impl Clinicdesk {
    pub async fn refund(&self, id: AppointmentId, draft: RefundDraft) -> Result<AccountChanged> {
        self.allow(crate::domain::Permission::Money)?;
        let row = self.appointment_row(id).await?;
        let currency = currency_of(&row)?;
        let amount =
            draft.amount.to_money(currency).map_err(|e| Error::Validation(vec![amount_error(e).at("amount")]))?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let (ledger, rows) = self.load_ledger(&mut tx, id.0).await?;
        if !rows.iter().any(|r| r.id == draft.payment.0) {
            return Err(refusal_error(Refusal::NotAPayment, currency, "paymentId"));
        }
        ledger.check_refund(draft.payment, amount.minor).map_err(|r| refusal_error(r, currency, "amount"))?;
        let attempt = self.refund_entry(&mut tx, id.0, draft.payment, amount, draft.reason.as_str(), &now).await?;
        tx.commit().await?;
        self.after_refunds(id, attempt.into_iter().collect()).await
    }

    /// Inside the caller's transaction, after its checks: the refund entry,
    /// and for an online payment the refund attempt to send after commit.
    pub(crate) async fn refund_entry(
        &self,
        tx: &mut Tx,
        appointment_id: i64,
        payment: EntryId,
        amount: Money,
        reason: &str,
        now: &str,
    ) -> Result<Option<i64>> {
        let paid = db::account_entries::get(&mut **tx, payment.0)
            .await?
            .ok_or(Error::NotFound { entity: "payment", id: payment.0 })?;
        let method = paid.method.unwrap_or(PaymentMethod::Other);
        let mut entry = NewEntry::new(appointment_id, EntryKind::Refund, amount.minor, amount.currency.code());
        entry.method = Some(method);
        entry.refund_of = Some(payment.0);
        entry.note = Some(reason);
        if method == PaymentMethod::Online {
            // Money back through Stripe: a receptionist's is capped by the owner.
            self.allow(crate::domain::Permission::RefundOnline)?;
            self.allow_online_refund(tx, amount, now).await?;
        }
        let refund_entry = self.append_entry(tx, &entry, now).await?;
        if method != PaymentMethod::Online {
            return Ok(None);
        }
        let intent = match (paid.attempt_id, paid.invoice_payment_id) {
            (Some(attempt), _) => {
                db::checkout_attempts::get(&mut **tx, attempt).await?.and_then(|a| a.payment_intent_id)
            }
            (None, Some(invoice_payment)) => db::invoice_payments::payment_intent(&mut **tx, invoice_payment).await?,
            (None, None) => None,
        };
        let Some(intent) = intent else {
            return Err(Error::Refused {
                code: "no_payment_intent",
                message: "Stripe has not said which payment this was yet; try the refund again in a minute.".into(),
            });
        };
        Ok(Some(self.new_refund_attempt(tx, appointment_id, refund_entry, &intent, amount, now).await?))
    }

    /// Refunds `amount` from the appointment's payments, newest first, each
    /// by its own method (what a discount, a waived fee or a cancellation
    /// leaves paid too much).
    pub(crate) async fn refund_from_payments(
        &self,
        tx: &mut Tx,
        appointment_id: i64,
        currency: Currency,
        amount: i64,
        reason: &str,
        now: &str,
    ) -> Result<Vec<i64>> {
        let (ledger, rows) = self.load_ledger(tx, appointment_id).await?;
        let mut left = amount;
        let mut attempts = Vec::new();
        for p in rows.iter().rev().filter(|r| r.kind == EntryKind::Payment && r.reverses.is_none()) {
            if left == 0 {
                break;
            }
            let take = ledger.refundable(EntryId(p.id)).min(left);
            if take > 0 {
                let money = Money::new(take, currency);
                attempts.extend(self.refund_entry(tx, appointment_id, EntryId(p.id), money, reason, now).await?);
                left -= take;
            }
        }
        if left > 0 {
            return Err(refusal_error(Refusal::ExceedsRefundable { left: amount - left }, currency, "amount"));
        }
        Ok(attempts)
    }

    /// After commit: online refunds are sent; the account as it is now.
    pub(crate) async fn after_refunds(&self, id: AppointmentId, attempts: Vec<i64>) -> Result<AccountChanged> {
        let mut problem = None;
        for attempt in attempts {
            problem = self.send_refund(attempt).await?.or(problem);
        }
        Ok(AccountChanged { account: self.account(id).await?, problem })
    }
}
