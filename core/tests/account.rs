//! The appointment's account against the strict Stripe double: a deposit
//! online, a health fund and the gap at the desk; a no-show whose deposit
//! covers the fee and the rest refunded online; refunds that succeed, fail,
//! or lose their answer; discounts; bad input at its field with nothing saved.

mod common;

use clinicdesk_core::account::forms::*;
use clinicdesk_core::domain::*;
use clinicdesk_stripe_double::Failure;
use common::desk::*;
use common::*;
use sqlx::SqlitePool;

fn pay(amount: &str, method: &str) -> TakePaymentDraft {
    TakePaymentForm { amount: amount.into(), method: method.into(), ..Default::default() }.try_into().unwrap()
}

async fn entries(d: &Desk) -> i64 {
    d.count("SELECT COUNT(*) FROM account_entries").await
}

/// A 50 % deposit type: A$120, half online when booking.
async fn deposit_type(d: &Desk) -> AppointmentTypeId {
    let mut f = online(form("Assessment", "120"), "required", "percent", "50");
    f.no_show_fee = "20".into();
    f.cancellation_fee = "40".into();
    create(&d.desk, f).await.unwrap().id
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_deposit_online_then_a_health_fund_claim_then_the_gap_by_card(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let t = deposit_type(&d).await;
    let a = d.booked(t, "09:00").await;
    assert_eq!(a.online_amount.unwrap().minor, 6000, "50 % of A$120");
    d.stripe.pay(&d.session_of(&a).await);
    d.desk.reconcile_payments().await.unwrap();
    let account = d.desk.account(a.id).await.unwrap();
    assert_eq!((account.charges.minor, account.payments.minor, account.balance.minor), (12000, 6000, 6000));
    assert_eq!(account.status, AccountStatus::PartPaid);

    // At the visit: the fund pays its part, the card the gap.
    let fund = TakePaymentForm {
        amount: "45.00".into(),
        method: "health_fund".into(),
        fund_name: "Bupa".into(),
        claim_reference: "CLM-7781".into(),
        ..Default::default()
    };
    let taken = d.desk.take_payment(a.id, fund.try_into().unwrap()).await.unwrap();
    let receipt = taken.receipt.unwrap();
    assert_eq!((receipt.amount.minor, receipt.method), (4500, PaymentMethod::HealthFund));
    assert_eq!(receipt.claim_reference.as_deref(), Some("CLM-7781"));
    assert_eq!(receipt.balance_after.minor, 1500);
    assert_eq!(receipt.patient_name, "Sam Taylor");
    // More than is owing is refused at the amount.
    assert_eq!(
        field_codes(d.desk.take_payment(a.id, pay("15.01", "card")).await),
        vec![pair("amount", "exceeds_balance")]
    );
    let taken = d.desk.take_payment(a.id, pay("15", "card")).await.unwrap();
    assert_eq!(taken.account.balance.minor, 0);
    assert_eq!(taken.account.status, AccountStatus::Paid);
    let view = d.desk.day_view(Some(tomorrow())).await.unwrap();
    assert_eq!(view.appointments[0].account.status, AccountStatus::Paid, "the calendar says Paid");
    // The patient's page: the balance and nothing owing.
    let patient = d.desk.patient_account(d.patient).await.unwrap();
    assert_eq!(patient.appointments[0].status, AccountStatus::Paid);
    assert_eq!(patient.owing, None);
    assert_eq!(d.count("SELECT COUNT(*) FROM audit_log WHERE action = 'entry_added'").await, 4);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_no_show_fee_is_covered_by_the_deposit_and_the_rest_refunded_online(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let t = deposit_type(&d).await;
    let a = d.booked(t, "09:00").await;
    d.stripe.pay(&d.session_of(&a).await);
    d.desk.reconcile_payments().await.unwrap();
    let preview = d.desk.close_preview(a.id, AppointmentState::NoShow).await.unwrap();
    assert_eq!(preview.fee.map(|f| f.minor), Some(2000));
    assert_eq!((preview.paid.minor, preview.surplus.minor), (6000, 4000));
    assert_eq!(preview.refund_methods, [PaymentMethod::Online]);
    // Without a choice the desk is asked; nothing changes.
    assert_eq!(
        field_codes(d.desk.set_appointment_state(a.id, AppointmentState::NoShow).await),
        vec![pair("surplus", "choose_refund_or_keep")]
    );
    assert_eq!(d.desk.appointment(a.id).await.unwrap().state, AppointmentState::Booked);
    let refund = CloseMoney { waive_fee: None, surplus: Some(Surplus::Refund) };
    let a = d.desk.close_appointment(a.id, AppointmentState::NoShow, refund).await.unwrap();
    assert_eq!(a.state, AppointmentState::NoShow);
    let account = &a.account;
    assert_eq!((account.charges.minor, account.payments.minor, account.refunds.minor), (2000, 6000, 4000));
    assert_eq!(account.balance.minor, 0);
    let refund_line = account.entries.iter().find(|e| e.kind == EntryKind::Refund).unwrap();
    assert_eq!(refund_line.refund_status, Some(RefundStatus::Pending));
    // What Stripe received, and the bank's answer.
    let refunds = d.stripe.refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["amount"], 4000);
    assert_eq!(refunds[0]["reason"], "requested_by_customer");
    assert_eq!(refunds[0]["metadata"]["clinicdesk_appointment_id"], a.id.0.to_string());
    let post = d.stripe.requests().into_iter().find(|r| r.path == "/v1/refunds").unwrap();
    let stored = d.text("SELECT idempotency_key FROM refund_attempts").await;
    assert_eq!(post.idempotency_key.as_deref(), Some(stored.as_str()), "the key stored before sending");
    d.stripe.settle_refund(refunds[0]["id"].as_str().unwrap(), true);
    d.desk.reconcile_payments().await.unwrap();
    let account = d.desk.account(a.id).await.unwrap();
    let line = account.entries.iter().find(|e| e.kind == EntryKind::Refund).unwrap();
    assert_eq!(line.refund_status, Some(RefundStatus::Succeeded));
    assert_eq!(account.status, AccountStatus::Paid, "the fee is paid; the rest went back");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_failed_refund_is_cancelled_out_and_listed(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let b = d.booked(d.allowed, "11:00").await;
    d.desk.send_payment_link(b.id).await.unwrap();
    d.stripe.pay(&d.session_of(&b).await);
    d.desk.reconcile_payments().await.unwrap();
    let payment =
        d.desk.account(b.id).await.unwrap().entries.into_iter().find(|e| e.kind == EntryKind::Payment).unwrap();
    let form = RefundForm { payment_id: payment.id.0.to_string(), amount: "30".into(), reason: "Goodwill".into() };
    d.desk.refund(b.id, form.try_into().unwrap()).await.unwrap();
    let refund = d.stripe.refunds()[0]["id"].as_str().unwrap().to_string();
    d.stripe.settle_refund(&refund, false);
    d.desk.reconcile_payments().await.unwrap();
    let account = d.desk.account(b.id).await.unwrap();
    assert_eq!(account.refunds.minor, 0, "the failed refund no longer counts");
    let line = account.entries.iter().find(|e| e.kind == EntryKind::Refund && e.reverses.is_none()).unwrap();
    assert!(line.reversed);
    assert_eq!(line.refund_status, Some(RefundStatus::Failed));
    let items = d.desk.needs_attention().await.unwrap();
    assert_eq!(items.iter().map(|i| i.kind).collect::<Vec<_>>(), [AttentionKind::RefundFailed]);
    // …and the payment can be refunded again.
    assert_eq!(account.entries.iter().find(|e| e.id == payment.id).unwrap().refundable.unwrap().minor, 9000);
}

/// The refund's answer is lost; the next pass re-sends the stored request
/// with the stored key and Stripe replays it: one refund.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_refund_whose_answer_is_lost_is_made_once(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let b = d.booked(d.allowed, "11:00").await;
    d.desk.send_payment_link(b.id).await.unwrap();
    d.stripe.pay(&d.session_of(&b).await);
    d.desk.reconcile_payments().await.unwrap();
    let payment =
        d.desk.account(b.id).await.unwrap().entries.into_iter().find(|e| e.kind == EntryKind::Payment).unwrap();
    d.stripe.fail_next("/v1/refunds", Failure::AnswerLost);
    let form = RefundForm { payment_id: payment.id.0.to_string(), amount: "90".into(), reason: "Cancelled".into() };
    let changed = d.desk.refund(b.id, form.try_into().unwrap()).await.unwrap();
    assert_eq!(changed.problem.unwrap().code, "stripe_unavailable");
    assert_eq!(d.stripe.refunds().len(), 1, "Stripe made it");
    d.another_instance().await.reconcile_payments().await.unwrap();
    assert_eq!(d.stripe.refunds().len(), 1, "still one refund");
    let posts: Vec<_> =
        d.stripe.requests().into_iter().filter(|r| r.path == "/v1/refunds" && r.method == "POST").collect();
    assert_eq!(posts.len(), 2);
    assert!(posts[1].replayed);
    assert_eq!(posts[0].params, posts[1].params);
    assert_eq!(d.text("SELECT status FROM refund_attempts").await, "pending");
}

/// Two workstations refund one payment at once: one succeeds, the other is
/// told what is left.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workstations_refunding_one_payment() {
    let dir = std::env::temp_dir().join(format!("clinicdesk-refund-race-{}", uuid::Uuid::new_v4()));
    let one = clinicdesk_core::Clinicdesk::open(&dir).await.unwrap();
    common::as_owner(&one).await;
    let d = front_desk(one.db().clone()).await;
    let two = d.another_instance().await;
    for round in 0..10 {
        let a = d.booked(d.disabled, &format!("{:02}:00", 8 + round)).await;
        let taken = d.desk.take_payment(a.id, pay("60", "cash")).await.unwrap();
        let payment = taken.receipt.unwrap().entry_id;
        let form =
            || RefundForm { payment_id: payment.0.to_string(), amount: "40".into(), reason: "Overcharged".into() };
        let (x, y) =
            tokio::join!(d.desk.refund(a.id, form().try_into().unwrap()), two.refund(a.id, form().try_into().unwrap()));
        assert_eq!([x.is_ok(), y.is_ok()].iter().filter(|ok| **ok).count(), 1, "round {round}");
        let loser = if x.is_ok() { y } else { x };
        assert_eq!(field_codes(loser), vec![pair("amount", "exceeds_refundable")]);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn bad_input_is_refused_at_its_field_and_nothing_is_saved(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.disabled, "09:00").await;
    let before = entries(&d).await;
    for (amount, method, field, code) in [
        ("10.1234", "cash", "amount", "too_many_decimals"),
        // Three decimals read like a thousands separator: asked, not guessed.
        ("10.123", "cash", "amount", "ambiguous_amount"),
        ("0", "cash", "amount", "not_positive"),
        ("-5", "cash", "amount", "negative"),
        ("abc", "cash", "amount", "not_an_amount"),
        ("60.01", "cash", "amount", "exceeds_balance"),
        ("10", "cheque", "method", "invalid_choice"),
    ] {
        let form = TakePaymentForm { amount: amount.into(), method: method.into(), ..Default::default() };
        let result = match TakePaymentDraft::try_from(form) {
            Ok(draft) => d.desk.take_payment(a.id, draft).await.map(|_| ()),
            Err(e) => Err(e),
        };
        assert_eq!(field_codes(result), vec![pair(field, code)], "{amount} {method}");
    }
    let fund = TakePaymentForm { amount: "10".into(), method: "health_fund".into(), ..Default::default() };
    assert_eq!(
        field_codes(TakePaymentDraft::try_from(fund)),
        vec![pair("fundName", "required"), pair("claimReference", "required")]
    );
    let taken = d.desk.take_payment(a.id, pay("60", "card")).await.unwrap();
    let payment = taken.receipt.unwrap().entry_id;
    let refund =
        |amount: &str| RefundForm { payment_id: payment.0.to_string(), amount: amount.into(), reason: "x".into() };
    assert_eq!(
        field_codes(d.desk.refund(a.id, refund("60.01").try_into().unwrap()).await),
        vec![pair("amount", "exceeds_refundable")]
    );
    assert_eq!(
        field_codes(d.desk.refund(a.id, refund("0").try_into().unwrap()).await),
        vec![pair("amount", "not_positive")]
    );
    assert_eq!(
        field_codes(RefundDraft::try_from(RefundForm { reason: String::new(), ..refund("1") })),
        vec![pair("reason", "required")]
    );
    assert_eq!(entries(&d).await, before + 1, "only the good payment was saved");
    // An entry is never edited or deleted, even by hand.
    assert!(
        common::raw!(d.desk.db(), e => sqlx::query("UPDATE account_entries SET amount_minor = 1").execute(e).await.map(|_| ()))
            .is_err()
    );
    assert!(common::raw!(d.desk.db(), e => sqlx::query("DELETE FROM account_entries").execute(e).await.map(|_| ()))
        .is_err());
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn discounts_and_concessions(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let pensioner = d
        .desk
        .create_concession(ConcessionForm { name: "Pensioner".into(), percent: "20".into() }.try_into().unwrap())
        .await
        .unwrap()[0]
        .id;
    // At booking: the online amount is the rule's share of the discounted
    // price (allowed, full: A$90 less 20 %).
    let mut f = d.booking(d.allowed, tomorrow(), "10:00");
    f.discount = DiscountForm { kind: "concession".into(), concession_id: pensioner.to_string(), ..Default::default() };
    let b = d.book(f).await.unwrap();
    assert_eq!(b.online_amount.unwrap().minor, 7200);
    assert_eq!(b.account.balance.minor, 7200);
    // A discount bigger than what is owing is refused… or refunds the rest.
    let a = d.booked(d.disabled, "09:00").await;
    d.desk.take_payment(a.id, pay("60", "cash")).await.unwrap();
    let too_much = DiscountForm {
        kind: "amount".into(),
        amount: "10".into(),
        reason: "Waited an hour".into(),
        refund_excess: false,
        ..Default::default()
    };
    assert_eq!(
        field_codes(d.desk.add_discount(a.id, too_much.clone().try_into().unwrap()).await),
        vec![pair("amount", "would_overpay")]
    );
    let changed =
        d.desk.add_discount(a.id, DiscountForm { refund_excess: true, ..too_much }.try_into().unwrap()).await.unwrap();
    assert_eq!(
        (changed.account.discounts.minor, changed.account.refunds.minor, changed.account.balance.minor),
        (1000, 1000, 0)
    );
    let cash_refund = changed.account.entries.iter().find(|e| e.kind == EntryKind::Refund).unwrap();
    assert_eq!(cash_refund.method, Some(PaymentMethod::Cash), "refunded the way it was paid");
    assert_eq!(
        field_codes(DiscountDraft::try_from(DiscountForm {
            kind: "percent".into(),
            percent: "150".into(),
            reason: "x".into(),
            ..Default::default()
        })),
        vec![pair("percent", "out_of_range")]
    );
    // The concession by name on its line; the calendar and the patient's
    // page count discounts and refunds as the account does.
    let booked = d.desk.account(b.id).await.unwrap();
    let line = booked.entries.iter().find(|e| e.kind == EntryKind::Discount).unwrap();
    assert_eq!((line.concession.as_deref(), line.percent), (Some("Pensioner"), Some(20)));
    let view = d.desk.day_view(Some(tomorrow())).await.unwrap();
    let card = |id| view.appointments.iter().find(|c| c.id == id).unwrap().account.clone();
    assert_eq!((card(a.id).status, card(a.id).balance.minor), (AccountStatus::Paid, 0));
    assert_eq!((card(b.id).status, card(b.id).balance.minor), (AccountStatus::Owing, 7200));
    let patient = d.desk.patient_account(d.patient).await.unwrap();
    assert_eq!(patient.owing.map(|m| m.minor), Some(7200));
    assert_eq!((patient.appointments.len(), patient.more), (2, false));
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_late_cancellation_keeps_or_waives_the_fee(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let t = deposit_type(&d).await;
    // Tomorrow is inside the default 24-hour window only if it starts soon:
    // make the window a week.
    d.desk
        .update_clinic_settings(
            clinicdesk_core::dto::ClinicSettingsForm {
                name: "Test clinic".into(),
                time_zone: "Australia/Sydney".into(),
                currency: "AUD".into(),
                late_cancel_hours: Some("168".into()),
                ..Default::default()
            }
            .try_into()
            .unwrap(),
        )
        .await
        .unwrap();
    let a = d.booked(t, "09:00").await;
    d.stripe.pay(&d.session_of(&a).await);
    d.desk.reconcile_payments().await.unwrap();
    let keep = CloseMoney { waive_fee: None, surplus: Some(Surplus::Keep) };
    let a = d.desk.close_appointment(a.id, AppointmentState::Cancelled, keep).await.unwrap();
    assert_eq!(a.account.charges.minor, 6000, "A$40 fee and A$20 kept as fee");
    assert_eq!((a.account.balance.minor, a.account.status), (0, AccountStatus::Paid));
    // Another, with the fee waived: nothing charged, the deposit refunded.
    let b = d.booked(t, "11:00").await;
    d.stripe.pay(&d.session_of(&b).await);
    d.desk.reconcile_payments().await.unwrap();
    let waive = CloseMoneyForm {
        waive_fee: true,
        waive_reason: "Hospital stay".into(),
        surplus: "refund".into(),
        ..Default::default()
    };
    let b = d.desk.close_appointment(b.id, AppointmentState::Cancelled, waive.try_into().unwrap()).await.unwrap();
    assert_eq!((b.account.charges.minor, b.account.refunds.minor, b.account.balance.minor), (0, 6000, 0));
    assert_eq!(d.count("SELECT COUNT(*) FROM audit_log WHERE action = 'fee_waived'").await, 1);
    let waive_without_reason = CloseMoneyForm { waive_fee: true, ..Default::default() };
    assert_eq!(field_codes(CloseMoney::try_from(waive_without_reason)), vec![pair("waiveReason", "required")]);

    // A third, cancelled with part of the A$20 beyond the fee refunded and
    // the rest kept; asking for more than A$20 back is refused, unchanged.
    let c = d.booked(t, "13:00").await;
    d.stripe.pay(&d.session_of(&c).await);
    d.desk.reconcile_payments().await.unwrap();
    let part =
        |amount: &str| CloseMoneyForm { surplus: "part".into(), refund_amount: amount.into(), ..Default::default() };
    assert_eq!(field_codes(CloseMoney::try_from(part("abc"))), vec![pair("refundAmount", "not_an_amount")]);
    let before = entries(&d).await;
    let too_much = d.desk.close_appointment(c.id, AppointmentState::Cancelled, part("20.01").try_into().unwrap()).await;
    assert_eq!(field_codes(too_much), vec![pair("refundAmount", "exceeds_surplus")]);
    assert_eq!((entries(&d).await, d.desk.appointment(c.id).await.unwrap().state), (before, AppointmentState::Booked));
    let c = d.desk.close_appointment(c.id, AppointmentState::Cancelled, part("15").try_into().unwrap()).await.unwrap();
    let acct = &c.account;
    assert_eq!(
        (acct.charges.minor, acct.payments.minor, acct.refunds.minor),
        (4500, 6000, 1500),
        "fee A$40 + A$5 kept"
    );
    assert_eq!((acct.balance.minor, c.state), (0, AppointmentState::Cancelled));
    assert_eq!(d.stripe.refunds().last().unwrap()["amount"], 1500, "refunded online, as it was paid");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn taking_part_of_the_balance_online(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.disabled, "09:00").await;
    d.desk.take_payment(a.id, pay("20", "cash")).await.unwrap();
    let taken = d.desk.take_payment(a.id, pay("30", "online")).await.unwrap();
    assert_eq!(taken.account.waiting_online.map(|m| m.minor), Some(3000));
    assert_eq!(taken.account.payable.minor, 1000, "A$10 is left for the desk");
    assert_eq!(
        field_codes(d.desk.take_payment(a.id, pay("10.01", "card")).await),
        vec![pair("amount", "exceeds_balance")]
    );
    assert_eq!(code(d.desk.take_payment(a.id, pay("10", "online")).await), "link_pending");
    assert_eq!(d.stripe.last_session()["amount_total"], 3000);
    d.stripe.pay(&d.session_of(&a).await);
    d.desk.reconcile_payments().await.unwrap();
    let account = d.desk.account(a.id).await.unwrap();
    assert_eq!((account.payments.minor, account.balance.minor), (5000, 1000));
    assert_eq!(account.status, AccountStatus::PartPaid);
    d.desk.take_payment(a.id, pay("10", "card")).await.unwrap();
    assert_eq!(d.desk.account(a.id).await.unwrap().status, AccountStatus::Paid);
}

/// Retrieving the refund fails; the `refund.updated` event in the list the
/// app already reads says it succeeded, and that is enough.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_refund_settles_from_its_event(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let b = d.booked(d.allowed, "11:00").await;
    d.desk.send_payment_link(b.id).await.unwrap();
    d.stripe.pay(&d.session_of(&b).await);
    d.desk.reconcile_payments().await.unwrap();
    let payment =
        d.desk.account(b.id).await.unwrap().entries.into_iter().find(|e| e.kind == EntryKind::Payment).unwrap();
    let form = RefundForm { payment_id: payment.id.0.to_string(), amount: "40".into(), reason: "Goodwill".into() };
    d.desk.refund(b.id, form.try_into().unwrap()).await.unwrap();
    let refund = d.stripe.refunds()[0]["id"].as_str().unwrap().to_string();
    d.stripe.settle_refund(&refund, true);
    // The test client tries twice.
    for _ in 0..2 {
        d.stripe.fail_next(&format!("/v1/refunds/{refund}"), Failure::ServerError);
    }
    d.desk.reconcile_payments().await.unwrap();
    let gets: Vec<_> =
        d.stripe.requests().into_iter().filter(|r| r.method == "GET" && r.path.starts_with("/v1/refunds/")).collect();
    assert_eq!(gets.iter().map(|r| r.status).collect::<Vec<_>>(), [500, 500], "the retrieve was refused");
    let account = d.desk.account(b.id).await.unwrap();
    let line = account.entries.iter().find(|e| e.kind == EntryKind::Refund).unwrap();
    assert_eq!(line.refund_status, Some(RefundStatus::Succeeded));
    // A refund without a discount puts the amount back on the balance.
    assert_eq!((account.refunds.minor, account.balance.minor, account.status), (4000, 4000, AccountStatus::PartPaid));
}
