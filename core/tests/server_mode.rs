//! Settings → Data: a clinic moves from this computer to the clinic server,
//! a second workstation joins it, each starts on the server from then on,
//! and one can go back to its own file. These always use both stores (the
//! test server of scripts/test.sh), so the server pass leaves them out.

mod common;

use clinicdesk_core::account::forms::TakePaymentForm;
use clinicdesk_core::secrets::SecretStore;
use clinicdesk_core::server::{ServerConnection, ServerEvent, SERVER_FILE};
use clinicdesk_core::Clinicdesk;
use common::desk::{front_desk_in, tomorrow, Desk};
use common::{empty_server_database, server_form};
use std::time::{Duration, Instant};

fn connection(database: &str) -> ServerConnection {
    server_form(database).try_into().unwrap()
}

fn code<T: std::fmt::Debug>(r: clinicdesk_core::Result<T>) -> &'static str {
    r.expect_err("refused").code()
}

fn data_dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("clinicdesk-server-{name}-{}", uuid::Uuid::new_v4()))
}

/// A clinic on this computer with a booking paid at the desk.
async fn clinic_here(name: &str) -> (Desk, std::path::PathBuf) {
    let dir = data_dir(name);
    let d = front_desk_in(&dir).await;
    let booked = d.booked(d.disabled, "09:00").await;
    let paid = TakePaymentForm { amount: "45".into(), method: "card".into(), ..Default::default() };
    d.desk.take_payment(booked.id, paid.try_into().unwrap()).await.unwrap();
    (d, dir)
}

async fn next(heard: &mut tokio::sync::mpsc::Receiver<ServerEvent>) -> ServerEvent {
    tokio::time::timeout(Duration::from_secs(10), heard.recv()).await.expect("heard in time").unwrap()
}

async fn patients(desk: &Clinicdesk) -> Vec<String> {
    desk.search_patients("", 0).await.unwrap().items.into_iter().map(|p| p.full_name).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clinic_moves_to_the_server_and_the_next_start_works_there() {
    let (d, dir) = clinic_here("move").await;
    let database = empty_server_database().await;
    let before = d.count("SELECT count(*) FROM account_entries").await;

    let found = d.desk.test_server(connection(&database)).await.unwrap();
    assert_eq!((found.clinic, found.current), (None, false), "an empty database: the clinic may move in");

    let moved = d.desk.move_to_server(connection(&database)).await.unwrap();
    assert_eq!(moved.tables, 26);
    assert!(moved.rows > 30, "{moved:?}");
    assert_eq!((moved.money["payments"], moved.money["charges"]), (4500, 6000), "{:?}", moved.money);
    assert!(dir.join(SERVER_FILE).is_file(), "the choice is kept beside the data");
    let kept = d.store.get_text(&clinicdesk_core::server::password_entry(&connection(&database).settings));
    assert!(kept.unwrap().is_some(), "the server's password is in the keychain");

    // The next start: on the server, with the same clinic.
    let again = d.reopen(&dir).await;
    assert!(again.on_server());
    assert_eq!(patients(&again).await, ["Sam Taylor"]);
    let day = again.day_view(Some(tomorrow())).await.unwrap();
    assert_eq!(day.appointments.len(), 1);
    let location = again.data_location().await.unwrap();
    assert!(location.on_server);
    assert_eq!(location.server.unwrap().database, database);
    // The same clinic, so the same Stripe key: still connected.
    let stripe = again.stripe_status().await.unwrap();
    assert_eq!(stripe.state, clinicdesk_core::stripe::StripeState::Connected);
    let on_server = common::raw!(again.db(), e =>
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM audit_log WHERE action = 'moved_to_server'").fetch_one(e).await)
    .unwrap();
    assert_eq!(on_server, 1, "the move is in the clinic's audit log");
    // This computer's file is as it was: nothing was written to it.
    let here = clinicdesk_core::db::open(&dir.join("clinicdesk.db")).await.unwrap();
    let (entries, moves): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM account_entries), (SELECT count(*) FROM audit_log WHERE action = 'moved_to_server')",
    )
    .fetch_one(&here)
    .await
    .unwrap();
    assert_eq!((entries, moves), (before, 0));
    here.close().await;

    // Moving again, into the database that now holds the clinic, is refused.
    let d2 = front_desk_in(&data_dir("again")).await;
    assert_eq!(code(d2.desk.move_to_server(connection(&database)).await), "server_holds_clinic");
    again.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_workstation_joins_the_clinic_on_the_server_and_can_go_back() {
    let (d, _dir) = clinic_here("first").await;
    let database = empty_server_database().await;
    d.desk.move_to_server(connection(&database)).await.unwrap();

    // Another computer, with its own (new) clinic file and its own keychain.
    let other_dir = data_dir("second");
    let other = front_desk_in(&other_dir).await;
    assert_eq!(code(other.desk.use_server(connection(&empty_server_database().await)).await), "server_empty");
    let found = other.desk.test_server(connection(&database)).await.unwrap();
    assert_eq!(found.clinic.as_deref(), Some("Test clinic"));
    let joined = other.desk.use_server(connection(&database)).await.unwrap();
    assert!(joined.current);

    let there = other.reopen(&other_dir).await;
    assert!(there.on_server());
    assert_eq!(patients(&there).await, ["Sam Taylor"], "the server's clinic, not this computer's own");
    // Its keychain has no Stripe key for this clinic: it is asked to connect
    // Stripe here, and books and takes desk payments meanwhile.
    let stripe = there.stripe_status().await.unwrap();
    assert_eq!(stripe.state, clinicdesk_core::stripe::StripeState::KeyInvalid);
    assert!(stripe.problem.as_deref().unwrap().starts_with("Connect Stripe on this computer"), "{stripe:?}");
    let booked = there.book_appointment(d.booking(d.disabled, tomorrow(), "13:00").try_into().unwrap()).await.unwrap();
    let paid = TakePaymentForm { amount: "60".into(), method: "cash".into(), ..Default::default() };
    there.take_payment(booked.id, paid.try_into().unwrap()).await.unwrap();
    assert_eq!(d.desk.day_view(Some(tomorrow())).await.unwrap().appointments.len(), 1, "the first desk's own file");
    // Without the key it leaves reconciling to a workstation that has it.
    let mut turn = clinicdesk_core::payments::ReconcilerTurn::default();
    assert!(!there.reconciler_turn(&mut turn).await);
    assert!(!turn.holds_lease());
    // The password may be left empty now: this computer keeps it.
    let mut kept = connection(&database);
    kept.password = None;
    assert!(there.test_server(kept).await.unwrap().current);

    // Back to this computer's own file.
    there.use_this_computer().await.unwrap();
    assert!(!other_dir.join(SERVER_FILE).exists());
    there.close().await;
    let home = other.reopen(&other_dir).await;
    assert!(!home.on_server());
    assert_eq!(code(home.use_this_computer().await), "already_local");
}

#[tokio::test(flavor = "multi_thread")]
async fn what_is_wrong_with_the_server_is_said_at_the_field_or_in_words() {
    let (d, dir) = clinic_here("wrong").await;
    let mut wrong_password = server_form("postgres");
    wrong_password.password = Some("not-the-password".into());
    assert_eq!(code(d.desk.test_server(wrong_password.try_into().unwrap()).await), "server_authentication");
    let missing = d.desk.test_server(connection("no_such_database")).await;
    assert_eq!(code(missing), "server_database_missing");
    let mut closed = server_form("postgres");
    closed.port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
    assert_eq!(code(d.desk.test_server(closed.try_into().unwrap()).await), "server_unreachable");
    let mut no_password = server_form("postgres");
    no_password.password = None;
    match d.desk.test_server(no_password.try_into().unwrap()).await {
        Err(clinicdesk_core::Error::Validation(fields)) => assert_eq!(fields[0].field, "password"),
        other => panic!("expected the password's field, got {other:?}"),
    }
    // Nothing was kept: still this computer's file.
    assert!(!dir.join(SERVER_FILE).exists());
    assert!(!d.reopen(&dir).await.on_server());
}

#[tokio::test(flavor = "multi_thread")]
async fn without_its_password_in_the_keychain_the_server_is_not_opened() {
    let (d, dir) = clinic_here("nopassword").await;
    let database = empty_server_database().await;
    d.desk.move_to_server(connection(&database)).await.unwrap();
    d.store.delete(&clinicdesk_core::server::password_entry(&connection(&database).settings)).unwrap();
    let opened = Clinicdesk::open_using(&dir, &clinicdesk_core::storage::SystemProbe, d.store.clone()).await;
    assert_eq!(code(opened.map(|_| ())), "server_password_missing");

    // Given again from the start page: a wrong one is refused and not kept.
    use clinicdesk_core::secrets::SecretText;
    use clinicdesk_core::server::save_server_password;
    let wrong = save_server_password(&dir, SecretText::new("not-the-password".into()), d.store.clone()).await;
    assert_eq!(code(wrong), "server_authentication");
    let right = server_form(&database).password.unwrap();
    save_server_password(&dir, SecretText::new(right), d.store.clone()).await.unwrap();
    assert!(d.reopen(&dir).await.on_server());
}

/// The server can't be reached at start: from the start page the
/// workstation goes back to its own file, as it was when it moved.
#[tokio::test(flavor = "multi_thread")]
async fn when_the_server_cannot_be_reached_the_start_page_can_go_back_to_this_computer() {
    use clinicdesk_core::server::use_this_computer_from_start;
    let (d, dir) = clinic_here("unreachable").await;
    let database = empty_server_database().await;
    d.desk.move_to_server(connection(&database)).await.unwrap();
    // The server goes away: the kept choice points at a port where nothing
    // listens (its password kept under that address, as for any server).
    let file = dir.join(SERVER_FILE);
    let mut choice: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let nowhere = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    choice["port"] = nowhere.into();
    std::fs::write(&file, choice.to_string()).unwrap();
    let mut gone = connection(&database);
    gone.settings.port = nowhere;
    let password = clinicdesk_core::secrets::SecretText::new(server_form(&database).password.unwrap());
    d.store.set_text(&clinicdesk_core::server::password_entry(&gone.settings), &password).unwrap();
    let opened = Clinicdesk::open_using(&dir, &clinicdesk_core::storage::SystemProbe, d.store.clone()).await;
    assert_eq!(code(opened.map(|_| ())), "server_unreachable");

    use_this_computer_from_start(&dir).await.unwrap();
    assert!(!file.exists(), "the choice is undone");
    let here = d.reopen(&dir).await;
    assert!(!here.on_server());
    assert_eq!(patients(&here).await, ["Sam Taylor"], "this computer's clinic, as it was");
    assert_eq!(here.day_view(Some(tomorrow())).await.unwrap().appointments.len(), 1);
    let kept = d.store.get_text(&clinicdesk_core::server::password_entry(&gone.settings));
    assert!(kept.unwrap().is_some(), "the password stays for joining again");
    assert_eq!(code(use_this_computer_from_start(&dir).await), "already_local");
    here.close().await;
}

/// Another workstation's change is heard (the day view refreshes on it),
/// and a break in the connection is told, then its end.
#[tokio::test(flavor = "multi_thread")]
async fn a_workstation_hears_the_others_changes_and_the_connection_coming_back() {
    let (d, dir) = clinic_here("watch").await;
    let database = empty_server_database().await;
    d.desk.move_to_server(connection(&database)).await.unwrap();
    let one = d.reopen(&dir).await;
    let two = d.reopen(&dir).await;
    let mut heard = one.watch_server().expect("on the server");
    // Listening has begun once a change made now is heard.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = Instant::now();
    two.book_appointment(d.booking(d.disabled, tomorrow(), "11:00").try_into().unwrap()).await.unwrap();
    let mut tables = Vec::new();
    while !tables.contains(&"appointments".to_string()) {
        match next(&mut heard).await {
            ServerEvent::Changed(table) => tables.push(table),
            other => panic!("expected a change, got {other:?}"),
        }
    }
    println!("heard the other workstation's booking after {:.1} ms", sent.elapsed().as_secs_f64() * 1000.0);

    // The server ends the listening session (a restart, a cut cable).
    let ended: i64 = common::raw!(two.db(), e => sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                               WHERE datname = current_database() AND query LIKE 'LISTEN%') t").fetch_one(e).await)
    .unwrap();
    assert_eq!(ended, 1);
    loop {
        match next(&mut heard).await {
            ServerEvent::Back => break,
            ServerEvent::Changed(_) => continue,
            ServerEvent::Lost => continue,
        }
    }
    // Listening again: the next change is heard.
    two.create_patient(common::desk::patient_form("Ava", "Chen", "ava@example.com").try_into().unwrap()).await.unwrap();
    loop {
        if next(&mut heard).await == ServerEvent::Changed("patients".into()) {
            break;
        }
    }
    one.close().await;
    two.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_workstation_reconciles_with_stripe_at_a_time() {
    let (d, dir) = clinic_here("turns").await;
    let mut turn_here = clinicdesk_core::payments::ReconcilerTurn::default();
    assert!(d.desk.reconciler_turn(&mut turn_here).await, "alone on this computer: always its turn");
    assert!(!turn_here.holds_lease());
    let database = empty_server_database().await;
    d.desk.move_to_server(connection(&database)).await.unwrap();
    let (one, two) = (d.reopen(&dir).await, d.reopen(&dir).await);
    let (mut first, mut second) = Default::default();
    assert!(one.reconciler_turn(&mut first).await);
    assert!(!two.reconciler_turn(&mut second).await, "one at a time");
    assert!(one.reconciler_turn(&mut first).await, "kept while held");
    drop(first);
    let start = Instant::now();
    while !two.reconciler_turn(&mut second).await {
        assert!(start.elapsed() < Duration::from_secs(10), "the other takes over once it is let go");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(second.holds_lease());
}
