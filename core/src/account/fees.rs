//! Money when an appointment is cancelled or missed: the service is no
//! longer charged; a late cancellation or a no-show charges the type's fee
//! (unless waived, with a reason); what was paid covers the fee first, and
//! what is left over is refunded or kept as the fee, as the desk chooses.

use super::forms::{CloseMoney, Surplus};
use super::refusals::refusal_error;
use super::take_payment::currency_of;
use crate::app::Clinicdesk;
use crate::db::{self, account_entries::NewEntry, appointments::AppointmentRow};
use crate::domain::appointment_type::amount_error;
use crate::domain::*;
use crate::error::{Error, FieldError, Result};
use crate::ledger::Tx;
use serde::Serialize;
use serde_json::json;

/// What the desk is asked before cancelling or marking a no-show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClosePreview {
    pub to: AppointmentState,
    /// The fee that would be charged (None: no fee applies).
    pub fee: Option<Money>,
    pub fee_for: Option<ChargeFor>,
    /// Cancelled inside the clinic's late-cancellation window.
    pub late: bool,
    pub late_cancel_hours: i64,
    /// Paid so far, less refunds.
    pub paid: Money,
    /// What is paid beyond the fee: to refund or keep.
    pub surplus: Money,
    /// The same if the fee is waived.
    pub surplus_if_waived: Money,
    /// How the surplus would be refunded (each payment's own method).
    pub refund_methods: Vec<PaymentMethod>,
    /// Why it can't be done now (a bank payment still processing), in the
    /// words the refusal would use.
    pub blocked: Option<String>,
}

struct Plan {
    fee_for: Option<ChargeFor>,
    fee: i64,
    late: bool,
    late_cancel_hours: i64,
}

impl Clinicdesk {
    fn close_plan(&self, a: &AppointmentRow, to: AppointmentState, late_cancel_hours: i64) -> Result<Plan> {
        let starts = db::parse_instant(&a.starts_at)?.as_second();
        let late = to == AppointmentState::Cancelled && starts - self.now().as_second() < late_cancel_hours * 3600;
        let (fee_for, fee) = match to {
            AppointmentState::NoShow => (Some(ChargeFor::NoShowFee), a.no_show_fee_minor),
            AppointmentState::Cancelled if late => (Some(ChargeFor::CancellationFee), a.cancellation_fee_minor),
            _ => (None, None),
        };
        Ok(Plan { fee_for: fee.and(fee_for), fee: fee.unwrap_or(0), late, late_cancel_hours })
    }

    /// What cancelling (or a no-show) would do to the money.
    pub async fn close_preview(&self, id: AppointmentId, to: AppointmentState) -> Result<ClosePreview> {
        self.allow(crate::domain::Permission::Money)?;
        let a = self.appointment_row(id).await?;
        let currency = currency_of(&a)?;
        let clinic = db::clinic::get(&self.db).await?;
        let plan = self.close_plan(&a, to, clinic.late_cancel_hours)?;
        let rows = db::account_entries::for_appointment(&self.db, id.0).await?;
        let ledger = crate::ledger::ledger_of(&rows);
        let t = ledger.totals();
        let paid = t.payments - t.refunds;
        // After: the service no longer charged, the fee charged.
        let service: i64 = rows
            .iter()
            .filter(|r| r.kind == EntryKind::Charge && r.charge_for == Some(ChargeFor::Service) && r.reverses.is_none())
            .filter(|r| !ledger.is_reversed(EntryId(r.id)))
            .map(|r| r.amount_minor)
            .sum();
        let surplus = (-(t.balance() - service + plan.fee)).max(0);
        let surplus_if_waived = (-(t.balance() - service)).max(0);
        let refund_methods = rows
            .iter()
            .rev()
            .filter(|r| r.kind == EntryKind::Payment && ledger.refundable(EntryId(r.id)) > 0)
            .filter_map(|r| r.method)
            .collect();
        let blocked = if to == AppointmentState::Cancelled && self.processing_payment(id.0).await?.is_some() {
            match crate::payments::processing_refusal("cancelled") {
                Error::Refused { message, .. } => Some(message),
                other => Some(other.to_string()),
            }
        } else {
            None
        };
        Ok(ClosePreview {
            to,
            blocked,
            fee: plan.fee_for.map(|_| Money::new(plan.fee, currency)),
            fee_for: plan.fee_for,
            late: plan.late,
            late_cancel_hours: plan.late_cancel_hours,
            paid: Money::new(paid, currency),
            surplus: Money::new(surplus, currency),
            surplus_if_waived: Money::new(surplus_if_waived, currency),
            refund_methods,
        })
    }

    /// What was paid beyond the charges, kept: charged as the fee.
    async fn keep_as_fee(
        &self,
        tx: &mut Tx,
        id: i64,
        fee_for: Option<ChargeFor>,
        kept: Money,
        now: &str,
    ) -> Result<()> {
        let mut entry = NewEntry::new(id, EntryKind::Charge, kept.minor, kept.currency.code());
        entry.charge_for = Some(fee_for.unwrap_or(ChargeFor::CancellationFee));
        entry.note = Some("Kept as the fee");
        self.append_entry(tx, &entry, now).await?;
        Ok(())
    }

    /// Inside the transaction that cancels the appointment or marks it a
    /// no-show. Returns the online refunds to send after commit.
    pub(crate) async fn settle_on_close(
        &self,
        tx: &mut Tx,
        a: &AppointmentRow,
        to: AppointmentState,
        money: &CloseMoney,
        now: &str,
    ) -> Result<Vec<i64>> {
        let currency = currency_of(a)?;
        let clinic = db::clinic::get(&mut **tx).await?;
        let plan = self.close_plan(a, to, clinic.late_cancel_hours)?;
        let why = if to == AppointmentState::NoShow { "No-show" } else { "Cancelled" };
        self.reverse_charges(tx, a.id, ChargeFor::Service, why, now).await?;
        if let Some(fee_for) = plan.fee_for {
            match &money.waive_fee {
                Some(reason) => {
                    let change =
                        json!({ "feeFor": fee_for.as_str(), "amountMinor": plan.fee, "reason": reason.as_str() });
                    self.audit(tx, now, "appointment", a.id, "fee_waived", (None, Some(change))).await?;
                }
                None => {
                    let mut fee = NewEntry::new(a.id, EntryKind::Charge, plan.fee, currency.code());
                    fee.charge_for = Some(fee_for);
                    self.append_entry(tx, &fee, now).await?;
                }
            }
        }
        let (ledger, _) = self.load_ledger(tx, a.id).await?;
        let surplus = -ledger.balance();
        if surplus <= 0 {
            return Ok(Vec::new());
        }
        match money.surplus {
            None => Err(Error::Validation(vec![FieldError::new(
                "surplus",
                "choose_refund_or_keep",
                format!(
                    "{} was paid beyond what is now charged: refund it, refund part, or keep it as the fee.",
                    Money::new(surplus, currency)
                ),
            )
            .with("surplusMinor", surplus)])),
            Some(Surplus::Refund) => {
                let reason = match (plan.fee_for, &money.waive_fee) {
                    (Some(_), Some(_)) => format!("{why}, fee waived"),
                    (Some(ChargeFor::NoShowFee), None) => "Paid beyond the no-show fee".to_string(),
                    (Some(_), None) => "Paid beyond the cancellation fee".to_string(),
                    (None, _) => why.to_string(),
                };
                self.refund_from_payments(tx, a.id, currency, surplus, &reason, now).await
            }
            Some(Surplus::Keep) => {
                self.keep_as_fee(tx, a.id, plan.fee_for, Money::new(surplus, currency), now).await?;
                Ok(Vec::new())
            }
            Some(Surplus::RefundPart(typed)) => {
                let part = typed
                    .to_money(currency)
                    .map_err(|e| Error::Validation(vec![amount_error(e).at("refundAmount")]))?;
                if part.minor <= 0 {
                    return Err(refusal_error(Refusal::NotPositive, currency, "refundAmount"));
                }
                if part.minor > surplus {
                    return Err(Error::Validation(vec![FieldError::new(
                        "refundAmount",
                        "exceeds_surplus",
                        format!("At most {} was paid beyond what is charged.", Money::new(surplus, currency)),
                    )
                    .with("surplusMinor", surplus)]));
                }
                let reason = format!("{why}: part refunded, the rest kept as the fee");
                let refunds = self.refund_from_payments(tx, a.id, currency, part.minor, &reason, now).await?;
                if surplus > part.minor {
                    self.keep_as_fee(tx, a.id, plan.fee_for, Money::new(surplus - part.minor, currency), now).await?;
                }
                Ok(refunds)
            }
        }
    }
}
