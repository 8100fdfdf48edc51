//! One payment, one truth: bank payments that take days, a paid session
//! that differs from what was asked, and money that arrives for an
//! appointment that no longer wants it. Nothing is silently marked paid and
//! nothing is dropped: it is listed under Needs attention.

mod common;

use clinicdesk_core::domain::*;
use clinicdesk_core::front_desk::PaymentStatus;
use clinicdesk_stripe_double::Failure;
use common::desk::*;
use sqlx::SqlitePool;

async fn statuses(d: &Desk, a: AppointmentId) -> Vec<String> {
    common::raw!(d.desk.db(), e => sqlx::query_scalar("SELECT status FROM checkout_attempts WHERE appointment_id = $1 ORDER BY id")
        .bind(a.0)
        .fetch_all(e).await)
        .unwrap()
}

async fn attention(d: &Desk) -> Vec<AttentionKind> {
    d.desk.needs_attention().await.unwrap().into_iter().map(|i| i.kind).collect()
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_bank_payment_holds_the_slot_until_it_clears(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.required, "09:00").await;
    let session = d.session_of(&a).await;
    d.stripe.pay_by_bank_debit(&session);
    d.desk.reconcile_payments().await.unwrap();
    let a = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(a.state, AppointmentState::AwaitingPayment, "the slot stays held");
    assert_eq!(a.payment.as_ref().unwrap().status, PaymentStatus::Processing);
    assert_eq!(a.payment_problem.as_ref().unwrap().code, "payment_processing");

    // Release, book without payment and cancel are refused, saying why.
    for refused in [
        d.desk.release_hold(a.id).await.map(|_| ()),
        d.desk.book_without_payment(a.id, OverrideReason::try_from("Paying cash").unwrap()).await.map(|_| ()),
        d.desk.set_appointment_state(a.id, AppointmentState::Cancelled).await.map(|_| ()),
    ] {
        let e = refused.unwrap_err();
        assert_eq!(e.code(), "payment_processing");
        assert!(e.to_string().contains("bank"), "{e}");
    }
    assert_eq!(d.desk.appointment(a.id).await.unwrap().state, AppointmentState::AwaitingPayment, "nothing changed");

    // An allowed type that is booked can't be cancelled either.
    let b = d.booked(d.allowed, "11:00").await;
    let b = d.desk.send_payment_link(b.id).await.unwrap();
    d.stripe.pay_by_bank_debit(&d.session_of(&b).await);
    d.desk.reconcile_payments().await.unwrap();
    assert_eq!(code(d.desk.set_appointment_state(b.id, AppointmentState::Cancelled).await), "payment_processing");
    // The cancel dialog says so before anything is pressed; a no-show is not held up.
    let preview = d.desk.close_preview(b.id, AppointmentState::Cancelled).await.unwrap();
    assert!(preview.blocked.unwrap().contains("still being processed"));
    assert_eq!(d.desk.close_preview(b.id, AppointmentState::NoShow).await.unwrap().blocked, None);

    // The bank says yes: paid, and the held appointment is booked.
    d.stripe.async_payment_succeeded(&session);
    d.desk.reconcile_payments().await.unwrap();
    let a = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(a.state, AppointmentState::Booked);
    assert_eq!(a.payment.unwrap().status, PaymentStatus::Paid);
    assert!(attention(&d).await.is_empty());
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_failed_bank_payment_frees_a_required_hold_and_is_listed(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.required, "09:00").await;
    let b = d.booked(d.allowed, "11:00").await;
    d.desk.send_payment_link(b.id).await.unwrap();
    for appointment in [&a, &b] {
        d.stripe.pay_by_bank_debit(&d.session_of(appointment).await);
    }
    d.desk.reconcile_payments().await.unwrap();
    for appointment in [&a, &b] {
        d.stripe.async_payment_failed(&d.session_of(appointment).await);
    }
    // Only the event list says it failed (the session just stays unpaid).
    d.desk.reconcile_payments().await.unwrap();
    let a = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(a.state, AppointmentState::Expired, "required: the hold ends with its payment");
    assert_eq!(a.payment.unwrap().status, PaymentStatus::Failed);
    d.book(d.booking(d.disabled, tomorrow(), "09:00")).await.expect("the slot is free");
    let b = d.desk.appointment(b.id).await.unwrap();
    assert_eq!(b.state, AppointmentState::Booked, "allowed: still booked, to be paid another way");
    let items = d.desk.needs_attention().await.unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i.kind == AttentionKind::AsyncPaymentFailed));
    assert_eq!(items.iter().filter(|i| i.slot_released).count(), 1);
    assert_eq!(items[0].appointment.as_ref().unwrap().patient_name, "Sam Taylor");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_bank_payment_processing_over_five_days_is_flagged(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let b = d.booked(d.allowed, "11:00").await;
    d.desk.send_payment_link(b.id).await.unwrap();
    d.stripe.pay_by_bank_debit(&d.session_of(&b).await);
    d.desk.reconcile_payments().await.unwrap();
    d.advance(4 * 24 * 3600).await;
    d.desk.reconcile_payments().await.unwrap();
    assert!(attention(&d).await.is_empty(), "four days is normal for a bank debit");
    d.advance(24 * 3600 + 60).await;
    d.desk.reconcile_payments().await.unwrap();
    d.desk.reconcile_payments().await.unwrap();
    assert_eq!(attention(&d).await, [AttentionKind::ProcessingTooLong], "flagged once");
}

/// Paid means paid: a session reported with another amount, currency or
/// mode than its attempt asked for is not counted, and is listed.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_paid_session_that_differs_from_the_attempt_is_not_counted(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let cases = [("09:00", 2000, "aud", false), ("10:00", 3000, "usd", false), ("11:00", 3000, "aud", true)];
    for (time, amount, currency, livemode) in cases {
        let a = d.booked(d.required, time).await;
        d.stripe.pay_reporting(&d.session_of(&a).await, amount, currency, livemode);
        d.desk.reconcile_payments().await.unwrap();
        let a = d.desk.appointment(a.id).await.unwrap();
        assert_eq!(a.state, AppointmentState::AwaitingPayment, "{time}: not booked by a payment that differs");
        assert_eq!(a.payment.as_ref().unwrap().status, PaymentStatus::Mismatch);
        assert_eq!(a.payment.as_ref().unwrap().paid_amount, None, "not counted as paid");
        assert_eq!(statuses(&d, a.id).await, ["mismatch"]);
    }
    let items = d.desk.needs_attention().await.unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|i| i.kind == AttentionKind::AmountMismatch));
    assert_eq!(items[0].reported.map(|m| m.minor), Some(2000));
    assert_eq!(items[0].reported_livemode, None, "same mode: not worth saying");
    assert_eq!(items[0].amount.map(|m| m.minor), Some(3000));
    assert_eq!(items[1].reported.map(|m| m.currency.code()), Some("USD"));
    assert_eq!(items[2].reported_livemode, Some(true));

    // Marking one dealt with keeps it in the audit log and off the list.
    assert_eq!(ResolutionNote::try_from("  ").unwrap_err().code, "required");
    let note = ResolutionNote::try_from("Refunded in the Stripe Dashboard").unwrap();
    d.desk.resolve_attention(items[0].id, note).await.unwrap();
    let left = d.desk.needs_attention().await.unwrap();
    assert_eq!(left.len(), 2);
    assert_eq!(d.count("SELECT COUNT(*) FROM audit_log WHERE action = 'attention_resolved'").await, 1);
}

/// Cancelling never waits on Stripe: when the link can't be stopped now the
/// appointment is cancelled anyway, the background check stops the link,
/// and a payment made meanwhile is listed.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn money_for_a_cancelled_appointment_is_listed_not_dropped(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let b = d.booked(d.allowed, "11:00").await;
    d.desk.send_payment_link(b.id).await.unwrap();
    let session = d.session_of(&b).await;
    d.stripe.fail_next(&format!("/v1/checkout/sessions/{session}/expire"), Failure::Unreachable);
    let b = d.desk.set_appointment_state(b.id, AppointmentState::Cancelled).await.unwrap();
    assert_eq!(b.state, AppointmentState::Cancelled);
    assert_eq!(d.stripe.session(&session)["status"], "open", "Stripe couldn't be told yet");
    d.stripe.pay(&session);
    d.desk.reconcile_payments().await.unwrap();
    let b = d.desk.appointment(b.id).await.unwrap();
    assert_eq!(b.state, AppointmentState::Cancelled, "not revived");
    assert_eq!(b.payment.unwrap().paid_amount.map(|m| m.minor), Some(9000), "the money is recorded");
    let items = d.desk.needs_attention().await.unwrap();
    assert_eq!(items.iter().map(|i| i.kind).collect::<Vec<_>>(), [AttentionKind::PaidAfterCancel]);
    assert_eq!(items[0].amount.map(|m| m.minor), Some(9000));

    // Had the patient not paid, the background check stops the link.
    let c = d.booked(d.allowed, "13:00").await;
    d.desk.send_payment_link(c.id).await.unwrap();
    let other = d.session_of(&c).await;
    d.stripe.fail_next(&format!("/v1/checkout/sessions/{other}/expire"), Failure::Unreachable);
    d.desk.set_appointment_state(c.id, AppointmentState::Cancelled).await.unwrap();
    d.desk.reconcile_payments().await.unwrap();
    assert_eq!(d.stripe.session(&other)["status"], "expired");
    assert_eq!(statuses(&d, c.id).await, ["expired"]);
}

/// Stripe made a session whose answer never arrived; the hold ran out and
/// the slot was freed; the session's news (found by its metadata) says it
/// was paid. Listed, never dropped.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_session_never_heard_of_is_found_by_its_metadata(pool: SqlitePool) {
    let d = front_desk(pool).await;
    d.stripe.fail_next("/v1/checkout/sessions", Failure::AnswerLost);
    let a = d.booked(d.required, "09:00").await;
    assert_eq!(statuses(&d, a.id).await, ["creating"]);
    let session = d.stripe.last_session()["id"].as_str().unwrap().to_string();
    d.stripe.pay(&session);
    // The app was closed until after the hold's end.
    d.advance(2 * 3600).await;
    d.desk.reconcile_payments().await.unwrap();
    let a = d.desk.appointment(a.id).await.unwrap();
    assert_eq!(a.state, AppointmentState::Expired, "the hold ran out before the news arrived");
    assert_eq!(statuses(&d, a.id).await, ["paid"]);
    assert_eq!(attention(&d).await, [AttentionKind::PaidAfterExpiry]);
}
