//! A receipt for one payment: the clinic's details, who paid, for what, how,
//! the amount and what is left owing.

use super::pdf::{Ink, Sheet, Weight};
use super::words::{date, method, money};
use super::Pdf;
use crate::account::Receipt;
use crate::app::Clinicdesk;
use crate::clinic_details::ClinicDetails;
use crate::domain::EntryId;
use crate::error::{Error, Result};

/// "R-000123": the payment's entry number, never reused.
pub fn receipt_number(entry: EntryId) -> String {
    format!("R-{:06}", entry.0)
}

/// The clinic's name and contact lines at the top left; returns the lowest y.
pub(crate) fn letterhead(sheet: &mut Sheet, clinic: &ClinicDetails, room: f32) -> f32 {
    let x = sheet.left();
    sheet.text_fit(x, room, 16.0, Weight::Bold, Ink::Accent, clinic.heading());
    sheet.y += 16.0;
    let mut lines: Vec<String> = Vec::new();
    if !clinic.legal_name.is_empty() && clinic.legal_name != clinic.name && !clinic.name.is_empty() {
        lines.push(format!("Trading as {}", clinic.name));
    }
    lines.extend(clinic.address.lines().map(str::to_string));
    let contact: Vec<&str> =
        [clinic.phone.as_str(), clinic.email.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    if !contact.is_empty() {
        lines.push(contact.join("  ·  "));
    }
    if !clinic.tax_number.is_empty() {
        lines.push(clinic.tax_number.clone());
    }
    for line in lines {
        sheet.text_fit(x, room, 9.0, Weight::Regular, Ink::Muted, &line);
        sheet.y += 12.5;
    }
    sheet.y
}

/// The footer (bank details, terms), wrapped, at the end.
pub(crate) fn footer(sheet: &mut Sheet, clinic: &ClinicDetails) {
    if clinic.footer.is_empty() {
        return;
    }
    sheet.y += 24.0;
    sheet.need(30.0);
    sheet.rule(0.6);
    sheet.y += 16.0;
    let (x, w) = (sheet.left(), sheet.content_width());
    sheet.paragraph(x, w, 9.0, Ink::Muted, &clinic.footer);
}

pub(crate) fn render(r: &Receipt, clinic: &ClinicDetails) -> Result<Pdf> {
    let number = receipt_number(r.entry_id);
    let mut sheet = Sheet::new(clinic.paper(), &format!("{} — Receipt {number}", clinic.heading()));
    let right = sheet.right();
    let top = sheet.y + 6.0;
    sheet.y = top;
    let room = sheet.content_width() * 0.6;
    let bottom = letterhead(&mut sheet, clinic, room);
    let tz = jiff::tz::TimeZone::get(&r.time_zone).map_err(|_| Error::Corrupt(r.time_zone.clone()))?;
    let taken = crate::db::parse_instant(&r.taken_at)?.to_zoned(tz);
    sheet.y = top + 4.0;
    sheet.text_right(right, 20.0, Weight::Bold, Ink::Text, "RECEIPT");
    sheet.y += 20.0;
    sheet.text_right(right, 10.0, Weight::Regular, Ink::Text, &number);
    sheet.y += 14.0;
    let when = format!("{}, {}", date(taken.date()), taken.strftime("%H:%M"));
    sheet.text_right(right, 10.0, Weight::Regular, Ink::Muted, &when);
    sheet.y = bottom.max(sheet.y) + 18.0;
    sheet.rule(0.8);
    sheet.y += 26.0;

    let x = sheet.left();
    sheet.text(x, 9.0, Weight::Regular, Ink::Muted, "Received from");
    sheet.y += 15.0;
    sheet.text_fit(x, sheet.content_width(), 12.0, Weight::Bold, Ink::Text, &r.patient_name);
    sheet.y += 30.0;

    // The one line: what it was for, and the amount.
    let amount_col = right;
    sheet.text(x, 9.0, Weight::Bold, Ink::Muted, "For");
    sheet.text_right(amount_col, 9.0, Weight::Bold, Ink::Muted, "Amount");
    sheet.y += 6.0;
    sheet.rule(0.6);
    sheet.y += 16.0;
    let appointment = r.appointment_date.parse::<jiff::civil::Date>().map(date).unwrap_or(r.appointment_date.clone());
    let what = format!("{} with {}", r.service, r.practitioner);
    let room = sheet.content_width() - 110.0;
    sheet.text_fit(x, room, 10.5, Weight::Regular, Ink::Text, &what);
    sheet.text_right(amount_col, 10.5, Weight::Regular, Ink::Text, &money(r.amount));
    sheet.y += 14.0;
    sheet.text_fit(
        x,
        room,
        9.0,
        Weight::Regular,
        Ink::Muted,
        &format!("Appointment {appointment}, {}", r.appointment_time),
    );
    sheet.y += 10.0;
    sheet.rule(0.6);
    sheet.y += 22.0;

    let paid_by = match (r.method, &r.fund_name, &r.claim_reference) {
        (crate::domain::PaymentMethod::HealthFund, Some(fund), Some(claim)) => {
            format!("Health fund: {fund}, claim {claim}")
        }
        (m, _, _) => match &r.note {
            Some(note)
                if m == crate::domain::PaymentMethod::Other || m == crate::domain::PaymentMethod::BankTransfer =>
            {
                format!("{}: {note}", method(m))
            }
            _ => method(m).to_string(),
        },
    };
    let label_x = x;
    for (label, value, weight) in [
        ("Paid by", paid_by, Weight::Regular),
        ("Amount received", money(r.amount), Weight::Bold),
        ("Still owing for this appointment", money(r.balance_after), Weight::Regular),
    ] {
        sheet.text(label_x, 10.0, Weight::Regular, Ink::Muted, label);
        sheet.text_right(right, 10.5, weight, Ink::Text, &super::pdf::fit(&value, 10.5, weight, right - x - 200.0));
        sheet.y += 18.0;
    }
    sheet.y += 6.0;
    sheet.text(x, 9.0, Weight::Regular, Ink::Muted, &format!("Recorded at the workstation “{}”.", r.taken_by));
    sheet.y += 12.0;
    footer(&mut sheet, clinic);
    let bytes = sheet.finish(&format!("Receipt {number}"), clinic.heading())?;
    Ok(Pdf { file_name: format!("receipt-{number}.pdf"), bytes })
}

impl Clinicdesk {
    /// The receipt of a payment, as a PDF.
    pub async fn receipt_pdf(&self, entry: EntryId) -> Result<Pdf> {
        self.allow(crate::domain::Permission::Money)?;
        let receipt = self.receipt(entry).await?;
        let clinic = self.clinic_details_now().await?;
        // Laying out and compressing is CPU work: off the async threads.
        tokio::task::spawn_blocking(move || render(&receipt, &clinic))
            .await
            .map_err(|e| Error::Corrupt(format!("making the PDF: {e}")))?
    }
}
