//! The rules that keep a clinic's money and diary right, held by the
//! PostgreSQL schema when two workstations write at the same moment: two
//! pools (two workstations) race ten times on each.

mod common;

use sqlx::postgres::PgPool;
use sqlx::Row;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Barrier;

const ROUNDS: usize = 10;
const NOW: &str = "2026-12-03T08:00:00.000Z";

struct Clinic {
    one: PgPool,
    two: PgPool,
    patient: i64,
    practitioner: i64,
    kind: i64,
}

async fn clinic() -> Clinic {
    let server = common::server();
    let (name, one) = server.migrated().await;
    let two = server.pool(&name).await;
    let id = |sql: &'static str| {
        let one = one.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).bind(NOW).fetch_one(&one).await.unwrap() }
    };
    sqlx::query(
        "INSERT INTO clinic (id, database_id, time_zone, currency, created_at, updated_at)
         VALUES (1, 'db-1', 'Australia/Sydney', 'AUD', $1, $1)",
    )
    .bind(NOW)
    .execute(&one)
    .await
    .unwrap();
    let patient = id("INSERT INTO patients (first_name, last_name, name_key, rname_key, created_at, updated_at)
                      VALUES ('Sam', 'Taylor', 'sam taylor', 'taylor sam', $1, $1) RETURNING id")
    .await;
    let practitioner = id("INSERT INTO practitioners (name, name_key, display_order, created_at, updated_at)
                           VALUES ('Dr Mia Lee', 'dr mia lee', 1, $1, $1) RETURNING id")
    .await;
    let kind = id("INSERT INTO appointment_types (name, name_key, duration_minutes, price_minor, currency, colour,
                                                  display_order, created_at, updated_at)
                   VALUES ('Review', 'review', 30, 9000, 'AUD', '#0f766e', 1, $1, $1) RETURNING id")
    .await;
    Clinic { one, two, patient, practitioner, kind }
}

/// Runs `work` on both workstations at once; each holds its transaction a
/// moment before committing, so the second writer meets the first's
/// uncommitted row.
async fn race<F, Fut>(c: &Clinic, work: F) -> [Result<(), sqlx::Error>; 2]
where
    F: Fn(PgPool, usize) -> Fut,
    Fut: std::future::Future<Output = Result<(), sqlx::Error>> + Send + 'static,
{
    let start = Arc::new(Barrier::new(2));
    let tasks = [c.one.clone(), c.two.clone()].into_iter().enumerate().map(|(who, pool)| {
        let start = start.clone();
        let job = work(pool, who);
        tokio::spawn(async move {
            start.wait().await;
            job.await
        })
    });
    let mut results = Vec::new();
    for t in tasks.collect::<Vec<_>>() {
        results.push(t.await.unwrap());
    }
    results.try_into().unwrap()
}

fn constraint_of(e: &sqlx::Error) -> Option<String> {
    e.as_database_error().and_then(|d| d.constraint()).map(str::to_string)
}

fn one_won(results: &[Result<(), sqlx::Error>; 2], round: usize) -> &sqlx::Error {
    match results {
        [Ok(()), Err(e)] | [Err(e), Ok(())] => e,
        other => panic!("round {round}: exactly one workstation must win, got {other:?}"),
    }
}

async fn book(pool: &PgPool, c: (i64, i64, i64), starts: &str, ends: &str, state: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO appointments (patient_id, practitioner_id, appointment_type_id, starts_at, ends_at, state,
                                   type_name, colour, price_minor, currency, payment_mode, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'Review', '#0f766e', 9000, 'AUD', 'disabled', $7, $7) RETURNING id",
    )
    .bind(c.0)
    .bind(c.1)
    .bind(c.2)
    .bind(starts)
    .bind(ends)
    .bind(state)
    .bind(NOW)
    .fetch_one(pool)
    .await
}

#[tokio::test]
async fn two_workstations_booking_one_slot_exactly_one_wins() {
    let c = clinic().await;
    let ids = (c.patient, c.practitioner, c.kind);
    for round in 0..ROUNDS {
        let starts = format!("2026-12-{:02}T09:00:00Z", round + 1);
        let results = race(&c, |pool, who| {
            // The second one overlaps by a quarter of an hour.
            let (s, e) = if who == 0 {
                (starts.clone(), starts.replace("09:00", "09:30"))
            } else {
                (starts.replace("09:00", "09:15"), starts.replace("09:00", "09:45"))
            };
            // As the app will: the whole transaction again when PostgreSQL
            // breaks a deadlock between the two constraint checks.
            async move {
                let outcome = clinicdesk_store_postgres::retrying(|| async {
                    let mut tx = pool.begin().await?;
                    book_in(&mut tx, ids, &s, &e).await?;
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    Ok(tx.commit().await?)
                })
                .await;
                outcome.map_err(|e| match e {
                    clinicdesk_store_postgres::Error::Database(e) => e,
                    other => panic!("{other}"),
                })
            }
        })
        .await;
        let lost = one_won(&results, round);
        assert_eq!(lost.as_database_error().and_then(|d| d.code()).as_deref(), Some("23P01"), "{lost:?}");
        assert_eq!(constraint_of(lost).as_deref(), Some("appointments_no_overlap"));
    }
    let live: i64 = sqlx::query_scalar("SELECT count(*) FROM appointments").fetch_one(&c.one).await.unwrap();
    assert_eq!(live, ROUNDS as i64);

    // Back to back is not an overlap; a cancelled appointment holds nothing.
    // (A day of its own: which of a race's bookings won is not known.)
    book(&c.one, ids, "2026-12-20T09:00:00Z", "2026-12-20T09:30:00Z", "booked").await.unwrap();
    book(&c.one, ids, "2026-12-20T09:30:00Z", "2026-12-20T10:00:00Z", "booked").await.unwrap();
    book(&c.one, ids, "2026-12-20T09:15:00Z", "2026-12-20T09:45:00Z", "cancelled").await.unwrap();
    let e = book(&c.one, ids, "2026-12-20T09:45:00Z", "2026-12-20T10:15:00Z", "booked").await.unwrap_err();
    assert_eq!(constraint_of(&e).as_deref(), Some("appointments_no_overlap"));
    // A malformed instant is refused, not compared as text.
    let e = book(&c.one, ids, "2026-12-01 11:00", "2026-12-01T11:30:00Z", "booked").await.unwrap_err();
    assert_eq!(e.as_database_error().and_then(|d| d.code()).as_deref(), Some("22007"), "{e:?}");
}

async fn book_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Postgres>,
    c: (i64, i64, i64),
    starts: &str,
    ends: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO appointments (patient_id, practitioner_id, appointment_type_id, starts_at, ends_at, state,
                                   type_name, colour, price_minor, currency, payment_mode, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'booked', 'Review', '#0f766e', 9000, 'AUD', 'disabled', $6, $6)",
    )
    .bind(c.0)
    .bind(c.1)
    .bind(c.2)
    .bind(starts)
    .bind(ends)
    .bind(NOW)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

#[tokio::test]
async fn two_workstations_opening_a_payment_link_for_one_appointment_exactly_one_wins() {
    let c = clinic().await;
    let ids = (c.patient, c.practitioner, c.kind);
    for round in 0..ROUNDS {
        let day = format!("2026-12-{:02}", round + 1);
        let appointment =
            book(&c.one, ids, &format!("{day}T09:00:00Z"), &format!("{day}T09:30:00Z"), "booked").await.unwrap();
        let results = race(&c, |pool, who| async move {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO checkout_attempts (appointment_id, kind, status, amount_minor, currency,
                                                idempotency_key, requested_expires_at, created_at, updated_at)
                 VALUES ($1, 'booking', 'creating', 9000, 'AUD', $2, $3, $3, $3)",
            )
            .bind(appointment)
            .bind(format!("key-{appointment}-{who}"))
            .bind(NOW)
            .execute(&mut *tx)
            .await?;
            tokio::time::sleep(Duration::from_millis(30)).await;
            tx.commit().await
        })
        .await;
        let lost = one_won(&results, round);
        assert_eq!(constraint_of(lost).as_deref(), Some("checkout_attempts_one_payable"), "{lost:?}");
    }
}

#[tokio::test]
async fn invoice_numbers_have_no_gaps_when_two_workstations_issue_at_once_and_some_roll_back() {
    let c = clinic().await;
    let issued = race(&c, |pool, who| {
        let patient = c.patient;
        async move {
            for i in 0..ROUNDS {
                let mut tx = pool.begin().await?;
                let row = sqlx::query(
                    "UPDATE clinic SET next_invoice_number = next_invoice_number + 1, updated_at = $1 WHERE id = 1
                     RETURNING next_invoice_number - 1 AS number, invoice_prefix",
                )
                .bind(NOW)
                .fetch_one(&mut *tx)
                .await?;
                let number: i64 = row.get("number");
                let prefix: String = row.get("invoice_prefix");
                sqlx::query(
                    "INSERT INTO invoices (number, number_text, patient_id, currency, issue_date, due_date, state,
                                           created_by, created_at, issued_at, updated_at)
                     VALUES ($1, $2, $3, 'AUD', '2026-12-03', '2026-12-17', 'issued', $4, $5, $5, $5)",
                )
                .bind(number)
                .bind(format!("{prefix}{number}"))
                .bind(patient)
                .bind(format!("workstation {who}"))
                .bind(NOW)
                .execute(&mut *tx)
                .await?;
                tokio::time::sleep(Duration::from_millis(5)).await;
                // Every third of one workstation's invoices fails before it is saved.
                if who == 1 && i % 3 == 0 {
                    tx.rollback().await?;
                } else {
                    tx.commit().await?;
                }
            }
            Ok(())
        }
    })
    .await;
    for r in issued {
        r.unwrap();
    }
    let numbers: Vec<i64> =
        sqlx::query_scalar("SELECT number FROM invoices ORDER BY number").fetch_all(&c.one).await.unwrap();
    let saved = 2 * ROUNDS - ROUNDS.div_ceil(3);
    assert_eq!(numbers, (1..=saved as i64).collect::<Vec<_>>(), "gapless, each once");
}

#[tokio::test]
async fn two_workstations_demoting_the_last_two_owners_exactly_one_wins() {
    let c = clinic().await;
    let mut owners = Vec::new();
    for name in ["Ana", "Ben"] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO staff (name, name_key, role, pin_hash, created_at, updated_at)
             VALUES ($1, lower($1), 'owner', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', $2, $2) RETURNING id",
        )
        .bind(name)
        .bind(NOW)
        .fetch_one(&c.one)
        .await
        .unwrap();
        owners.push(id);
    }
    for round in 0..ROUNDS {
        let results = race(&c, |pool, who| {
            let id = owners[who];
            // Half the rounds demote, half make inactive: both end ownership.
            let change = if round % 2 == 0 { "role = 'receptionist'" } else { "active = FALSE" };
            async move {
                let mut tx = pool.begin().await?;
                sqlx::query(&format!("UPDATE staff SET {change} WHERE id = $1")).bind(id).execute(&mut *tx).await?;
                tokio::time::sleep(Duration::from_millis(30)).await;
                tx.commit().await
            }
        })
        .await;
        let lost = one_won(&results, round);
        assert!(lost.to_string().contains("staff_last_owner"), "{lost:?}");
        let active_owners: i64 = sqlx::query_scalar("SELECT count(*) FROM staff WHERE role = 'owner' AND active")
            .fetch_one(&c.one)
            .await
            .unwrap();
        assert_eq!(active_owners, 1, "round {round}");
        sqlx::query("UPDATE staff SET role = 'owner', active = TRUE").execute(&c.one).await.unwrap();
    }
}

#[tokio::test]
async fn the_audit_log_and_account_entries_are_append_only() {
    let c = clinic().await;
    let ids = (c.patient, c.practitioner, c.kind);
    sqlx::query(
        "INSERT INTO audit_log (at, workstation, entity, entity_id, action) VALUES ($1, 'desk-1', 'patient', '1', 'create')",
    )
    .bind(NOW)
    .execute(&c.one)
    .await
    .unwrap();
    let appointment = book(&c.one, ids, "2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z", "booked").await.unwrap();
    sqlx::query(
        "INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, charge_for, taken_by, at)
         VALUES ($1, 'charge', 9000, 'AUD', 'service', 'desk-1', $2)",
    )
    .bind(appointment)
    .bind(NOW)
    .execute(&c.one)
    .await
    .unwrap();
    for (sql, words) in [
        ("UPDATE audit_log SET action = 'edit'", "append-only"),
        ("DELETE FROM audit_log", "append-only"),
        ("UPDATE account_entries SET amount_minor = 1", "never edited"),
        ("DELETE FROM account_entries", "never deleted"),
        ("TRUNCATE audit_log", "never emptied"),
        ("TRUNCATE account_entries CASCADE", "never emptied"),
        ("TRUNCATE staff CASCADE", "never emptied"),
    ] {
        let e = sqlx::query(sql).execute(&c.two).await.unwrap_err();
        assert!(e.to_string().contains(words), "{sql}: {e}");
    }
    let kept: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM audit_log), (SELECT sum(amount_minor)::bigint FROM account_entries)",
    )
    .fetch_one(&c.one)
    .await
    .unwrap();
    assert_eq!(kept, (1, 9000));
}
