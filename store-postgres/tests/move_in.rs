//! "Move to the server": a clinic with a row in every table goes from its
//! SQLite file into an empty PostgreSQL database whole, or not at all.

mod common;

use clinicdesk_store_postgres::move_in::{move_clinic, MoveProblem};
use clinicdesk_store_postgres::{db, Error};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::Executor;

async fn sqlite_clinic(dir: &std::path::Path) -> SqlitePool {
    let options =
        SqliteConnectOptions::new().filename(dir.join("clinicdesk.db")).create_if_missing(true).foreign_keys(true);
    let db = SqlitePoolOptions::new().max_connections(2).connect_with(options).await.unwrap();
    clinicdesk_core::db::MIGRATOR.run(&db).await.unwrap();
    db.execute(include_str!("fixtures/clinic.sql")).await.unwrap();
    db
}

fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("clinicdesk-move-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn a_clinic_moves_whole_with_the_same_money_and_new_rows_continue_after_it() {
    let dir = temp_dir();
    let sqlite = sqlite_clinic(&dir).await;
    let server = common::server();
    let (_, pg) = server.migrated().await;

    let report = move_clinic(&sqlite, &pg).await.unwrap();

    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_sqlx_migrations'",
    )
    .fetch_one(&pg)
    .await
    .unwrap();
    assert_eq!(report.rows.len() as i64, tables, "every table");
    let empty: Vec<&str> = report.rows.iter().filter(|(_, n)| *n == 0).map(|(t, _)| t.as_str()).collect();
    assert!(empty.is_empty(), "the fixture fills every table; empty: {empty:?}");
    let rows = |t: &str| report.rows.iter().find(|(name, _)| name == t).unwrap().1;
    assert_eq!((rows("patients"), rows("appointments")), (600, 3000));
    // Referenced tables first.
    let at = |t: &str| report.rows.iter().position(|(name, _)| name == t).unwrap();
    assert!(at("patients") < at("appointments") && at("appointments") < at("account_entries"));
    assert!(at("staff") < at("audit_log") && at("invoice_links") < at("invoice_payments"));

    // The money, as the server now reads it.
    let completed = 3000 - 300;
    assert_eq!(report.money["charges"], completed * 9000);
    assert_eq!(report.money["refunds"], 1000 + 9000);
    assert_eq!(report.money["paid online"], 3000);
    assert_eq!(report.money["next invoice number"], 3);
    let payments: i64 =
        sqlx::query_scalar("SELECT SUM(amount_minor)::bigint FROM account_entries WHERE kind = 'payment'")
            .fetch_one(&pg)
            .await
            .unwrap();
    assert_eq!(payments, report.money["payments"]);

    // Values survive the trip: booleans, NULLs, self-references, statuses.
    let row = db::appointments::get(&pg, 7).await.unwrap().unwrap();
    assert_eq!(
        (row.starts_at.as_str(), row.state),
        ("2025-02-01T01:30:00Z", clinicdesk_domain::AppointmentState::Completed)
    );
    let flags: (bool, Option<String>, bool) = sqlx::query_as(
        "SELECT c.allow_outside_hours, p.provider_number, p.active FROM clinic c, practitioners p WHERE p.id = 2",
    )
    .fetch_one(&pg)
    .await
    .unwrap();
    assert_eq!(flags, (true, None, false));
    let reverses: Option<i64> =
        sqlx::query_scalar("SELECT reverses FROM account_entries WHERE id = 20004").fetch_one(&pg).await.unwrap();
    assert_eq!(reverses, Some(10001));

    // The server's rules hold for what came in, and new rows follow the old.
    let e = sqlx::query("DELETE FROM audit_log").execute(&pg).await.unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let next: i64 = sqlx::query_scalar(
        "INSERT INTO concessions (name, name_key, percent, created_at, updated_at)
         VALUES ('Student', 'student', 10, 'now', 'now') RETURNING id",
    )
    .fetch_one(&pg)
    .await
    .unwrap();
    assert_eq!(next, 2);
    // Above the last restore's floors, where SQLite would have gone on.
    for (table, insert, floor) in [
        (
            "account_entries",
            "INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, charge_for, taken_by, at)
             VALUES (1, 'charge', 100, 'AUD', 'service', 'desk-1', 'now') RETURNING id",
            50000,
        ),
        (
            "checkout_attempts",
            "INSERT INTO checkout_attempts (appointment_id, kind, status, amount_minor, currency, idempotency_key,
                                            requested_expires_at, created_at, updated_at)
             VALUES (2, 'booking', 'failed', 100, 'AUD', 'idem-new', 'x', 'x', 'x') RETURNING id",
            40,
        ),
    ] {
        let id: i64 = sqlx::query_scalar(insert).fetch_one(&pg).await.unwrap();
        assert_eq!(id, floor + 1, "{table}");
    }
    let next_patient: i64 = sqlx::query_scalar(
        "INSERT INTO patients (first_name, last_name, name_key, rname_key, created_at, updated_at)
         VALUES ('New', 'One', 'new one', 'one new', 'x', 'x') RETURNING id",
    )
    .fetch_one(&pg)
    .await
    .unwrap();
    assert_eq!(next_patient, 601, "no floor: after the largest id");
    let (number, _) = db::clinic::take_invoice_number(&pg, "2025-03-01T00:00:00.000Z").await.unwrap();
    assert_eq!(number, 3, "invoice numbers go on from the clinic's");

    // The SQLite file is only read.
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM appointments").fetch_one(&sqlite).await.unwrap();
    assert_eq!(left, 3000);
    sqlite.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_server_that_already_holds_a_clinic_is_refused_and_left_as_it_was() {
    let dir = temp_dir();
    let sqlite = sqlite_clinic(&dir).await;
    let server = common::server();
    let (_, pg) = server.migrated().await;
    db::clinic::ensure(&pg, "db-other", "Europe/London", "GBP", "2025-01-01T00:00:00.000Z").await.unwrap();

    match move_clinic(&sqlite, &pg).await {
        Err(Error::Move(MoveProblem::NotEmpty { table })) => assert_eq!(table, "clinic"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(db::clinic::get(&pg).await.unwrap().database_id, "db-other");
    let patients: i64 = sqlx::query_scalar("SELECT count(*) FROM patients").fetch_one(&pg).await.unwrap();
    assert_eq!(patients, 0);
    sqlite.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_copy_that_fails_part_way_keeps_nothing_on_the_server() {
    let dir = temp_dir();
    let sqlite = sqlite_clinic(&dir).await;
    // Something the server refuses and SQLite let in: two live appointments
    // of one practitioner at once (SQLite's trigger guards inserts only).
    sqlx::query("UPDATE appointments SET state = 'booked', starts_at = '2025-02-01T00:00:00Z', ends_at = '2025-02-01T00:30:00Z' WHERE id = 3")
        .execute(&sqlite)
        .await
        .unwrap();
    let server = common::server();
    let (_, pg) = server.migrated().await;

    let e = move_clinic(&sqlite, &pg).await.unwrap_err();
    assert!(format!("{e:?}").contains("appointments_no_overlap"), "{e:?}");
    for table in ["clinic", "patients", "appointments", "account_entries", "audit_log"] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(&pg).await.unwrap();
        assert_eq!(n, 0, "{table} is empty again");
    }
    let hours: i64 = sqlx::query_scalar("SELECT count(*) FROM opening_hours").fetch_one(&pg).await.unwrap();
    assert_eq!(hours, 5, "the new clinic's default hours are back");
    sqlite.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
