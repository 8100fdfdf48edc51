//! The schema over time: every migration keeps existing data, a newer
//! database is refused untouched, and the connection is set up as promised.

mod common;

use clinicdesk_core::{db, Clinicdesk, Error};
use common::desk::code;
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
    // Nothing can be read until the upgraded clinic has its owner.
    assert_eq!(code(desk.clinic_settings().await), "locked");
    assert!(desk.lock_screen().await.unwrap().needs_owner, "an upgraded clinic asks for its owner first");
    desk.create_owner("Olivia Owner", "2468").await.unwrap();
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

/// The front desk's schema with payment rows as that version wrote them
/// (including two payable links for one appointment, which a race could
/// leave): the upgrade keeps every row, records the account they were made
/// with, keeps the newest of the two payable, listing the other, and opens
/// each appointment's account from what was charged and paid.
#[tokio::test]
async fn payment_attempts_survive_the_upgrade() {
    let dir = tempdir();
    let path = dir.join("clinicdesk.db");
    let mut conn = raw(&path).await;
    let front_desk = Migrator {
        migrations: std::borrow::Cow::Owned(db::MIGRATOR.iter().take(3).cloned().collect()),
        ..Migrator::DEFAULT
    };
    front_desk.run(&mut conn).await.unwrap();
    let t = "'2026-11-20T00:00:00Z'";
    sqlx::raw_sql(&format!(
        "INSERT INTO clinic (id, database_id, name, time_zone, currency, created_at, updated_at)
         VALUES (1, 'db-1', 'Old Clinic', 'Australia/Sydney', 'AUD', {t}, {t});
         INSERT INTO stripe_connection (id, account_id, livemode, key_hint, restricted, connected_at, verified_at)
         VALUES (1, 'acct_1Old', FALSE, 'sk_test_…1234', FALSE, {t}, {t});
         INSERT INTO appointment_types (id, name, name_key, duration_minutes, price_minor, currency, colour, display_order,
           online_mode, online_amount_rule, online_fixed_minor, created_at, updated_at)
         VALUES (1, 'Consult', 'consult', 30, 9000, 'AUD', '#0f766e', 1, 'required', 'fixed', 3000, {t}, {t});
         INSERT INTO practitioners (id, name, name_key, display_order, created_at, updated_at)
         VALUES (1, 'Dr Lee', 'dr lee', 1, {t}, {t});
         INSERT INTO patients (id, first_name, last_name, name_key, rname_key, created_at, updated_at)
         VALUES (1, 'Sam', 'Taylor', 'sam taylor', 'taylor sam', {t}, {t});
         INSERT INTO appointments (id, patient_id, practitioner_id, appointment_type_id, starts_at, ends_at, state,
           type_name, colour, price_minor, currency, payment_mode, online_amount_minor, created_at, updated_at)
         VALUES (1, 1, 1, 1, '2026-11-21T00:00:00Z', '2026-11-21T00:30:00Z', 'booked', 'Consult', '#0f766e', 9000,
                 'AUD', 'required', 3000, {t}, {t}),
                (2, 1, 1, 1, '2026-11-22T00:00:00Z', '2026-11-22T00:30:00Z', 'awaiting_payment', 'Consult',
                 '#0f766e', 9000, 'AUD', 'required', 3000, {t}, {t}),
                (3, 1, 1, 1, '2026-11-23T00:00:00Z', '2026-11-23T00:30:00Z', 'cancelled', 'Consult',
                 '#0f766e', 9000, 'AUD', 'required', 3000, {t}, {t});
         INSERT INTO payments (id, appointment_id, kind, status, amount_minor, currency, idempotency_key,
           requested_expires_at, checkout_session_id, payment_intent_id, livemode, created_at, updated_at, paid_at)
         VALUES (1, 1, 'checkout', 'paid', 3000, 'AUD', 'k1', {t}, 'cs_test_1', 'pi_1', FALSE, {t}, {t}, {t}),
                (2, 2, 'checkout', 'open', 3000, 'AUD', 'k2', {t}, 'cs_test_2', NULL, FALSE, {t}, {t}, NULL),
                (3, 2, 'checkout', 'open', 3000, 'AUD', 'k3', {t}, 'cs_test_3', NULL, FALSE, {t}, {t}, NULL);"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let desk = Clinicdesk::open(&dir).await.unwrap();
    common::as_owner(&desk).await;
    // Before upgrading, a checked copy of the old database was made.
    let backups: Vec<_> = std::fs::read_dir(dir.join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(backups[0].to_string_lossy().ends_with("-before-upgrade.db"));
    let mut old = raw(&backups[0]).await;
    let old_rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments").fetch_one(&mut old).await.unwrap();
    assert_eq!(old_rows, 3, "the copy is the old schema with its rows");
    old.close().await.unwrap();
    type Row = (i64, String, String, Option<String>, Option<String>);
    let rows: Vec<Row> =
        common::raw!(desk.db(), e => sqlx::query_as("SELECT id, kind, status, stripe_account_id, request_body FROM checkout_attempts ORDER BY id")
            .fetch_all(e).await)
            .unwrap();
    assert_eq!(
        rows,
        vec![
            (1, "booking".into(), "paid".into(), Some("acct_1Old".into()), None),
            (2, "booking".into(), "closed".into(), Some("acct_1Old".into()), None),
            (3, "booking".into(), "open".into(), Some("acct_1Old".into()), None),
        ]
    );
    let a = desk.appointment(clinicdesk_core::domain::AppointmentId(1)).await.unwrap();
    assert_eq!(a.payment.unwrap().paid_amount.unwrap().minor, 3000, "the paid link still counts");
    let listed = desk.needs_attention().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].kind, clinicdesk_core::domain::AttentionKind::DuplicateLink);
    assert_eq!(listed[0].checkout_session_id.as_deref(), Some("cs_test_2"));
    // Each appointment's account, from what the old version knew: the
    // service charged (and cancelled out for the cancelled one), the
    // online payment counted.
    use clinicdesk_core::domain::{AccountStatus, AppointmentId};
    let mut accounts = Vec::new();
    for id in 1..=3 {
        let a = desk.account(AppointmentId(id)).await.unwrap();
        accounts.push((a.charges.minor, a.payments.minor, a.balance.minor, a.status));
    }
    assert_eq!(
        accounts,
        vec![
            (9000, 3000, 6000, AccountStatus::PartPaid),
            (9000, 0, 9000, AccountStatus::Owing),
            (0, 0, 0, AccountStatus::Settled),
        ]
    );
    desk.close().await;
}

#[tokio::test]
async fn a_database_from_a_newer_app_is_refused_and_left_untouched() {
    let dir = tempdir();
    let desk = Clinicdesk::open(&dir).await.unwrap();
    common::as_owner(&desk).await;
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
async fn connections_use_wal_full_sync_busy_timeout_and_foreign_keys() {
    let dir = tempdir();
    let desk = Clinicdesk::open(&dir).await.unwrap();
    common::as_owner(&desk).await;
    let mode: String =
        common::raw!(desk.db(), e => sqlx::query_scalar("PRAGMA journal_mode").fetch_one(e).await).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = common::raw!(desk.db(), e => sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(e).await).unwrap();
    assert_eq!(fk, 1);
    let timeout: i64 =
        common::raw!(desk.db(), e => sqlx::query_scalar("PRAGMA busy_timeout").fetch_one(e).await).unwrap();
    assert!(timeout >= 1000, "busy_timeout {timeout} ms");
    // FULL (2): every commit synced before it returns (durable on power loss).
    let synchronous: i64 =
        common::raw!(desk.db(), e => sqlx::query_scalar("PRAGMA synchronous").fetch_one(e).await).unwrap();
    assert_eq!(synchronous, 2);
    desk.close().await;
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("clinicdesk-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A clinic that chose a backup folder (another disk) before this upgrade:
/// the checked pre-upgrade copy is in the data folder and on that disk too;
/// the clinic then asks for its owner, and its data is all there.
#[tokio::test]
async fn the_upgrade_backup_also_goes_to_the_owners_backup_folder() {
    let dir = tempdir();
    let usb = tempdir();
    let path = dir.join("clinicdesk.db");
    let mut conn = raw(&path).await;
    let before_staff = Migrator {
        migrations: std::borrow::Cow::Owned(db::MIGRATOR.iter().take(9).cloned().collect()),
        ..Migrator::DEFAULT
    };
    before_staff.run(&mut conn).await.unwrap();
    sqlx::query(
        "INSERT INTO clinic (id, database_id, name, time_zone, currency, created_at, updated_at)
         VALUES (1, 'db-9', 'Nine Clinic', 'Australia/Sydney', 'AUD', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query("INSERT INTO backup_settings (id, folder, updated_at) VALUES (1, $1, '2026-01-01T00:00:00Z')")
        .bind(usb.to_str().unwrap())
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let desk = Clinicdesk::open(&dir).await.unwrap();
    let names = |d: &Path| -> Vec<String> {
        std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    };
    let here = names(&dir.join("backups"));
    assert_eq!(here.len(), 1, "{here:?}");
    assert!(here[0].ends_with("-before-upgrade.db"));
    assert_eq!(names(&usb), here, "the same checked copy on the backup disk");
    assert_eq!(std::fs::read(usb.join(&here[0])).unwrap(), std::fs::read(dir.join("backups").join(&here[0])).unwrap());
    assert!(desk.lock_screen().await.unwrap().needs_owner);
    desk.create_owner("Nina Owner", "1357").await.unwrap();
    assert_eq!(desk.clinic_settings().await.unwrap().name, "Nine Clinic");
}
