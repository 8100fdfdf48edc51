//! Reading invoices: one in full (lines, payments, balance due, its link),
//! a page of the list, and the appointments a new invoice can be for.

use crate::app::Clinicdesk;
use crate::db;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::ledger::ledger_of;
use crate::payments::Problem;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceLine {
    pub kind: LineKind,
    pub description: String,
    pub practitioner: String,
    pub provider_number: Option<String>,
    pub service_date: String,
    /// Positive; a discount takes it off.
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoicePayment {
    pub date: String,
    pub method: PaymentMethod,
    /// Negative for a refund.
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceLink {
    pub url: String,
    pub amount: Money,
    /// An SVG of the link's QR code, for the screen (the PDF draws its own).
    pub qr_svg: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    pub id: InvoiceId,
    /// "INV-000042"; None for a draft.
    pub number: Option<String>,
    pub state: InvoiceState,
    pub status: InvoiceStatus,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub patient_email: String,
    pub issue_date: String,
    pub due_date: String,
    pub note: String,
    pub void_reason: Option<String>,
    pub appointments: Vec<i64>,
    pub lines: Vec<InvoiceLine>,
    pub charges: Money,
    pub discounts: Money,
    pub total: Money,
    pub payments: Vec<InvoicePayment>,
    /// Payments less refunds, on the invoice's appointments.
    pub paid: Money,
    pub balance_due: Money,
    pub link: Option<InvoiceLink>,
    /// Why there is no link (not connected, Stripe didn't answer, …).
    pub link_problem: Option<Problem>,
    pub overdue: bool,
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceSummary {
    pub id: InvoiceId,
    pub number: Option<String>,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub issue_date: String,
    pub due_date: String,
    pub status: InvoiceStatus,
    pub total: Money,
    pub balance_due: Money,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceList {
    pub invoices: Vec<InvoiceSummary>,
    pub page: i64,
    pub more: bool,
}

/// An appointment a new invoice can bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceCandidate {
    pub appointment_id: AppointmentId,
    pub local_date: String,
    pub start_label: String,
    pub type_name: String,
    pub practitioner: String,
    pub charged: Money,
    pub balance: Money,
    /// The live invoice it is already on (it can't go on another).
    pub invoiced_as: Option<String>,
}

fn currency_of(code: &str) -> Result<Currency> {
    parse_currency(code).map_err(|_| Error::Corrupt(code.to_string()))
}

impl Clinicdesk {
    fn clinic_today_in(&self, tz: &jiff::tz::TimeZone) -> String {
        self.now().to_zoned(tz.clone()).date().to_string()
    }

    /// An invoice in full. `link_problem` is what making its link last said.
    pub(crate) async fn invoice_with(&self, id: InvoiceId, link_problem: Option<Problem>) -> Result<Invoice> {
        let mut conn = self.db.acquire().await?;
        let row = db::invoices::get(&mut *conn, id.0).await?.ok_or(Error::NotFound { entity: "invoice", id: id.0 })?;
        let clinic = db::clinic::get(&mut *conn).await?;
        let tz = jiff::tz::TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
        let c = currency_of(&row.currency)?;
        let patient = db::patients::get(&mut *conn, row.patient_id)
            .await?
            .ok_or(Error::NotFound { entity: "patient", id: row.patient_id })?;
        let appointments = db::invoice_appointments::of_invoice(&mut *conn, row.id).await?;
        let stored = db::invoice_lines::of_invoice(&mut *conn, row.id).await?;
        let (mut charges, mut discounts) = (0, 0);
        let lines: Vec<InvoiceLine> = stored
            .into_iter()
            .map(|l| {
                match l.kind {
                    LineKind::Charge => charges += l.amount_minor,
                    LineKind::Discount => discounts += l.amount_minor,
                }
                InvoiceLine {
                    kind: l.kind,
                    description: l.description,
                    practitioner: l.practitioner,
                    provider_number: l.provider_number,
                    service_date: l.service_date,
                    amount: Money::new(l.amount_minor, c),
                }
            })
            .collect();
        let mut payments: Vec<InvoicePayment> = Vec::new();
        // A payment through the link is shared over the appointments: one line.
        let mut by_link_payment = std::collections::HashMap::new();
        let mut paid = 0;
        let mut accounts_owe = 0;
        for &a in &appointments {
            let rows = db::account_entries::for_appointment(&mut *conn, a).await?;
            let ledger = ledger_of(&rows);
            let t = ledger.totals();
            paid += t.payments - t.refunds;
            accounts_owe += ledger.balance().max(0);
            for r in &rows {
                let standing = r.reverses.is_none() && !ledger.is_reversed(EntryId(r.id));
                let sign = match r.kind {
                    EntryKind::Payment => 1,
                    EntryKind::Refund => -1,
                    _ => continue,
                };
                if let (true, Some(method)) = (standing, r.method) {
                    let amount = sign * r.amount_minor;
                    if let Some(&i) = r.invoice_payment_id.and_then(|p| by_link_payment.get(&p)) {
                        let line: &mut InvoicePayment = &mut payments[i];
                        line.amount.minor += amount;
                        continue;
                    }
                    if let Some(p) = r.invoice_payment_id {
                        by_link_payment.insert(p, payments.len());
                    }
                    let date = db::parse_instant(&r.at)?.to_zoned(tz.clone()).date().to_string();
                    payments.push(InvoicePayment { date, method, amount: Money::new(amount, c) });
                }
            }
        }
        payments.sort_by(|a, b| a.date.cmp(&b.date));
        let total = charges - discounts;
        let balance = InvoiceStatus::balance_due(total, paid, accounts_owe);
        let status = InvoiceStatus::of(row.state, balance, paid);
        let link = if status == InvoiceStatus::Issued || status == InvoiceStatus::PartPaid {
            db::invoice_links::live_for(&mut *conn, row.id)
                .await?
                .filter(|l| l.status == LinkStatus::Active && l.amount_minor == balance)
                .and_then(|l| {
                    let url = l.url?;
                    Some(InvoiceLink {
                        qr_svg: crate::payments::qr_svg(&url),
                        url,
                        amount: Money::new(l.amount_minor, c),
                    })
                })
        } else {
            None
        };
        let today = self.clinic_today_in(&tz);
        Ok(Invoice {
            id,
            number: row.number_text,
            state: row.state,
            status,
            patient_id: PatientId(patient.id),
            patient_name: format!("{} {}", patient.first_name, patient.last_name),
            patient_email: patient.email,
            overdue: balance > 0 && row.state == InvoiceState::Issued && row.due_date < today,
            issue_date: row.issue_date,
            due_date: row.due_date,
            note: row.note,
            void_reason: row.void_reason,
            appointments,
            lines,
            charges: Money::new(charges, c),
            discounts: Money::new(discounts, c),
            total: Money::new(total, c),
            payments,
            paid: Money::new(paid, c),
            balance_due: Money::new(balance, c),
            link,
            link_problem,
            time_zone: clinic.time_zone,
        })
    }

    /// An invoice as it stands (its link is not made or renewed here; see
    /// `prepare_invoice`).
    pub async fn invoice(&self, id: InvoiceId) -> Result<Invoice> {
        self.invoice_with(id, None).await
    }

    /// A page of invoices, newest first; one patient's when given.
    pub async fn list_invoices(&self, patient: Option<PatientId>, page: i64) -> Result<InvoiceList> {
        self.allow(crate::domain::Permission::Money)?;
        let page = page.max(0);
        let clinic = db::clinic::get(&self.db).await?;
        let tz = jiff::tz::TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
        let today = self.clinic_today_in(&tz);
        let mut rows = db::invoices::list(&self.db, patient.map(|p| p.0), super::PAGE + 1, page * super::PAGE).await?;
        let more = rows.len() as i64 > super::PAGE;
        rows.truncate(super::PAGE as usize);
        let mut invoices = Vec::with_capacity(rows.len());
        let mut conn = self.db.acquire().await?;
        for r in rows {
            let c = currency_of(&r.currency)?;
            let mut accounts_owe = 0;
            for a in db::invoice_appointments::of_invoice(&mut *conn, r.id).await? {
                let entries = db::account_entries::for_appointment(&mut *conn, a).await?;
                accounts_owe += ledger_of(&entries).balance().max(0);
            }
            let owed = InvoiceStatus::balance_due(r.total, r.paid, accounts_owe);
            let status = InvoiceStatus::of(r.state, owed, r.paid);
            let balance = if r.state == InvoiceState::Void { 0 } else { owed };
            invoices.push(InvoiceSummary {
                id: InvoiceId(r.id),
                number: r.number_text,
                patient_id: PatientId(r.patient_id),
                patient_name: r.patient,
                overdue: balance > 0 && r.state == InvoiceState::Issued && r.due_date < today,
                issue_date: r.issue_date,
                due_date: r.due_date,
                status,
                total: Money::new(r.total, c),
                balance_due: Money::new(balance, c),
            });
        }
        Ok(InvoiceList { invoices, page, more })
    }

    /// The patient's recent appointments with something charged: what a new
    /// invoice can bill (those already on a live invoice say which).
    pub async fn invoice_candidates(&self, patient: PatientId) -> Result<Vec<InvoiceCandidate>> {
        self.allow(crate::domain::Permission::Money)?;
        let account = self.patient_account(patient).await?;
        let mut out = Vec::new();
        for a in account.appointments.into_iter().filter(|a| a.charged.minor > 0) {
            let invoiced_as = db::invoice_appointments::live_invoice_of(&self.db, a.id.0)
                .await?
                .map(|(_, number)| number.unwrap_or_else(|| "a draft".to_string()));
            out.push(InvoiceCandidate {
                appointment_id: a.id,
                local_date: a.local_date,
                start_label: a.start_label,
                type_name: a.type_name,
                practitioner: a.practitioner,
                charged: a.charged,
                balance: a.balance,
                invoiced_as,
            });
        }
        Ok(out)
    }
}
