//! What receipts (and, later, invoices) say about the clinic: its legal
//! name, address, phone, email, tax or business number, a footer (bank
//! details, payment terms) and the paper they are printed on.

use crate::account::forms::Text;
use crate::app::Clinicdesk;
use crate::db;
use crate::documents::pdf::Paper;
use crate::domain::{Email, Phone};
use crate::error::{Error, FieldErrors, Invalid, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClinicDetails {
    /// The clinic's name as in Settings → Clinic (the trading name).
    pub name: String,
    pub legal_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub tax_number: String,
    pub footer: String,
    /// "a4" or "letter".
    pub paper: &'static str,
    /// Printed before invoice numbers ("INV-" gives "INV-000042").
    pub invoice_prefix: String,
    /// An invoice is due this many days after it is issued, unless changed.
    pub invoice_due_days: i64,
}

impl ClinicDetails {
    pub fn paper(&self) -> Paper {
        Paper::parse(self.paper).unwrap_or(Paper::A4)
    }

    /// The name printed at the top: the legal name when there is one.
    pub fn heading(&self) -> &str {
        if self.legal_name.is_empty() {
            &self.name
        } else {
            &self.legal_name
        }
    }
}

/// The form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClinicDetailsForm {
    pub legal_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub tax_number: String,
    pub footer: String,
    pub paper: String,
    pub invoice_prefix: String,
    pub invoice_due_days: String,
}

#[derive(Debug, Clone)]
pub struct ClinicDetailsDraft {
    legal_name: Option<Text>,
    address: Option<Text>,
    phone: Phone,
    email: Email,
    tax_number: Option<Text>,
    footer: Option<Text>,
    paper: Paper,
    invoice_prefix: String,
    invoice_due_days: i64,
}

impl TryFrom<ClinicDetailsForm> for ClinicDetailsDraft {
    type Error = Error;
    fn try_from(form: ClinicDetailsForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let one_line = |text: &str, max| {
            Text::parse(text, max, "").and_then(|t| match t {
                Some(t) if t.as_str().contains('\n') => Err(Invalid::new("one_line", "Keep this to one line.")),
                other => Ok(other),
            })
        };
        let legal_name = errors.check("legalName", one_line(&form.legal_name, 200)).flatten();
        let address = errors.check("address", Text::parse(&form.address, 500, "")).flatten();
        let phone = errors.check("phone", Phone::try_from(form.phone.as_str()));
        let email = errors.check("email", Email::try_from(form.email.as_str()));
        let tax_number = errors.check("taxNumber", one_line(&form.tax_number, 40)).flatten();
        let footer = errors.check("footer", Text::parse(&form.footer, 1000, "")).flatten();
        let paper = errors.check(
            "paper",
            Paper::parse(form.paper.trim()).ok_or_else(|| Invalid::new("invalid_choice", "Choose A4 or US Letter.")),
        );
        let invoice_prefix = errors.check("invoicePrefix", invoice_prefix(&form.invoice_prefix));
        let invoice_due_days = errors.check("invoiceDueDays", due_days(&form.invoice_due_days));
        errors.finish()?;
        match (phone, email, paper, invoice_prefix, invoice_due_days) {
            (Some(phone), Some(email), Some(paper), Some(invoice_prefix), Some(invoice_due_days)) => {
                Ok(ClinicDetailsDraft {
                    legal_name,
                    address,
                    phone,
                    email,
                    tax_number,
                    footer,
                    paper,
                    invoice_prefix,
                    invoice_due_days,
                })
            }
            _ => Err(Error::Corrupt("a field failed without an error".into())),
        }
    }
}

/// Up to 12 characters, no spaces at the ends, no control characters; may be
/// empty (numbers alone).
fn invoice_prefix(text: &str) -> Result<String, Invalid> {
    let prefix = text.trim();
    if prefix.chars().count() > 12 {
        return Err(Invalid::new("too_long", "Keep the prefix to 12 characters or fewer."));
    }
    if prefix.chars().any(char::is_control) {
        return Err(Invalid::new("invalid_text", "The prefix can't contain line breaks or tabs."));
    }
    Ok(prefix.to_string())
}

fn due_days(text: &str) -> Result<i64, Invalid> {
    let days = text.trim();
    if days.is_empty() {
        return Err(Invalid::new("required", "Enter the number of days, 0 for due on issue."));
    }
    match days.parse::<i64>() {
        Ok(d) if (0..=365).contains(&d) => Ok(d),
        _ => Err(Invalid::new("out_of_range", "Enter whole days from 0 to 365.")),
    }
}

fn details(row: db::clinic::ClinicDetailsRow, name: String) -> ClinicDetails {
    ClinicDetails {
        name,
        legal_name: row.legal_name,
        address: row.address,
        phone: row.phone,
        email: row.email,
        tax_number: row.tax_number,
        footer: row.document_footer,
        paper: row.paper.as_str(),
        invoice_prefix: row.invoice_prefix,
        invoice_due_days: row.invoice_due_days,
    }
}

impl Clinicdesk {
    /// Read by the desk too: a new invoice's default days until due.
    pub async fn clinic_details(&self) -> Result<ClinicDetails> {
        self.allow(crate::domain::Permission::Money)?;
        self.clinic_details_now().await
    }

    /// Without the gate: for use cases that already passed theirs, and
    /// Clinicdesk's background work.
    pub async fn clinic_details_now(&self) -> Result<ClinicDetails> {
        let mut conn = self.db.acquire().await?;
        let name = db::clinic::get(&mut *conn).await?.name;
        Ok(details(db::clinic::details(&mut *conn).await?, name))
    }

    pub async fn save_clinic_details(&self, draft: ClinicDetailsDraft) -> Result<ClinicDetails> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let text = |t: &Option<Text>| t.as_ref().map_or(String::new(), |t| t.as_str().to_string());
        let row = db::clinic::ClinicDetailsRow {
            legal_name: text(&draft.legal_name),
            address: text(&draft.address),
            phone: draft.phone.as_str().to_string(),
            email: draft.email.as_str().to_string(),
            tax_number: text(&draft.tax_number),
            document_footer: text(&draft.footer),
            paper: draft.paper,
            invoice_prefix: draft.invoice_prefix.clone(),
            invoice_due_days: draft.invoice_due_days,
        };
        let before = db::clinic::details(&mut *tx).await?;
        db::clinic::save_details(&mut *tx, &row, &now).await?;
        let json = |r: &db::clinic::ClinicDetailsRow| {
            serde_json::json!({ "legalName": r.legal_name, "address": r.address, "phone": r.phone, "email": r.email,
                                "taxNumber": r.tax_number, "footer": r.document_footer, "paper": r.paper.as_str(),
                                "invoicePrefix": r.invoice_prefix, "invoiceDueDays": r.invoice_due_days })
        };
        self.audit(&mut tx, &now, "clinic", 1, "details_changed", (Some(json(&before)), Some(json(&row)))).await?;
        tx.commit().await?;
        self.clinic_details_now().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_checked_at_their_fields() {
        let form = ClinicDetailsForm {
            legal_name: "Harbourside\nPty".into(),
            email: "not-an-email".into(),
            paper: "a5".into(),
            invoice_due_days: "14".into(),
            ..Default::default()
        };
        let e = ClinicDetailsDraft::try_from(form).unwrap_err();
        let fields: Vec<_> = e.field_errors().iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(fields.len(), 3, "{fields:?}");
        assert_eq!(fields[0], ("legalName", "one_line"));
        assert_eq!(fields[2], ("paper", "invalid_choice"));
        let ok = ClinicDetailsForm {
            paper: "letter".into(),
            address: "1 Quay St\nSydney".into(),
            invoice_due_days: "14".into(),
            ..Default::default()
        };
        assert!(ClinicDetailsDraft::try_from(ok.clone()).is_ok());
        let bad_invoices =
            ClinicDetailsForm { invoice_prefix: "INVOICE-NUMBER-".into(), invoice_due_days: "400".into(), ..ok };
        let e = ClinicDetailsDraft::try_from(bad_invoices).unwrap_err();
        let fields: Vec<_> = e.field_errors().iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(fields, [("invoicePrefix", "too_long"), ("invoiceDueDays", "out_of_range")]);
    }
}
