//! Receipts and the end-of-day report as PDF, read back with poppler's
//! `pdftotext` and `pdfinfo` (installed by scripts/test.sh) as a patient's
//! or accountant's PDF reader would: the words, the amounts, the paper size,
//! the pages. The files are kept under target/documents/ to look at.

mod common;

use clinicdesk_core::account::forms::*;
use clinicdesk_core::cashup::forms::CashDay;
use clinicdesk_core::clinic_details::ClinicDetailsForm;
use clinicdesk_core::documents::Pdf;
use common::desk::*;
use sqlx::SqlitePool;
use std::path::PathBuf;
use std::process::Command;

fn keep(pdf: &Pdf, name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/documents");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, &pdf.bytes).unwrap();
    path
}

fn poppler(tool: &str, path: &std::path::Path) -> String {
    let out = Command::new(tool)
        .args(if tool == "pdftotext" {
            vec!["-layout", path.to_str().unwrap(), "-"]
        } else {
            vec![path.to_str().unwrap()]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (poppler-utils; scripts/test.sh installs it): {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn details(paper: &str) -> ClinicDetailsForm {
    ClinicDetailsForm {
        legal_name: "Harbourside Physiotherapy Pty Ltd".into(),
        address: "Level 2, 10 Quay Street\nSydney NSW 2000".into(),
        phone: "02 9000 1234".into(),
        email: "desk@harbourside.example".into(),
        tax_number: "ABN 12 345 678 901".into(),
        footer: "Bank transfer: Harbour Bank, BSB 062-000, account 1234 5678. Thank you for choosing Harbourside — \
                 please keep this receipt for your health fund."
            .into(),
        paper: paper.into(),
        invoice_prefix: "HP-".into(),
        invoice_due_days: "14".into(),
    }
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_receipt_says_who_paid_what_and_how_on_a4_and_letter(pool: SqlitePool) {
    let d = front_desk(pool).await;
    d.desk.save_clinic_details(details("a4").try_into().unwrap()).await.unwrap();
    let a = d.booked(d.disabled, "09:00").await;
    let form = TakePaymentForm {
        amount: "45".into(),
        method: "health_fund".into(),
        fund_name: "Bupa".into(),
        claim_reference: "CLM-7781".into(),
        ..Default::default()
    };
    let taken = d.desk.take_payment(a.id, form.try_into().unwrap()).await.unwrap();
    let entry = taken.receipt.unwrap().entry_id;
    let pdf = d.desk.receipt_pdf(entry).await.unwrap();
    assert_eq!(pdf.file_name, format!("receipt-R-{:06}.pdf", entry.0));
    let path = keep(&pdf, "receipt-a4.pdf");
    let text = poppler("pdftotext", &path);
    for words in [
        "Harbourside Physiotherapy Pty Ltd",
        "Trading as",
        "ABN 12 345 678 901",
        "RECEIPT",
        &format!("R-{:06}", entry.0),
        "Sam Taylor",
        "Review with Dr Mia Lee",
        "Health fund: Bupa, claim CLM-7781",
        "A$45.00",
        "A$15.00",
        "BSB 062-000",
    ] {
        assert!(text.contains(words), "{words:?} is not on the receipt:\n{text}");
    }
    let info = poppler("pdfinfo", &path);
    assert!(info.contains("Pages:           1") && info.contains("(A4)"), "{info}");

    d.desk.save_clinic_details(details("letter").try_into().unwrap()).await.unwrap();
    let letter = keep(&d.desk.receipt_pdf(entry).await.unwrap(), "receipt-letter.pdf");
    assert!(poppler("pdfinfo", &letter).contains("(letter)"));
    // A name in Greek and one with accents come out as written.
    d.desk
        .update_patient(d.patient, patient_form("Zoë", "Παπαδοπούλου", "zoe@example.com").try_into().unwrap())
        .await
        .unwrap();
    let text = poppler("pdftotext", &keep(&d.desk.receipt_pdf(entry).await.unwrap(), "receipt-greek.pdf"));
    assert!(text.contains("Zoë Παπαδοπούλου"), "{text}");
    // A name in Chinese is drawn with the system's CJK font (Noto Sans has
    // none; scripts/test.sh installs fonts-wqy-microhei), mixed with Latin.
    d.desk
        .update_patient(d.patient, patient_form("小明", "王 (Wang)", "wang@example.com").try_into().unwrap())
        .await
        .unwrap();
    let text = poppler("pdftotext", &keep(&d.desk.receipt_pdf(entry).await.unwrap(), "receipt-chinese.pdf"));
    assert!(text.contains("小明 王 (Wang)"), "{text}");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn the_end_of_day_report_runs_over_pages_with_every_line(pool: SqlitePool) {
    let d = front_desk(pool).await;
    d.desk.save_clinic_details(details("a4").try_into().unwrap()).await.unwrap();
    for hour in 6..22 {
        let a = d.booked(d.disabled, &format!("{hour:02}:00")).await;
        for (amount, method) in [("10", "cash"), ("20", "card"), ("30", "bank_transfer")] {
            let f = TakePaymentForm { amount: amount.into(), method: method.into(), ..Default::default() };
            d.desk.take_payment(a.id, f.try_into().unwrap()).await.unwrap();
        }
    }
    let day = CashDay(d.desk.clinic_today().await.unwrap());
    let pdf = d.desk.cash_up_pdf(day).await.unwrap();
    let path = keep(&pdf, "end-of-day.pdf");
    let info = poppler("pdfinfo", &path);
    assert!(info.contains("Pages:           2"), "{info}");
    let text = poppler("pdftotext", &path);
    assert!(text.contains("End of day") && text.contains("Page 2 of 2"), "{text}");
    assert!(text.contains("A$960.00"), "16 × A$60 in all:\n{text}");
    assert_eq!(text.matches("Sam Taylor").count(), 48, "every payment is listed");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn an_invoice_of_twenty_lines_with_its_link_fits_a4_and_letter(pool: SqlitePool) {
    use clinicdesk_core::invoices::{InvoiceDraft, InvoiceForm, VoidForm, VoidReason};
    let d = front_desk(pool).await;
    d.desk.save_clinic_details(details("a4").try_into().unwrap()).await.unwrap();
    d.desk.set_provider_number(d.practitioner, "2447891A".to_string().try_into().unwrap()).await.unwrap();
    let mut ids = Vec::new();
    for hour in 6..22 {
        ids.push(d.booked(d.disabled, &format!("{hour:02}:00")).await.id);
    }
    // Four discounts make 20 lines; one payment at the desk.
    for a in &ids[..4] {
        let f = DiscountForm {
            kind: "amount".into(),
            amount: "5".into(),
            reason: "Pensioner".into(),
            ..Default::default()
        };
        d.desk.add_discount(*a, f.try_into().unwrap()).await.unwrap();
    }
    let f = TakePaymentForm { amount: "50".into(), method: "cash".into(), ..Default::default() };
    d.desk.take_payment(ids[0], f.try_into().unwrap()).await.unwrap();
    let today = d.desk.clinic_today().await.unwrap();
    let form = InvoiceForm {
        patient_id: d.patient.0.to_string(),
        appointment_ids: ids.iter().map(|a| a.0.to_string()).collect(),
        issue_date: today.to_string(),
        due_date: String::new(),
        note: "Please quote the invoice number with a bank transfer.".into(),
        issue: true,
    };
    let inv = d.desk.create_invoice(InvoiceDraft::try_from(form).unwrap()).await.unwrap();
    assert_eq!(inv.lines.len(), 20);
    let url = inv.link.clone().expect("a link").url;
    let pdf = d.desk.invoice_pdf(inv.id).await.unwrap();
    let number = inv.number.clone().unwrap();
    assert_eq!(pdf.file_name, format!("invoice-{number}.pdf"));
    let path = keep(&pdf, "invoice-a4.pdf");
    let text = poppler("pdftotext", &path);
    for words in [
        "INVOICE",
        number.as_str(),
        "Bill to",
        "Sam Taylor",
        "Provider no. 2447891A",
        "Discount — Pensioner",
        "A$960.00",
        "-A$20.00",
        "A$940.00",
        "Balance due",
        "A$890.00",
        "Pay A$890.00 online",
        url.as_str(),
        "Please quote the invoice number",
        "BSB 062-000",
    ] {
        assert!(text.contains(words), "{words:?} is not on the invoice:\n{text}");
    }
    let info = poppler("pdfinfo", &path);
    assert!(info.contains("(A4)"), "{info}");
    d.desk.save_clinic_details(details("letter").try_into().unwrap()).await.unwrap();
    let letter = keep(&d.desk.invoice_pdf(inv.id).await.unwrap(), "invoice-letter.pdf");
    assert!(poppler("pdfinfo", &letter).contains("(letter)"));
    // Void: the same invoice, saying so, without a link to pay.
    let reason = VoidReason::try_from(VoidForm { reason: "Sent to the wrong address".into() }).unwrap();
    d.desk.void_invoice(inv.id, reason).await.unwrap();
    let text = poppler("pdftotext", &keep(&d.desk.invoice_pdf(inv.id).await.unwrap(), "invoice-void.pdf"));
    assert!(text.contains("VOID — Sent to the wrong address") && text.contains(number.as_str()), "{text}");
    assert!(!text.contains("online"), "a void invoice offers no link:\n{text}");
}
