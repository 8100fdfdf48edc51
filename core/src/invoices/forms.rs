//! What the invoice dialog sends, as typed, and what it becomes parsed.

use crate::account::forms::Text;
use crate::domain::PatientId;
use crate::error::{Error, FieldErrors, Invalid};
use jiff::civil;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InvoiceForm {
    pub patient_id: String,
    /// The appointments to invoice (ids as the dialog's checkboxes give them).
    pub appointment_ids: Vec<String>,
    pub issue_date: String,
    /// Empty: the clinic's default (Settings → Clinic).
    pub due_date: String,
    pub note: String,
    /// Issue now (a number is taken) or keep as a draft.
    pub issue: bool,
}

#[derive(Debug, Clone)]
pub struct InvoiceDraft {
    pub patient: PatientId,
    pub appointments: Vec<i64>,
    pub issue_date: civil::Date,
    pub due_date: Option<civil::Date>,
    pub note: Option<Text>,
    pub issue: bool,
}

fn date(text: &str, required: &'static str) -> Result<Option<civil::Date>, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return if required.is_empty() { Ok(None) } else { Err(Invalid::new("required", required)) };
    }
    text.parse::<civil::Date>().map(Some).map_err(|_| Invalid::new("invalid_date", "Enter a date such as 2026-11-27."))
}

impl TryFrom<InvoiceForm> for InvoiceDraft {
    type Error = Error;
    fn try_from(form: InvoiceForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let patient = errors.check(
            "patientId",
            form.patient_id
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(PatientId)
                .ok_or_else(|| Invalid::new("required", "Choose the patient.")),
        );
        let mut appointments = Vec::new();
        for id in &form.appointment_ids {
            match id.trim().parse::<i64>() {
                Ok(id) if id > 0 && !appointments.contains(&id) => appointments.push(id),
                Ok(id) if id > 0 => {}
                _ => {
                    errors.push(Invalid::new("invalid_choice", "Choose appointments from the list.").at("appointments"))
                }
            }
        }
        if form.appointment_ids.is_empty() {
            errors.push(
                Invalid::new("no_lines", "Choose at least one appointment: an invoice needs a line to bill.")
                    .at("appointments"),
            );
        }
        let issue_date = errors.check("issueDate", date(&form.issue_date, "Enter the issue date.")).flatten();
        let due_date = errors.check("dueDate", date(&form.due_date, "")).flatten();
        if let (Some(issue), Some(due)) = (issue_date, due_date) {
            if due < issue {
                errors.push(
                    Invalid::new("due_before_issue", "The due date can't be before the issue date.").at("dueDate"),
                );
            }
        }
        let note = errors.check("note", Text::parse(&form.note, 500, "")).flatten();
        errors.finish()?;
        match (patient, issue_date) {
            (Some(patient), Some(issue_date)) => {
                Ok(InvoiceDraft { patient, appointments, issue_date, due_date, note, issue: form.issue })
            }
            _ => Err(Error::Corrupt("a field failed without an error".into())),
        }
    }
}

/// Why an invoice is void (printed on it, and kept).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VoidForm {
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct VoidReason(pub Text);

impl TryFrom<VoidForm> for VoidReason {
    type Error = Error;
    fn try_from(form: VoidForm) -> Result<Self, Error> {
        match Text::parse(&form.reason, 500, "Say why the invoice is void (it is kept, marked VOID).") {
            Ok(Some(text)) => Ok(VoidReason(text)),
            Ok(None) => Err(Error::Corrupt("a required text came back empty".into())),
            Err(e) => Err(Error::Validation(vec![e.at("reason")])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form() -> InvoiceForm {
        InvoiceForm {
            patient_id: "3".into(),
            appointment_ids: vec!["10".into(), "11".into()],
            issue_date: "2026-11-27".into(),
            due_date: "2026-12-11".into(),
            note: String::new(),
            issue: true,
        }
    }

    fn fields(e: Error) -> Vec<(String, &'static str)> {
        e.field_errors().iter().map(|f| (f.field.clone(), f.code)).collect()
    }

    #[test]
    fn a_due_date_before_the_issue_date_and_no_lines_are_refused_at_their_fields() {
        let bad = InvoiceForm { due_date: "2026-11-20".into(), appointment_ids: vec![], ..form() };
        let e = InvoiceDraft::try_from(bad).unwrap_err();
        assert_eq!(fields(e), [("appointments".to_string(), "no_lines"), ("dueDate".to_string(), "due_before_issue")]);
        let ok = InvoiceDraft::try_from(form()).unwrap();
        assert_eq!(ok.appointments, [10, 11]);
        assert_eq!(ok.due_date, Some(civil::date(2026, 12, 11)));
    }

    proptest! {
        #[test]
        fn due_is_never_before_issue(issue in 0i32..3000, due in 0i32..3000) {
            let start = civil::date(2026, 1, 1);
            let at = |d: i32| start.checked_add(jiff::Span::new().days(i64::from(d))).unwrap().to_string();
            let f = InvoiceForm { issue_date: at(issue), due_date: at(due), ..form() };
            match InvoiceDraft::try_from(f) {
                Ok(d) => prop_assert!(d.due_date.unwrap() >= d.issue_date),
                Err(e) => {
                    prop_assert!(due < issue);
                    prop_assert_eq!(fields(e), vec![("dueDate".to_string(), "due_before_issue")]);
                }
            }
        }
    }
}
