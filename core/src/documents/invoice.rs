//! An invoice as a PDF: the clinic's letterhead, the patient billed, a line
//! per charge or discount (date, service, practitioner and provider number),
//! payments made, the balance due, and the payment link with its QR code.
//! A void invoice keeps everything and says VOID, with the reason.

use super::pdf::{fit, Ink, Sheet, Weight};
use super::receipt::{footer, letterhead};
use super::words::{date, method, money};
use super::Pdf;
use crate::app::Clinicdesk;
use crate::clinic_details::ClinicDetails;
use crate::domain::{InvoiceId, InvoiceStatus, LineKind, Money};
use crate::error::{Error, Result};
use crate::invoices::Invoice;

fn day(text: &str) -> String {
    text.parse::<jiff::civil::Date>().map(date).unwrap_or_else(|_| text.to_string())
}

pub(crate) fn render(inv: &Invoice, clinic: &ClinicDetails) -> Result<Pdf> {
    let number = inv.number.clone().unwrap_or_else(|| "DRAFT".to_string());
    let mut sheet = Sheet::new(clinic.paper(), &format!("{} — Invoice {number}", clinic.heading()));
    let (x, right) = (sheet.left(), sheet.right());
    sheet.y += 6.0;
    let top = sheet.y;
    let room = sheet.content_width() * 0.58;
    let bottom = letterhead(&mut sheet, clinic, room);
    sheet.y = top + 4.0;
    sheet.text_right(right, 20.0, Weight::Bold, Ink::Text, "INVOICE");
    sheet.y += 20.0;
    sheet.text_right(right, 10.5, Weight::Bold, Ink::Text, &number);
    sheet.y += 14.0;
    sheet.text_right(right, 9.5, Weight::Regular, Ink::Muted, &format!("Issued {}", day(&inv.issue_date)));
    sheet.y += 13.0;
    sheet.text_right(right, 9.5, Weight::Regular, Ink::Muted, &format!("Due {}", day(&inv.due_date)));
    sheet.y += 16.0;
    if inv.status != InvoiceStatus::Issued {
        sheet.text_right(right, 13.0, Weight::Bold, Ink::Accent, inv.status.label());
        sheet.y += 14.0;
    }
    sheet.y = bottom.max(sheet.y) + 14.0;
    sheet.rule(0.8);
    sheet.y += 24.0;

    sheet.text(x, 9.0, Weight::Regular, Ink::Muted, "Bill to");
    sheet.y += 15.0;
    sheet.text_fit(x, sheet.content_width(), 12.0, Weight::Bold, Ink::Text, &inv.patient_name);
    sheet.y += 14.0;
    if !inv.patient_email.is_empty() {
        sheet.text_fit(x, sheet.content_width(), 9.5, Weight::Regular, Ink::Muted, &inv.patient_email);
        sheet.y += 13.0;
    }
    if let Some(reason) = &inv.void_reason {
        sheet.y += 10.0;
        sheet.paragraph(x, sheet.content_width(), 11.0, Ink::Accent, &format!("VOID — {reason}"));
    }
    sheet.y += 16.0;

    // The lines: date, service, practitioner (provider number), amount.
    let (c_service, c_practitioner, c_amount) = (x + 92.0, x + 280.0, right);
    let head = |sheet: &mut Sheet| {
        sheet.text(x, 8.5, Weight::Bold, Ink::Muted, "Date");
        sheet.text(c_service, 8.5, Weight::Bold, Ink::Muted, "Service");
        sheet.text(c_practitioner, 8.5, Weight::Bold, Ink::Muted, "Practitioner");
        sheet.text_right(c_amount, 8.5, Weight::Bold, Ink::Muted, "Amount");
        sheet.y += 5.0;
        sheet.rule(0.5);
        sheet.y += 14.0;
    };
    head(&mut sheet);
    for line in &inv.lines {
        let provider = line.provider_number.as_deref().map(|p| format!("Provider no. {p}"));
        let pages = sheet.page_count();
        sheet.need(if provider.is_some() { 28.0 } else { 17.0 });
        if sheet.page_count() != pages {
            head(&mut sheet);
        }
        let service_room = c_practitioner - c_service - 10.0;
        let practitioner_room = c_amount - c_practitioner - 80.0;
        let amount = match line.kind {
            LineKind::Charge => money(line.amount),
            LineKind::Discount => money(Money::new(-line.amount.minor, line.amount.currency)),
        };
        sheet.text(x, 9.5, Weight::Regular, Ink::Text, &day(&line.service_date));
        sheet.text_fit(c_service, service_room, 9.5, Weight::Regular, Ink::Text, &line.description);
        sheet.text_fit(c_practitioner, practitioner_room, 9.5, Weight::Regular, Ink::Text, &line.practitioner);
        sheet.text_right(c_amount, 9.5, Weight::Regular, Ink::Text, &amount);
        if let Some(p) = provider {
            sheet.y += 11.5;
            sheet.text_fit(c_practitioner, practitioner_room, 8.0, Weight::Regular, Ink::Muted, &p);
        }
        sheet.y += 16.0;
    }
    sheet.y -= 8.0;
    sheet.rule(0.5);
    sheet.y += 16.0;

    // Totals on the right.
    let label_x = right - 230.0;
    let negative = |m: Money| money(Money::new(-m.minor, m.currency));
    let mut totals = vec![("Charges".to_string(), money(inv.charges), Weight::Regular)];
    if inv.discounts.minor > 0 {
        totals.push(("Discounts".to_string(), negative(inv.discounts), Weight::Regular));
    }
    totals.push(("Total".to_string(), money(inv.total), Weight::Bold));
    for p in &inv.payments {
        let label = if p.amount.minor < 0 { "Refunded" } else { "Paid" };
        totals.push((format!("{label} {} · {}", day(&p.date), method(p.method)), negative(p.amount), Weight::Regular));
    }
    for (label, value, weight) in totals {
        sheet.need(16.0);
        sheet.text_fit(label_x, 150.0, 9.5, Weight::Regular, Ink::Muted, &label);
        sheet.text_right(right, 10.0, weight, Ink::Text, &value);
        sheet.y += 16.0;
    }
    sheet.need(26.0);
    sheet.y += 4.0;
    sheet.text(label_x, 11.5, Weight::Bold, Ink::Text, "Balance due");
    sheet.text_right(right, 12.0, Weight::Bold, Ink::Text, &money(inv.balance_due));
    sheet.y += 20.0;

    if let Some(link) = inv.link.as_ref().filter(|_| inv.balance_due.minor > 0) {
        let code = qrcode::QrCode::new(link.url.as_bytes()).map_err(|e| Error::Corrupt(format!("QR code: {e}")))?;
        let size = 96.0;
        sheet.need(size + 30.0);
        sheet.y += 10.0;
        let top = sheet.y;
        sheet.qr(&code, x, size);
        let tx = x + size + 18.0;
        let room = right - tx;
        sheet.y = top + 16.0;
        sheet.text(tx, 12.0, Weight::Bold, Ink::Accent, &format!("Pay {} online", money(inv.balance_due)));
        sheet.y += 17.0;
        sheet.text(tx, 9.5, Weight::Regular, Ink::Text, "Scan the code with your phone's camera, or open:");
        sheet.y += 14.0;
        for part in super::pdf::wrap(&link.url, 9.0, Weight::Regular, room) {
            sheet.text(tx, 9.0, Weight::Regular, Ink::Accent, &fit(&part, 9.0, Weight::Regular, room));
            sheet.y += 12.0;
        }
        sheet.text(tx, 8.5, Weight::Regular, Ink::Muted, "Card payments are processed securely by Stripe.");
        sheet.y = sheet.y.max(top + size) + 10.0;
    }
    if !inv.note.is_empty() {
        sheet.y += 8.0;
        sheet.paragraph(x, sheet.content_width(), 9.5, Ink::Text, &inv.note);
    }
    footer(&mut sheet, clinic);
    let bytes = sheet.finish(&format!("Invoice {number}"), clinic.heading())?;
    let file = inv.number.clone().unwrap_or_else(|| format!("draft-{}", inv.id.0));
    Ok(Pdf { file_name: format!("invoice-{file}.pdf"), bytes })
}

impl Clinicdesk {
    pub(crate) async fn invoice_pdf_of(&self, invoice: &Invoice) -> Result<Pdf> {
        let clinic = self.clinic_details_now().await?;
        let invoice = invoice.clone();
        tokio::task::spawn_blocking(move || render(&invoice, &clinic))
            .await
            .map_err(|e| Error::Corrupt(format!("making the PDF: {e}")))?
    }

    /// The invoice as a PDF, its payment link made or renewed first.
    pub async fn invoice_pdf(&self, id: InvoiceId) -> Result<Pdf> {
        self.allow(crate::domain::Permission::Money)?;
        let invoice = self.prepare_invoice(id).await?;
        self.invoice_pdf_of(&invoice).await
    }
}
