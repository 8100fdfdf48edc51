//! Invoices against the real database and the strict Stripe double: numbers
//! from one gapless sequence (a void invoice keeps its number), bad input at
//! its field with nothing saved, a Payment Link for the balance due that
//! lands on the right appointments' accounts once, and a new link (the old
//! one made inactive) when the balance changes.

mod common;

use clinicdesk_core::account::forms::*;
use clinicdesk_core::cashup::forms::{CashDay, ExportRange};
use clinicdesk_core::clinic_details::ClinicDetailsForm;
use clinicdesk_core::domain::*;
use clinicdesk_core::invoices::*;
use clinicdesk_stripe_double::Failure;
use common::desk::*;
use common::*;
use sqlx::SqlitePool;

fn invoice(d: &Desk, appointments: &[AppointmentId], issue: bool) -> InvoiceForm {
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Australia/Sydney").unwrap()).date();
    InvoiceForm {
        patient_id: d.patient.0.to_string(),
        appointment_ids: appointments.iter().map(|a| a.0.to_string()).collect(),
        issue_date: today.to_string(),
        due_date: String::new(),
        note: String::new(),
        issue,
    }
}

async fn make(d: &Desk, f: InvoiceForm) -> clinicdesk_core::Result<Invoice> {
    let draft: InvoiceDraft = f.try_into()?;
    d.desk.create_invoice(draft).await
}

async fn prefix(d: &Desk, prefix: &str) {
    let form = ClinicDetailsForm {
        paper: "a4".into(),
        invoice_prefix: prefix.into(),
        invoice_due_days: "14".into(),
        ..Default::default()
    };
    d.desk.save_clinic_details(form.try_into().unwrap()).await.unwrap();
}

fn cash(amount: &str, method: &str) -> TakePaymentDraft {
    TakePaymentForm { amount: amount.into(), method: method.into(), ..Default::default() }.try_into().unwrap()
}

async fn online_paid(d: &Desk, a: AppointmentId) -> i64 {
    common::raw!(d.desk.db(), e => sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM account_entries
         WHERE appointment_id = $1 AND kind = 'payment' AND method = 'online' AND invoice_payment_id IS NOT NULL",
    )
    .bind(a.0)
    .fetch_one(e).await)
    .unwrap()
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn numbers_run_without_gaps_and_a_void_invoice_keeps_its_number(pool: SqlitePool) {
    let d = front_desk_with(pool, false).await;
    prefix(&d, "HP-").await;
    let a1 = d.booked(d.disabled, "09:00").await.id;
    let a2 = d.booked(d.disabled, "10:00").await.id;

    // A draft takes no number.
    let draft = make(&d, invoice(&d, &[a1], false)).await.unwrap();
    assert_eq!((draft.number.as_deref(), draft.status), (None, InvoiceStatus::Draft));
    let first = make(&d, invoice(&d, &[a2], true)).await.unwrap();
    assert_eq!(first.number.as_deref(), Some("HP-000001"));
    assert_eq!(first.status, InvoiceStatus::Issued);
    assert_eq!((first.total.minor, first.balance_due.minor), (6000, 6000));
    assert_eq!(first.due_date, {
        let issue: jiff::civil::Date = first.issue_date.parse().unwrap();
        issue.checked_add(jiff::Span::new().days(14)).unwrap().to_string()
    });
    // Not connected to Stripe: issued, without a link, and it says why.
    assert!(first.link.is_none());
    assert_eq!(first.link_problem.as_ref().map(|p| p.code.as_str()), Some("stripe_not_ready"));

    // An appointment on a live invoice can't go on another; the refusal
    // takes no number.
    let twice = make(&d, invoice(&d, &[a2], true)).await;
    assert_eq!(field_codes(twice), [pair("appointments", "already_invoiced")]);
    let second = d.desk.issue_invoice(draft.id).await.unwrap();
    assert_eq!(second.number.as_deref(), Some("HP-000002"));

    // Void keeps the number and lines; the appointment is free again.
    let reason = VoidReason::try_from(VoidForm { reason: "Billed to the wrong fund".into() }).unwrap();
    let void = d.desk.void_invoice(first.id, reason).await.unwrap();
    assert_eq!((void.number.as_deref(), void.status), (Some("HP-000001"), InvoiceStatus::Void));
    assert_eq!(void.lines.len(), 1);
    let third = make(&d, invoice(&d, &[a2], true)).await.unwrap();
    assert_eq!(third.number.as_deref(), Some("HP-000003"));

    // The database itself refuses renumbering, un-voiding and deleting.
    for sql in [
        "UPDATE invoices SET number = 9, number_text = 'HP-000009' WHERE number = 1",
        "UPDATE invoices SET state = 'issued', void_reason = NULL WHERE number = 1",
        "DELETE FROM invoices WHERE number = 2",
        "DELETE FROM invoice_lines WHERE invoice_id = (SELECT id FROM invoices WHERE number = 2)",
    ] {
        assert!(
            common::raw!(d.desk.db(), e => sqlx::query(sql).execute(e).await.map(|_| ())).is_err(),
            "{sql} should be refused"
        );
    }
    let numbers: Vec<i64> =
        common::raw!(d.desk.db(), e => sqlx::query_scalar("SELECT number FROM invoices ORDER BY number").fetch_all(e).await).unwrap();
    assert_eq!(numbers, [1, 2, 3]);
    let list = d.desk.list_invoices(None, 0).await.unwrap();
    let listed: Vec<_> = list.invoices.iter().map(|i| (i.number.clone().unwrap(), i.status)).collect();
    assert_eq!(
        listed,
        [
            ("HP-000003".to_string(), InvoiceStatus::Issued),
            ("HP-000002".to_string(), InvoiceStatus::Issued),
            ("HP-000001".to_string(), InvoiceStatus::Void)
        ]
    );
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn bad_input_is_refused_at_its_field_and_nothing_is_saved(pool: SqlitePool) {
    let d = front_desk_with(pool, false).await;
    let a = d.booked(d.disabled, "09:00").await.id;
    let mut before_issue = invoice(&d, &[a], true);
    before_issue.due_date = "2020-01-01".into();
    assert_eq!(field_codes(make(&d, before_issue).await), [pair("dueDate", "due_before_issue")]);
    assert_eq!(field_codes(make(&d, invoice(&d, &[], true)).await), [pair("appointments", "no_lines")]);
    let mut bad_date = invoice(&d, &[a], true);
    bad_date.issue_date = "27/11/2026".into();
    assert_eq!(field_codes(make(&d, bad_date).await), [pair("issueDate", "invalid_date")]);
    // Someone else's appointment, and one with nothing charged.
    let other = d.desk.create_patient(patient_form("Ana", "Lim", "").try_into().unwrap()).await.unwrap().id;
    let mut theirs = invoice(&d, &[a], true);
    theirs.patient_id = other.0.to_string();
    assert_eq!(field_codes(make(&d, theirs).await), [pair("appointments", "invalid_choice")]);
    let free = d.booked(d.disabled, "11:00").await.id;
    let staff =
        DiscountForm { kind: "percent".into(), percent: "100".into(), reason: "Staff".into(), ..Default::default() };
    d.desk.add_discount(free, staff.try_into().unwrap()).await.unwrap();
    assert_eq!(field_codes(make(&d, invoice(&d, &[free], true)).await), [pair("appointments", "no_lines")]);
    assert_eq!(d.count("SELECT COUNT(*) FROM invoices").await, 0);
    assert_eq!(d.count("SELECT next_invoice_number FROM clinic").await, 1);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_paid_invoice_link_lands_on_its_appointments_once_and_counts_as_online(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a1 = d.booked(d.disabled, "09:00").await.id;
    let a2 = d.booked(d.disabled, "10:00").await.id;
    d.desk.take_payment(a1, cash("20", "cash")).await.unwrap();
    let inv = make(&d, invoice(&d, &[a2, a1], true)).await.unwrap();
    assert_eq!((inv.total.minor, inv.paid.minor, inv.balance_due.minor), (12000, 2000, 10000));
    assert_eq!(inv.status, InvoiceStatus::PartPaid);
    assert_eq!(inv.lines.len(), 2);
    let link = inv.link.clone().expect("a payment link for the balance");
    assert_eq!(link.amount.minor, 10000);
    assert!(link.qr_svg.starts_with("<?xml") || link.qr_svg.contains("<svg"));

    // What Stripe received: one link, the balance, paid at most once, our
    // ids in its metadata, with the stored key.
    let creates: Vec<_> = d.stripe.requests().into_iter().filter(|r| r.path == "/v1/payment_links").collect();
    assert_eq!(creates.len(), 1);
    let r = &creates[0];
    assert_eq!(r.status, 200);
    assert_eq!(r.params.get("line_items[0][price_data][unit_amount]"), Some("10000"));
    assert_eq!(r.params.get("restrictions[completed_sessions][limit]"), Some("1"));
    assert_eq!(r.params.get("metadata[clinicdesk_invoice_id]"), Some(inv.id.0.to_string().as_str()));
    let stored_key = d.text("SELECT idempotency_key FROM invoice_links").await;
    assert_eq!(r.idempotency_key.as_deref(), Some(stored_key.as_str()));

    // The patient pays through the link; the payment watch reads the news.
    d.stripe.pay_link(&link.url);
    d.desk.reconcile_payments().await.unwrap();
    let paid = d.desk.invoice(inv.id).await.unwrap();
    assert_eq!((paid.status, paid.balance_due.minor, paid.paid.minor), (InvoiceStatus::Paid, 0, 12000));
    assert!(paid.link.is_none(), "a paid invoice shows no link");
    // The cash and the one link payment (shared over both appointments).
    let lines: Vec<(PaymentMethod, i64)> = paid.payments.iter().map(|p| (p.method, p.amount.minor)).collect();
    assert_eq!(lines, [(PaymentMethod::Cash, 2000), (PaymentMethod::Online, 10000)]);
    // Shared out over the balances: A$40 still owed on the first, A$60 on the second.
    assert_eq!((online_paid(&d, a1).await, online_paid(&d, a2).await), (4000, 6000));
    let day = CashDay(d.desk.clinic_today().await.unwrap());
    let report = d.desk.cash_up(day).await.unwrap();
    let online = report.figures.methods.iter().find(|m| m.method == PaymentMethod::Online).unwrap();
    assert_eq!(online.flow.taken, 10000);
    let (csv, _) = d.desk.money_csv(ExportRange { from: day, to: day }).await.unwrap();
    assert!(csv.contains("cs_test_"), "the CSV names the Stripe session:\n{csv}");

    // Stripe's news read again (a restart, another workstation, a lost
    // cursor that makes every event be read again) counts nothing twice.
    common::raw!(d.desk.db(), e => sqlx::query("DELETE FROM stripe_event_cursor").execute(e).await.map(|_| ()))
        .unwrap();
    d.advance(5).await;
    let other = d.another_instance().await;
    other.reconcile_payments().await.unwrap();
    d.desk.reconcile_payments().await.unwrap();
    assert_eq!(d.count("SELECT COUNT(*) FROM invoice_payments").await, 1);
    assert_eq!(online_paid(&d, a1).await + online_paid(&d, a2).await, 10000);
    // The link can't be paid again.
    assert_eq!(d.stripe.payment_links()[0]["active"], false);
    assert_eq!(d.text("SELECT status FROM invoice_links").await, "paid");

    // A refund of the link payment goes back through Stripe, to its PaymentIntent.
    let entry = d.count(&format!("SELECT MAX(id) FROM account_entries WHERE appointment_id = {}", a2.0)).await;
    let form = RefundForm { payment_id: entry.to_string(), amount: "10".into(), reason: "Overcharged".into() };
    d.desk.refund(a2, form.try_into().unwrap()).await.unwrap();
    let refunds = d.stripe.refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["amount"], 1000);
    assert!(refunds[0]["payment_intent"].as_str().unwrap().starts_with("pi_"));
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_new_balance_gets_a_new_link_and_the_old_one_stops(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let a = d.booked(d.disabled, "09:00").await.id;
    // Stripe does the work but the answer is lost: issued, link pending.
    d.stripe.fail_next("/v1/payment_links", Failure::AnswerLost);
    let inv = make(&d, invoice(&d, &[a], true)).await.unwrap();
    assert!(inv.link.is_none());
    assert_eq!(inv.link_problem.as_ref().map(|p| p.code.as_str()), Some("stripe_unavailable"));
    assert!(d.desk.payments_pending().await.unwrap() > 0, "the payment watch keeps asking");
    // The payment watch re-sends the stored request with its key: Stripe
    // replays it, and still only one link exists.
    d.desk.reconcile_payments().await.unwrap();
    let inv = d.desk.prepare_invoice(inv.id).await.unwrap();
    let first = inv.link.clone().expect("the link, once Stripe answered");
    assert_eq!(d.stripe.payment_links().len(), 1);
    assert!(d.stripe.requests().iter().any(|r| r.path == "/v1/payment_links" && r.replayed));

    // A card payment at the desk: the next time the invoice is opened the
    // link is for the new balance and the old one is inactive.
    d.desk.take_payment(a, cash("15", "card")).await.unwrap();
    let inv = d.desk.prepare_invoice(inv.id).await.unwrap();
    let second = inv.link.clone().unwrap();
    assert_ne!(first.url, second.url);
    assert_eq!(second.amount.minor, 4500);
    let links = d.stripe.payment_links();
    assert_eq!((links.len(), &links[0]["active"], &links[1]["active"]), (2, &false.into(), &true.into()));
    // An invoiced appointment cancelled afterwards: its charge is reversed,
    // so the invoice no longer asks for it.
    let b = d.booked(d.disabled, "11:00").await.id;
    let both = make(&d, invoice(&d, &[b], true)).await.unwrap();
    assert_eq!(both.balance_due.minor, 6000);
    d.desk.set_appointment_state(b, AppointmentState::Cancelled).await.unwrap();
    let after_cancel = d.desk.prepare_invoice(both.id).await.unwrap();
    assert_eq!((after_cancel.balance_due.minor, after_cancel.status), (0, InvoiceStatus::Paid));
    assert!(after_cancel.link.is_none(), "nothing to pay, so no link");
    // Voiding stops the current link too.
    let reason = VoidReason::try_from(VoidForm { reason: "Patient is covered by a fund".into() }).unwrap();
    d.desk.void_invoice(inv.id, reason).await.unwrap();
    assert_eq!(d.stripe.payment_links()[1]["active"], false);
    let statuses: Vec<String> =
        common::raw!(d.desk.db(), e => sqlx::query_scalar("SELECT status FROM invoice_links ORDER BY id").fetch_all(e).await).unwrap();
    assert_eq!(statuses, ["retired", "retired", "retired"]);
    // Nothing is waiting on Stripe any more.
    assert_eq!(d.desk.invoice_links_open().await.unwrap(), 0);
}

/// Two workstations issue an invoice at the same moment, ten times: every
/// invoice gets its own number, and the numbers run 1 to 20 without a gap.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workstations_issuing_at_once_get_numbers_without_gaps() {
    let dir = std::env::temp_dir().join(format!("clinicdesk-invoice-race-{}", uuid::Uuid::new_v4()));
    let one = clinicdesk_core::Clinicdesk::open(&dir).await.unwrap();
    as_owner(&one).await;
    let d = front_desk_with(one.db().clone(), false).await;
    prefix(&d, "HP-").await;
    let two = d.second_workstation().await;
    let mut numbers = Vec::new();
    for round in 0..10 {
        let a = d.booked(d.disabled, &format!("{:02}:00", 8 + round)).await.id;
        let b = d.booked(d.disabled, &format!("{:02}:30", 8 + round)).await.id;
        let (x, y) = tokio::join!(make(&d, invoice(&d, &[a], true)), async {
            two.create_invoice(invoice(&d, &[b], true).try_into().unwrap()).await
        });
        for issued in [x, y] {
            numbers.push(issued.unwrap_or_else(|e| panic!("round {round}: {e:?}")).number.unwrap());
        }
    }
    numbers.sort();
    let expected: Vec<String> = (1..=20).map(|n| format!("HP-{n:06}")).collect();
    assert_eq!(numbers, expected);
    let _ = std::fs::remove_dir_all(dir);
}
