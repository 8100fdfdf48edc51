//! Payment links against the strict Stripe double: paid and expired news
//! applied once, the crash case, a retry that re-sends exactly the first
//! request, holds against Stripe's 30-minute minimum, one payable link per
//! appointment, and releasing a hold.

mod common;

use clinicdesk_core::account::forms::{CloseMoney, Surplus};
use clinicdesk_core::domain::*;
use clinicdesk_core::front_desk::PaymentStatus;
use clinicdesk_core::stripe::{Billing, BillingError, StoredRequest};
use clinicdesk_stripe_double::{Failure, Params};
use common::desk::*;
use sqlx::SqlitePool;

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_paid_link_books_the_appointment_once(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.required, "09:00").await;
    let session = d.session_of(&a).await;
    d.stripe.pay(&session);
    let report = d.desk.reconcile_payments().await.unwrap();
    assert_eq!(report.changed, vec![a.id.0]);
    assert_eq!(report.pending, 0);
    let a = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(a.state, AppointmentState::Booked);
    let p = a.payment.clone().unwrap();
    assert_eq!((p.status, p.paid_amount.map(|m| m.minor)), (PaymentStatus::Paid, Some(3000)));
    assert!(a.payments[0].payment_intent_id.as_deref().unwrap().starts_with("pi_"));

    // The same news again (polling and the event list both tell it) changes nothing.
    let audit_rows = d.count("SELECT COUNT(*) FROM audit_log").await;
    let report = d.desk.reconcile_payments().await.unwrap();
    assert!(report.changed.is_empty(), "{report:?}");
    assert_eq!(d.count("SELECT COUNT(*) FROM audit_log").await, audit_rows);

    // Cancelling a paid appointment asks what becomes of the money, and
    // changes nothing until it is told.
    let asked = d.desk.set_appointment_state(a.id, AppointmentState::Cancelled).await;
    assert_eq!(common::field_codes(asked), vec![common::pair("surplus", "choose_refund_or_keep")]);
    assert_eq!(d.desk.appointment(a.id).await.unwrap().state, AppointmentState::Booked);
    let keep = CloseMoney { surplus: Some(Surplus::Keep), ..Default::default() };
    let c = d.desk.close_appointment(a.id, AppointmentState::Cancelled, keep).await.unwrap();
    assert_eq!(c.state, AppointmentState::Cancelled);
    assert_eq!(c.payment.unwrap().paid_amount.unwrap().minor, 3000);
    assert!(d.desk.needs_attention().await.unwrap().is_empty(), "cancelled knowingly: nothing to flag");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_hold_that_runs_out_frees_the_slot(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.required, "09:00").await;
    // Stripe expires the session by itself when its time comes.
    d.advance(61 * 60).await;
    d.desk.reconcile_payments().await.unwrap();
    let a = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(a.state, AppointmentState::Expired);
    assert_eq!(a.payment.unwrap().status, PaymentStatus::Expired);
    assert!(d.desk.day_view(Some(tomorrow())).await.unwrap().appointments.is_empty(), "gone from the calendar");
    d.book(d.booking(d.disabled, tomorrow(), "09:00")).await.expect("the slot is free");
}

/// Stripe made the session but its answer never arrived, as if the app had
/// been killed between sending and saving. A restarted app re-sends the
/// stored request with the stored key; Stripe replays its answer.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn the_answer_lost_then_a_restart_makes_one_session(pool: SqlitePool) {
    let d = front_desk(pool).await;
    d.stripe.fail_next("/v1/checkout/sessions", Failure::AnswerLost);
    let a = d.booked(d.required, "09:00").await;
    assert_eq!(a.state, AppointmentState::AwaitingPayment, "the booking is kept");
    assert_eq!(a.payment.as_ref().unwrap().status, PaymentStatus::Creating);
    assert_eq!(a.payment_problem.as_ref().unwrap().code, "stripe_unavailable");
    assert!(a.actions.contains(&"retry_payment_link"));
    assert_eq!(d.stripe.sessions_created(), 1, "Stripe did make it");

    let restarted = d.another_instance().await;
    let report = restarted.reconcile_payments().await.unwrap();
    assert_eq!(report.changed, vec![a.id.0]);
    let a = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(a.payment.unwrap().status, PaymentStatus::Open);
    assert_eq!(a.link.unwrap().url, d.stripe.last_session()["url"]);
    assert_eq!(d.stripe.sessions_created(), 1, "one session");
    assert_eq!(d.count("SELECT COUNT(*) FROM checkout_attempts").await, 1, "one attempt");
    let creates = d.creates();
    assert_eq!(creates.len(), 2);
    assert!(creates[1].replayed, "Stripe answered from the first request's saved result");
    assert_eq!(creates[0].idempotency_key, creates[1].idempotency_key);
    // "Retry payment link" on an open link makes nothing new either.
    d.desk.retry_payment_link(a.id).await.unwrap();
    assert_eq!(d.creates().len(), 2);
}

/// What the line item, email and time zone say can change between a first
/// try and its retry; the retry still sends the first try's parameters, so
/// Stripe's idempotency check passes and one session exists.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_retry_resends_exactly_what_the_first_try_sent(pool: SqlitePool) {
    let d = front_desk(pool).await;
    d.stripe.fail_next("/v1/checkout/sessions", Failure::AnswerLost);
    let a = d.booked(d.required, "09:00").await;
    assert_eq!(a.payment.as_ref().unwrap().status, PaymentStatus::Creating);

    d.desk.rename_practitioner(d.practitioner, PractitionerName::try_from("Dr Mia Lee-Chen").unwrap()).await.unwrap();
    let mut patient = patient_form("Sam", "Taylor", "sam.taylor@example.org");
    patient.phone = "0400 000 000".into();
    d.desk.update_patient(d.patient, patient.try_into().unwrap()).await.unwrap();
    d.desk
        .update_clinic_settings(
            clinicdesk_core::dto::ClinicSettingsForm {
                name: "Test clinic".into(),
                time_zone: "Australia/Perth".into(),
                currency: "AUD".into(),
                // The owner was asked: the appointment shows two hours earlier.
                confirm_time_zone_change: true,
                ..Default::default()
            }
            .try_into()
            .unwrap(),
        )
        .await
        .unwrap();

    let a = d.desk.retry_payment_link(a.id).await.unwrap();
    assert_eq!(a.payment.as_ref().unwrap().status, PaymentStatus::Open, "{:?}", a.payment_problem);
    let creates = d.creates();
    assert_eq!(creates.len(), 2);
    assert_eq!(creates[1].status, 200, "no idempotency_error");
    assert!(creates[1].replayed);
    assert_eq!(creates[0].params, creates[1].params, "the same parameters, byte for byte");
    assert_eq!(creates[1].params.get("customer_email"), Some("sam@example.com"), "as first sent");
    assert_eq!(d.stripe.sessions_created(), 1);
}

/// The shortest hold never reaches Stripe under its 30-minute minimum, and a
/// re-send late in a hold is not refused for it: while the stored expiry is
/// far enough off the same request is re-sent; after that a new attempt
/// with a new key replaces it.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn holds_and_stripes_thirty_minute_minimum_agree(pool: SqlitePool) {
    let d = front_desk(pool).await;
    d.desk
        .update_clinic_settings(
            clinicdesk_core::dto::ClinicSettingsForm {
                name: "Test clinic".into(),
                time_zone: "Australia/Sydney".into(),
                currency: "AUD".into(),
                hold_minutes: Some("30".into()),
                ..Default::default()
            }
            .try_into()
            .unwrap(),
        )
        .await
        .unwrap();

    // Edge 1: the request never reaches Stripe; retried 3 minutes later it
    // is still valid (over 31 minutes left), so the same key is re-sent.
    d.stripe.fail_next("/v1/checkout/sessions", Failure::Unreachable);
    let a = d.booked(d.required, "09:00").await;
    let first = d.creates()[0].clone();
    let expires: i64 = first.params.get("expires_at").unwrap().parse().unwrap();
    assert!(expires - first.at >= 30 * 60 + 4 * 60, "a 30-minute hold is sent with room to spare");
    d.advance(3 * 60).await;
    let a = d.desk.retry_payment_link(a.id).await.unwrap();
    assert_eq!(a.payment.as_ref().unwrap().status, PaymentStatus::Open, "{:?}", a.payment_problem);
    let creates = d.creates();
    assert_eq!((creates.len(), creates[1].status), (2, 200));
    assert_eq!(creates[1].idempotency_key, first.idempotency_key);
    assert_eq!(creates[1].params, first.params);

    // Edge 2: later in the hold the stored request would be refused…
    d.stripe.fail_next("/v1/checkout/sessions", Failure::Unreachable);
    let b = d.booked(d.required, "11:00").await;
    let stale = d.creates().last().unwrap().clone();
    d.advance(6 * 60).await;
    let refused = billing(&d.stripe)
        .create_checkout_session(
            &secret(KEY),
            &StoredRequest { idempotency_key: "a-key-nobody-used".into(), body: form_body(&stale.params) },
        )
        .await;
    assert!(
        matches!(&refused, Err(BillingError::Refused { status: 400, param: Some(p), .. }) if p == "expires_at"),
        "{refused:?}"
    );
    // …so "Retry" makes a new attempt, with a new key, that Stripe accepts.
    let b = d.desk.retry_payment_link(b.id).await.unwrap();
    assert_eq!(b.payment.as_ref().unwrap().status, PaymentStatus::Open, "{:?}", b.payment_problem);
    let last = d.creates().last().unwrap().clone();
    assert_eq!(last.status, 200);
    assert_ne!(last.idempotency_key, stale.idempotency_key);
    let statuses: Vec<String> =
        common::raw!(d.desk.db(), e => sqlx::query_scalar("SELECT status FROM checkout_attempts WHERE appointment_id = $1 ORDER BY id")
            .bind(b.id.0)
            .fetch_all(e).await)
            .unwrap();
    assert_eq!(statuses, ["abandoned", "open"]);
    // The background check never re-sends a request that late either.
    d.stripe.fail_next("/v1/checkout/sessions", Failure::Unreachable);
    let c = d.booked(d.required, "13:00").await;
    d.advance(6 * 60).await;
    let before = d.creates().len();
    d.desk.reconcile_payments().await.unwrap();
    assert_eq!(d.creates().len(), before, "left to run out (or to Retry)");
    assert_eq!(d.desk.appointment(c.id).await.unwrap().state, AppointmentState::AwaitingPayment);
    d.advance(31 * 60).await;
    d.desk.reconcile_payments().await.unwrap();
    assert_eq!(d.desk.appointment(c.id).await.unwrap().state, AppointmentState::Expired, "the hold ran out");
}

fn form_body(params: &Params) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(params.0.iter()).finish()
}

/// Two windows (two app instances on one database file) pressing "Send
/// payment link" at the same moment make one attempt and one session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_windows_sending_one_link_make_one_session() {
    let dir = std::env::temp_dir().join(format!("clinicdesk-link-race-{}", uuid::Uuid::new_v4()));
    let one = clinicdesk_core::Clinicdesk::open(&dir).await.unwrap();
    common::as_owner(&one).await;
    let d = front_desk(one.db().clone()).await;
    let two = d.another_instance().await;
    for round in 0..10 {
        let a = d.booked(d.allowed, &format!("{:02}:00", 8 + round)).await;
        let (x, y) = tokio::join!(d.desk.send_payment_link(a.id), two.send_payment_link(a.id));
        assert!(x.is_ok() && y.is_ok(), "round {round}: {x:?} / {y:?}");
        let attempts: i64 = common::raw!(d.desk.db(), e => sqlx::query_scalar("SELECT COUNT(*) FROM checkout_attempts WHERE appointment_id = $1")
            .bind(a.id.0)
            .fetch_one(e).await)
            .unwrap();
        assert_eq!(attempts, 1, "round {round}");
    }
    assert_eq!(d.stripe.sessions_created(), 10, "one session per appointment");
    let _ = std::fs::remove_dir_all(dir);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn one_payable_link_per_appointment_is_the_databases_rule_too(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.required, "09:00").await;
    let second = common::raw!(d.desk.db(), e => sqlx::query(
        "INSERT INTO checkout_attempts (id, appointment_id, kind, status, amount_minor, currency, idempotency_key,
                                        requested_expires_at, created_at, updated_at)
         VALUES ((SELECT MAX(id) + 1 FROM checkout_attempts), $1, 'booking', 'creating', 3000, 'AUD', 'another-key',
                 '2030-01-01T00:00:00Z', 'x', 'x')",
    )
    .bind(a.id.0)
    .execute(e).await.map(|_| ()));
    // SQLite names the index's column, PostgreSQL the index.
    let refused = second.unwrap_err().to_string();
    assert!(
        refused.contains("checkout_attempts.appointment_id") || refused.contains("checkout_attempts_one_payable"),
        "the partial unique index refuses it: {refused}"
    );
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn releasing_a_hold_expires_the_session_and_frees_the_slot(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.required, "09:00").await;
    let session = d.session_of(&a).await;
    let a = d.desk.release_hold(a.id).await.unwrap();
    assert_eq!(a.state, AppointmentState::Cancelled);
    assert_eq!(a.payment.unwrap().status, PaymentStatus::Expired);
    assert_eq!(d.stripe.session(&session)["status"], "expired", "the link no longer works");
    let expire = d.stripe.requests().into_iter().find(|r| r.path.ends_with("/expire")).unwrap();
    let stored = d.text("SELECT expire_idempotency_key FROM checkout_attempts").await;
    assert_eq!(expire.idempotency_key.as_deref(), Some(stored.as_str()));
    d.book(d.booking(d.disabled, tomorrow(), "09:00")).await.expect("slot free");
    assert_eq!(d.count("SELECT COUNT(*) FROM audit_log WHERE action = 'hold_released'").await, 1);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn booking_without_payment_confirms_a_held_slot_with_a_reason(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.required, "09:00").await;
    let session = d.session_of(&a).await;
    let a = d.desk.book_without_payment(a.id, OverrideReason::try_from("Health fund pays").unwrap()).await.unwrap();
    assert_eq!(a.state, AppointmentState::Booked);
    assert_eq!(a.override_reason.as_deref(), Some("Health fund pays"));
    assert!(a.link.is_none(), "the link no longer works");
    assert_eq!(d.stripe.session(&session)["status"], "expired");
    // Paid just as the desk released it: the payment wins.
    let b = d.booked(d.required, "11:00").await;
    d.stripe.pay(&d.session_of(&b).await);
    assert_eq!(code(d.desk.release_hold(b.id).await), "already_paid");
    assert_eq!(d.desk.appointment(b.id).await.unwrap().state, AppointmentState::Booked);
}

/// The double itself: a key reused with other parameters is refused with
/// Stripe's `idempotency_error`; the same parameters get the saved answer.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn stripe_refuses_a_key_reused_with_other_parameters(pool: SqlitePool) {
    let d = front_desk(pool).await;
    d.booked(d.required, "09:00").await;
    let sent = d.creates()[0].clone();
    let key = sent.idempotency_key.clone().unwrap();
    let mut other = sent.params.clone();
    for (k, v) in other.0.iter_mut() {
        if k == "customer_email" {
            *v = "someone@example.org".into();
        }
    }
    let stripe = billing(&d.stripe);
    let refused = stripe
        .create_checkout_session(&secret(KEY), &StoredRequest { idempotency_key: key.clone(), body: form_body(&other) })
        .await;
    assert!(
        matches!(&refused, Err(BillingError::Refused { status: 400, code, .. }) if code == "idempotency_error"),
        "{refused:?}"
    );
    let same = stripe
        .create_checkout_session(&secret(KEY), &StoredRequest { idempotency_key: key, body: form_body(&sent.params) })
        .await
        .unwrap();
    assert_eq!(same.id, d.stripe.last_session()["id"]);
    assert_eq!(d.stripe.sessions_created(), 1);
    // A day later Stripe has forgotten the key: the same request is new
    // again, and refused now for its old expiry.
    d.advance(24 * 3600).await;
    let late = stripe
        .create_checkout_session(
            &secret(KEY),
            &StoredRequest { idempotency_key: sent.idempotency_key.unwrap(), body: form_body(&sent.params) },
        )
        .await;
    assert!(matches!(late, Err(BillingError::Refused { status: 400, .. })), "{late:?}");
}
