//! The schema over time: every migration keeps existing data, a newer
//! database is refused untouched, and the connection is set up as promised.

use clinicdesk_core::{db, Clinicdesk, Error};
use sqlx::migrate::Migrator;
use sqlx::{Connection, SqliteConnection};
use std::path::Path;

async fn raw(path: &Path) -> SqliteConnection {
    SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display())).await.unwrap()
}

/// Applies only the first migration, fills it with a clinic's data as that
/// version wrote it, then lets the current app open it: everything must
/// still be there. Later migrations inherit this guarantee by running here.
#[tokio::test]
async fn upgrading_from_the_first_schema_keeps_all_data() {
    let dir = tempdir();
    let path = dir.join("clinicdesk.db");
    let mut conn = raw(&path).await;
    let first = Migrator {
        migrations: std::borrow::Cow::Owned(vec![db::MIGRATOR.iter().next().unwrap().clone()]),
        ..Migrator::DEFAULT
    };
    first.run(&mut conn).await.unwrap();
    sqlx::raw_sql(
        "INSERT INTO clinic (id, database_id, name, time_zone, currency, created_at, updated_at)
         VALUES (1, 'db-1', 'Old Clinic', 'Australia/Sydney', 'AUD', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
         INSERT INTO appointment_types (id, name, name_key, description, duration_minutes, price_minor, currency, colour,
           display_order, archived, online_mode, online_amount_rule, online_fixed_minor, online_percent, created_at, updated_at)
         VALUES
           (1, 'Consult', 'consult', 'desc', 30, 9000, 'AUD', '#0f766e', 1, FALSE, 'required', 'fixed', 3000, NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
           (2, 'Massage', 'massage', '', 60, 12000, 'AUD', '#2563eb', 2, FALSE, 'allowed', 'percent', NULL, 50, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
           (3, 'Old', 'old', '', 15, 0, 'AUD', '#475569', 3, TRUE, 'disabled', 'full', NULL, NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
         INSERT INTO audit_log (at, workstation, entity, entity_id, action, before_json, after_json)
         VALUES ('2026-01-01T00:00:00Z', 'desk-1', 'appointment_type', '1', 'created', NULL, '{}');",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let desk = Clinicdesk::open(&dir).await.unwrap();
    assert_eq!(desk.database_id().await.unwrap(), "db-1");
    let s = desk.clinic_settings().await.unwrap();
    assert_eq!((s.name.as_str(), s.time_zone.as_str(), s.currency.code()), ("Old Clinic", "Australia/Sydney", "AUD"));
    let types = desk.list_appointment_types(true).await.unwrap();
    let summary: Vec<(String, i64, Option<i64>, bool)> =
        types.iter().map(|t| (t.name.clone(), t.price.minor, t.online_amount.map(|m| m.minor), t.archived)).collect();
    assert_eq!(
        summary,
        vec![
            ("Consult".into(), 9000, Some(3000), false),
            ("Massage".into(), 12000, Some(6000), false),
            ("Old".into(), 0, None, true),
        ]
    );
    assert_eq!(desk.appointment_type_history(types[0].id).await.unwrap().len(), 1);
    desk.close().await;
}

#[tokio::test]
async fn a_database_from_a_newer_app_is_refused_and_left_untouched() {
    let dir = tempdir();
    let desk = Clinicdesk::open(&dir).await.unwrap();
    let id = desk.database_id().await.unwrap();
    desk.close().await;
    let path = dir.join("clinicdesk.db");
    let mut conn = raw(&path).await;
    let future = db::known_schema_version() + 1;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
         VALUES ($1, 'from the future', CURRENT_TIMESTAMP, TRUE, x'00', 0)",
    )
    .bind(future)
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query("CREATE TABLE future_table (x INTEGER)").execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    let before = std::fs::read(&path).unwrap();

    match Clinicdesk::open(&dir).await {
        Err(e @ Error::DatabaseTooNew { .. }) => {
            assert_eq!(e.code(), "database_too_new");
            assert!(e.public_message().contains("newer version"), "{}", e.public_message());
        }
        Err(other) => panic!("expected DatabaseTooNew, got {other:?}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file is byte for byte unchanged");
    let mut conn = raw(&path).await;
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version").fetch_all(&mut conn).await.unwrap();
    assert_eq!(versions.last(), Some(&future));
    let kept: String = sqlx::query_scalar("SELECT database_id FROM clinic").fetch_one(&mut conn).await.unwrap();
    assert_eq!(kept, id);
}

#[tokio::test]
async fn connections_use_wal_busy_timeout_and_foreign_keys() {
    let dir = tempdir();
    let desk = Clinicdesk::open(&dir).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(desk.db()).await.unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(desk.db()).await.unwrap();
    assert_eq!(fk, 1);
    let timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout").fetch_one(desk.db()).await.unwrap();
    assert!(timeout >= 1000, "busy_timeout {timeout} ms");
    desk.close().await;
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("clinicdesk-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
