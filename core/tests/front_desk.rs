//! The front desk: booking with each payment mode, the overlap rule, state
//! transitions, snapshots, and finding out about payments (polling, events,
//! expiry, the crash case), against a Stripe double.

mod common;
#[path = "common/stripe_double.rs"]
mod stripe_double;

use clinicdesk_core::billing::StripeBilling;
use clinicdesk_core::domain::*;
use clinicdesk_core::dto::{BookingDraft, BookingForm, OpeningDayForm, OpeningHoursForm, PatientDraft, PatientForm};
use clinicdesk_core::front_desk::PaymentStatus;
use clinicdesk_core::secrets::{MemoryStore, StripeSecret};
use clinicdesk_core::{Clinicdesk, Error};
use common::*;
use jiff::{civil, Timestamp};
use serde_json::Value;
use sqlx::SqlitePool;
use std::sync::Arc;
use std::time::Duration;
use stripe_double::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_test_51QHarbourside0123456789abcdefGHIJ";
const CS: &str = "cs_test_a1Harbourside0001";

struct Desk {
    desk: Clinicdesk,
    store: Arc<MemoryStore>,
    server: MockServer,
    practitioner: PractitionerId,
    patient: PatientId,
    disabled: AppointmentTypeId,
    allowed: AppointmentTypeId,
    required: AppointmentTypeId,
}

async fn account(server: &MockServer) {
    let account: Value = serde_json::from_str(include_str!("fixtures/stripe/account.json")).unwrap();
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .respond_with(ResponseTemplate::new(200).set_body_json(account))
        .mount(server)
        .await;
}

/// A clinic in Sydney, open every day 00:00–24:00 (so tests can book at any
/// hour), one practitioner, one patient and a type of each payment mode.
async fn setup_with(pool: SqlitePool, connect: bool) -> Desk {
    let server = MockServer::start().await;
    account(&server).await;
    no_events(&server).await;
    let billing =
        StripeBilling::new(Some(server.uri())).with_timing(Duration::from_millis(500), 2, Duration::from_millis(5));
    let store = Arc::new(MemoryStore::default());
    let desk = desk_in(pool, "AUD").await.with_billing(Arc::new(billing)).with_secret_store(store.clone());
    if connect {
        desk.connect_stripe(StripeSecret::try_from(KEY.to_string()).unwrap()).await.unwrap();
    }
    hours(&desk, 0, "00:00", "24:00").await;
    let practitioner = desk.create_practitioner(PractitionerName::try_from("Dr Mia Lee").unwrap()).await.unwrap().id;
    let patient =
        desk.create_patient(patient_form("Sam", "Taylor", "sam@example.com").try_into().unwrap()).await.unwrap().id;
    let disabled = create(&desk, form("Review", "60")).await.unwrap().id;
    let allowed = create(&desk, online(form("Massage", "90"), "allowed", "full", "")).await.unwrap().id;
    let required =
        create(&desk, online(form("Initial consultation", "120"), "required", "fixed", "30")).await.unwrap().id;
    Desk { desk, store, server, practitioner, patient, disabled, allowed, required }
}

async fn setup(pool: SqlitePool) -> Desk {
    setup_with(pool, true).await
}

/// Every weekday open `opens`–`closes`, except `closed_weekday` (0: none).
async fn hours(desk: &Clinicdesk, closed_weekday: i64, opens: &str, closes: &str) {
    let days = (1..=7)
        .map(|weekday| OpeningDayForm {
            weekday,
            open: weekday != closed_weekday,
            opens: opens.into(),
            closes: closes.into(),
        })
        .collect();
    desk.save_opening_hours(OpeningHoursForm { days }.try_into().unwrap()).await.unwrap();
}

fn patient_form(first: &str, last: &str, email: &str) -> PatientForm {
    PatientForm { first_name: first.into(), last_name: last.into(), email: email.into(), ..Default::default() }
}

/// Tomorrow in Sydney, at `time`.
fn tomorrow() -> civil::Date {
    Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Australia/Sydney").unwrap()).date().tomorrow().unwrap()
}

fn booking(d: &Desk, t: AppointmentTypeId, date: civil::Date, time: &str) -> BookingForm {
    BookingForm {
        patient_id: d.patient.0.to_string(),
        practitioner_id: d.practitioner.0.to_string(),
        appointment_type_id: t.0.to_string(),
        date: date.to_string(),
        time: time.into(),
        override_reason: String::new(),
    }
}

async fn book(d: &Desk, f: BookingForm) -> clinicdesk_core::Result<clinicdesk_core::front_desk::Appointment> {
    let draft: BookingDraft = f.try_into()?;
    d.desk.book_appointment(draft).await
}

fn open_session(id: &str) -> Value {
    session(id, "open", "unpaid", 3000, Timestamp::now().as_second() + 3600)
}

async fn count(db: &SqlitePool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

fn code(r: clinicdesk_core::Result<impl std::fmt::Debug>) -> &'static str {
    match r {
        Err(e) => e.code(),
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn disabled_and_allowed_types_book_at_once(pool: SqlitePool) {
    let d = setup(pool).await;
    let a = book(&d, booking(&d, d.disabled, tomorrow(), "09:00")).await.unwrap();
    assert_eq!(a.state, AppointmentState::Booked);
    assert_eq!(a.payment, None);
    assert!(!a.actions.contains(&"send_payment_link"));

    let b = book(&d, booking(&d, d.allowed, tomorrow(), "10:00")).await.unwrap();
    assert_eq!(b.state, AppointmentState::Booked);
    assert_eq!(b.payment.as_ref().unwrap().status, PaymentStatus::None);
    assert_eq!(b.online_amount.unwrap().minor, 9000);
    assert!(b.actions.contains(&"send_payment_link"));
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM payments").await, 0, "nothing asked of Stripe yet");

    on_create(&d.server, session(CS, "open", "unpaid", 9000, Timestamp::now().as_second() + 3600)).await;
    let b = d.desk.send_payment_link(b.id).await.unwrap();
    assert_eq!(b.state, AppointmentState::Booked, "allowed: stays booked while the link is open");
    assert_eq!(b.payment.as_ref().unwrap().status, PaymentStatus::Open);
    let link = b.link.expect("a link");
    assert!(link.url.contains(CS));
    assert!(link.qr_svg.starts_with("<?xml") && link.qr_svg.contains("<svg"), "QR as SVG");
    // Asking again while the link is open makes no second session.
    d.desk.send_payment_link(b.id).await.unwrap();
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM payments").await, 1);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn required_type_holds_the_slot_and_sends_one_checkout_session(pool: SqlitePool) {
    let d = setup(pool).await;
    on_create(&d.server, open_session(CS)).await;
    let before = Timestamp::now().as_second();
    let a = book(&d, booking(&d, d.required, tomorrow(), "09:00")).await.unwrap();
    assert_eq!(a.state, AppointmentState::AwaitingPayment);
    assert_eq!(a.payment.as_ref().unwrap().status, PaymentStatus::Open);
    assert_eq!(a.online_amount.unwrap().minor, 3000);
    assert!(a.link.is_some() && a.actions.contains(&"release_hold") && a.actions.contains(&"email_payment_link"));

    let requests = d.server.received_requests().await.unwrap();
    let create: Vec<_> =
        requests.iter().filter(|r| r.method.as_str() == "POST" && r.url.path() == "/v1/checkout/sessions").collect();
    assert_eq!(create.len(), 1);
    let body = String::from_utf8(create[0].body.clone()).unwrap();
    let form: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    assert_eq!(form["mode"], "payment");
    assert_eq!(form["line_items[0][price_data][currency]"], "aud");
    assert_eq!(form["line_items[0][price_data][unit_amount]"], "3000");
    assert_eq!(form["line_items[0][quantity]"], "1");
    let name = &form["line_items[0][price_data][product_data][name]"];
    assert!(name.starts_with("Initial consultation — ") && name.ends_with(", 09:00 — Dr Mia Lee"), "{name}");
    assert_eq!(form["customer_email"], "sam@example.com");
    assert_eq!(form["metadata[clinicdesk_appointment_id]"], a.id.0.to_string());
    assert_eq!(form["metadata[clinicdesk_database_id]"], d.desk.database_id().await.unwrap());
    let expires: i64 = form["expires_at"].parse().unwrap();
    assert!((before + 3600..=Timestamp::now().as_second() + 3600).contains(&expires), "hold of 60 minutes");

    // The key sent is the one stored before sending.
    let stored: String =
        sqlx::query_scalar("SELECT idempotency_key FROM payments").fetch_one(d.desk.db()).await.unwrap();
    assert_eq!(create[0].headers.get("idempotency-key").unwrap().to_str().unwrap(), stored);
    assert_eq!(stored, format!("clinicdesk-{}-payment-1", d.desk.database_id().await.unwrap()));

    // "Email to patient": a mailto with the link, every part encoded.
    let mailto = d.desk.payment_link_mailto(a.id).await.unwrap();
    assert!(mailto.starts_with("mailto:sam%40example.com?subject=Payment%20for%20your%20appointment%20at%20Test%20clinic&body=Hello%20Sam%2C"), "{mailto}");
    assert!(mailto.contains(&format!("https%3A%2F%2Fcheckout.stripe.com%2Fc%2Fpay%2F{CS}")), "{mailto}");

    // The held slot is taken.
    assert_eq!(
        field_codes(book(&d, booking(&d, d.disabled, tomorrow(), "09:15")).await),
        vec![pair("time", "slot_taken")]
    );
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn required_type_without_stripe_needs_a_reason(pool: SqlitePool) {
    let d = setup_with(pool, false).await;
    assert_eq!(
        field_codes(book(&d, booking(&d, d.required, tomorrow(), "09:00")).await),
        vec![pair("overrideReason", "stripe_not_ready")]
    );
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM appointments").await, 0);
    let mut f = booking(&d, d.required, tomorrow(), "09:00");
    f.override_reason = "Paying cash at reception".into();
    let a = book(&d, f).await.unwrap();
    assert_eq!(a.state, AppointmentState::Booked);
    assert_eq!(a.override_reason.as_deref(), Some("Paying cash at reception"));
    let audit: String = sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'booked_without_payment'")
        .fetch_one(d.desk.db())
        .await
        .unwrap();
    assert!(audit.contains("Paying cash at reception"));
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn one_practitioner_never_has_two_appointments_at_once(pool: SqlitePool) {
    let d = setup(pool).await;
    let first = book(&d, booking(&d, d.disabled, tomorrow(), "09:00")).await.unwrap(); // 09:00–09:30
    for time in ["09:00", "08:45", "09:29"] {
        assert_eq!(
            field_codes(book(&d, booking(&d, d.disabled, tomorrow(), time)).await),
            vec![pair("time", "slot_taken")],
            "{time}"
        );
    }
    book(&d, booking(&d, d.disabled, tomorrow(), "09:30")).await.expect("back to back is fine");
    let other = d.desk.create_practitioner(PractitionerName::try_from("Dr Ana Ruiz").unwrap()).await.unwrap();
    let mut f = booking(&d, d.disabled, tomorrow(), "09:00");
    f.practitioner_id = other.id.0.to_string();
    book(&d, f).await.expect("another practitioner is free");
    // Cancelling frees the slot.
    d.desk.set_appointment_state(first.id, AppointmentState::Cancelled).await.unwrap();
    book(&d, booking(&d, d.disabled, tomorrow(), "09:00")).await.expect("slot free again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workstations_booking_one_slot_get_one_booking() {
    // Two app instances on one database file, as two workstations sharing it.
    let dir = std::env::temp_dir().join(format!("clinicdesk-race-{}", uuid::Uuid::new_v4()));
    let one = Clinicdesk::open(&dir).await.unwrap();
    let pool = one.db().clone();
    let d = setup_with(pool, false).await;
    let two = Clinicdesk::open(&dir).await.unwrap();
    for round in 0..10 {
        let time = format!("{:02}:00", 8 + round);
        let (a, b) = tokio::join!(book(&d, booking(&d, d.disabled, tomorrow(), &time)), async {
            let draft: BookingDraft = booking(&d, d.disabled, tomorrow(), &time).try_into().unwrap();
            two.book_appointment(draft).await
        });
        let results = [a.is_ok(), b.is_ok()];
        assert_eq!(results.iter().filter(|ok| **ok).count(), 1, "round {round}: {a:?} / {b:?}");
        let loser = if a.is_ok() { b } else { a };
        assert_eq!(field_codes(loser), vec![pair("time", "slot_taken")]);
    }
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM appointments").await, 10);
    let _ = std::fs::remove_dir_all(dir);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_booking_keeps_the_price_and_payment_settings_it_was_booked_with(pool: SqlitePool) {
    let d = setup(pool).await;
    on_create(&d.server, open_session(CS)).await;
    let a = book(&d, booking(&d, d.required, tomorrow(), "09:00")).await.unwrap();
    update(&d.desk, d.required, online(form("Renamed", "200"), "allowed", "percent", "50")).await.unwrap();
    let again = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(again.price.minor, 12000);
    assert_eq!(again.payment_mode, PaymentMode::Required);
    assert_eq!(again.online_amount.unwrap().minor, 3000);
    assert_eq!(again.appointment_type.name, "Initial consultation");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn states_move_only_as_the_workflow_allows(pool: SqlitePool) {
    let d = setup(pool).await;
    let a = book(&d, booking(&d, d.disabled, tomorrow(), "09:00")).await.unwrap();
    assert_eq!(code(d.desk.set_appointment_state(a.id, AppointmentState::Completed).await), "invalid_transition");
    assert_eq!(
        d.desk.set_appointment_state(a.id, AppointmentState::Arrived).await.unwrap().state,
        AppointmentState::Arrived
    );
    assert_eq!(
        d.desk.set_appointment_state(a.id, AppointmentState::Completed).await.unwrap().state,
        AppointmentState::Completed
    );
    for to in
        [AppointmentState::Cancelled, AppointmentState::NoShow, AppointmentState::Booked, AppointmentState::Expired]
    {
        assert_eq!(code(d.desk.set_appointment_state(a.id, to).await), "invalid_transition", "{to:?}");
    }
    assert_eq!(d.desk.appointment(a.id).await.unwrap().state, AppointmentState::Completed, "nothing changed");
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'state_changed'").await, 2);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn paid_session_books_the_appointment_once(pool: SqlitePool) {
    let d = setup(pool).await;
    on_create(&d.server, open_session(CS)).await;
    let a = book(&d, booking(&d, d.required, tomorrow(), "09:00")).await.unwrap();
    on_retrieve(&d.server, CS, session(CS, "complete", "paid", 3000, Timestamp::now().as_second() + 3600)).await;
    let report = d.desk.reconcile_payments().await.unwrap();
    assert_eq!(report.changed, vec![a.id.0]);
    assert_eq!(report.pending, 0);
    let a = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(a.state, AppointmentState::Booked);
    let p = a.payment.unwrap();
    assert_eq!((p.status, p.paid_amount.map(|m| m.minor)), (PaymentStatus::Paid, Some(3000)));
    assert!(a.payments[0].payment_intent_id.as_deref().unwrap().starts_with("pi_"));
    let audit_rows = count(d.desk.db(), "SELECT COUNT(*) FROM audit_log").await;
    // The same news again (an event this time) changes nothing.
    d.server.reset().await;
    account(&d.server).await;
    let paid = session(CS, "complete", "paid", 3000, Timestamp::now().as_second() + 3600);
    Mock::given(method("GET"))
        .and(path("/v1/events"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(list(vec![event("evt_9", "checkout.session.completed", 1, paid)], false)),
        )
        .mount(&d.server)
        .await;
    let report = d.desk.reconcile_payments().await.unwrap();
    assert!(report.changed.is_empty(), "{report:?}");
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM audit_log").await, audit_rows);

    // Cancelling a paid appointment keeps the payment.
    let c = d.desk.set_appointment_state(a.id, AppointmentState::Cancelled).await.unwrap();
    assert_eq!(c.state, AppointmentState::Cancelled);
    assert_eq!(c.payment.unwrap().paid_amount.unwrap().minor, 3000);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn an_expired_session_frees_the_slot(pool: SqlitePool) {
    let d = setup(pool).await;
    on_create(&d.server, open_session(CS)).await;
    let a = book(&d, booking(&d, d.required, tomorrow(), "09:00")).await.unwrap();
    on_retrieve(&d.server, CS, session(CS, "expired", "unpaid", 3000, Timestamp::now().as_second())).await;
    d.desk.reconcile_payments().await.unwrap();
    let a = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(a.state, AppointmentState::Expired);
    assert_eq!(a.payment.unwrap().status, PaymentStatus::Expired);
    assert!(d.desk.day_view(Some(tomorrow())).await.unwrap().appointments.is_empty(), "gone from the calendar");
    book(&d, booking(&d, d.disabled, tomorrow(), "09:00")).await.expect("the slot is free");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn events_read_from_the_cursor_apply_once(pool: SqlitePool) {
    let d = setup(pool).await;
    on_create(&d.server, open_session(CS)).await;
    let a = book(&d, booking(&d, d.required, tomorrow(), "09:00")).await.unwrap();
    // Polling still sees it open; only the event says it was paid.
    let paid = session(CS, "complete", "paid", 3000, Timestamp::now().as_second() + 3600);
    d.server.reset().await;
    account(&d.server).await;
    on_retrieve(&d.server, CS, open_session(CS)).await;
    Mock::given(method("GET"))
        .and(path("/v1/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list(
            vec![
                event("evt_2", "checkout.session.completed", 1_794_996_600, paid),
                event(
                    "evt_1",
                    "checkout.session.expired",
                    1_794_996_500,
                    session("cs_test_not_ours", "expired", "unpaid", 100, 0),
                ),
            ],
            false,
        )))
        .mount(&d.server)
        .await;
    let report = d.desk.reconcile_payments().await.unwrap();
    assert_eq!(report.changed, vec![a.id.0]);
    assert_eq!(d.desk.appointment(a.id).await.unwrap().state, AppointmentState::Booked);
    let cursor: String =
        sqlx::query_scalar("SELECT last_event_id FROM stripe_event_cursor").fetch_one(d.desk.db()).await.unwrap();
    assert_eq!(cursor, "evt_2", "the newest event read");
    // Stripe hands the same events over again: nothing changes.
    let audit_rows = count(d.desk.db(), "SELECT COUNT(*) FROM audit_log").await;
    let report = d.desk.reconcile_payments().await.unwrap();
    assert!(report.changed.is_empty());
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM audit_log").await, audit_rows);
    let events_requests = d.server.received_requests().await.unwrap();
    let second = events_requests.iter().filter(|r| r.url.path() == "/v1/events").nth(1).unwrap();
    assert!(second.url.query().unwrap().contains("ending_before=evt_2"), "{:?}", second.url.query());
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn no_answer_then_retry_sends_the_same_key_and_makes_one_session(pool: SqlitePool) {
    let d = setup(pool).await;
    // Stripe made the session but the answer never arrived (timeout), as if
    // the app had been killed between sending and saving.
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(open_session(CS)).set_delay(Duration::from_secs(2)))
        .mount(&d.server)
        .await;
    let a = book(&d, booking(&d, d.required, tomorrow(), "09:00")).await.unwrap();
    assert_eq!(a.state, AppointmentState::AwaitingPayment, "the booking is kept");
    assert_eq!(a.payment.as_ref().unwrap().status, PaymentStatus::Creating);
    assert_eq!(a.payment_problem.as_ref().unwrap().code, "stripe_unavailable");
    assert!(a.actions.contains(&"retry_payment_link"));
    let stored: String =
        sqlx::query_scalar("SELECT idempotency_key FROM payments").fetch_one(d.desk.db()).await.unwrap();
    let posts = |requests: Vec<wiremock::Request>| -> Vec<String> {
        requests
            .iter()
            .filter(|r| r.method.as_str() == "POST")
            .map(|r| r.headers.get("idempotency-key").unwrap().to_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(posts(d.server.received_requests().await.unwrap()), vec![stored.clone()], "sent with the stored key");

    // "Restart": a new app on the same database and keychain, Stripe
    // answering now; its start-up reconciliation re-sends the attempt.
    d.server.reset().await;
    account(&d.server).await;
    no_events(&d.server).await;
    on_create(&d.server, open_session(CS)).await;
    let restarted = Clinicdesk::with_db(d.desk.db().clone())
        .await
        .unwrap()
        .with_billing(Arc::new(StripeBilling::new(Some(d.server.uri()))))
        .with_secret_store(d.store.clone());
    let report = restarted.reconcile_payments().await.unwrap();
    assert_eq!(report.changed, vec![a.id.0]);
    let a = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(a.payment.unwrap().status, PaymentStatus::Open);
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM payments").await, 1, "one attempt");
    assert_eq!(posts(d.server.received_requests().await.unwrap()), vec![stored], "the retry re-sent the same key");
    // "Retry payment link" on an open link makes nothing new either.
    d.desk.retry_payment_link(a.id).await.unwrap();
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM payments").await, 1);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn releasing_a_hold_expires_the_session_and_frees_the_slot(pool: SqlitePool) {
    let d = setup(pool).await;
    on_create(&d.server, open_session(CS)).await;
    let a = book(&d, booking(&d, d.required, tomorrow(), "09:00")).await.unwrap();
    on_expire(&d.server, CS, session(CS, "expired", "unpaid", 3000, Timestamp::now().as_second())).await;
    let a = d.desk.release_hold(a.id).await.unwrap();
    assert_eq!(a.state, AppointmentState::Cancelled);
    assert_eq!(a.payment.unwrap().status, PaymentStatus::Expired);
    let expire =
        d.server.received_requests().await.unwrap().into_iter().find(|r| r.url.path().ends_with("/expire")).unwrap();
    let stored: String =
        sqlx::query_scalar("SELECT expire_idempotency_key FROM payments").fetch_one(d.desk.db()).await.unwrap();
    assert_eq!(expire.headers.get("idempotency-key").unwrap().to_str().unwrap(), stored);
    book(&d, booking(&d, d.disabled, tomorrow(), "09:00")).await.expect("slot free");
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'hold_released'").await, 1);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn book_without_payment_confirms_a_held_slot_with_a_reason(pool: SqlitePool) {
    let d = setup(pool).await;
    on_create(&d.server, open_session(CS)).await;
    let a = book(&d, booking(&d, d.required, tomorrow(), "09:00")).await.unwrap();
    on_expire(&d.server, CS, session(CS, "expired", "unpaid", 3000, Timestamp::now().as_second())).await;
    let a = d.desk.book_without_payment(a.id, OverrideReason::try_from("Health fund pays").unwrap()).await.unwrap();
    assert_eq!(a.state, AppointmentState::Booked);
    assert_eq!(a.override_reason.as_deref(), Some("Health fund pays"));
    assert!(a.link.is_none(), "the link no longer works");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn bad_bookings_are_refused_at_their_field(pool: SqlitePool) {
    let d = setup(pool).await;
    let yesterday = tomorrow().yesterday().unwrap().yesterday().unwrap();
    assert_eq!(field_codes(book(&d, booking(&d, d.disabled, yesterday, "09:00")).await), vec![pair("time", "in_past")]);
    hours(&d.desk, 0, "09:00", "17:00").await;
    assert_eq!(
        field_codes(book(&d, booking(&d, d.disabled, tomorrow(), "16:45")).await),
        vec![pair("time", "outside_hours")]
    );
    assert_eq!(
        field_codes(book(&d, booking(&d, d.disabled, tomorrow(), "08:00")).await),
        vec![pair("time", "outside_hours")]
    );
    let blank = BookingForm { date: "27/11/2026".into(), time: "9am".into(), ..Default::default() };
    assert_eq!(
        field_codes(book(&d, blank).await),
        vec![
            pair("patientId", "required"),
            pair("practitionerId", "required"),
            pair("appointmentTypeId", "required"),
            pair("date", "invalid_date"),
            pair("time", "invalid_time")
        ]
    );
    d.desk.archive_appointment_type(d.disabled).await.unwrap();
    assert_eq!(
        field_codes(book(&d, booking(&d, d.disabled, tomorrow(), "09:00")).await),
        vec![pair("appointmentTypeId", "type_archived")]
    );
    d.desk.set_practitioner_active(d.practitioner, false).await.unwrap();
    assert_eq!(
        field_codes(book(&d, booking(&d, d.allowed, tomorrow(), "09:00")).await),
        vec![pair("practitionerId", "practitioner_inactive")]
    );
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM appointments").await, 0, "nothing booked");
    // An owner may allow bookings outside opening hours.
    d.desk.set_practitioner_active(d.practitioner, true).await.unwrap();
    let mut settings = clinicdesk_core::dto::ClinicSettingsForm {
        name: "Test clinic".into(),
        time_zone: "Australia/Sydney".into(),
        currency: "AUD".into(),
        ..Default::default()
    };
    settings.allow_outside_hours = Some(true);
    d.desk.update_clinic_settings(settings.try_into().unwrap()).await.unwrap();
    book(&d, booking(&d, d.allowed, tomorrow(), "07:00")).await.expect("allowed outside hours");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn daylight_saving_days_show_the_right_hours(pool: SqlitePool) {
    let d = setup_with(pool, false).await;
    // Sydney: clocks go forward at 02:00 on Sunday 4 October 2026 and back
    // at 03:00 on Sunday 5 April 2026 (already past; views still work).
    let spring = civil::date(2026, 10, 4);
    hours(&d.desk, 0, "00:00", "06:00").await;
    let view = d.desk.day_view(Some(spring)).await.unwrap();
    let labels: Vec<_> = view.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels.len(), 20, "a 6-hour opening is 5 real hours that day");
    assert!(labels.contains(&"01:45") && labels.contains(&"03:00") && !labels.contains(&"02:30"), "{labels:?}");
    let i = labels.iter().position(|l| *l == "01:45").unwrap();
    assert_eq!(labels[i + 1], "03:00");
    let autumn = civil::date(2026, 4, 5);
    let view = d.desk.day_view(Some(autumn)).await.unwrap();
    let labels: Vec<_> = view.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels.len(), 28, "a 6-hour opening is 7 real hours that day");
    assert_eq!(labels.iter().filter(|l| **l == "02:15").count(), 2, "{labels:?}");

    // Bookings on such days (a future one, so a year ahead for spring).
    let spring_next = civil::date(2027, 10, 3); // first Sunday of October 2027
    assert_eq!(
        field_codes(book(&d, booking(&d, d.disabled, spring_next, "02:30")).await),
        vec![pair("time", "no_such_time")]
    );
    let long = create(&d.desk, {
        let mut f = form("Long", "100");
        f.duration_minutes = "60".into();
        f
    })
    .await
    .unwrap();
    let a = book(&d, booking(&d, long.id, spring_next, "01:30")).await.unwrap();
    assert_eq!((a.start_label.as_str(), a.end_label.as_str()), ("01:30", "03:30"), "60 real minutes");
    assert_eq!((a.starts_at.as_str(), a.ends_at.as_str()), ("2027-10-02T15:30:00Z", "2027-10-02T16:30:00Z"));
    let view = d.desk.day_view(Some(spring_next)).await.unwrap();
    let card = &view.appointments[0];
    assert_eq!(card.row_span, 4, "four 15-minute rows");
    assert_eq!(view.rows[card.row as usize].label, "01:30");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn patients_are_found_by_name_email_or_phone(pool: SqlitePool) {
    let d = setup_with(pool, false).await;
    let mut f = patient_form("Mia", "Chen", "Mia.Chen@Example.com");
    f.phone = "0412 345 678".into();
    let mia = d.desk.create_patient(f.try_into().unwrap()).await.unwrap();
    for i in 0..25 {
        d.desk.create_patient(patient_form(&format!("Pat{i:02}"), "Zed", "").try_into().unwrap()).await.unwrap();
    }
    for q in ["mia", "MIA C", "chen", "chen m", "mia.chen@", "0412", "0412 345", "  Mia   Chen "] {
        let page = d.desk.search_patients(q, 0).await.unwrap();
        assert_eq!(page.items.iter().map(|p| p.id).collect::<Vec<_>>(), vec![mia.id], "{q}");
    }
    assert!(d.desk.search_patients("zzz", 0).await.unwrap().items.is_empty());
    let first = d.desk.search_patients("zed", 0).await.unwrap();
    assert_eq!((first.items.len(), first.has_more), (20, true));
    let second = d.desk.search_patients("zed", 1).await.unwrap();
    assert_eq!((second.items.len(), second.has_more), (5, false));
    // Bad details are reported at their fields; nothing is saved.
    let bad = PatientForm {
        first_name: " ".into(),
        last_name: "X".into(),
        email: "nope".into(),
        phone: "12".into(),
        date_of_birth: "2999-01-01".into(),
        ..Default::default()
    };
    let draft: Result<PatientDraft, Error> = bad.try_into();
    assert_eq!(
        field_codes(draft),
        vec![pair("firstName", "required"), pair("email", "invalid_email"), pair("phone", "invalid_phone")]
    );
    let future = PatientForm { date_of_birth: "2999-01-01".into(), ..patient_form("A", "B", "") };
    assert_eq!(
        field_codes(d.desk.create_patient(future.try_into().unwrap()).await),
        vec![pair("dateOfBirth", "date_in_future")]
    );
    assert_eq!(count(d.desk.db(), "SELECT COUNT(*) FROM patients").await, 27);
}
