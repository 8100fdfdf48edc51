//! Each twin answers as SQLite does: the same clinic (a row in every table,
//! tests/fixtures/clinic.sql) is moved into PostgreSQL, then the shared
//! operations run on both stores with the same arguments and must return the
//! same value (compared as their Debug text) or both must refuse. Every
//! shared operation is here: `every_shared_operation_is_compared` checks
//! that none is added without its comparison (so one file, past the usual
//! length: the check reads it).

mod common;

use clinicdesk_core::db as sqlite_db;
use clinicdesk_domain::rows::account_entries::NewEntry;
use clinicdesk_domain::rows::appointment_types::TypeFields;
use clinicdesk_domain::rows::appointments::NewAppointment;
use clinicdesk_domain::rows::attention_items::NewItem;
use clinicdesk_domain::rows::audit_log::{AuditFilter, NewAuditEntry};
use clinicdesk_domain::rows::backups::NewBackup;
use clinicdesk_domain::rows::checkout_attempts::{Change, NewAttempt};
use clinicdesk_domain::rows::clinic::{ClinicDetailsRow, ClinicRow, SecurityRow};
use clinicdesk_domain::rows::invoice_lines::LineRow;
use clinicdesk_domain::rows::invoice_links::NewLink;
use clinicdesk_domain::rows::invoice_payments::NewInvoicePayment;
use clinicdesk_domain::rows::invoices::NewInvoice;
use clinicdesk_domain::rows::mail_server::MailServerRow;
use clinicdesk_domain::rows::patients::PatientFields;
use clinicdesk_domain::rows::refund_attempts::NewRefund;
use clinicdesk_domain::rows::restores::NewRestore;
use clinicdesk_domain::rows::sent_emails::NewSentEmail;
use clinicdesk_domain::rows::staff::{NewStaff, StaffUpdate};
use clinicdesk_domain::rows::stripe_connection::ConnectionRow;
use clinicdesk_domain::{
    AppointmentState, AttemptKind, AttemptStatus, AttentionKind, EntryKind, KeyStatus, LineKind, LinkStatus,
    MailSecurity, Paper, PaymentMethod, PaymentMode, RefundStatus, Role,
};
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
    both_after("").await
}

/// As `both`, with `sql` run on SQLite before the move.
async fn both_after(sql: &str) -> Both {
    let options = SqliteConnectOptions::new().in_memory(true).foreign_keys(true);
    // One connection: an in-memory database is one per connection.
    let sqlite = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    sqlite_db::MIGRATOR.run(&sqlite).await.unwrap();
    sqlite.execute(include_str!("fixtures/clinic.sql")).await.unwrap();
    sqlite.execute(sql).await.unwrap();
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
    same!(b, backups::last());
    same!(b, backups::last_ok());
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
    let (last, last_ok) = (same!(b, backups::last()), same!(b, backups::last_ok()));
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

/// The first tables' writes, each followed by the reads that show what it
/// wrote: both stores must keep the same thing.
#[tokio::test]
async fn the_first_tables_writes_answer_alike() {
    let b = both().await;
    // The overlap check: appointment 2 is Dr Lee's at 00:00–00:30 (UTC).
    let taken =
        same!(b, appointments::overlapping(1, "2025-02-01T00:15:00Z", "2025-02-01T00:45:00Z", "2025-01-31T12:00:00Z"));
    assert_eq!(taken, Some(2));
    assert_eq!(
        same!(b, appointments::overlapping(1, "2030-01-01T00:00:00Z", "2030-01-01T00:15:00Z", "2029-12-31T12:00:00Z")),
        None
    );
    let id = same!(
        b,
        appointments::insert(
            &NewAppointment {
                patient_id: 1,
                practitioner_id: 1,
                appointment_type_id: 1,
                starts_at: "2030-01-01T00:00:00Z",
                ends_at: "2030-01-01T00:15:00Z",
                state: AppointmentState::Booked,
                type_name: "Review",
                colour: "#0f766e",
                price_minor: 9000,
                currency: "AUD",
                payment_mode: PaymentMode::Disabled,
                online_amount_minor: None,
                override_reason: None,
                cancellation_fee_minor: Some(2500),
                no_show_fee_minor: None,
            },
            NOW
        )
    );
    assert_eq!(same!(b, appointments::transition(id, AppointmentState::Booked, AppointmentState::Arrived, NOW)), 1);
    assert_eq!(same!(b, appointments::transition(id, AppointmentState::Booked, AppointmentState::Arrived, NOW)), 0);
    same!(b, appointments::set_override_reason(id, "Squeezed in at the practitioner's request", NOW));
    same!(b, appointments::get(id));

    same!(
        b,
        audit_log::append(NewAuditEntry {
            at: NOW,
            workstation: "desk-2",
            staff_id: Some(1),
            entity: "appointment",
            entity_id: id.to_string(),
            action: "booked",
            before: None,
            after: Some(serde_json::json!({ "id": id, "note": "é ✓" })),
        })
    );
    let filter = |staff_id, entity| AuditFilter {
        staff_id,
        from: Some("2025-01-01"),
        to: None,
        entity,
        before_id: None,
        limit: 5,
    };
    assert!(!same!(b, audit_log::search(&filter(Some(1), Some("appointment")))).is_empty());
    same!(b, audit_log::search(&filter(None, None)));

    // The clinic's row: ensure leaves an existing clinic as it is.
    same!(b, clinic::ensure("another-id", "Europe/London", "GBP", NOW));
    let row = same!(b, clinic::get());
    assert_eq!(row.database_id, "db-move");
    let changed = ClinicRow { name: "Harbour Physio North".into(), slot_minutes: 10, late_cancel_hours: 48, ..row };
    same!(b, clinic::update(&changed, NOW));
    same!(b, clinic::set_return_url(None, NOW));
    same!(b, clinic::get());
    let details = ClinicDetailsRow {
        legal_name: "Harbour Physio North Pty Ltd".into(),
        address: "1 Wharf St\nSydney NSW 2000".into(),
        phone: "02 9000 0000".into(),
        email: "desk@harbour.example".into(),
        tax_number: "12 345 678 901".into(),
        document_footer: "Thank you".into(),
        paper: Paper::Letter,
        invoice_prefix: "HPN-".into(),
        invoice_due_days: 7,
    };
    same!(b, clinic::save_details(&details, NOW));
    same!(b, clinic::details());
    same!(b, clinic::save_security(&SecurityRow { idle_lock_minutes: 3, receptionist_refund_limit_minor: 5000 }, NOW));
    same!(b, clinic::security());

    let concession = same!(b, concessions::insert("Student", "student", 15, NOW));
    assert_eq!(same!(b, concessions::set_archived(concession, true, NOW)), 1);
    assert!(same!(b, concessions::get(concession)).is_some());
    assert!(same!(b, concessions::get(999)).is_none());
    both_refuse!(b, concessions::insert("Student", "student", 0, NOW));

    same!(b, opening_hours::clear());
    same!(b, opening_hours::insert(1, 480, 1080));
    same!(b, opening_hours::insert(3, 600, 1200));
    assert_eq!(same!(b, opening_hours::all()).len(), 2);

    let fields = |first: &'static str, email: &'static str, phone: &'static str| PatientFields {
        first_name: first,
        last_name: "Ng",
        email,
        phone,
        date_of_birth: Some("1980-02-29".into()),
        notes: "Prefers mornings",
        name_key: format!("{} ng", first.to_lowercase()),
        rname_key: format!("ng {}", first.to_lowercase()),
        email_key: email.to_lowercase(),
        phone_digits: phone.chars().filter(char::is_ascii_digit).collect(),
    };
    let patient = same!(b, patients::insert(&fields("Ana", "Ana@Example.com", "0400 111 222"), NOW));
    same!(b, patients::update(patient, &fields("Anna", "anna@example.com", "0400 111 333"), NOW));
    same!(b, patients::get(patient));
    assert_eq!(same!(b, patients::search_email("anna@", "annaA", 5, 0)).len(), 1);
    assert_eq!(same!(b, patients::search_email("pat1", "pat2", 5, 5)).len(), 5);
    assert_eq!(same!(b, patients::search_phone("04100000", "04100001", 5, 0)).len(), 5);
    assert_eq!(same!(b, patients::search_phone("0400111333", "0400111334", 5, 0)).len(), 1);

    let practitioner = same!(b, practitioners::insert("Dr Ava Chen", "dr ava chen", NOW));
    same!(b, practitioners::rename(practitioner, "Dr Ava Chen-Ng", "dr ava chen-ng", NOW));
    same!(b, practitioners::set_provider_number(practitioner, Some("7654321B"), NOW));
    same!(b, practitioners::set_active(practitioner, false, NOW));
    same!(b, practitioners::get(practitioner));
    same!(b, practitioners::list(true));
    both_refuse!(b, practitioners::insert("Dr Mia Lee", "dr mia lee", NOW));
}

#[tokio::test]
async fn invoices_and_restores_answer_alike() {
    let b = both().await;
    same!(b, invoices::get(1));
    let listed = same!(b, invoices::list(None, 10, 0));
    assert_eq!(
        listed.iter().map(|i| (i.id, i.total, i.paid)).collect::<Vec<_>>()[..1],
        [(3, 9000, 9000)],
        "drafts first"
    );
    assert_eq!(same!(b, invoices::list(Some(2), 10, 0)).len(), 1);
    let draft = NewInvoice {
        patient_id: 5,
        currency: "AUD",
        issue_date: "2026-12-03",
        due_date: "2026-12-17",
        note: "Thank you",
        created_by: "desk-1",
    };
    let id = same!(b, invoices::insert_draft(&draft, NOW));
    assert_eq!(same!(b, invoices::issue(id, 3, "INV-3", NOW)), 1);
    assert_eq!(same!(b, invoices::issue(id, 4, "INV-4", NOW)), 0, "issued once");
    assert_eq!(same!(b, invoices::delete_draft(id)), 0, "an issued invoice is voided, not deleted");
    assert_eq!(same!(b, invoices::void(id, "Wrong patient", NOW)), 1);
    same!(b, invoices::get(id));
    // A draft goes after its lines and appointments, as the use case does it.
    both_refuse!(b, invoices::delete_draft(3));
    same!(b, invoice_lines::delete_for(3));
    same!(b, invoice_appointments::delete_for(3));
    assert_eq!(same!(b, invoices::delete_draft(3)), 1);

    assert_eq!(same!(b, restores::stripe_floors()), (40, 20));
    same!(b, restores::move_invoice_numbers_past(9));
    assert_eq!(same!(b, clinic::take_invoice_number(NOW)).0, 10);
    same!(b, restores::move_invoice_numbers_past(2));
    assert_eq!(same!(b, clinic::take_invoice_number(NOW)).0, 11, "never moved back");
    let restore = NewRestore {
        backup_file: "clinicdesk-2026-12-01.db",
        set_aside_file: "clinicdesk-replaced-3.db",
        entry_floor: 60000,
        attempt_floor: 70,
        refund_floor: 50,
        link_floor: 25,
    };
    same!(b, restores::insert(&restore, "Olivia Owner", NOW));
    assert_eq!(same!(b, restores::stripe_floors()), (70, 25));
}

#[tokio::test]
async fn staff_answer_alike() {
    let b = both().await;
    assert_eq!(same!(b, staff::count()), 2);
    same!(b, staff::list());
    let pins = |h: clinicdesk_domain::rows::staff::PinHash| h.0;
    let s = pins(sqlite_db::staff::pin_hash(&b.sqlite, 2).await.unwrap());
    let p = pins(pg_db::staff::pin_hash(&b.pg, 2).await.unwrap());
    assert_eq!(s, p);
    let new = || NewStaff {
        name: "Rae Desk",
        name_key: "rae desk",
        role: Role::Receptionist,
        practitioner_id: None,
        pin_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
    };
    let id = same!(b, staff::insert(new(), NOW));
    both_refuse!(b, staff::insert(new(), NOW));
    let update = || StaffUpdate {
        name: "Rae Front",
        name_key: "rae front",
        role: Role::Owner,
        practitioner_id: None,
        active: true,
    };
    assert_eq!(same!(b, staff::update(id, update(), NOW)), 1);
    same!(b, staff::set_pin(id, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$bmV3", NOW));
    assert_eq!(same!(b, staff::pin_failed(id, 3, "2026-12-03T09:15:00.000Z", false)), 1);
    assert_eq!(same!(b, staff::pin_failed(id, 3, "2026-12-03T09:15:00.000Z", false)), 2);
    assert_eq!(same!(b, staff::pin_failed(id, 3, "2026-12-03T09:15:00.000Z", false)), 3);
    assert!(same!(b, staff::get(id)).unwrap().locked_until.is_some(), "the third wrong PIN locks");
    assert_eq!(same!(b, staff::pin_failed(id, 3, "2026-12-03T09:30:00.000Z", true)), 1);
    same!(b, staff::pin_accepted(id));
    assert_eq!(same!(b, staff::get(id)).unwrap().failed_pins, 0);
    assert_eq!(same!(b, staff::get(id)).unwrap().role, Role::Owner);
}

#[tokio::test]
async fn stripe_attempts_answer_alike() {
    let b = both().await;
    same!(b, checkout_attempts::get(1));
    same!(b, checkout_attempts::by_session("cs_test_1"));
    same!(b, checkout_attempts::for_appointment(7));
    let attempt = NewAttempt {
        appointment_id: 8,
        kind: AttemptKind::Booking,
        amount_minor: 3000,
        currency: "AUD",
        requested_expires_at: "2026-12-03T09:30:00.000Z",
        stripe_account_id: "acct_1Harbour",
        livemode: false,
    };
    let id = same!(b, checkout_attempts::insert_creating(&attempt, NOW));
    assert_eq!(id, 41, "numbered above the restore's floor");
    same!(b, checkout_attempts::set_request(id, "checkout-41", "amount=3000"));
    same!(b, checkout_attempts::pending_for(8));
    assert_eq!(same!(b, checkout_attempts::count_pending()), 1);
    assert_eq!(
        same!(
            b,
            checkout_attempts::mark_open(
                id,
                "cs_test_41",
                Some("https://checkout.stripe.com/c/41"),
                "2026-12-03T09:30:00.000Z",
                NOW
            )
        ),
        1
    );
    same!(b, checkout_attempts::set_expire_key(id, "expire-41"));
    let paid = Change { payment_intent_id: Some("pi_41"), paid_at: Some(NOW), ..Change::default() };
    assert_eq!(same!(b, checkout_attempts::transition(id, AttemptStatus::Open, AttemptStatus::Paid, paid, NOW)), 1);
    assert_eq!(same!(b, checkout_attempts::transition(id, AttemptStatus::Open, AttemptStatus::Paid, paid, NOW)), 0);
    same!(b, checkout_attempts::pending());
    assert_eq!(same!(b, checkout_attempts::get(id)).unwrap().status, AttemptStatus::Paid);
    same!(b, checkout_attempts::attach_session(id, "cs_other", NOW));

    same!(b, refund_attempts::get(1));
    same!(b, refund_attempts::by_stripe_id("re_1"));
    let refund = NewRefund {
        refund_entry_id: 20004,
        appointment_id: 7,
        payment_intent_id: "pi_1",
        amount_minor: 500,
        currency: "AUD",
        stripe_account_id: "acct_1Harbour",
        livemode: false,
    };
    let rid = same!(b, refund_attempts::insert_creating(&refund, NOW));
    assert_eq!(rid, 31, "numbered above the restore's floor");
    same!(b, refund_attempts::set_request(rid, "refund-31", "amount=500"));
    assert_eq!(same!(b, refund_attempts::count_pending()), 1);
    same!(b, refund_attempts::pending());
    assert_eq!(
        same!(
            b,
            refund_attempts::transition(rid, RefundStatus::Creating, RefundStatus::Pending, Some("re_31"), None, NOW)
        ),
        1
    );
    same!(b, refund_attempts::get(rid));

    same!(b, invoice_links::get(1));
    same!(b, invoice_links::live_for(1));
    let link = NewLink {
        invoice_id: 1,
        amount_minor: 4000,
        currency: "AUD",
        idempotency_key: "link-key",
        stripe_account_id: "acct_1Harbour",
        livemode: false,
    };
    let lid = same!(b, invoice_links::insert_creating(&link, NOW));
    assert_eq!(lid, 21, "numbered above the restore's floor");
    same!(b, invoice_links::set_request(lid, "line_items[0][price_data][unit_amount]=4000"));
    assert_eq!(same!(b, invoice_links::count_unsettled()), 1);
    assert_eq!(same!(b, invoice_links::activate(lid, "plink_21", "https://buy.stripe.com/test_21", NOW)), 1);
    assert_eq!(same!(b, invoice_links::count_active()), 1);
    same!(b, invoice_links::unsettled());
    assert_eq!(same!(b, invoice_links::start_retiring(lid, "retire-21", NOW)), 1);
    assert_eq!(same!(b, invoice_links::set_status(lid, LinkStatus::Retiring, LinkStatus::Retired, NOW)), 1);
    assert_eq!(same!(b, invoice_links::set_status(lid, LinkStatus::Retiring, LinkStatus::Retired, NOW)), 0);
    same!(b, invoice_links::get(lid));
}

#[tokio::test]
async fn accounts_and_money_reports_answer_alike() {
    let b = both().await;
    same!(b, account_entries::for_appointment(7));
    same!(b, account_entries::get(20001));
    same!(b, account_entries::online_refunded_by(1, "2025-02-01"));
    let balances = same!(b, account_entries::patient_balances(2, 10));
    assert!(!balances.is_empty());
    same!(b, account_entries::patient_owing(8));
    let mut cash = NewEntry::new(8, EntryKind::Payment, 4500, "AUD");
    cash.method = Some(PaymentMethod::Cash);
    cash.note = Some("Paid half");
    let id = same!(b, account_entries::insert(&cash, "desk-1", Some(1), NOW, "2026-12-03"));
    assert_eq!(id, 50001, "numbered above the restore's floor");
    same!(b, account_entries::get(id));
    assert_eq!(same!(b, money_rows::newest_id()), id);

    // The day view's read is written per database: the same cards (with
    // what their rows keep of attempts and accounts) either way.
    let (from, to, earliest) = ("2025-02-01T00:00:00Z", "2025-02-02T00:00:00Z", "2025-01-31T00:00:00Z");
    let s = sqlite_db::appointments::cards_between(&b.sqlite, from, to, earliest).await.unwrap();
    let p = pg_db::appointments::cards_between(&b.pg, from, to, earliest).await.unwrap();
    assert!(s.len() > 20, "{}", s.len());
    assert_eq!(format!("{s:?}"), format!("{p:?}"));
    kept_values_hold(&b).await;

    let rows =
        same!(b, money_rows::between("2025-02-01", "2025-02-02", "2025-02-01T00:00:00Z", "2025-02-03T00:00:00Z"));
    assert!(rows.iter().any(|r| r.reversal), "the correction is there");
    same!(b, money_rows::later_changes(0, "2025-02-01", "2025-02-01T00:00:00Z", "2025-02-02T00:00:00Z"));
    same!(b, money_rows::appointment_states("2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z"));
    let owing = same!(b, money_rows::owing(NOW, "2026-11-03", "2026-10-04", "2026-09-04", 10));
    assert!(owing.iter().all(|o| o.total > 0));
}

/// What an appointment's row keeps for the day view, and what it is kept
/// from, read with plain SQL both databases run; the expected values are
/// worked out here, the account's with the ledger's own `Totals::add`.
macro_rules! kept_on {
    ($db:expr) => {{
        let db = $db;
        let kept: Vec<(i64, String, Option<String>, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT id, patient_name, payment_status, paid_online_minor, charges_minor, discounts_minor,
                    payments_minor, refunds_minor
             FROM appointments ORDER BY id",
        )
        .fetch_all(db)
        .await
        .unwrap();
        let names: Vec<(i64, String)> = sqlx::query_as(
            "SELECT a.id, p.first_name || ' ' || p.last_name FROM appointments a JOIN patients p ON p.id = a.patient_id",
        )
        .fetch_all(db)
        .await
        .unwrap();
        let attempts: Vec<(i64, String, i64)> =
            sqlx::query_as("SELECT appointment_id, status, amount_minor FROM checkout_attempts ORDER BY id")
                .fetch_all(db)
                .await
                .unwrap();
        let entries: Vec<(i64, String, i64, bool)> =
            sqlx::query_as("SELECT appointment_id, kind, amount_minor, reverses IS NOT NULL FROM account_entries")
                .fetch_all(db)
                .await
                .unwrap();
        (kept, names, attempts, entries)
    }};
}

/// Checks the kept values on both stores against what they are kept from,
/// for every appointment; returns how many appointments have an attempt,
/// and how many a correction or a refund, so a caller sees it wasn't empty.
async fn kept_values_hold(b: &Both) -> (usize, usize) {
    use clinicdesk_domain::account::Totals;
    use clinicdesk_domain::codec::TextEnum;
    use std::collections::HashMap;
    let mut seen = (0, 0);
    for (store, (kept, names, attempts, entries)) in [("SQLite", kept_on!(&b.sqlite)), ("PostgreSQL", kept_on!(&b.pg))]
    {
        let names: HashMap<i64, String> = names.into_iter().collect();
        let mut newest: HashMap<i64, String> = HashMap::new();
        let mut paid: HashMap<i64, i64> = HashMap::new();
        for (appointment, status, amount) in attempts {
            if status == "paid" {
                *paid.entry(appointment).or_default() += amount;
            }
            newest.insert(appointment, status);
        }
        let mut totals: HashMap<i64, Totals> = HashMap::new();
        let mut unusual = std::collections::HashSet::new();
        for (appointment, kind, amount, reversal) in entries {
            let kind = EntryKind::from_text(&kind).unwrap();
            if reversal || kind == EntryKind::Refund {
                unusual.insert(appointment);
            }
            totals.entry(appointment).or_default().add(kind, amount, reversal);
        }
        assert!(kept.len() >= 3000, "{store}: {} appointments", kept.len());
        for (id, name, status, paid_online, charges, discounts, payments, refunds) in kept {
            let t = totals.get(&id).copied().unwrap_or_default();
            assert_eq!(
                (name.as_str(), status.as_ref(), paid_online, Totals { charges, discounts, payments, refunds }),
                (names[&id].as_str(), newest.get(&id), paid.get(&id).copied().unwrap_or(0), t),
                "{store}: appointment {id} keeps what it is kept from"
            );
        }
        seen = (newest.len(), unusual.len());
    }
    seen
}

/// The day view reads each appointment's patient name, payment status and
/// account from its own row (migration 20261203000011): the rows those are
/// kept from change, and on both databases the cards change with them.
#[tokio::test]
async fn the_day_views_kept_values_follow_their_rows() {
    let b = both().await;
    // The fixture's rows were kept by SQLite's insert triggers, the server's
    // by its own while the clinic moved in.
    let (with_attempts, with_corrections) = kept_values_hold(&b).await;
    assert!(with_attempts >= 1 && with_corrections >= 2, "{with_attempts} {with_corrections}");
    let (from, to, earliest) = ("2025-02-01T00:00:00Z", "2025-02-02T00:00:00Z", "2025-01-31T00:00:00Z");
    let card = |cards: Vec<clinicdesk_domain::rows::appointments::CardRow>, id: i64| {
        cards.into_iter().find(|c| c.id == id).unwrap_or_else(|| panic!("appointment {id} is on the day"))
    };
    let before = card(same!(b, appointments::cards_between(from, to, earliest)), 8);
    assert_eq!((before.patient_name.as_str(), before.payment_status), ("Pat9 Smith", None));
    assert_eq!(before.totals().balance(), 0, "charged 9000 and paid at the desk");

    // Appointment 8's patient is renamed.
    let renamed = PatientFields {
        first_name: "Patricia",
        last_name: "Smith-Ng",
        email: "pat9@example.com",
        phone: "0410000009",
        date_of_birth: None,
        notes: "",
        name_key: "patricia smith-ng".into(),
        rname_key: "smith-ng patricia".into(),
        email_key: "pat9@example.com".into(),
        phone_digits: "0410000009".into(),
    };
    same!(b, patients::update(9, &renamed, NOW));
    // An online payment is asked for, then paid.
    let attempt = NewAttempt {
        appointment_id: 8,
        kind: AttemptKind::Balance,
        amount_minor: 2500,
        currency: "AUD",
        requested_expires_at: "2026-12-03T09:30:00.000Z",
        stripe_account_id: "acct_1Harbour",
        livemode: false,
    };
    let id = same!(b, checkout_attempts::insert_creating(&attempt, NOW));
    let asked = card(same!(b, appointments::cards_between(from, to, earliest)), 8);
    assert_eq!(
        (asked.patient_name.as_str(), asked.payment_status),
        ("Patricia Smith-Ng", Some(AttemptStatus::Creating))
    );
    let paid = Change { payment_intent_id: Some("pi_8"), paid_at: Some(NOW), ..Change::default() };
    same!(b, checkout_attempts::transition(id, AttemptStatus::Creating, AttemptStatus::Paid, paid, NOW));
    // A charge for a no-show fee, the online payment, and a correction of
    // the desk payment.
    let mut fee = NewEntry::new(8, EntryKind::Charge, 2500, "AUD");
    fee.charge_for = Some(clinicdesk_domain::ChargeFor::NoShowFee);
    same!(b, account_entries::insert(&fee, "desk-1", Some(1), NOW, "2026-12-03"));
    let mut online = NewEntry::new(8, EntryKind::Payment, 2500, "AUD");
    online.method = Some(PaymentMethod::Online);
    online.attempt_id = Some(id);
    same!(b, account_entries::insert(&online, "Stripe", None, NOW, "2026-12-03"));
    let mut correction = NewEntry::new(8, EntryKind::Payment, 9000, "AUD");
    correction.method = Some(PaymentMethod::Card);
    correction.reverses = Some(10008);
    correction.note = Some("Recorded twice");
    same!(b, account_entries::insert(&correction, "desk-1", Some(1), NOW, "2026-12-03"));

    let after = card(same!(b, appointments::cards_between(from, to, earliest)), 8);
    assert_eq!((after.payment_status, after.paid_online_minor), (Some(AttemptStatus::Paid), 2500));
    assert_eq!(
        after.totals(),
        clinicdesk_domain::account::Totals { charges: 11500, discounts: 0, payments: 2500, refunds: 0 }
    );
    assert_eq!(after.totals().balance(), 9000, "the corrected desk payment is owing again");
    kept_values_hold(&b).await;
}

/// A clinic moves in with the server's triggers standing aside; what its
/// appointments keep is then worked out on the server in one pass, from the
/// rows moved, not taken on trust from the file.
#[tokio::test]
async fn a_moved_clinics_kept_values_are_worked_out_on_the_server() {
    let wrong = "UPDATE appointments SET patient_name = 'Someone Else', charges_minor = 1, payment_status = 'failed',
                 paid_online_minor = 0 WHERE id = 7";
    let b = both_after(wrong).await;
    let on_server: (String, i64, Option<String>, i64) = sqlx::query_as(
        "SELECT patient_name, charges_minor, payment_status, paid_online_minor FROM appointments WHERE id = 7",
    )
    .fetch_one(&b.pg)
    .await
    .unwrap();
    assert_eq!(on_server, ("Pat8 Smith".to_string(), 9000, Some("paid".to_string()), 3000));
    // SQLite's triggers keep only what changes; put its row right to compare the rest.
    b.sqlite
        .execute(
            "UPDATE appointments SET patient_name = 'Pat8 Smith', charges_minor = 9000, payment_status = 'paid',
             paid_online_minor = 3000 WHERE id = 7",
        )
        .await
        .unwrap();
    kept_values_hold(&b).await;
}

/// Every operation the two stores share (each `pub async fn` in the tables'
/// macros, domain/src/rows/) is run on both by a test above: one added
/// without its comparison fails here.
#[test]
fn every_shared_operation_is_compared() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let here = std::fs::read_to_string(crate_dir.join("tests/twins.rs")).unwrap();
    let rows = crate_dir.join("../domain/src/rows");
    let mut missing = Vec::new();
    let mut counted = 0;
    for file in std::fs::read_dir(&rows).unwrap() {
        let path = file.unwrap().path();
        let table = path.file_stem().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            let Some(rest) = line.trim_start().strip_prefix("pub async fn ") else { continue };
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            counted += 1;
            if !here.contains(&format!("{table}::{name}(")) {
                missing.push(format!("{table}::{name}"));
            }
        }
    }
    assert!(counted > 100, "read the shared operations in {}: {counted}", rows.display());
    assert!(missing.is_empty(), "not compared on both stores: {missing:?}");
}
