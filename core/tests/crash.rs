//! The database survives `kill -9`: a worker process (this test binary, run
//! again as `crash_worker`) books, takes payments and refunds on a real
//! database file, printing each write the moment core confirms it (as the
//! window would be told); it is killed with SIGKILL at a random moment.
//! After every kill the database passes `integrity_check`, every confirmed
//! write is there, and no account is unbalanced or half-written.
//!
//! 20 rounds here; `scripts/crash.sh` runs 100 (CLINICDESK_CRASH_ROUNDS).

#![cfg(unix)]

mod common;

use clinicdesk_core::account::forms::{RefundForm, TakePaymentForm};
use clinicdesk_core::domain::*;
use clinicdesk_core::dto::*;
use clinicdesk_core::Clinicdesk;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WORKER: &str = "CLINICDESK_CRASH_WORKER";

/// xorshift: no dependency for a little randomness.
struct Rng(u64);

impl Rng {
    fn seeded() -> Rng {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
        Rng(t | 1)
    }
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Confirmed {
    Appointment(i64),
    Entry { id: i64, appointment: i64, kind: &'static str, amount: i64 },
}

fn parse(line: &str) -> Option<Confirmed> {
    let parts: Vec<&str> = line.split_whitespace().collect();
    match parts.as_slice() {
        ["confirmed", "appointment", id] => Some(Confirmed::Appointment(id.parse().ok()?)),
        ["confirmed", kind @ ("payment" | "refund"), id, appointment, amount] => Some(Confirmed::Entry {
            id: id.parse().ok()?,
            appointment: appointment.parse().ok()?,
            kind: if *kind == "payment" { "payment" } else { "refund" },
            amount: amount.parse().ok()?,
        }),
        _ => None,
    }
}

async fn check(dir: &std::path::Path, confirmed: &[Confirmed]) -> usize {
    let url = format!("sqlite://{}", dir.join("clinicdesk.db").display());
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url).await.unwrap();
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut conn).await.unwrap();
    assert_eq!(integrity, ["ok"]);
    for c in confirmed {
        match c {
            Confirmed::Appointment(id) => {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut conn)
                    .await
                    .unwrap();
                assert_eq!(n, 1, "confirmed appointment {id} is missing");
            }
            Confirmed::Entry { id, appointment, kind, amount } => {
                let row: Option<(i64, String, i64)> =
                    sqlx::query_as("SELECT appointment_id, kind, amount_minor FROM account_entries WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut conn)
                        .await
                        .unwrap();
                assert_eq!(row, Some((*appointment, kind.to_string(), *amount)), "confirmed entry {id}");
            }
        }
    }
    let query = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    // A booking and its charge are one transaction: never one without the other.
    let uncharged = query(
        "SELECT COUNT(*) FROM appointments a WHERE a.price_minor > 0
         AND NOT EXISTS (SELECT 1 FROM account_entries e WHERE e.appointment_id = a.id AND e.kind = 'charge')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(uncharged, 0, "a booking without its charge");
    // No payment refunded beyond itself, no account paid beyond its charges.
    let over_refunded = query(
        "SELECT COUNT(*) FROM (SELECT r.refund_of FROM account_entries r JOIN account_entries p ON p.id = r.refund_of
          WHERE r.kind = 'refund' GROUP BY r.refund_of HAVING SUM(r.amount_minor) > MAX(p.amount_minor))",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(over_refunded, 0);
    let overpaid = query(
        "SELECT COUNT(*) FROM (SELECT appointment_id FROM account_entries GROUP BY appointment_id
          HAVING SUM(CASE kind WHEN 'charge' THEN amount_minor WHEN 'refund' THEN amount_minor ELSE -amount_minor END) < 0)",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(overpaid, 0, "an account paid beyond its charges");
    // Every entry has its audit row (written in the same transaction).
    let unaudited = query(
        "SELECT (SELECT COUNT(*) FROM account_entries) - (SELECT COUNT(*) FROM audit_log WHERE action = 'entry_added')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(unaudited, 0, "an entry without its audit row");
    confirmed.len()
}

#[test]
fn killed_at_random_moments_the_database_keeps_every_confirmed_write() {
    if std::env::var_os(WORKER).is_some() {
        return;
    }
    let rounds: usize = std::env::var("CLINICDESK_CRASH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(20);
    let dir = std::env::temp_dir().join(format!("clinicdesk-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut rng = Rng::seeded();
    let started = Instant::now();
    let (mut verified, mut killed_mid_write) = (0, 0);
    for round in 0..rounds {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["crash_worker", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
            .env(WORKER, &dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // Wait until it writes, then kill it 0–400 ms later.
        // (The test harness prints its own lines first.)
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let line = rx.recv_timeout(deadline.saturating_duration_since(Instant::now()));
            match line {
                Ok(l) if l.ends_with("ready") => break,
                Ok(_) => continue,
                Err(e) => panic!("round {round}: the worker never got ready ({e})"),
            }
        }
        std::thread::sleep(Duration::from_millis(rng.next(400)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        let lines: Vec<String> = rx.try_iter().collect();
        killed_mid_write += usize::from(lines.last().is_some_and(|l| l.starts_with("writing")));
        let confirmed: Vec<Confirmed> = lines.iter().filter_map(|l| parse(l)).collect();
        verified += rt.block_on(check(&dir, &confirmed));
    }
    println!(
        "crash test: {rounds} rounds killed with SIGKILL, {verified} confirmed writes all found, \
         {killed_mid_write} kills during a write, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(verified > 0, "the worker confirmed writes");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The worker: run by the test above, never on its own.
#[test]
#[ignore = "run by killed_at_random_moments_the_database_keeps_every_confirmed_write"]
fn crash_worker() {
    let Some(dir) = std::env::var_os(WORKER) else { return };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async move {
        let desk = Clinicdesk::open(std::path::Path::new(&dir)).await.unwrap();
        common::as_owner(&desk).await;
        let (practitioner, patient, kind) = set_up(&desk).await;
        let mut out = std::io::stdout().lock();
        writeln!(out, "ready").unwrap();
        out.flush().unwrap();
        let mut rng = Rng::seeded();
        let mut n: i64 = common::raw!(desk.db(), e => sqlx::query_scalar("SELECT COUNT(*) FROM appointments").fetch_one(e).await).unwrap();
        loop {
            n += 1;
            let today = desk.clinic_today().await.unwrap();
            let date = today.checked_add(jiff::Span::new().days(30 + n / 40)).unwrap();
            let minutes = (n % 40) * 30;
            let form = BookingForm {
                patient_id: patient.to_string(),
                practitioner_id: practitioner.to_string(),
                appointment_type_id: kind.to_string(),
                date: date.to_string(),
                time: format!("{:02}:{:02}", minutes / 60, minutes % 60),
                override_reason: String::new(),
                discount: Default::default(),
            };
            writeln!(out, "writing booking").unwrap();
            let a = desk.book_appointment(form.try_into().unwrap()).await.unwrap();
            writeln!(out, "confirmed appointment {}", a.id.0).unwrap();
            out.flush().unwrap();
            let amount = 1 + rng.next(6000) as i64;
            let pay = TakePaymentForm {
                amount: format!("{}.{:02}", amount / 100, amount % 100),
                method: "cash".into(),
                ..Default::default()
            };
            writeln!(out, "writing payment").unwrap();
            let taken = desk.take_payment(a.id, pay.try_into().unwrap()).await.unwrap();
            let entry = taken.receipt.unwrap().entry_id.0;
            writeln!(out, "confirmed payment {entry} {} {amount}", a.id.0).unwrap();
            out.flush().unwrap();
            if rng.next(2) == 0 {
                let back = 1 + rng.next(amount as u64) as i64;
                let form = RefundForm {
                    payment_id: entry.to_string(),
                    amount: format!("{}.{:02}", back / 100, back % 100),
                    reason: "Crash test".into(),
                };
                writeln!(out, "writing refund").unwrap();
                desk.refund(a.id, form.try_into().unwrap()).await.unwrap();
                let id: i64 = common::raw!(desk.db(), e => sqlx::query_scalar("SELECT MAX(id) FROM account_entries WHERE kind = 'refund'")
                    .fetch_one(e).await)
                    .unwrap();
                writeln!(out, "confirmed refund {id} {} {back}", a.id.0).unwrap();
                out.flush().unwrap();
            }
        }
    });
}

/// The first round sets the clinic up; later rounds find it.
async fn set_up(desk: &Clinicdesk) -> (i64, i64, i64) {
    let existing: Option<(i64, i64, i64)> = common::raw!(desk.db(), e => sqlx::query_as(
        "SELECT (SELECT MIN(id) FROM practitioners), (SELECT MIN(id) FROM patients), (SELECT MIN(id) FROM appointment_types)
         WHERE EXISTS (SELECT 1 FROM appointment_types)",
    )
    .fetch_optional(e).await)
    .unwrap();
    if let Some(ids) = existing {
        return ids;
    }
    let days = (1..=7)
        .map(|weekday| OpeningDayForm { weekday, open: true, opens: "00:00".into(), closes: "24:00".into() })
        .collect();
    desk.save_opening_hours(OpeningHoursForm { days }.try_into().unwrap()).await.unwrap();
    let practitioner = desk.create_practitioner(PractitionerName::try_from("Dr Crash").unwrap()).await.unwrap().id.0;
    let patient = PatientForm { first_name: "Kim".into(), last_name: "Kill".into(), ..Default::default() };
    let patient = desk.create_patient(patient.try_into().unwrap()).await.unwrap().id.0;
    let form = AppointmentTypeForm {
        name: "Review".into(),
        description: String::new(),
        duration_minutes: "30".into(),
        colour: "#0f766e".into(),
        pricing: PricingForm {
            price: "60".into(),
            online_mode: "disabled".into(),
            amount_rule: "full".into(),
            fixed_amount: String::new(),
            percentage: String::new(),
        },
        cancellation_fee: String::new(),
        no_show_fee: String::new(),
    };
    let draft: AppointmentTypeDraft = form.try_into().unwrap();
    let kind = desk.create_appointment_type(draft).await.unwrap().id.0;
    (practitioner, patient, kind)
}
