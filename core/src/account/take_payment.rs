//! "Take payment", at any time: at the desk (recorded at once, with a
//! receipt to print) or online (a payment link for that amount, paid like a
//! booking's). The amount may be less than the balance, never more.

use super::forms::TakePaymentDraft;
use super::refusals::refusal_error;
use super::view::Account;
use crate::app::Clinicdesk;
use crate::db::{self, account_entries::NewEntry, appointments::AppointmentRow};
use crate::domain::appointment_type::amount_error;
use crate::domain::*;
use crate::error::{Error, FieldError, Result};
use crate::payments::Problem;
use serde::Serialize;

/// What the receptionist prints for a payment taken at the desk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub entry_id: EntryId,
    pub clinic_name: String,
    pub patient_name: String,
    pub patient_email: String,
    pub service: String,
    pub practitioner: String,
    pub appointment_date: String,
    pub appointment_time: String,
    pub amount: Money,
    pub method: PaymentMethod,
    pub fund_name: Option<String>,
    pub claim_reference: Option<String>,
    pub note: Option<String>,
    /// When it was taken (UTC), shown in the clinic's `time_zone`.
    pub taken_at: String,
    pub time_zone: String,
    pub taken_by: String,
    pub balance_after: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Taken {
    pub account: Account,
    pub receipt: Option<Receipt>,
    /// When a link was asked for and Stripe gave no usable answer.
    pub problem: Option<Problem>,
}

/// Money can be taken on an appointment that happens or happened, and on a
/// cancelled one that carries a fee.
pub(crate) fn takes_money(a: &AppointmentRow, balance: i64) -> bool {
    matches!(
        a.state,
        AppointmentState::Booked | AppointmentState::Arrived | AppointmentState::Completed | AppointmentState::NoShow
    ) || (a.state == AppointmentState::Cancelled && balance > 0)
}

pub(crate) fn currency_of(a: &AppointmentRow) -> Result<Currency> {
    parse_currency(&a.currency).map_err(|_| Error::Corrupt(a.currency.clone()))
}

impl Clinicdesk {
    pub async fn take_payment(&self, id: AppointmentId, draft: TakePaymentDraft) -> Result<Taken> {
        self.allow(crate::domain::Permission::Money)?;
        let row = self.appointment_row(id).await?;
        let currency = currency_of(&row)?;
        let amount =
            draft.amount.to_money(currency).map_err(|e| Error::Validation(vec![amount_error(e).at("amount")]))?;
        if amount.minor <= 0 {
            return Err(refusal_error(Refusal::NotPositive, currency, "amount"));
        }
        if draft.method == PaymentMethod::Online && amount.minor < currency.min_charge().minor {
            return Err(Error::Validation(vec![FieldError::new(
                "amount",
                "below_minimum_charge",
                format!("Stripe takes at least {} online.", currency.min_charge()),
            )
            .with("amountMinor", amount.minor)
            .with("minimumMinor", currency.min_charge().minor)]));
        }
        let now = self.stamp();
        let mut tx = self.write().await?;
        let (ledger, _) = self.load_ledger(&mut tx, id.0).await?;
        if !takes_money(&row, ledger.balance()) {
            return Err(Error::Refused {
                code: "no_payment_now",
                message: "Nothing can be paid on this appointment now.".into(),
            });
        }
        let waiting = db::checkout_attempts::pending_for(&mut *tx, id.0).await?;
        if draft.method == PaymentMethod::Online && waiting.is_some() {
            return Err(Error::Refused {
                code: "link_pending",
                message: "A payment link is already waiting for this appointment; it is shown in the panel.".into(),
            });
        }
        let payable = ledger.balance() - waiting.as_ref().map_or(0, |w| w.amount_minor);
        if amount.minor > payable {
            return Err(refusal_error(Refusal::ExceedsBalance { owing: payable.max(0) }, currency, "amount"));
        }
        if draft.method == PaymentMethod::Online {
            let attempt = self.new_attempt(&mut tx, &row, amount, AttemptKind::Balance).await?;
            tx.commit().await?;
            let problem = self.send_attempt(attempt).await?;
            return Ok(Taken { account: self.account(id).await?, receipt: None, problem });
        }
        let mut entry = NewEntry::new(id.0, EntryKind::Payment, amount.minor, currency.code());
        entry.method = Some(draft.method);
        entry.fund_name = draft.fund_name.as_ref().map(|t| t.as_str());
        entry.claim_reference = draft.claim_reference.as_ref().map(|t| t.as_str());
        entry.note = draft.note.as_ref().map(|t| t.as_str());
        let entry_id = self.append_entry(&mut tx, &entry, &now).await?;
        tx.commit().await?;
        let account = self.account(id).await?;
        let receipt = self.receipt(EntryId(entry_id)).await?;
        Ok(Taken { account, receipt: Some(receipt), problem: None })
    }

    /// The receipt of a payment, as printed.
    pub async fn receipt(&self, entry: EntryId) -> Result<Receipt> {
        self.allow(crate::domain::Permission::Money)?;
        let e = db::account_entries::get(&self.db, entry.0)
            .await?
            .filter(|e| e.kind == EntryKind::Payment && e.reverses.is_none())
            .ok_or(Error::NotFound { entity: "payment", id: entry.0 })?;
        let a = self.appointment_row(AppointmentId(e.appointment_id)).await?;
        let currency = currency_of(&a)?;
        let clinic = db::clinic::get(&self.db).await?;
        let tz = jiff::tz::TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
        let patient = self.patient(PatientId(a.patient_id)).await?;
        let practitioner =
            db::practitioners::get(&self.db, a.practitioner_id).await?.map(|p| p.name).unwrap_or_default();
        let start = db::parse_instant(&a.starts_at)?.to_zoned(tz.clone());
        let time_zone = tz.iana_name().unwrap_or("UTC").to_string();
        let rows = db::account_entries::for_appointment(&self.db, a.id).await?;
        // The balance just after this payment: the entries up to it.
        let upto: Vec<_> = rows.into_iter().filter(|r| r.id <= e.id).collect();
        let balance_after = crate::ledger::ledger_of(&upto).balance();
        Ok(Receipt {
            entry_id: entry,
            clinic_name: clinic.name,
            patient_name: patient.full_name.clone(),
            patient_email: patient.email.clone(),
            service: a.type_name,
            practitioner,
            appointment_date: start.date().to_string(),
            appointment_time: start.strftime("%H:%M").to_string(),
            amount: Money::new(e.amount_minor, currency),
            method: e.method.unwrap_or(PaymentMethod::Other),
            fund_name: e.fund_name,
            claim_reference: e.claim_reference,
            note: e.note,
            taken_at: e.at,
            time_zone,
            taken_by: e.taken_by,
            balance_after: Money::new(balance_after, currency),
        })
    }
}
