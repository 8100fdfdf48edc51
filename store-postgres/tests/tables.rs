//! The PostgreSQL twins of core's table modules, on a real server: they
//! write and read the same rows (clinicdesk-domain's), statuses parsed the
//! same way, and two workstations racing meet the rules the schema keeps.

mod common;

use clinicdesk_domain::rows::appointments::NewAppointment;
use clinicdesk_domain::rows::audit_log::{AuditFilter, NewAuditEntry};
use clinicdesk_domain::{AppointmentState, AttemptStatus, PaymentMode};
use clinicdesk_store_postgres::db::{appointments, audit_log, clinic};
use sqlx::postgres::PgPool;

const NOW: &str = "2026-12-03T08:00:00.000Z";

async fn seeded() -> (PgPool, PgPool, (i64, i64, i64)) {
    let server = common::server();
    let (name, one) = server.migrated().await;
    let two = server.pool(&name).await;
    clinic::ensure(&one, "db-1", "Australia/Sydney", "AUD", NOW).await.unwrap();
    let patient: i64 = sqlx::query_scalar(
        "INSERT INTO patients (first_name, last_name, name_key, rname_key, created_at, updated_at)
         VALUES ('Sam', 'Taylor', 'sam taylor', 'taylor sam', $1, $1) RETURNING id",
    )
    .bind(NOW)
    .fetch_one(&one)
    .await
    .unwrap();
    let practitioner: i64 = sqlx::query_scalar(
        "INSERT INTO practitioners (name, name_key, display_order, created_at, updated_at)
         VALUES ('Dr Mia Lee', 'dr mia lee', 1, $1, $1) RETURNING id",
    )
    .bind(NOW)
    .fetch_one(&one)
    .await
    .unwrap();
    let kind: i64 = sqlx::query_scalar(
        "INSERT INTO appointment_types (name, name_key, duration_minutes, price_minor, currency, colour,
                                        display_order, online_mode, online_amount_rule, created_at, updated_at)
         VALUES ('Review', 'review', 30, 9000, 'AUD', '#0f766e', 1, 'allowed', 'full', $1, $1) RETURNING id",
    )
    .bind(NOW)
    .fetch_one(&one)
    .await
    .unwrap();
    (one, two, (patient, practitioner, kind))
}

fn appointment<'a>(ids: (i64, i64, i64), starts_at: &'a str, ends_at: &'a str) -> NewAppointment<'a> {
    NewAppointment {
        patient_id: ids.0,
        practitioner_id: ids.1,
        appointment_type_id: ids.2,
        starts_at,
        ends_at,
        state: AppointmentState::AwaitingPayment,
        type_name: "Review",
        colour: "#0f766e",
        price_minor: 9000,
        currency: "AUD",
        payment_mode: PaymentMode::Allowed,
        online_amount_minor: Some(9000),
        override_reason: None,
        cancellation_fee_minor: Some(2500),
        no_show_fee_minor: None,
    }
}

#[tokio::test]
async fn an_appointment_is_written_and_read_back_with_its_states_parsed() {
    let (db, _, ids) = seeded().await;
    let id = appointments::insert(&db, &appointment(ids, "2026-12-04T09:00:00Z", "2026-12-04T09:30:00Z"), NOW)
        .await
        .unwrap();
    let row = appointments::get(&db, id).await.unwrap().expect("the appointment");
    assert_eq!((row.state, row.payment_mode), (AppointmentState::AwaitingPayment, PaymentMode::Allowed));
    assert_eq!((row.starts_at.as_str(), row.ends_at.as_str()), ("2026-12-04T09:00:00Z", "2026-12-04T09:30:00Z"));
    assert_eq!((row.price_minor, row.online_amount_minor, row.cancellation_fee_minor), (9000, Some(9000), Some(2500)));
    assert_eq!(row.created_at, NOW);
    assert!(appointments::get(&db, id + 1).await.unwrap().is_none());

    // A status the app doesn't know is an error, never a default.
    sqlx::query("ALTER TABLE appointments DROP CONSTRAINT appointments_state_check").execute(&db).await.unwrap();
    sqlx::query("UPDATE appointments SET state = 'teleported' WHERE id = $1").bind(id).execute(&db).await.unwrap();
    let e = appointments::get(&db, id).await.unwrap_err();
    assert!(e.to_string().contains("teleported") || format!("{e:?}").contains("teleported"), "{e:?}");
}

#[tokio::test]
async fn overlap_and_the_day_view_read_as_on_sqlite() {
    let (db, _, ids) = seeded().await;
    let first = appointments::insert(&db, &appointment(ids, "2026-12-04T09:00:00Z", "2026-12-04T09:30:00Z"), NOW)
        .await
        .unwrap();
    let earliest = "2026-12-03T21:15:00Z";
    // [09:15, 09:45) meets it; [09:30, 10:00) is back to back.
    assert_eq!(
        appointments::overlapping(&db, ids.1, "2026-12-04T09:15:00Z", "2026-12-04T09:45:00Z", earliest).await.unwrap(),
        Some(first)
    );
    assert_eq!(
        appointments::overlapping(&db, ids.1, "2026-12-04T09:30:00Z", "2026-12-04T10:00:00Z", earliest).await.unwrap(),
        None
    );
    let second = appointments::insert(&db, &appointment(ids, "2026-12-04T08:00:00Z", "2026-12-04T08:30:00Z"), NOW)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO checkout_attempts (appointment_id, kind, status, amount_minor, currency, idempotency_key,
                                        requested_expires_at, created_at, updated_at)
         VALUES ($1, 'booking', 'paid', 9000, 'AUD', 'k-1', $2, $2, $2)",
    )
    .bind(first)
    .bind(NOW)
    .execute(&db)
    .await
    .unwrap();

    let cards =
        appointments::cards_between(&db, "2026-12-03T13:00:00Z", "2026-12-04T13:00:00Z", "2026-12-03T01:00:00Z")
            .await
            .unwrap();
    assert_eq!(cards.iter().map(|c| c.id).collect::<Vec<_>>(), vec![second, first], "in time order");
    assert_eq!((cards[1].payment_status, cards[1].paid_online_minor), (Some(AttemptStatus::Paid), 9000));
    assert_eq!((cards[0].payment_status, cards[0].paid_online_minor), (None, 0));
    assert_eq!(cards[0].patient_name, "Sam Taylor");
    let none = appointments::cards_between(&db, "2026-12-05T13:00:00Z", "2026-12-06T13:00:00Z", "2026-12-05T01:00:00Z")
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(appointments::active_starts(&db).await.unwrap(), vec!["2026-12-04T08:00:00Z", "2026-12-04T09:00:00Z"]);
}

#[tokio::test]
async fn two_workstations_moving_one_appointment_exactly_one_moves_it() {
    let (one, two, ids) = seeded().await;
    for round in 0..10 {
        let starts = format!("2026-12-{:02}T09:00:00Z", round + 1);
        let ends = starts.replace("09:00", "09:30");
        let id = appointments::insert(&one, &appointment(ids, &starts, &ends), NOW).await.unwrap();
        let (a, b) = tokio::join!(
            appointments::transition(&one, id, AppointmentState::AwaitingPayment, AppointmentState::Booked, NOW),
            appointments::transition(&two, id, AppointmentState::AwaitingPayment, AppointmentState::Cancelled, NOW),
        );
        let moved = a.unwrap() + b.unwrap();
        assert_eq!(moved, 1, "round {round}: one transition, the other finds it already moved");
        let state = appointments::get(&one, id).await.unwrap().unwrap().state;
        assert!(matches!(state, AppointmentState::Booked | AppointmentState::Cancelled), "{state:?}");
    }
}

#[tokio::test]
async fn the_audit_log_is_appended_read_and_searched() {
    let (db, _, _) = seeded().await;
    for (i, action) in ["create", "update", "archive"].into_iter().enumerate() {
        audit_log::append(
            &db,
            NewAuditEntry {
                at: &format!("2026-12-03T08:0{i}:00.000Z"),
                workstation: "desk-1",
                staff_id: None,
                entity: "patient",
                entity_id: "7".into(),
                action,
                before: (i > 0).then(|| serde_json::json!({ "step": i - 1 })),
                after: Some(serde_json::json!({ "step": i })),
            },
        )
        .await
        .unwrap();
    }
    let history = audit_log::for_entity(&db, "patient", "7").await.unwrap();
    assert_eq!(history.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["create", "update", "archive"]);
    assert_eq!(history[1].before_json.as_deref(), Some(r#"{"step":0}"#));
    let page = audit_log::search(
        &db,
        &AuditFilter {
            staff_id: None,
            from: Some("2026-12-03T08:01:00.000Z"),
            to: None,
            entity: Some("patient"),
            before_id: None,
            limit: 10,
        },
    )
    .await
    .unwrap();
    assert_eq!(page.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["archive", "update"], "newest first");
    assert_eq!(audit_log::entities(&db).await.unwrap(), ["patient"]);
}

#[tokio::test]
async fn invoice_numbers_are_taken_in_turn_by_two_workstations() {
    let (one, two, _) = seeded().await;
    let take = |db: PgPool| async move {
        let mut numbers = Vec::new();
        for _ in 0..10 {
            let mut tx = db.begin().await.unwrap();
            numbers.push(clinic::take_invoice_number(&mut *tx, NOW).await.unwrap());
            tx.commit().await.unwrap();
        }
        numbers
    };
    let (a, b) = tokio::join!(take(one.clone()), take(two));
    let mut all: Vec<i64> = a.iter().chain(&b).map(|(n, _)| *n).collect();
    all.sort();
    assert_eq!(all, (1..=20).collect::<Vec<_>>());
    assert!(a.iter().all(|(_, prefix)| prefix == "INV-"));
    assert_eq!(clinic::get(&one).await.unwrap().currency, "AUD");
}
