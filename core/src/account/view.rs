//! An appointment's account as the panel shows it: every entry, the totals,
//! the balance in a word, and what can be done.

use crate::app::Clinicdesk;
use crate::db::{self, account_entries::EntryRow, appointments::AppointmentRow};
use crate::domain::*;
use crate::error::{Error, Result};
use crate::ledger::ledger_of;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub appointment_id: AppointmentId,
    pub entries: Vec<EntryLine>,
    pub charges: Money,
    pub discounts: Money,
    pub payments: Money,
    pub refunds: Money,
    pub balance: Money,
    pub status: AccountStatus,
    /// A payment link waiting to be paid: it counts against what can be
    /// taken at the desk.
    pub waiting_online: Option<Money>,
    /// What can be taken now: the balance less a waiting link.
    pub payable: Money,
    /// The most a discount can be without leaving anything paid too much.
    pub discountable: Money,
    /// "take_payment", "add_discount".
    pub actions: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryLine {
    pub id: EntryId,
    pub kind: EntryKind,
    pub charge_for: Option<ChargeFor>,
    pub method: Option<PaymentMethod>,
    pub amount: Money,
    pub at: String,
    pub taken_by: String,
    pub note: Option<String>,
    pub fund_name: Option<String>,
    pub claim_reference: Option<String>,
    pub percent: Option<i64>,
    pub concession: Option<String>,
    pub refund_of: Option<EntryId>,
    pub reverses: Option<EntryId>,
    /// Cancelled out by a later correction.
    pub reversed: bool,
    /// For a payment: what is left to refund.
    pub refundable: Option<Money>,
    /// For an online refund: where Stripe has got to.
    pub refund_status: Option<RefundStatus>,
    /// "refund", "correct", "waive".
    pub actions: Vec<&'static str>,
}

fn money(minor: i64, currency: Currency) -> Money {
    Money::new(minor, currency)
}

/// Entries are corrected by the desk, except what Stripe reported (online
/// payments and refunds: those are refunded, or fail by themselves).
fn correctable(e: &EntryRow) -> bool {
    e.reverses.is_none() && e.method != Some(PaymentMethod::Online)
}

impl Clinicdesk {
    pub async fn account(&self, id: AppointmentId) -> Result<Account> {
        self.allow(crate::domain::Permission::Money)?;
        let mut conn = self.db.acquire().await?;
        let appointment = db::appointments::get(&mut *conn, id.0)
            .await?
            .ok_or(Error::NotFound { entity: "appointment", id: id.0 })?;
        let rows = db::account_entries::for_appointment(&mut *conn, id.0).await?;
        let waiting = db::checkout_attempts::pending_for(&mut *conn, id.0).await?.map(|a| a.amount_minor);
        account_view(&appointment, &rows, waiting)
    }
}

/// The account from what the caller has read: the appointment, its entries
/// and the amount a pending payment link is for (the appointment panel has
/// the first and the last already).
pub(crate) fn account_view(appointment: &AppointmentRow, rows: &[EntryRow], waiting: Option<i64>) -> Result<Account> {
    let id = AppointmentId(appointment.id);
    let currency = parse_currency(&appointment.currency).map_err(|_| Error::Corrupt(appointment.currency.clone()))?;
    let ledger = ledger_of(rows);
    let totals = ledger.totals();
    let balance = totals.balance();
    let payable = (balance - waiting.unwrap_or(0)).max(0);
    let entries = rows
        .iter()
        .map(|e| {
            let reversed = ledger.is_reversed(EntryId(e.id));
            let standing = e.reverses.is_none() && !reversed;
            let refundable = (e.kind == EntryKind::Payment && e.reverses.is_none())
                .then(|| money(ledger.refundable(EntryId(e.id)), currency));
            let mut actions = Vec::new();
            if refundable.is_some_and(|r| r.minor > 0) {
                actions.push("refund");
            }
            if standing && correctable(e) {
                match (e.kind, e.charge_for) {
                    (EntryKind::Charge, Some(ChargeFor::CancellationFee | ChargeFor::NoShowFee)) => {
                        actions.push("waive")
                    }
                    (EntryKind::Payment, _) if refundable.is_some_and(|r| r.minor != e.amount_minor) => {}
                    _ => actions.push("correct"),
                }
            }
            EntryLine {
                id: EntryId(e.id),
                kind: e.kind,
                charge_for: e.charge_for,
                method: e.method,
                amount: money(e.amount_minor, currency),
                at: e.at.clone(),
                taken_by: e.taken_by.clone(),
                note: e.note.clone(),
                fund_name: e.fund_name.clone(),
                claim_reference: e.claim_reference.clone(),
                percent: e.percent,
                concession: e.concession_name.clone(),
                refund_of: e.refund_of.map(EntryId),
                reverses: e.reverses.map(EntryId),
                reversed,
                refundable,
                refund_status: e.refund_status,
                actions,
            }
        })
        .collect();
    let takes_money = matches!(
        appointment.state,
        AppointmentState::Booked | AppointmentState::Arrived | AppointmentState::Completed | AppointmentState::NoShow
    ) || (appointment.state == AppointmentState::Cancelled && balance > 0);
    let mut actions = Vec::new();
    if takes_money && payable > 0 {
        actions.push("take_payment");
    }
    if takes_money && balance > 0 {
        actions.push("add_discount");
    }
    Ok(Account {
        appointment_id: id,
        entries,
        charges: money(totals.charges, currency),
        discounts: money(totals.discounts, currency),
        payments: money(totals.payments, currency),
        refunds: money(totals.refunds, currency),
        balance: money(balance, currency),
        status: totals.status(),
        waiting_online: waiting.map(|w| money(w, currency)),
        payable: money(payable, currency),
        discountable: money((balance - waiting.unwrap_or(0)).max(0), currency),
        actions,
    })
}
