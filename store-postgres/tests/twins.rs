//! Each twin answers as SQLite does: the same clinic (a row in every table,
//! tests/fixtures/clinic.sql) is moved into PostgreSQL, then every shared
//! operation runs on both stores with the same arguments and must return the
//! same value (compared as their Debug text) or both must refuse.

mod common;

use clinicdesk_core::db as sqlite_db;
use clinicdesk_domain::rows::appointment_types::TypeFields;
use clinicdesk_domain::rows::attention_items::NewItem;
use clinicdesk_domain::rows::backups::NewBackup;
use clinicdesk_domain::rows::invoice_lines::LineRow;
use clinicdesk_domain::rows::invoice_payments::NewInvoicePayment;
use clinicdesk_domain::rows::mail_server::MailServerRow;
use clinicdesk_domain::rows::sent_emails::NewSentEmail;
use clinicdesk_domain::rows::stripe_connection::ConnectionRow;
use clinicdesk_domain::{AttentionKind, KeyStatus, LineKind, MailSecurity, PaymentMode};
use clinicdesk_store_postgres::db as pg_db;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{Executor, PgPool};

const NOW: &str = "2026-12-03T09:00:00.000Z";

struct Both {
    sqlite: SqlitePool,
    pg: PgPool,
}

/// The fixture clinic in SQLite, and a copy of it moved to the server.
async fn both() -> Both {
    let options = SqliteConnectOptions::new().in_memory(true).foreign_keys(true);
    // One connection: an in-memory database is one per connection.
    let sqlite = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    sqlite_db::MIGRATOR.run(&sqlite).await.unwrap();
    sqlite.execute(include_str!("fixtures/clinic.sql")).await.unwrap();
    let (_, pg) = common::server().migrated().await;
    clinicdesk_store_postgres::move_in::move_clinic(&sqlite, &pg).await.unwrap();
    Both { sqlite, pg }
}

/// Runs `table::op(args)` on both stores; both must succeed with the same value.
macro_rules! same {
    ($b:expr, $table:ident :: $op:ident ( $($arg:expr),* $(,)? )) => {{
        let what = concat!(stringify!($table), "::", stringify!($op));
        let s = sqlite_db::$table::$op(&$b.sqlite $(, $arg)*).await.unwrap_or_else(|e| panic!("SQLite {what}: {e:?}"));
        let p = pg_db::$table::$op(&$b.pg $(, $arg)*).await.unwrap_or_else(|e| panic!("PostgreSQL {what}: {e:?}"));
        assert_eq!(format!("{s:?}"), format!("{p:?}"), "{what} answers differently on the server");
        s
    }};
}

/// Runs `table::op(args)` on both stores; both must refuse it.
macro_rules! both_refuse {
    ($b:expr, $table:ident :: $op:ident ( $($arg:expr),* $(,)? )) => {{
        let what = concat!(stringify!($table), "::", stringify!($op));
        let s = sqlite_db::$table::$op(&$b.sqlite $(, $arg)*).await;
        let p = pg_db::$table::$op(&$b.pg $(, $arg)*).await;
        assert!(s.is_err(), "SQLite let {what} through: {s:?}");
        assert!(p.is_err(), "PostgreSQL let {what} through: {p:?}");
    }};
}

#[tokio::test]
async fn appointment_types_answer_alike() {
    let b = both().await;
    assert_eq!(same!(b, appointment_types::list(true)).len(), 2);
    assert_eq!(same!(b, appointment_types::list(false)).len(), 1);
    same!(b, appointment_types::get(2));
    assert!(same!(b, appointment_types::active_name_taken("review", 0)));
    assert!(!same!(b, appointment_types::active_name_taken("review", 1)));
    assert_eq!(same!(b, appointment_types::count_all()), 2);
    let order = same!(b, appointment_types::next_display_order());
    let fields = TypeFields {
        name: "Initial consult",
        name_key: "initial consult",
        description: "First visit",
        duration_minutes: 45,
        price_minor: 12000,
        currency: "AUD",
        colour: "#7c3aed",
        online_mode: PaymentMode::Required,
        online_amount_rule: "percent",
        online_fixed_minor: None,
        online_percent: Some(25),
        cancellation_fee_minor: Some(3000),
        no_show_fee_minor: Some(6000),
    };
    let id = same!(b, appointment_types::insert(&fields, order, NOW));
    // A second active type of the same name is refused by both.
    both_refuse!(b, appointment_types::insert(&fields, order + 1, NOW));
    let renamed = TypeFields { name: "New patient", name_key: "new patient", ..fields };
    same!(b, appointment_types::update(id, &renamed, NOW));
    same!(b, appointment_types::neighbour(order, true));
    same!(b, appointment_types::neighbour(1, false));
    same!(b, appointment_types::set_display_order(id, 7, NOW));
    same!(b, appointment_types::set_archived(1, true, 0, NOW));
    let all = same!(b, appointment_types::list(true));
    assert_eq!(all.iter().find(|t| t.id == id).map(|t| t.name.as_str()), Some("New patient"));
}

#[tokio::test]
async fn attention_items_answer_alike() {
    let b = both().await;
    assert!(same!(b, attention_items::open_items()).is_empty(), "the fixture's item is resolved");
    same!(b, attention_items::get(1));
    let item = NewItem {
        kind: AttentionKind::PaidAfterCancel,
        appointment_id: Some(7),
        attempt_id: Some(1),
        amount_minor: Some(3000),
        currency: Some("AUD"),
        detail: r#"{"checkoutSessionId":"cs_test_1"}"#.into(),
    };
    assert!(same!(b, attention_items::raise(&item, NOW)));
    assert!(!same!(b, attention_items::raise(&item, NOW)), "raised once per kind and attempt");
    assert_eq!(same!(b, attention_items::count_open()), 1);
    assert!(same!(b, attention_items::exists_for_session(AttentionKind::PaidAfterCancel, "cs_test_1")));
    assert!(!same!(b, attention_items::exists_for_session(AttentionKind::Overpaid, "cs_test_1")));
    let open = same!(b, attention_items::open_items());
    assert_eq!(same!(b, attention_items::resolve(open[0].id, "Refunded", NOW)), 1);
    assert_eq!(same!(b, attention_items::resolve(open[0].id, "Again", NOW)), 0, "already dealt with");
    assert_eq!(same!(b, attention_items::count_open()), 0);
}

#[tokio::test]
async fn backups_answer_alike() {
    let b = both().await;
    assert_eq!(same!(b, backups::folder()).as_deref(), Some("/media/usb/backups"));
    same!(b, backups::latest());
    same!(b, backups::set_folder(Some("/mnt/nas/clinic"), NOW));
    assert_eq!(same!(b, backups::folder()).as_deref(), Some("/mnt/nas/clinic"));
    let ok = NewBackup {
        reason: "manual",
        file: Some("clinicdesk-2026-12-03.db"),
        bytes: Some(2_000_000),
        counts: Some((600, 3000, 2300)),
        failure_code: None,
    };
    same!(b, backups::record(&ok, "desk-1", NOW));
    let failed =
        NewBackup { reason: "daily", file: None, bytes: None, counts: None, failure_code: Some("folder_missing") };
    same!(b, backups::record(&failed, "desk-1", "2026-12-03T10:00:00.000Z"));
    let (last, last_ok) = same!(b, backups::latest());
    assert!(!last.unwrap().ok);
    assert_eq!(last_ok.unwrap().file.as_deref(), Some("clinicdesk-2026-12-03.db"));
}

#[tokio::test]
async fn cash_days_answer_alike() {
    let b = both().await;
    same!(b, cash_days::get("2025-02-01"));
    assert!(same!(b, cash_days::is_closed("2025-02-01")));
    assert!(!same!(b, cash_days::is_closed("2025-02-02")));
    assert_eq!(same!(b, cash_days::previous_float("2025-02-03")), Some(20000));
    same!(b, cash_days::save_till("2025-02-02", "AUD", 25000, Some(80000), Some("Short by $5"), NOW));
    // A closed day's till stays as it was closed.
    both_refuse!(b, cash_days::save_till("2025-02-01", "AUD", 1, Some(1), None, NOW));
    assert_eq!(same!(b, cash_days::close("2025-02-02", r#"{"total":2}"#, 20004, "Olivia Owner", NOW)), 1);
    assert_eq!(same!(b, cash_days::close("2025-02-02", r#"{"total":3}"#, 20004, "Olivia Owner", NOW)), 0);
    let day = same!(b, cash_days::get("2025-02-02")).unwrap();
    assert_eq!((day.counted_minor, day.report.as_deref()), (Some(80000), Some(r#"{"total":2}"#)));
}

#[tokio::test]
async fn invoice_rows_answer_alike() {
    let b = both().await;
    assert_eq!(same!(b, invoice_appointments::of_invoice(1)), [2]);
    same!(b, invoice_appointments::live_invoice_of(2));
    assert_eq!(same!(b, invoice_appointments::live_invoice_of(3)), None, "the void invoice let it go");
    same!(b, invoice_appointments::insert(3, 5));
    // An appointment is on one live invoice at a time.
    both_refuse!(b, invoice_appointments::insert(3, 2));
    assert_eq!(same!(b, invoice_appointments::of_invoice(3)), [4, 5]);
    same!(b, invoice_lines::of_invoice(1));
    let line = LineRow {
        position: 2,
        appointment_id: 5,
        kind: LineKind::Discount,
        description: "Pensioner".into(),
        practitioner: "Dr Mia Lee".into(),
        provider_number: Some("1234567A".into()),
        service_date: "2025-02-01".into(),
        amount_minor: 1800,
    };
    same!(b, invoice_lines::insert(3, &line));
    assert_eq!(same!(b, invoice_lines::of_invoice(3)).len(), 2);
    // An issued invoice's lines stay as issued; a draft's are made again.
    both_refuse!(b, invoice_lines::delete_for(1));
    same!(b, invoice_lines::delete_for(3));
    same!(b, invoice_appointments::delete_for(3));
    same!(b, invoice_appointments::release(1));
    assert_eq!(same!(b, invoice_appointments::live_invoice_of(2)), None);

    assert_eq!(same!(b, invoice_payments::payment_intent(1)).as_deref(), Some("pi_link_1"));
    let paid = NewInvoicePayment {
        invoice_id: 1,
        link_id: 1,
        checkout_session_id: "cs_test_link_2",
        payment_intent_id: None,
        amount_minor: 100,
        currency: "AUD",
        livemode: false,
    };
    assert!(same!(b, invoice_payments::insert(&paid, NOW)).is_some());
    assert_eq!(same!(b, invoice_payments::insert(&paid, NOW)), None, "a session is recorded once");
}

#[tokio::test]
async fn settings_rows_answer_alike() {
    let b = both().await;
    same!(b, mail_server::get());
    let mail = MailServerRow {
        host: "mail.harbour.example".into(),
        port: 465,
        security: MailSecurity::Tls,
        username: "desk".into(),
        from_email: "desk@harbour.example".into(),
        from_name: "Harbour Physio".into(),
    };
    same!(b, mail_server::save(&mail, NOW));
    assert_eq!(same!(b, mail_server::get()).unwrap().security, MailSecurity::Tls);

    same!(b, stripe_connection::get());
    let connection = ConnectionRow {
        account_id: "acct_1Other".into(),
        display_name: "Harbour".into(),
        country: "AU".into(),
        default_currency: "aud".into(),
        livemode: false,
        key_hint: "rk_test_…wxyz".into(),
        restricted: true,
        key_status: KeyStatus::Ok,
        connected_at: NOW.into(),
        verified_at: NOW.into(),
        business_url: String::new(),
    };
    same!(b, stripe_connection::replace(&connection));
    same!(b, stripe_connection::record_verification(KeyStatus::Ok, "Harbour Physio", "AU", "aud", NOW));
    assert_eq!(same!(b, stripe_connection::get()).unwrap().display_name, "Harbour Physio");
    same!(b, stripe_connection::delete());
    assert!(same!(b, stripe_connection::get()).is_none());

    same!(b, stripe_event_cursor::get());
    same!(b, stripe_event_cursor::set("evt_456", 1_764_000_000, NOW));
    assert_eq!(same!(b, stripe_event_cursor::get()).unwrap().last_event_id, "evt_456");
    same!(b, stripe_event_cursor::clear());
    assert!(same!(b, stripe_event_cursor::get()).is_none());

    same!(b, sent_emails::last_receipt(10002));
    same!(b, sent_emails::last_invoice(1));
    let mail = NewSentEmail {
        kind: "invoice",
        entry_id: None,
        invoice_id: Some(1),
        recipient: "pat2@example.com",
        subject: "Invoice INV-1",
        sent: true,
        failure_code: None,
    };
    same!(b, sent_emails::insert(&mail, "desk-1", NOW));
    assert_eq!(same!(b, sent_emails::last_invoice(1)).map(|(to, _)| to).as_deref(), Some("pat2@example.com"));
}

#[tokio::test]
async fn the_first_tables_answer_alike_too() {
    let b = both().await;
    same!(b, clinic::get());
    same!(b, clinic::details());
    same!(b, clinic::security());
    assert_eq!(same!(b, clinic::take_invoice_number(NOW)).0, 3);
    same!(b, opening_hours::all());
    same!(b, concessions::list(true));
    same!(b, practitioners::list(true));
    same!(b, patients::list(5, 0));
    same!(b, patients::search_names("smith pat1", "smith pat2", 5, 0));
    same!(b, appointments::get(7));
    same!(b, appointments::active_starts()).len();
    same!(b, audit_log::for_entity("account_entry", "20001"));
    same!(b, audit_log::entities());
}
