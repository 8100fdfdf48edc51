//! Corrections: an entry is never edited or deleted; a mistake is cancelled
//! out by a reversing entry with a reason (a waived fee is one). What Stripe
//! reported (online payments and refunds) is refunded instead, not corrected.

use super::forms::CorrectionDraft;
use super::refund::AccountChanged;
use super::refusals::refusal_error;
use super::take_payment::currency_of;
use crate::app::Clinicdesk;
use crate::db::account_entries::NewEntry;
use crate::domain::*;
use crate::error::{Error, Result};

impl Clinicdesk {
    pub async fn correct_entry(&self, id: AppointmentId, draft: CorrectionDraft) -> Result<AccountChanged> {
        self.allow(crate::domain::Permission::Money)?;
        let row = self.appointment_row(id).await?;
        let currency = currency_of(&row)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let (ledger, rows) = self.load_ledger(&mut tx, id.0).await?;
        let Some(entry) = rows.iter().find(|r| r.id == draft.entry.0) else {
            return Err(Error::field("entryId", "not_found", "That entry is not on this appointment's account."));
        };
        if entry.method == Some(PaymentMethod::Online) {
            return Err(Error::field(
                "entryId",
                "online_entry",
                "An online payment is refunded, not corrected: Stripe holds the money.",
            ));
        }
        let excess = match ledger.check_reversal(draft.entry) {
            Ok(()) => 0,
            Err(Refusal::WouldOverpay { by }) if draft.refund_excess => by,
            Err(r) => return Err(refusal_error(r, currency, "entryId")),
        };
        let mut reversal = NewEntry::new(id.0, entry.kind, entry.amount_minor, &entry.currency);
        reversal.charge_for = entry.charge_for;
        reversal.method = entry.method;
        reversal.reverses = Some(entry.id);
        reversal.note = Some(draft.reason.as_str());
        self.append_entry(&mut tx, &reversal, &now).await?;
        let attempts = if excess > 0 {
            let reason = format!("Refund after a correction: {}", draft.reason.as_str());
            self.refund_from_payments(&mut tx, id.0, currency, excess, &reason, &now).await?
        } else {
            Vec::new()
        };
        tx.commit().await?;
        self.after_refunds(id, attempts).await
    }
}
