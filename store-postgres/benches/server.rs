//! The front desk's two busiest queries on both databases, at a large clinic
//! (100 000 appointments; core/benches/large_clinic), PostgreSQL over
//! loopback: the day view's appointments of a full day (20 practitioners,
//! 800 appointments) and booking's overlap check, insert and audit row (in a
//! transaction rolled back, so every call books the same free slot).
//! scripts/bench.sh moves the large clinic into a throw-away server first:
//!   CLINICDESK_BENCH_SQLITE=FILE CLINICDESK_BENCH_POSTGRES_URL=URL CLINICDESK_BENCH_DAY=YYYY-MM-DD \
//!     cargo bench -p clinicdesk-store-postgres --bench server
//! Besides criterion's report it prints p50/p99 over 1 000 timed calls, and
//! the same for the whole use cases on the server (core's day view with
//! balances, and booking committed), to set beside core's front_desk bench,
//! which times them on SQLite.

use clinicdesk_domain::rows::appointments::NewAppointment;
use clinicdesk_domain::rows::audit_log::NewAuditEntry;
use clinicdesk_domain::{AppointmentState, PaymentMode};
use criterion::{criterion_group, criterion_main, Criterion};
use sqlx::postgres::PgPool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use std::str::FromStr;
use std::time::{Duration, Instant};

struct Day {
    from: String,
    to: String,
    earliest: String,
    free_start: String,
    free_end: String,
}

fn day() -> Day {
    let date: jiff::civil::Date = std::env::var("CLINICDESK_BENCH_DAY").expect("CLINICDESK_BENCH_DAY").parse().unwrap();
    let tz = jiff::tz::TimeZone::get("Australia/Sydney").unwrap();
    let at = |d: jiff::civil::Date, h: i8| d.at(h, 0, 0, 0).to_zoned(tz.clone()).unwrap().timestamp();
    let text = |t: jiff::Timestamp| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let from = at(date, 0);
    let next = date.tomorrow().unwrap();
    Day {
        from: text(from),
        to: text(at(next, 0)),
        earliest: text(from - jiff::SignedDuration::from_mins(720)),
        free_start: text(at(date, 21)),
        free_end: text(at(date, 21) + jiff::SignedDuration::from_mins(15)),
    }
}

fn appointment(d: &Day) -> NewAppointment<'_> {
    NewAppointment {
        patient_id: 1,
        practitioner_id: 1,
        appointment_type_id: 1,
        starts_at: &d.free_start,
        ends_at: &d.free_end,
        state: AppointmentState::Booked,
        type_name: "Review",
        colour: "#0f766e",
        price_minor: 9000,
        currency: "AUD",
        payment_mode: PaymentMode::Disabled,
        online_amount_minor: None,
        override_reason: None,
        cancellation_fee_minor: None,
        no_show_fee_minor: None,
    }
}

fn audit(at: &str, id: i64) -> NewAuditEntry<'_> {
    NewAuditEntry {
        at,
        workstation: "bench",
        staff_id: None,
        entity: "appointment",
        entity_id: id.to_string(),
        action: "booked",
        before: None,
        after: Some(serde_json::json!({ "id": id })),
    }
}

async fn pg_day(pg: &PgPool, d: &Day) -> usize {
    clinicdesk_store_postgres::db::appointments::cards_between(pg, &d.from, &d.to, &d.earliest).await.unwrap().len()
}

async fn pg_book(pg: &PgPool, d: &Day) {
    let mut tx = pg.begin().await.unwrap();
    use clinicdesk_store_postgres::db::{appointments, audit_log};
    assert!(appointments::overlapping(&mut *tx, 1, &d.free_start, &d.free_end, &d.earliest).await.unwrap().is_none());
    let id = appointments::insert(&mut *tx, &appointment(d), &d.from).await.unwrap();
    audit_log::append(&mut *tx, audit(&d.from, id)).await.unwrap();
    tx.rollback().await.unwrap();
}

async fn sqlite_day(db: &SqlitePool, d: &Day) -> usize {
    clinicdesk_core::db::appointments::cards_between(db, &d.from, &d.to, &d.earliest).await.unwrap().len()
}

async fn sqlite_book(db: &SqlitePool, d: &Day) {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await.unwrap();
    use clinicdesk_core::db::{appointments, audit_log};
    assert!(appointments::overlapping(&mut *tx, 1, &d.free_start, &d.free_end, &d.earliest).await.unwrap().is_none());
    let id = appointments::insert(&mut *tx, &appointment(d), &d.from).await.unwrap();
    audit_log::append(&mut *tx, audit(&d.from, id)).await.unwrap();
    tx.rollback().await.unwrap();
}

fn percentiles(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)].as_secs_f64() * 1000.0;
    println!("{name}: p50 {:.3} ms, p99 {:.3} ms (n = {})", at(0.50), at(0.99), samples.len());
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let d = day();
    let (pg, sqlite) = rt.block_on(async {
        let url = std::env::var("CLINICDESK_BENCH_POSTGRES_URL").expect("CLINICDESK_BENCH_POSTGRES_URL");
        let pg = sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&url).await.unwrap();
        let file = std::env::var("CLINICDESK_BENCH_SQLITE").expect("CLINICDESK_BENCH_SQLITE");
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{file}")).unwrap();
        let sqlite = SqlitePoolOptions::new().max_connections(2).connect_with(options).await.unwrap();
        (pg, sqlite)
    });
    let count = rt.block_on(pg_day(&pg, &d));
    assert_eq!(count, rt.block_on(sqlite_day(&sqlite, &d)), "both databases hold the same day");
    assert!(count >= 800, "a full day: {count} appointments");

    c.bench_function("postgres: a full day's appointments", |b| b.to_async(&rt).iter(|| pg_day(&pg, &d)));
    c.bench_function("postgres: booking (check, insert, audit)", |b| b.to_async(&rt).iter(|| pg_book(&pg, &d)));
    c.bench_function("sqlite: a full day's appointments", |b| b.to_async(&rt).iter(|| sqlite_day(&sqlite, &d)));
    c.bench_function("sqlite: booking (check, insert, audit)", |b| b.to_async(&rt).iter(|| sqlite_book(&sqlite, &d)));

    rt.block_on(async {
        for (name, which) in [
            ("PostgreSQL, a full day's appointments (800)", 0),
            ("PostgreSQL, booking (check, insert, audit)", 1),
            ("SQLite, a full day's appointments (800)", 2),
            ("SQLite, booking (check, insert, audit)", 3),
        ] {
            let mut samples = Vec::with_capacity(1000);
            for _ in 0..1000 {
                let t = Instant::now();
                match which {
                    0 => drop(pg_day(&pg, &d).await),
                    1 => pg_book(&pg, &d).await,
                    2 => drop(sqlite_day(&sqlite, &d).await),
                    _ => sqlite_book(&sqlite, &d).await,
                }
                samples.push(t.elapsed());
            }
            percentiles(name, samples);
        }
    });
}

/// Booking `i`: a free half-hour 200 days on, as core's front_desk bench books.
fn booking(i: i64) -> clinicdesk_core::dto::BookingDraft {
    let date = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Australia/Sydney").unwrap()).date();
    let date = date.checked_add(jiff::Span::new().days(200 + i / (20 * 24))).unwrap();
    let slot = (i / 20) % 24;
    clinicdesk_core::dto::BookingForm {
        patient_id: (1 + i % 20_000).to_string(),
        practitioner_id: (1 + i % 20).to_string(),
        appointment_type_id: "1".into(),
        date: date.to_string(),
        time: format!("{:02}:{:02}", 7 + slot / 2, (slot % 2) * 30),
        override_reason: String::new(),
        discount: Default::default(),
    }
    .try_into()
    .unwrap()
}

/// The use cases the front desk waits for, on the server.
fn use_cases(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let date: jiff::civil::Date = std::env::var("CLINICDESK_BENCH_DAY").expect("CLINICDESK_BENCH_DAY").parse().unwrap();
    let desk = rt.block_on(async {
        let url = std::env::var("CLINICDESK_BENCH_POSTGRES_URL").expect("CLINICDESK_BENCH_POSTGRES_URL");
        let pg = sqlx::postgres::PgPoolOptions::new().max_connections(4).connect(&url).await.unwrap();
        let desk = clinicdesk_core::Clinicdesk::with_db(pg).await.unwrap();
        let owner = desk.lock_screen().await.unwrap().members[0].id;
        desk.sign_in(owner, "2468").await.unwrap();
        desk
    });
    let day = rt.block_on(desk.day_view(Some(date))).unwrap();
    assert!(day.appointments.len() >= 800, "a full day: {}", day.appointments.len());
    let next = std::sync::atomic::AtomicI64::new(0);
    let book = || booking(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    rt.block_on(async {
        let mut samples = Vec::with_capacity(1000);
        for _ in 0..1000 {
            let t = Instant::now();
            std::hint::black_box(desk.day_view(Some(date)).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("PostgreSQL, the day view with balances (core's use case, 800 appointments)", samples);
        let mut samples = Vec::with_capacity(1000);
        for _ in 0..1000 {
            let draft = book();
            let t = Instant::now();
            std::hint::black_box(desk.book_appointment(draft).await.unwrap());
            samples.push(t.elapsed());
        }
        percentiles("PostgreSQL, booking (core's use case: checks, insert, audit, committed)", samples);
    });
    c.bench_function("postgres: day view with balances (use case)", |b| {
        b.to_async(&rt).iter(|| async { std::hint::black_box(desk.day_view(Some(date)).await.unwrap()) })
    });
    c.bench_function("postgres: booking (use case)", |b| {
        b.to_async(&rt).iter(|| async { std::hint::black_box(desk.book_appointment(book()).await.unwrap()) })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = bench, use_cases
}
criterion_main!(benches);
