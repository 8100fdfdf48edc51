//! Discounts: an amount, a percentage of the service, or one of the clinic's
//! concessions, with a reason. A discount may not leave the account paid too
//! much: the desk is asked to refund the difference with it instead.

use super::forms::{DiscountBy, DiscountDraft};
use super::refund::AccountChanged;
use super::refusals::refusal_error;
use super::take_payment::currency_of;
use crate::app::Clinicdesk;
use crate::db::{self, account_entries::NewEntry};
use crate::domain::appointment_type::amount_error;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::ledger::Tx;

/// The field a refusal belongs to, for the way the discount was given.
fn field(by: DiscountBy) -> &'static str {
    match by {
        DiscountBy::Amount(_) => "amount",
        DiscountBy::Percent(_) => "percent",
        DiscountBy::Concession(_) => "concessionId",
    }
}

impl Clinicdesk {
    pub async fn add_discount(&self, id: AppointmentId, draft: DiscountDraft) -> Result<AccountChanged> {
        self.allow(crate::domain::Permission::Money)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let attempts = self.discount_in(&mut tx, id, &draft, &now).await?;
        tx.commit().await?;
        self.after_refunds(id, attempts).await
    }

    /// Inside the caller's transaction (booking uses it too). Returns the
    /// online refunds to send after commit.
    pub(crate) async fn discount_in(
        &self,
        tx: &mut Tx,
        id: AppointmentId,
        draft: &DiscountDraft,
        now: &str,
    ) -> Result<Vec<i64>> {
        let row =
            db::appointments::get(&mut **tx, id.0).await?.ok_or(Error::NotFound { entity: "appointment", id: id.0 })?;
        let currency = currency_of(&row)?;
        let (ledger, rows) = self.load_ledger(tx, id.0).await?;
        let service: i64 = rows
            .iter()
            .filter(|r| r.kind == EntryKind::Charge && r.charge_for == Some(ChargeFor::Service) && r.reverses.is_none())
            .filter(|r| !ledger.is_reversed(EntryId(r.id)))
            .map(|r| r.amount_minor)
            .sum();
        let (amount, percent, concession) = match draft.by {
            DiscountBy::Amount(a) => {
                (a.to_money(currency).map_err(|e| Error::Validation(vec![amount_error(e).at("amount")]))?, None, None)
            }
            DiscountBy::Percent(p) => (Money::new(service, currency).percent(p), Some(i64::from(p.get())), None),
            DiscountBy::Concession(c) => {
                let concession = db::concessions::get(&mut **tx, c)
                    .await?
                    .filter(|c| !c.archived)
                    .ok_or_else(|| Error::field("concessionId", "not_found", "That concession no longer exists."))?;
                let p =
                    Percentage::new(concession.percent).ok_or_else(|| Error::Corrupt("concession percent".into()))?;
                (Money::new(service, currency).percent(p), Some(concession.percent), Some(c))
            }
        };
        let at = field(draft.by);
        if amount.minor <= 0 {
            return Err(refusal_error(Refusal::NotPositive, currency, at));
        }
        let waiting = db::checkout_attempts::pending_for(&mut **tx, id.0).await?.map_or(0, |w| w.amount_minor);
        if waiting > 0 && ledger.balance() - amount.minor < waiting {
            return Err(Error::Refused {
                code: "link_pending",
                message: "A payment link is waiting for more than would be left to pay; cancel it (Release hold or \
                          Cancel link) before discounting this much."
                    .into(),
            });
        }
        let excess = match ledger.check_discount(amount.minor) {
            Ok(()) => 0,
            Err(Refusal::WouldOverpay { by }) if draft.refund_excess => by,
            Err(r) => return Err(refusal_error(r, currency, at)),
        };
        let mut entry = NewEntry::new(id.0, EntryKind::Discount, amount.minor, currency.code());
        entry.percent = percent;
        entry.concession_id = concession;
        entry.note = draft.reason.as_ref().map(|t| t.as_str());
        self.append_entry(tx, &entry, now).await?;
        if excess == 0 {
            return Ok(Vec::new());
        }
        let reason = format!(
            "Refund after a discount{}",
            draft.reason.as_ref().map(|r| format!(": {}", r.as_str())).unwrap_or_default()
        );
        self.refund_from_payments(tx, id.0, currency, excess, &reason, now).await
    }
}
