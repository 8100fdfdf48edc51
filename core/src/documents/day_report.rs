//! The end-of-day report as a PDF: takings by method and practitioner, the
//! till, the day's payments and refunds (over as many pages as it takes), and
//! any change made after the day was closed.

use super::pdf::{Ink, Sheet, Weight};
use super::receipt::{footer, letterhead};
use super::words::{date, method, money};
use super::Pdf;
use crate::app::Clinicdesk;
use crate::cashup::forms::CashDay;
use crate::cashup::DayReport;
use crate::clinic_details::ClinicDetails;
use crate::domain::{parse_currency, EntryKind, Money};
use crate::error::{Error, Result};

fn table_head(sheet: &mut Sheet, columns: &[(&str, f32, bool)]) {
    for (title, x, right) in columns {
        if *right {
            sheet.text_right(*x, 8.5, Weight::Bold, Ink::Muted, title);
        } else {
            sheet.text(*x, 8.5, Weight::Bold, Ink::Muted, title);
        }
    }
    sheet.y += 5.0;
    sheet.rule(0.5);
    sheet.y += 13.0;
}

fn heading(sheet: &mut Sheet, text: &str) {
    sheet.need(60.0);
    sheet.y += 14.0;
    let x = sheet.left();
    sheet.text(x, 12.0, Weight::Bold, Ink::Text, text);
    sheet.y += 18.0;
}

pub(crate) fn render(r: &DayReport, clinic: &ClinicDetails) -> Result<Pdf> {
    let currency = parse_currency(&r.figures.currency).map_err(|_| Error::Corrupt(r.figures.currency.clone()))?;
    let m = |minor: i64| money(Money::new(minor, currency));
    let day = r.day.parse::<jiff::civil::Date>().map_err(|e| Error::Corrupt(e.to_string()))?;
    let mut sheet = Sheet::new(clinic.paper(), &format!("{} — End of day {}", clinic.heading(), date(day)));
    let (x, right) = (sheet.left(), sheet.right());
    sheet.y += 6.0;
    let top = sheet.y;
    let room = sheet.content_width() - super::pdf::width("End of day", 18.0, Weight::Bold) - 24.0;
    let bottom = letterhead(&mut sheet, clinic, room);
    sheet.y = top + 4.0;
    sheet.text_right(right, 18.0, Weight::Bold, Ink::Text, "End of day");
    sheet.y += 18.0;
    sheet.text_right(right, 10.0, Weight::Regular, Ink::Text, &date(day));
    sheet.y += 14.0;
    let status = match &r.closed {
        Some(c) => format!("Closed {} at “{}”", c.at, c.by),
        None => "Open: figures may still change".to_string(),
    };
    sheet.text_right(right, 9.0, Weight::Regular, Ink::Muted, &status);
    sheet.y = bottom.max(sheet.y) + 14.0;
    sheet.rule(0.8);

    let (c1, c2, c3) = (right - 180.0, right - 90.0, right);
    heading(&mut sheet, "Takings by method");
    table_head(&mut sheet, &[("Method", x, false), ("Taken", c1, true), ("Refunded", c2, true), ("Net", c3, true)]);
    for f in &r.figures.methods {
        sheet.need(15.0);
        let ink = if f.flow.entries == 0 { Ink::Muted } else { Ink::Text };
        sheet.text(x, 10.0, Weight::Regular, ink, method(f.method));
        sheet.text_right(c1, 10.0, Weight::Regular, ink, &m(f.flow.taken));
        sheet.text_right(c2, 10.0, Weight::Regular, ink, &m(f.flow.refunded));
        sheet.text_right(c3, 10.0, Weight::Regular, ink, &m(f.net));
        sheet.y += 15.0;
    }
    sheet.y -= 9.0;
    sheet.rule(0.5);
    sheet.y += 14.0;
    let t = &r.figures.total;
    sheet.text(x, 10.0, Weight::Bold, Ink::Text, "Total");
    sheet.text_right(c1, 10.0, Weight::Bold, Ink::Text, &m(t.flow.taken));
    sheet.text_right(c2, 10.0, Weight::Bold, Ink::Text, &m(t.flow.refunded));
    sheet.text_right(c3, 10.0, Weight::Bold, Ink::Text, &m(t.net));
    sheet.y += 8.0;

    heading(&mut sheet, "Cash in the till");
    let till = &r.figures.till;
    let mut rows = vec![
        ("Float at the start", m(till.float)),
        ("Cash taken", m(till.cash_taken)),
        ("Cash refunded", m(-till.cash_refunded)),
        ("Expected in the till", m(till.expected)),
    ];
    if let (Some(counted), Some(difference)) = (till.counted, till.difference) {
        rows.push(("Counted", m(counted)));
        rows.push(("Difference", m(difference)));
    }
    for (label, value) in rows {
        sheet.need(15.0);
        sheet.text(x, 10.0, Weight::Regular, Ink::Muted, label);
        sheet.text_right(c1, 10.0, Weight::Regular, Ink::Text, &value);
        sheet.y += 15.0;
    }
    if let Some(note) = &r.note {
        sheet.paragraph(x, sheet.content_width(), 9.5, Ink::Text, &format!("Note: {note}"));
    }

    if !r.figures.practitioners.is_empty() {
        heading(&mut sheet, "By practitioner");
        table_head(
            &mut sheet,
            &[("Practitioner", x, false), ("Taken", c1, true), ("Refunded", c2, true), ("Net", c3, true)],
        );
        for p in &r.figures.practitioners {
            sheet.need(15.0);
            sheet.text_fit(x, c1 - x - 80.0, 10.0, Weight::Regular, Ink::Text, &p.name);
            sheet.text_right(c1, 10.0, Weight::Regular, Ink::Text, &m(p.flow.taken));
            sheet.text_right(c2, 10.0, Weight::Regular, Ink::Text, &m(p.flow.refunded));
            sheet.text_right(c3, 10.0, Weight::Regular, Ink::Text, &m(p.net));
            sheet.y += 15.0;
        }
    }

    if !r.later.is_empty() {
        heading(&mut sheet, "Changed after closing");
        for l in &r.later {
            let on = l.recorded_on.parse::<jiff::civil::Date>().map(date).unwrap_or(l.recorded_on.clone());
            let kind = if l.kind == EntryKind::Refund { "refund" } else { "payment" };
            let text = format!(
                "{on}: {}{kind}, {}, {} — {}",
                if l.correction { "correction of a " } else { "" },
                method(l.method),
                l.patient,
                m(l.amount)
            );
            sheet.paragraph(x, sheet.content_width(), 9.5, Ink::Text, &text);
        }
    }

    if !r.figures.lines.is_empty() {
        heading(&mut sheet, "Payments and refunds");
        let (time_x, patient_x, what_x) = (x, x + 44.0, x + 170.0);
        table_head(
            &mut sheet,
            &[
                ("Time", time_x, false),
                ("Patient", patient_x, false),
                ("For / how", what_x, false),
                ("Amount", right, true),
            ],
        );
        for l in &r.figures.lines {
            sheet.need(15.0);
            sheet.text(time_x, 9.0, Weight::Regular, Ink::Muted, &l.time);
            sheet.text_fit(patient_x, what_x - patient_x - 8.0, 9.0, Weight::Regular, Ink::Text, &l.patient);
            let how = format!(
                "{}{} · {}",
                if l.correction { "Correction: " } else { "" },
                if l.kind == EntryKind::Refund { "Refund" } else { l.service.as_str() },
                method(l.method)
            );
            sheet.text_fit(what_x, right - what_x - 80.0, 9.0, Weight::Regular, Ink::Text, &how);
            sheet.text_right(right, 9.0, Weight::Regular, Ink::Text, &m(l.amount));
            sheet.y += 14.0;
        }
    }
    footer(&mut sheet, clinic);
    let bytes = sheet.finish(&format!("End of day {}", r.day), clinic.heading())?;
    Ok(Pdf { file_name: format!("clinicdesk-end-of-day-{}.pdf", r.day), bytes })
}

impl Clinicdesk {
    /// The end-of-day report of `day`, as a PDF.
    pub async fn cash_up_pdf(&self, day: CashDay) -> Result<Pdf> {
        self.allow(crate::domain::Permission::Money)?;
        let report = self.cash_up(day).await?;
        let clinic = self.clinic_details_now().await?;
        tokio::task::spawn_blocking(move || render(&report, &clinic))
            .await
            .map_err(|e| Error::Corrupt(format!("making the PDF: {e}")))?
    }
}
