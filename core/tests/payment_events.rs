//! Reading Stripe's event list: every page, oldest first; an event that
//! can't be read is passed over without stopping the cursor; a cursor Stripe
//! no longer knows is recognised by its error code, not by the status alone.

mod common;

use clinicdesk_core::domain::*;
use clinicdesk_stripe_double::{harbourside, Failure};
use common::desk::*;
use sqlx::SqlitePool;

async fn cursor(d: &Desk) -> String {
    d.text("SELECT last_event_id FROM stripe_event_cursor").await
}

fn event_pages(d: &Desk, from: usize) -> Vec<String> {
    d.stripe.requests()[from..].iter().filter(|r| r.path == "/v1/events").map(|r| r.query.clone()).collect()
}

/// Polling can't reach this session: only the event list tells.
fn hide_from_polling(d: &Desk, session: &str) {
    for _ in 0..2 {
        d.stripe.fail_next(&format!("/v1/checkout/sessions/{session}"), Failure::ServerError);
    }
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn two_hundred_and_fifty_events_over_three_pages(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let account = harbourside().id;
    let first = d.booked(d.required, "09:00").await;
    d.stripe.pay(&d.session_of(&first).await);
    d.desk.reconcile_payments().await.unwrap();
    let start = cursor(&d).await;

    let a = d.booked(d.required, "11:00").await;
    let session = d.session_of(&a).await;
    d.stripe.foreign_events(&account, 120);
    d.stripe.pay(&session);
    d.stripe.foreign_events(&account, 129);
    let ids = d.stripe.event_ids(&account);
    let after_start = ids.iter().position(|e| *e == start).unwrap();
    assert_eq!(ids.len() - after_start - 1, 250, "250 new events");

    hide_from_polling(&d, &session);
    let from = d.stripe.requests().len();
    let report = d.desk.reconcile_payments().await.unwrap();
    assert_eq!(report.changed, vec![a.id.0], "{report:?}");
    assert_eq!(d.desk.appointment(a.id).await.unwrap().state, AppointmentState::Booked);
    let pages = event_pages(&d, from);
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages[0].contains(&format!("ending_before={start}")), "{pages:?}");
    assert!(pages.iter().all(|q| q.contains("limit=100")));
    assert_eq!(cursor(&d).await, *ids.last().unwrap(), "the cursor is the newest event");
    let source =
        d.text("SELECT after_json FROM audit_log WHERE action = 'payment_paid' ORDER BY id DESC LIMIT 1").await;
    assert!(source.contains("checkout.session.completed"), "applied from the event: {source}");

    // Nothing new: one page, nothing changes.
    let from = d.stripe.requests().len();
    assert!(d.desk.reconcile_payments().await.unwrap().changed.is_empty());
    assert_eq!(event_pages(&d, from).len(), 1);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn an_unreadable_event_is_passed_over(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let account = harbourside().id;
    let first = d.booked(d.required, "09:00").await;
    d.stripe.pay(&d.session_of(&first).await);
    d.desk.reconcile_payments().await.unwrap();

    let a = d.booked(d.required, "11:00").await;
    let session = d.session_of(&a).await;
    d.stripe.malformed_event(&account, "cs_test_broken");
    d.stripe.pay(&session);
    d.stripe.malformed_event(&account, "cs_test_broken_too");
    hide_from_polling(&d, &session);
    let report = d.desk.reconcile_payments().await.unwrap();
    assert_eq!(report.changed, vec![a.id.0], "the readable event around it was applied");
    assert_eq!(report.failures, 1, "only the polling hidden above failed; an unreadable event is no failure");
    assert_eq!(cursor(&d).await, *d.stripe.event_ids(&account).last().unwrap(), "the cursor moved past it");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_cursor_stripe_no_longer_knows_is_read_from_its_time(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let account = harbourside().id;
    let first = d.booked(d.required, "09:00").await;
    d.stripe.pay(&d.session_of(&first).await);
    d.desk.reconcile_payments().await.unwrap();
    // A cursor from another world: Stripe answers 400 resource_missing.
    let created: i64 =
        common::raw!(d.desk.db(), e => sqlx::query_scalar("SELECT last_created FROM stripe_event_cursor").fetch_one(e).await).unwrap();
    common::raw!(d.desk.db(), e => sqlx::query("UPDATE stripe_event_cursor SET last_event_id = 'evt_1Forgotten'").execute(e).await.map(|_| ())).unwrap();

    let a = d.booked(d.required, "11:00").await;
    let session = d.session_of(&a).await;
    d.stripe.pay(&session);
    hide_from_polling(&d, &session);
    let from = d.stripe.requests().len();
    let report = d.desk.reconcile_payments().await.unwrap();
    let stale = &d.stripe.requests()[from..].iter().find(|r| r.path == "/v1/events").unwrap().clone();
    assert_eq!(stale.status, 400, "Stripe refused the cursor");
    assert!(stale.query.contains("ending_before=evt_1Forgotten"));
    let pages = event_pages(&d, from);
    assert!(pages[1].contains(&format!("created%5Bgte%5D={}", created - 60)), "{pages:?}");
    assert_eq!(report.changed, vec![a.id.0]);
    assert_eq!(d.desk.appointment(a.id).await.unwrap().state, AppointmentState::Booked);
    assert_eq!(cursor(&d).await, *d.stripe.event_ids(&account).last().unwrap());
}

/// Only Stripe's `resource_missing` at `ending_before` means the cursor is
/// gone; any other refusal, even a 400 at that parameter, is a failure to
/// retry, and the cursor is kept.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn other_refusals_keep_the_cursor(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let first = d.booked(d.required, "09:00").await;
    d.stripe.pay(&d.session_of(&first).await);
    d.desk.reconcile_payments().await.unwrap();
    let kept = cursor(&d).await;
    let b = d.booked(d.required, "11:00").await;
    d.stripe.pay(&d.session_of(&b).await);
    d.stripe.fail_next("/v1/events", Failure::Refused { code: "parameter_invalid_string", param: "ending_before" });
    let from = d.stripe.requests().len();
    let report = d.desk.reconcile_payments().await.unwrap();
    assert_eq!(report.failures, 1, "{report:?}");
    assert_eq!(event_pages(&d, from).len(), 1, "no fallback read");
    assert_eq!(cursor(&d).await, kept, "the cursor is kept");
    // Next time the list answers, reading goes on from the kept cursor.
    let from = d.stripe.requests().len();
    d.desk.reconcile_payments().await.unwrap();
    assert!(event_pages(&d, from)[0].contains(&format!("ending_before={kept}")));
    assert_ne!(cursor(&d).await, kept);
}
