//! Making an invoice: a draft (no number yet) or issued at once. The number
//! is taken from the clinic's sequence in the same write transaction that
//! issues, so numbers run without gaps and are never reused.

use super::forms::InvoiceDraft;
use super::view::Invoice;
use crate::app::Clinicdesk;
use crate::db;
use crate::domain::{InvoiceId, InvoiceState};
use crate::error::{Error, Result};
use crate::ledger::Tx;
use serde_json::json;

/// Lines whose charges outweigh their discounts: something to bill.
fn check_billable(lines: &[db::invoice_lines::LineRow]) -> Result<i64> {
    let total: i64 = lines
        .iter()
        .map(|l| if l.kind == crate::domain::LineKind::Charge { l.amount_minor } else { -l.amount_minor })
        .sum();
    if total <= 0 {
        return Err(Error::field(
            "appointments",
            "no_lines",
            "Nothing is charged for these appointments, so there is nothing to invoice.",
        ));
    }
    Ok(total)
}

fn already_invoiced(number: Option<String>) -> Error {
    let on = number.map_or_else(|| "a draft invoice".to_string(), |n| format!("invoice {n}"));
    Error::field(
        "appointments",
        "already_invoiced",
        format!("An appointment you chose is already on {on}; void that invoice first or leave it out."),
    )
}

impl Clinicdesk {
    /// Takes the next number and issues the draft `id` with lines as the
    /// accounts stand now.
    async fn issue_in(&self, tx: &mut Tx, id: i64, now: &str) -> Result<String> {
        let row = db::invoices::get(&mut **tx, id).await?.ok_or(Error::NotFound { entity: "invoice", id })?;
        let clinic = db::clinic::get(&mut **tx).await?;
        let tz = jiff::tz::TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
        let appointments = db::invoice_appointments::of_invoice(&mut **tx, id).await?;
        let (lines, _, _) = self.invoice_lines_now(tx, row.patient_id, &appointments, &tz).await?;
        let total = check_billable(&lines)?;
        db::invoice_lines::delete_for(&mut **tx, id).await?;
        for line in &lines {
            db::invoice_lines::insert(&mut **tx, id, line).await?;
        }
        let (number, prefix) = db::clinic::take_invoice_number(&mut **tx, now).await?;
        let number_text = format!("{prefix}{number:06}");
        if db::invoices::issue(&mut **tx, id, number, &number_text, now).await? == 0 {
            return Err(Error::changed_elsewhere());
        }
        let after = json!({ "number": number_text, "lines": lines.len(), "totalMinor": total });
        self.audit(tx, now, "invoice", id, "issued", (None, Some(after))).await?;
        Ok(number_text)
    }

    /// A new invoice for some of a patient's appointments, as a draft or
    /// issued. An issued invoice is given its payment link (when Stripe is
    /// connected) before it is returned.
    pub async fn create_invoice(&self, draft: InvoiceDraft) -> Result<Invoice> {
        self.allow(crate::domain::Permission::Money)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        db::patients::get(&mut *tx, draft.patient.0)
            .await?
            .ok_or_else(|| Error::field("patientId", "not_found", "This patient no longer exists; choose another."))?;
        let clinic = db::clinic::get(&mut *tx).await?;
        let tz = jiff::tz::TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
        let (lines, order, currency) =
            self.invoice_lines_now(&mut tx, draft.patient.0, &draft.appointments, &tz).await?;
        check_billable(&lines)?;
        let due_days = db::clinic::details(&mut *tx).await?.invoice_due_days;
        let due_date = match draft.due_date {
            Some(d) => d,
            None => draft
                .issue_date
                .checked_add(jiff::Span::new().days(due_days))
                .map_err(|e| Error::Corrupt(e.to_string()))?,
        };
        let (issue_text, due_text) = (draft.issue_date.to_string(), due_date.to_string());
        let new = db::invoices::NewInvoice {
            patient_id: draft.patient.0,
            currency: &currency,
            issue_date: &issue_text,
            due_date: &due_text,
            note: draft.note.as_ref().map_or("", |n| n.as_str()),
            created_by: &self.workstation,
        };
        let id = db::invoices::insert_draft(&mut *tx, &new, &now).await?;
        for &a in &order {
            match db::invoice_appointments::insert(&mut *tx, id, a).await {
                Err(Error::Database(e)) if db::is_unique_violation(&e, "appointment_id") => {
                    // Asked outside the transaction: PostgreSQL refuses every
                    // statement of one that has failed (the other invoice is
                    // committed, so either store sees it).
                    drop(tx);
                    let on = db::invoice_appointments::live_invoice_of(&self.db, a).await?.and_then(|(_, n)| n);
                    return Err(already_invoiced(on));
                }
                other => other?,
            }
        }
        for line in &lines {
            db::invoice_lines::insert(&mut *tx, id, line).await?;
        }
        let after = json!({ "patientId": draft.patient.0, "appointments": order, "issueDate": issue_text,
                            "dueDate": due_text });
        self.audit(&mut tx, &now, "invoice", id, "drafted", (None, Some(after))).await?;
        if draft.issue {
            self.issue_in(&mut tx, id, &now).await?;
        }
        tx.commit().await?;
        if draft.issue {
            self.prepare_invoice(InvoiceId(id)).await
        } else {
            self.invoice(InvoiceId(id)).await
        }
    }

    /// Issues a draft: its lines are taken again from the accounts and it
    /// gets the next number.
    pub async fn issue_invoice(&self, id: InvoiceId) -> Result<Invoice> {
        self.allow(crate::domain::Permission::Money)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let row = db::invoices::get(&mut *tx, id.0).await?.ok_or(Error::NotFound { entity: "invoice", id: id.0 })?;
        if row.state != InvoiceState::Draft {
            return Err(Error::Refused {
                code: "not_a_draft",
                message: "This invoice has already been issued.".into(),
            });
        }
        self.issue_in(&mut tx, id.0, &now).await?;
        tx.commit().await?;
        self.prepare_invoice(id).await
    }

    /// A draft can be thrown away (an issued invoice is voided instead).
    pub async fn delete_draft_invoice(&self, id: InvoiceId) -> Result<()> {
        self.allow(crate::domain::Permission::Money)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let row = db::invoices::get(&mut *tx, id.0).await?.ok_or(Error::NotFound { entity: "invoice", id: id.0 })?;
        if row.state != InvoiceState::Draft {
            return Err(Error::Refused {
                code: "not_a_draft",
                message: "An issued invoice is never deleted; void it instead.".into(),
            });
        }
        db::invoice_lines::delete_for(&mut *tx, id.0).await?;
        db::invoice_appointments::delete_for(&mut *tx, id.0).await?;
        db::invoices::delete_draft(&mut *tx, id.0).await?;
        self.audit(&mut tx, &now, "invoice", id.0, "draft_deleted", (None, None)).await?;
        tx.commit().await?;
        Ok(())
    }
}
