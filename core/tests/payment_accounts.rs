//! Changing the Stripe key to another account, or from test to live: links
//! made with the old one can't be read with the new key. They are listed for
//! the owner, left alone by the background check, closed once they have run
//! out (so no slot stays blocked) or when the owner closes them.

mod common;

use clinicdesk_core::domain::*;
use clinicdesk_stripe_double::Account;
use common::desk::*;
use sqlx::SqlitePool;

const OTHER_KEY: &str = "sk_test_51QOtherClinic0123456789abcdefXYZW";

fn other_account() -> Account {
    Account {
        id: "acct_1QOtherAccount9".into(),
        livemode: false,
        display_name: "Harbourside (new)".into(),
        business_url: Some("https://harbourside.example/".into()),
    }
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn links_of_a_previous_account_are_listed_skipped_and_closed(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let held = d.booked(d.required, "09:00").await;
    let later = d.booked(d.required, "11:00").await;
    assert!(d.desk.other_account_attempts().await.unwrap().is_empty());

    d.stripe.add_key(OTHER_KEY, other_account());
    let status = d.desk.connect_stripe(secret(OTHER_KEY)).await.unwrap();
    assert_eq!(status.other_account_attempts, 2);
    let listed = d.desk.other_account_attempts().await.unwrap();
    assert_eq!(listed.iter().map(|l| l.appointment_id).collect::<Vec<_>>(), [held.id, later.id]);
    assert_eq!(listed[0].stripe_account_id.as_deref(), Some("acct_1QHarbourside01"));
    assert_eq!(listed[0].amount.minor, 3000);

    // The background check doesn't ask about them with the new key (Stripe
    // would say "no such session"), and doesn't back off for them either.
    let asked = d.stripe.requests().len();
    let report = d.desk.reconcile_payments().await.unwrap();
    assert_eq!(report.failures, 0, "{report:?}");
    assert!(
        d.stripe.requests()[asked..].iter().all(|r| !r.path.starts_with("/v1/checkout/sessions/")),
        "no session of the old account was asked about"
    );
    assert_eq!(d.desk.appointment(held.id).await.unwrap().state, AppointmentState::AwaitingPayment);
    // Its open link still works for the patient and stays the one payable
    // link: asking again makes no second one.
    d.desk.retry_payment_link(held.id).await.unwrap();
    assert_eq!(d.count("SELECT COUNT(*) FROM checkout_attempts").await, 2);

    // Once their links have run out at Stripe they are closed and the slot
    // is freed, listed so someone checks the old account for a payment.
    d.advance(61 * 60).await;
    d.desk.reconcile_payments().await.unwrap();
    for a in [held.id, later.id] {
        assert_eq!(d.desk.appointment(a).await.unwrap().state, AppointmentState::Expired);
    }
    let items = d.desk.needs_attention().await.unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i.kind == AttentionKind::OldAccountUnverified));
    assert_eq!(items[0].stripe_account_id.as_deref(), Some("acct_1QHarbourside01"));
    assert!(d.desk.other_account_attempts().await.unwrap().is_empty());
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn the_owner_closes_old_links_and_their_slots_are_free(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let held = d.booked(d.required, "09:00").await;
    d.stripe.add_key(OTHER_KEY, other_account());
    d.desk.connect_stripe(secret(OTHER_KEY)).await.unwrap();
    assert_eq!(d.desk.close_other_account_attempts().await.unwrap(), 1);
    assert_eq!(d.desk.appointment(held.id).await.unwrap().state, AppointmentState::Expired);
    d.book(d.booking(d.disabled, tomorrow(), "09:00")).await.expect("the slot is free");
    assert_eq!(d.desk.stripe_status().await.unwrap().other_account_attempts, 0);
    // A new link for a new booking is made with the new account.
    let a = d.booked(d.required, "11:00").await;
    assert!(a.link.is_some());
    let account: String =
        common::raw!(d.desk.db(), e => sqlx::query_scalar("SELECT stripe_account_id FROM checkout_attempts ORDER BY id DESC LIMIT 1")
            .fetch_one(e).await)
            .unwrap();
    assert_eq!(account, "acct_1QOtherAccount9");
    assert_eq!(d.stripe.last_session()["livemode"], false);
}

/// Going live: the same account in another mode is another world to Stripe
/// (test-mode sessions can't be read with a live key). A live key never
/// reaches the double, so the connection is switched to live as connecting
/// a live key would leave it.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn links_made_in_test_mode_are_listed_after_going_live(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let held = d.booked(d.required, "09:00").await;
    common::raw!(d.desk.db(), e => sqlx::query("UPDATE stripe_connection SET livemode = TRUE").execute(e).await.map(|_| ()))
        .unwrap();
    let listed = d.desk.other_account_attempts().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].appointment_id, listed[0].livemode), (held.id, Some(false)));
}
