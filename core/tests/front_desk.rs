//! The front desk: booking with each payment mode (and the request Stripe
//! receives), the overlap rule, two workstations racing, snapshots, the
//! workflow, bad input, daylight-saving days and patient search.

mod common;

use clinicdesk_core::domain::*;
use clinicdesk_core::dto::{BookingDraft, BookingForm, PatientDraft, PatientForm};
use clinicdesk_core::front_desk::PaymentStatus;
use clinicdesk_core::{Clinicdesk, Error};
use common::desk::*;
use common::*;
use jiff::civil;
use sqlx::SqlitePool;
use std::collections::HashMap;

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn disabled_and_allowed_types_book_at_once(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.disabled, "09:00").await;
    assert_eq!(a.state, AppointmentState::Booked);
    assert_eq!(a.payment, None);
    assert!(!a.actions.contains(&"send_payment_link"));

    let b = d.booked(d.allowed, "10:00").await;
    assert_eq!(b.state, AppointmentState::Booked);
    assert_eq!(b.payment.as_ref().unwrap().status, PaymentStatus::None);
    assert_eq!(b.online_amount.unwrap().minor, 9000);
    assert!(b.actions.contains(&"send_payment_link"));
    assert_eq!(d.stripe.sessions_created(), 0, "nothing asked of Stripe yet");

    let b = d.desk.send_payment_link(b.id).await.unwrap();
    assert_eq!(b.state, AppointmentState::Booked, "allowed: stays booked while the link is open");
    assert_eq!(b.payment.as_ref().unwrap().status, PaymentStatus::Open);
    let link = b.link.expect("a link");
    let session = d.stripe.last_session();
    assert_eq!(link.url, session["url"]);
    assert_eq!(session["amount_total"], 9000);
    assert!(link.qr_svg.starts_with("<?xml") && link.qr_svg.contains("<svg"), "QR as SVG");
    // Asking again while the link is open makes no second session.
    d.desk.send_payment_link(b.id).await.unwrap();
    assert_eq!(d.stripe.sessions_created(), 1);
    assert_eq!(d.count("SELECT COUNT(*) FROM checkout_attempts").await, 1);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn required_type_holds_the_slot_with_a_session_stripe_accepts(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let before = d.stripe.now();
    let a = d.booked(d.required, "09:00").await;
    assert_eq!(a.state, AppointmentState::AwaitingPayment);
    assert_eq!(a.payment.as_ref().unwrap().status, PaymentStatus::Open);
    assert_eq!(a.online_amount.unwrap().minor, 3000);
    assert!(a.link.is_some() && a.actions.contains(&"release_hold") && a.actions.contains(&"email_payment_link"));

    // What Stripe received (and, being strict, accepted).
    let creates = d.creates();
    assert_eq!(creates.len(), 1);
    assert_eq!(creates[0].status, 200);
    let form: HashMap<String, String> = creates[0].params.0.iter().cloned().collect();
    assert_eq!(form["mode"], "payment");
    assert_eq!(form["success_url"], "https://harbourside.example/", "from the account's website");
    assert_eq!(form["cancel_url"], "https://harbourside.example/");
    assert_eq!(form["line_items[0][price_data][currency]"], "aud");
    assert_eq!(form["line_items[0][price_data][unit_amount]"], "3000");
    assert_eq!(form["line_items[0][quantity]"], "1");
    let name = &form["line_items[0][price_data][product_data][name]"];
    assert!(name.starts_with("Initial consultation — ") && name.ends_with(", 09:00 — Dr Mia Lee"), "{name}");
    assert_eq!(form["customer_email"], "sam@example.com");
    assert_eq!(form["metadata[clinicdesk_appointment_id]"], a.id.0.to_string());
    assert_eq!(form["metadata[clinicdesk_database_id]"], d.desk.database_id().await.unwrap());
    assert_eq!(form["payment_intent_data[metadata][clinicdesk_appointment_id]"], a.id.0.to_string());
    let expires: i64 = form["expires_at"].parse().unwrap();
    assert!((before + 3600..=d.stripe.now() + 3600).contains(&expires), "the clinic's hold of 60 minutes");

    // The key sent is the one stored before sending, with the body stored.
    let (stored, body): (String, String) =
        common::raw!(d.desk.db(), e => sqlx::query_as("SELECT idempotency_key, request_body FROM checkout_attempts")
            .fetch_one(e).await)
        .unwrap();
    assert_eq!(creates[0].idempotency_key.as_deref(), Some(stored.as_str()));
    assert_eq!(stored, format!("clinicdesk-{}-payment-1", d.desk.database_id().await.unwrap()));
    assert_eq!(clinicdesk_stripe_double::Params::parse(body.as_bytes()), creates[0].params, "sent exactly as stored");

    // "Email to patient": a mailto with the link, every part encoded.
    let mailto = d.desk.payment_link_mailto(a.id).await.unwrap();
    assert!(mailto.starts_with("mailto:sam%40example.com?subject=Payment%20for%20your%20appointment%20at%20Test%20clinic&body=Hello%20Sam%2C"), "{mailto}");
    let session = d.session_of(&a).await;
    assert!(mailto.contains(&format!("https%3A%2F%2Fcheckout.stripe.com%2Fc%2Fpay%2F{session}")), "{mailto}");

    // The held slot is taken.
    assert_eq!(field_codes(d.book(d.booking(d.disabled, tomorrow(), "09:15")).await), vec![pair("time", "slot_taken")]);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn required_type_without_stripe_needs_a_reason(pool: SqlitePool) {
    let d = front_desk_with(pool, false).await;
    assert_eq!(
        field_codes(d.book(d.booking(d.required, tomorrow(), "09:00")).await),
        vec![pair("overrideReason", "stripe_not_ready")]
    );
    assert_eq!(d.count("SELECT COUNT(*) FROM appointments").await, 0);
    let mut f = d.booking(d.required, tomorrow(), "09:00");
    f.override_reason = "Paying cash at reception".into();
    let a = d.book(f).await.unwrap();
    assert_eq!(a.state, AppointmentState::Booked);
    assert_eq!(a.override_reason.as_deref(), Some("Paying cash at reception"));
    let audit = d.text("SELECT after_json FROM audit_log WHERE action = 'booked_without_payment'").await;
    assert!(audit.contains("Paying cash at reception"));
    assert!(d.stripe.requests().is_empty(), "nothing was sent to Stripe");
}

/// A clinic whose Stripe account has no website must say where patients go
/// after paying before a link can be made: hosted Checkout requires it.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn online_payment_needs_the_page_patients_return_to(pool: SqlitePool) {
    let d = front_desk_with(pool, false).await;
    let mut account = clinicdesk_stripe_double::harbourside();
    account.business_url = None;
    d.stripe.add_key(KEY, account);
    let status = d.desk.connect_stripe(secret(KEY)).await.unwrap();
    assert_eq!(status.return_url, None);
    assert!(!status.payments_active);
    assert!(status.problem.unwrap().contains("after paying"));
    assert_eq!(
        field_codes(d.book(d.booking(d.required, tomorrow(), "09:00")).await),
        vec![pair("overrideReason", "no_return_url")]
    );
    let b = d.booked(d.allowed, "10:00").await;
    assert_eq!(code(d.desk.send_payment_link(b.id).await), "no_return_url");
    assert_eq!(d.stripe.sessions_created(), 0);

    // Bad addresses are refused at the field, and nothing is saved.
    for (typed, want) in
        [("http://harbourside.example", "url_not_https"), ("not a url", "url_invalid"), ("", "required")]
    {
        let parsed: Result<ReturnUrl, _> = ReturnUrl::try_from(typed);
        assert_eq!(parsed.unwrap_err().code, want, "{typed}");
    }
    assert_eq!(d.desk.stripe_status().await.unwrap().return_url, None);

    let status = d.desk.save_return_url(ReturnUrl::try_from("harbourside.example/paid").unwrap()).await.unwrap();
    assert_eq!(status.return_url.as_deref(), Some("https://harbourside.example/paid"));
    assert!(status.payments_active);
    let a = d.booked(d.required, "09:00").await;
    assert!(a.link.is_some());
    assert_eq!(d.stripe.last_session()["success_url"], "https://harbourside.example/paid");
    assert_eq!(d.count("SELECT COUNT(*) FROM audit_log WHERE action = 'return_url_changed'").await, 1);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn one_practitioner_never_has_two_appointments_at_once(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let first = d.book(d.booking(d.disabled, tomorrow(), "09:00")).await.unwrap(); // 09:00–09:30
    for time in ["09:00", "08:45", "09:29"] {
        assert_eq!(
            field_codes(d.book(d.booking(d.disabled, tomorrow(), time)).await),
            vec![pair("time", "slot_taken")],
            "{time}"
        );
    }
    d.book(d.booking(d.disabled, tomorrow(), "09:30")).await.expect("back to back is fine");
    let other = d.desk.create_practitioner(PractitionerName::try_from("Dr Ana Ruiz").unwrap()).await.unwrap();
    let mut f = d.booking(d.disabled, tomorrow(), "09:00");
    f.practitioner_id = other.id.0.to_string();
    d.book(f).await.expect("another practitioner is free");
    // Cancelling frees the slot.
    d.desk.set_appointment_state(first.id, AppointmentState::Cancelled).await.unwrap();
    d.book(d.booking(d.disabled, tomorrow(), "09:00")).await.expect("slot free again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workstations_booking_one_slot_get_one_booking() {
    // Two app instances on one database file, as two workstations sharing it.
    let dir = std::env::temp_dir().join(format!("clinicdesk-race-{}", uuid::Uuid::new_v4()));
    let one = Clinicdesk::open(&dir).await.unwrap();
    common::as_owner(&one).await;
    let pool = one.db().clone();
    let d = front_desk_with(pool, false).await;
    let two = d.second_workstation().await;
    for round in 0..10 {
        let time = format!("{:02}:00", 8 + round);
        let (a, b) = tokio::join!(d.book(d.booking(d.disabled, tomorrow(), &time)), async {
            let draft: BookingDraft = d.booking(d.disabled, tomorrow(), &time).try_into().unwrap();
            two.book_appointment(draft).await
        });
        let results = [a.is_ok(), b.is_ok()];
        assert_eq!(results.iter().filter(|ok| **ok).count(), 1, "round {round}: {a:?} / {b:?}");
        let loser = if a.is_ok() { b } else { a };
        assert_eq!(field_codes(loser), vec![pair("time", "slot_taken")]);
    }
    assert_eq!(d.count("SELECT COUNT(*) FROM appointments").await, 10);
    let _ = std::fs::remove_dir_all(dir);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_booking_keeps_the_price_and_payment_settings_it_was_booked_with(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.book(d.booking(d.required, tomorrow(), "09:00")).await.unwrap();
    update(&d.desk, d.required, online(form("Renamed", "200"), "allowed", "percent", "50")).await.unwrap();
    let again = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(again.price.minor, 12000);
    assert_eq!(again.payment_mode, PaymentMode::Required);
    assert_eq!(again.online_amount.unwrap().minor, 3000);
    assert_eq!(again.appointment_type.name, "Initial consultation");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn states_move_only_as_the_workflow_allows(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.book(d.booking(d.disabled, tomorrow(), "09:00")).await.unwrap();
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
    assert_eq!(d.count("SELECT COUNT(*) FROM audit_log WHERE action = 'state_changed'").await, 2);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn bad_bookings_are_refused_at_their_field(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let yesterday = tomorrow().yesterday().unwrap().yesterday().unwrap();
    assert_eq!(field_codes(d.book(d.booking(d.disabled, yesterday, "09:00")).await), vec![pair("time", "in_past")]);
    set_hours(&d.desk, "09:00", "17:00").await;
    assert_eq!(
        field_codes(d.book(d.booking(d.disabled, tomorrow(), "16:45")).await),
        vec![pair("time", "outside_hours")]
    );
    assert_eq!(
        field_codes(d.book(d.booking(d.disabled, tomorrow(), "08:00")).await),
        vec![pair("time", "outside_hours")]
    );
    let blank = BookingForm { date: "27/11/2026".into(), time: "9am".into(), ..Default::default() };
    assert_eq!(
        field_codes(d.book(blank).await),
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
        field_codes(d.book(d.booking(d.disabled, tomorrow(), "09:00")).await),
        vec![pair("appointmentTypeId", "type_archived")]
    );
    d.desk.set_practitioner_active(d.practitioner, false).await.unwrap();
    assert_eq!(
        field_codes(d.book(d.booking(d.allowed, tomorrow(), "09:00")).await),
        vec![pair("practitionerId", "practitioner_inactive")]
    );
    assert_eq!(d.count("SELECT COUNT(*) FROM appointments").await, 0, "nothing booked");
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
    d.book(d.booking(d.allowed, tomorrow(), "07:00")).await.expect("allowed outside hours");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn daylight_saving_days_show_the_right_hours(pool: SqlitePool) {
    let d = front_desk_with(pool, false).await;
    // Sydney: clocks go forward at 02:00 on Sunday 4 October 2026 and back
    // at 03:00 on Sunday 5 April 2026 (already past; views still work).
    let spring = civil::date(2026, 10, 4);
    set_hours(&d.desk, "00:00", "06:00").await;
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
        field_codes(d.book(d.booking(d.disabled, spring_next, "02:30")).await),
        vec![pair("time", "no_such_time")]
    );
    let long = create(&d.desk, {
        let mut f = form("Long", "100");
        f.duration_minutes = "60".into();
        f
    })
    .await
    .unwrap();
    let a = d.book(d.booking(long.id, spring_next, "01:30")).await.unwrap();
    assert_eq!((a.start_label.as_str(), a.end_label.as_str()), ("01:30", "03:30"), "60 real minutes");
    assert_eq!((a.starts_at.as_str(), a.ends_at.as_str()), ("2027-10-02T15:30:00Z", "2027-10-02T16:30:00Z"));
    let view = d.desk.day_view(Some(spring_next)).await.unwrap();
    let card = &view.appointments[0];
    assert_eq!(card.row_span, 4, "four 15-minute rows");
    assert_eq!(view.rows[card.row as usize].label, "01:30");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn patients_are_found_by_name_email_or_phone(pool: SqlitePool) {
    let d = front_desk_with(pool, false).await;
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
    assert_eq!(d.count("SELECT COUNT(*) FROM patients").await, 27);
}
