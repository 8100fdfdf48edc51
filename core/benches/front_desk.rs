//! Front desk at scale (see large_clinic: 100 000 appointments over two years,
//! each with its account, 20 000 patients, 20 practitioners). Measures the
//! day view with balances of a full day (800 appointments), an
//! account of 50 entries, patient search, booking (Stripe excluded: a type
//! without online payment), the end of day of a day with 500 payments (and
//! its CSV), and the aged balances owing across every appointment. Run: `cargo bench -p
//! clinicdesk-core --bench front_desk`. Besides criterion's report it prints
//! p50/p99 over 1 000 timed calls of each.

use clinicdesk_core::cashup::forms::{CashDay, ExportRange};
use clinicdesk_core::domain::*;
use clinicdesk_core::dto::{BookingDraft, BookingForm};
use clinicdesk_core::Clinicdesk;
use criterion::{criterion_group, criterion_main, Criterion};
use jiff::{civil, Timestamp};
use std::hint::black_box;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

#[path = "large_clinic/mod.rs"]
mod large_clinic;
use large_clinic::{PATIENTS, PRACTITIONERS};

struct World {
    desk: Clinicdesk,
    type_id: AppointmentTypeId,
    busy_day: civil::Date,
    long_account: AppointmentId,
    money_day: CashDay,
    receipt: EntryId,
    invoice: InvoiceId,
    _dir: std::path::PathBuf,
}

async fn world() -> World {
    let dir = std::env::temp_dir().join(format!("clinicdesk-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let large_clinic::LargeClinic { desk, type_id, full_day } = large_clinic::seed(&dir, "Bench Owner", "2468").await;
    let busy_day = full_day;
    // A day without other money (the history has payments on each of its days).
    let money_day = CashDay(full_day.checked_add(jiff::Span::new().days(60)).unwrap());
    let long_account = long_account(&desk).await;
    money_day_of_500(&desk, money_day).await;
    let receipt: i64 =
        sqlx::query_scalar("SELECT MAX(id) FROM account_entries WHERE kind = 'payment' AND method = 'card'")
            .fetch_one(desk.db().sqlite().unwrap())
            .await
            .unwrap();
    let invoice = invoice_of_20(&desk, type_id).await;
    World { desk, type_id, busy_day, long_account, money_day, receipt: EntryId(receipt), invoice, _dir: dir }
}

/// An appointment whose account has 50 entries: its charge, 12 discounts,
/// 25 card payments and 12 refunds of them.
async fn long_account(desk: &Clinicdesk) -> AppointmentId {
    let id = 1;
    let mut tx = desk.db().sqlite().unwrap().begin().await.unwrap();
    let insert = |kind: &'static str, amount: i64, method: Option<&'static str>, refund_of: Option<i64>| {
        sqlx::query(
            "INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, method, refund_of, note, taken_by, at)
             VALUES ($1, $2, $3, 'AUD', $4, $5, CASE WHEN $2 = 'payment' THEN NULL ELSE 'bench' END, 'bench', '2026-01-01T00:00:00Z')",
        )
        .bind(id)
        .bind(kind)
        .bind(amount)
        .bind(method)
        .bind(refund_of)
    };
    let mut payments = Vec::new();
    for i in 0..25 {
        if i < 12 {
            insert("discount", 100, None, None).execute(&mut *tx).await.unwrap();
        }
        let done = insert("payment", 200, Some("cash"), None).execute(&mut *tx).await.unwrap();
        payments.push(done.last_insert_rowid());
    }
    for payment in &payments[..12] {
        insert("refund", 100, Some("cash"), Some(*payment)).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    let account = desk.account(AppointmentId(id)).await.unwrap();
    assert_eq!((account.entries.len(), account.balance.minor), (50, 9000 - 1200 - 5000 + 1200));
    AppointmentId(id)
}

/// 500 payments on one cash-up day across the six methods and every
/// practitioner, and 40 refunds of them.
async fn money_day_of_500(desk: &Clinicdesk, day: CashDay) {
    const METHODS: [&str; 6] = ["online", "card", "cash", "health_fund", "bank_transfer", "other"];
    let mut tx = desk.db().sqlite().unwrap().begin().await.unwrap();
    for i in 0..500_i64 {
        let method = METHODS[(i % 6) as usize];
        let done = sqlx::query(
            "INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, method, fund_name, claim_reference,
                                          note, taken_by, at, cash_day)
             VALUES ($1, 'payment', $2, 'AUD', $3, CASE WHEN $3 = 'health_fund' THEN 'Bupa' END,
                     CASE WHEN $3 = 'health_fund' THEN 'CLM-' || $1 END, CASE WHEN $3 = 'other' THEN 'voucher' END,
                     'bench', $4, $5)",
        )
        .bind(1000 + i * 7)
        .bind(1000 + i)
        .bind(method)
        .bind(format!("{day}T03:00:00.000Z"))
        .bind(day.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
        if i % 12 == 0 {
            sqlx::query(
                "INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, method, refund_of, note,
                                              taken_by, at, cash_day)
                 VALUES ($1, 'refund', 500, 'AUD', $2, $3, 'bench', 'bench', $4, $5)",
            )
            .bind(1000 + i * 7)
            .bind(method)
            .bind(done.last_insert_rowid())
            .bind(format!("{day}T04:00:00.000Z"))
            .bind(day.to_string())
            .execute(&mut *tx)
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
    let report = desk.cash_up(day).await.unwrap();
    assert_eq!(report.figures.lines.len(), 500 + 42);
}

/// An issued invoice of 20 appointments (20 lines) with a payment link, as
/// it would be after Stripe made the link (the bench has no Stripe).
async fn invoice_of_20(desk: &Clinicdesk, type_id: AppointmentTypeId) -> InvoiceId {
    let date = Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Australia/Sydney").unwrap()).date();
    let date = date.checked_add(jiff::Span::new().days(150)).unwrap();
    let mut ids = Vec::new();
    for i in 0..20 {
        let draft: BookingDraft = BookingForm {
            patient_id: "1".into(),
            practitioner_id: "1".into(),
            appointment_type_id: type_id.0.to_string(),
            date: date.to_string(),
            time: format!("{:02}:{:02}", 7 + i / 2, (i % 2) * 30),
            override_reason: String::new(),
            discount: Default::default(),
        }
        .try_into()
        .unwrap();
        ids.push(desk.book_appointment(draft).await.unwrap().id.0.to_string());
    }
    let form = clinicdesk_core::invoices::InvoiceForm {
        patient_id: "1".into(),
        appointment_ids: ids,
        issue_date: date.to_string(),
        due_date: String::new(),
        note: String::new(),
        issue: true,
    };
    let invoice = desk.create_invoice(form.try_into().unwrap()).await.unwrap();
    assert_eq!(invoice.lines.len(), 20);
    sqlx::query(
        "INSERT INTO invoice_links (invoice_id, amount_minor, currency, status, idempotency_key, request_body,
                                    stripe_payment_link_id, url, stripe_account_id, livemode, created_at, updated_at)
         VALUES ($1, $2, 'AUD', 'active', 'bench', '', 'plink_bench', 'https://buy.stripe.com/test_bench0001',
                 'acct_bench', FALSE, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .bind(invoice.id.0)
    .bind(invoice.balance_due.minor)
    .execute(desk.db().sqlite().unwrap())
    .await
    .unwrap();
    assert!(desk.invoice(invoice.id).await.unwrap().link.is_some());
    invoice.id
}

/// Each booking takes a fresh free slot, beyond the seeded days.
fn next_booking(w: &World, counter: &AtomicI64) -> BookingDraft {
    let i = counter.fetch_add(1, Ordering::Relaxed);
    let date = Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Australia/Sydney").unwrap()).date();
    // 24 half-hour slots a day (07:00 to 19:00) for each practitioner.
    let date = date.checked_add(jiff::Span::new().days(200 + i / (PRACTITIONERS * 24))).unwrap();
    let slot = (i / PRACTITIONERS) % 24;
    BookingForm {
        patient_id: (1 + i % PATIENTS).to_string(),
        practitioner_id: (1 + i % PRACTITIONERS).to_string(),
        appointment_type_id: w.type_id.0.to_string(),
        date: date.to_string(),
        time: format!("{:02}:{:02}", 7 + slot / 2, (slot % 2) * 30),
        override_reason: String::new(),
        discount: Default::default(),
    }
    .try_into()
    .unwrap()
}

fn percentiles(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name}: p50 {:.3} ms, p99 {:.3} ms (n = {})",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        samples.len()
    );
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let w = rt.block_on(world());
    let counter = AtomicI64::new(0);
    let queries = ["mia", "chen", "noah s", "smith7 o", "olivia.nguyen", "0410", "kelly", "zz"];

    // p50/p99 over 1 000 calls each.
    rt.block_on(async {
        let mut samples = Vec::new();
        for i in 0..1000 {
            let date = w.busy_day.checked_add(jiff::Span::new().days(i % 2)).unwrap();
            let t = Instant::now();
            black_box(w.desk.day_view(Some(date)).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("day view with balances (20 practitioners, 800 appointments)", samples);
        let mut samples = Vec::new();
        for _ in 0..1000 {
            let t = Instant::now();
            black_box(w.desk.account(w.long_account).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("account of 50 entries (read and summed)", samples);
        let mut samples = Vec::new();
        for i in 0..1000 {
            let t = Instant::now();
            black_box(w.desk.search_patients(queries[i % queries.len()], 0).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("patient search (first page of 20)", samples);
        let mut samples = Vec::new();
        for _ in 0..1000 {
            let draft = next_booking(&w, &counter);
            let t = Instant::now();
            black_box(w.desk.book_appointment(draft).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("booking (overlap check + insert + audit, committed)", samples);
        let mut samples = Vec::new();
        for _ in 0..1000 {
            let t = Instant::now();
            black_box(w.desk.cash_up(w.money_day).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("end of day (500 payments, 42 refunds)", samples);
        let mut samples = Vec::new();
        let range = ExportRange { from: w.money_day, to: w.money_day };
        for _ in 0..200 {
            let t = Instant::now();
            black_box(w.desk.money_csv(range).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("CSV of that day (542 rows)", samples);
        let mut samples = Vec::new();
        for _ in 0..50 {
            let t = Instant::now();
            black_box(w.desk.cash_up_pdf(w.money_day).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("end-of-day PDF of that day (542 lines, 12 pages)", samples);
        let mut samples = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            black_box(w.desk.receipt_pdf(w.receipt).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("receipt PDF", samples);
        let mut samples = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            black_box(w.desk.invoice_pdf(w.invoice).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("invoice PDF (20 lines, QR code; read, laid out, compressed)", samples);
        let mut samples = Vec::new();
        for _ in 0..50 {
            let t = Instant::now();
            black_box(w.desk.outstanding().await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("owing, aged (every appointment's balance)", samples);
        // Unlocking: an Argon2id check of the PIN (19 MiB, 2 passes) and the
        // sign-in written to the audit log.
        let owner = w.desk.lock_screen().await.unwrap().members[0].id;
        let mut samples = Vec::new();
        for _ in 0..30 {
            let t = Instant::now();
            black_box(w.desk.sign_in(owner, "2468").await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("sign in with a PIN (Argon2id check + audit row)", samples);
    });

    c.bench_function("day_view", |b| {
        b.to_async(&rt).iter(|| async { black_box(w.desk.day_view(Some(w.busy_day)).await.unwrap()) })
    });
    c.bench_function("account_50_entries", |b| {
        b.to_async(&rt).iter(|| async { black_box(w.desk.account(w.long_account).await.unwrap()) })
    });
    c.bench_function("search_patients", |b| {
        b.to_async(&rt).iter(|| async { black_box(w.desk.search_patients("chen", 0).await.unwrap()) })
    });
    c.bench_function("cash_up_500_payments", |b| {
        b.to_async(&rt).iter(|| async { black_box(w.desk.cash_up(w.money_day).await.unwrap()) })
    });
    c.bench_function("end_of_day_pdf_542_lines", |b| {
        b.to_async(&rt).iter(|| async { black_box(w.desk.cash_up_pdf(w.money_day).await.unwrap()) })
    });
    c.bench_function("receipt_pdf", |b| {
        b.to_async(&rt).iter(|| async { black_box(w.desk.receipt_pdf(w.receipt).await.unwrap()) })
    });
    c.bench_function("invoice_pdf_20_lines", |b| {
        b.to_async(&rt).iter(|| async { black_box(w.desk.invoice_pdf(w.invoice).await.unwrap()) })
    });
    c.bench_function("book_appointment", |b| {
        b.to_async(&rt).iter(|| async { black_box(w.desk.book_appointment(next_booking(&w, &counter)).await.unwrap()) })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
