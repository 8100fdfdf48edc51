//! Two workstations, one clinic on the clinic server (the test server that
//! scripts/test.sh starts). The owner moves the clinic there from Settings →
//! Data; a second workstation joins it the same way; one books and the
//! other's day view shows it by itself; both try one slot at once and
//! exactly one wins.

use clinicdesk_e2e::*;
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

/// The test server's address, user and password.
fn server() -> (String, String, String, String) {
    let url = std::env::var("CLINICDESK_TEST_POSTGRES_URL").expect("scripts/test.sh starts the test server");
    let url = url::Url::parse(&url).unwrap();
    (
        url.host_str().unwrap().into(),
        url.port().unwrap().to_string(),
        url.username().into(),
        url.password().unwrap().into(),
    )
}

async fn empty_database(story: &str) -> String {
    use sqlx::Executor;
    let admin = sqlx::PgPool::connect(&std::env::var("CLINICDESK_TEST_POSTGRES_URL").unwrap()).await.unwrap();
    let name = format!("e2e_{story}_{}", std::process::id());
    admin.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await.unwrap();
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    admin.close().await;
    name
}

/// Exits instead of restarting, so the test starts the app again itself.
fn driver(data: &Path) -> Driver {
    Driver::start_with(data, &[("CLINICDESK_EXIT_ON_RESTART", "1")])
}

/// Settings → Data → Clinic server, filled in as the owner would (the test
/// server, reached on `port`), then "Test connection"; returns what it found.
async fn test_connection(app: &App, port: &str, database: &str, password: &str) -> String {
    let (host, _, user, _) = server();
    app.click(&app.css("[data-nav='data']").await).await;
    app.click(&app.wait_for_css("[data-testid='place-server']").await).await;
    app.fill("Server", &host).await;
    app.fill("Port", port).await;
    app.fill("Database", database).await;
    app.fill("User name", &user).await;
    app.fill("Password", password).await;
    app.by_label("Connection").await.select_by_value("disable").await.unwrap();
    app.click(&app.css("[data-testid='test-server']").await).await;
    app.wait_for_css("[data-testid='server-found'], [data-testid='server-problem'], .field-error:not([hidden])").await;
    app.text_of("[data-testid='server-result']").await
}

/// Confirms the switch and waits for the app to go (it exits here).
async fn switch(app: App, button: &str) {
    app.click(&app.css(&format!("[data-testid='{button}']")).await).await;
    app.click(&app.wait_for_css("[data-testid='confirm-yes']").await).await;
    app.wait_for_css("[data-testid='server-switched']").await;
    app.screenshot(&format!("96-data-{button}")).await;
    let _ = tokio::time::timeout(Duration::from_secs(10), app.client.close()).await;
}

fn tomorrow() -> String {
    let sydney = jiff::tz::TimeZone::get("Australia/Sydney").unwrap();
    jiff::Timestamp::now().to_zoned(sydney).date().tomorrow().unwrap().to_string()
}

#[tokio::test]
async fn two_workstations_share_one_clinic_on_the_server() {
    let (_, port, _, password) = server();
    let database = empty_database("share").await;

    // The front desk: a clinic on this computer, then moved to the server.
    let desk_data = fresh_data_dir("server-desk");
    let desk_driver = driver(&desk_data);
    let desk = desk_driver.launch().await;
    desk.set_up_clinic().await;
    let practitioner = desk.create_practitioner("Dr Mia Lee").await;
    desk.create_type("Review", "60", "disabled", "full", "").await;
    let patient = desk.create_patient("Sam", "Taylor", "sam@example.com").await;
    desk.reload().await;

    // A wrong password is said in words; nothing typed is lost.
    let wrong = test_connection(&desk, &port, &database, "not-the-password").await;
    assert!(wrong.contains("did not accept user"), "{wrong}");
    assert_eq!(desk.value("Database").await, database, "what was typed stays");
    desk.screenshot("95-data-wrong-password").await;
    let found = test_connection(&desk, &port, &database, &password).await;
    assert!(found.contains("The database is empty: this clinic can move in."), "{found}");
    desk.screenshot("95-data-empty-server").await;
    switch(desk, "move-to-server").await;
    assert!(desk_data.join("clinic-server.json").is_file());

    // Started again: on the server, the same clinic, the same owner.
    let desk = desk_driver.launch().await;
    desk.click(&desk.css("[data-nav='data']").await).await;
    let place = desk.text_of("[data-testid='data-place']").await;
    assert!(place.contains(&format!("database \"{database}\"")), "{place}");
    let backups_hidden =
        desk.eval("return document.querySelector(\"[data-nav='backups']\").closest('li').hidden;", vec![]).await;
    assert_eq!(backups_hidden, json!(true), "the server's backups are the server's");
    desk.screenshot("97-data-on-server").await;

    // A second workstation: its own new clinic file, then joins the server's clinic.
    let room_data = fresh_data_dir("server-room");
    let room_driver = driver(&room_data);
    let room = room_driver.launch().await;
    let found = test_connection(&room, &port, &database, &password).await;
    assert!(found.contains("It holds the clinic \"Harbourside Physiotherapy\"."), "{found}");
    switch(room, "use-server").await;
    let room = room_driver.launch().await;
    let names = room.invoke("search_patients", json!({ "query": "", "page": 0 })).await;
    assert_eq!(names["items"][0]["fullName"], "Sam Taylor", "the server's clinic");

    // The desk books; the room's day view shows it by itself.
    room.front_desk_tomorrow(practitioner).await;
    desk.front_desk_tomorrow(practitioner).await;
    desk.book(practitioner, "09:00", "Sam", patient, "Review").await;
    let booked = Instant::now();
    room.wait_until("the booking made at the desk", "document.querySelector('.appt[data-appointment-id]')").await;
    // Its own refresh is every 60 s; the wait gives up long before that, so
    // seeing it means it was told.
    println!("the other workstation showed the booking after {} ms", booked.elapsed().as_millis());
    room.screenshot("98-server-room-sees-booking").await;

    // Both book one slot at once: exactly one wins.
    let kind = desk.invoke("list_appointment_types", json!({ "includeArchived": false })).await[0]["id"].clone();
    let form = json!({ "form": { "patientId": patient.to_string(), "practitionerId": practitioner.to_string(),
        "appointmentTypeId": kind.as_i64().unwrap().to_string(), "date": tomorrow(), "time": "10:00" } });
    let script =
        "return window.__TAURI__.core.invoke('book_appointment', arguments[0]).then(() => 'booked', e => (e.fields?.[0]?.code ?? e.code));";
    let (a, b) = tokio::join!(desk.eval(script, vec![form.clone()]), room.eval(script, vec![form.clone()]));
    let mut outcomes = [a.as_str().unwrap().to_string(), b.as_str().unwrap().to_string()];
    outcomes.sort();
    assert_eq!(outcomes, ["booked", "slot_taken"]);
    let day = desk.invoke("day_view", json!({ "date": tomorrow() })).await;
    assert_eq!(day["appointments"].as_array().unwrap().len(), 2, "one at 09:00, one at 10:00");
    desk.quit().await;

    // The room goes back to its own data: the file and the kept password go.
    room.click(&room.css("[data-nav='data']").await).await;
    room.click(&room.wait_for_css("[data-testid='use-this-computer']").await).await;
    room.click(&room.wait_for_css("[data-testid='confirm-yes']").await).await;
    room.wait_for_css("[data-testid='server-switched']").await;
    let _ = tokio::time::timeout(Duration::from_secs(10), room.client.close()).await;
    assert!(!room_data.join("clinic-server.json").exists());
    let room = room_driver.launch().await;
    let own = room.invoke("search_patients", json!({ "query": "", "page": 0 })).await;
    assert_eq!(own["items"].as_array().unwrap().len(), 0, "its own clinic, which has no patients");
    room.quit().await;

    // Pointed at the server again without its password (as after a reset
    // keychain): the start page asks for it, and a wrong one is said so.
    std::fs::copy(desk_data.join("clinic-server.json"), room_data.join("clinic-server.json")).unwrap();
    let room = room_driver.launch_locked().await;
    let said = room.text_of("[data-testid='fatal-message']").await;
    assert!(said.contains("keeps no password for the clinic server"), "{said}");
    room.fill("The clinic server's password", "not-the-password").await;
    room.click(&room.css("[data-testid='save-server-password']").await).await;
    room.wait_for_css("#password-error:not([hidden])").await;
    let wrong = room.text_of("#password-error").await;
    assert!(wrong.contains("did not accept user"), "{wrong}");
    room.screenshot("99-server-password-asked").await;
    room.fill("The clinic server's password", &password).await;
    room.click(&room.css("[data-testid='save-server-password']").await).await;
    room.wait_for_css("[data-testid='start-page-done']").await;
    let _ = tokio::time::timeout(Duration::from_secs(10), room.client.close()).await;
    let room = room_driver.launch().await;
    let names = room.invoke("search_patients", json!({ "query": "", "page": 0 })).await;
    assert_eq!(names["items"][0]["fullName"], "Sam Taylor", "on the server again");
    room.quit().await;
}

/// The clinic server goes away (the cable pulled out): a banner says so,
/// what was typed stays, and once it is back the app carries on by itself.
#[tokio::test]
async fn the_server_going_away_shows_a_banner_and_nothing_typed_is_lost() {
    let (_, pg_port, _, password) = server();
    let mut cable = Cable::to(pg_port.parse().unwrap()).await;
    let database = empty_database("cable").await;
    let data = fresh_data_dir("server-cable");
    let driver = driver(&data);
    let desk = driver.launch().await;
    desk.set_up_clinic().await;
    let practitioner = desk.create_practitioner("Dr Mia Lee").await;
    desk.create_type("Review", "60", "disabled", "full", "").await;
    let patient = desk.create_patient("Sam", "Taylor", "sam@example.com").await;
    desk.reload().await;
    let found = test_connection(&desk, &cable.port.to_string(), &database, &password).await;
    assert!(found.contains("The database is empty"), "{found}");
    switch(desk, "move-to-server").await;
    let desk = driver.launch().await;
    desk.front_desk_tomorrow(practitioner).await;

    // A booking half made when the cable is pulled out.
    desk.show_time("09:00").await;
    desk.click_css(&format!("[data-testid='slot-{practitioner}-09:00']")).await;
    desk.wait_for_css("[data-testid='booking-dialog'][open]").await;
    desk.fill("Patient", "Sam").await;
    desk.click(&desk.wait_for_css(&format!("[data-testid='patient-result-{patient}']")).await).await;
    desk.wait_for_css("[data-testid='selected-patient']:not([hidden])").await;
    cable.pull_out().await;
    desk.wait_for_css("[data-testid='server-banner']:not([hidden])").await;
    let banner = desk.text_of("[data-testid='server-banner']").await;
    assert!(banner.contains("The clinic server can't be reached"), "{banner}");
    desk.click(&desk.css("[data-testid='book-button']").await).await;
    desk.wait_until(
        "the booking refused",
        "document.querySelector(\"[data-testid='booking-message']\").innerText.length > 0",
    )
    .await;
    let said = desk.text_of("[data-testid='booking-message']").await;
    assert!(said.contains("The connection to the clinic's data was lost"), "{said}");
    assert!(desk.text_of("[data-testid='selected-patient']").await.contains("Sam Taylor"), "what was chosen stays");
    desk.screenshot("99-server-gone").await;

    // Plugged in again: the banner goes by itself, and the same booking is made.
    cable.plug_in().await;
    desk.wait_until("the banner to go", "document.querySelector(\"[data-testid='server-banner']\").hidden").await;
    desk.click(&desk.css("[data-testid='book-button']").await).await;
    desk.wait_for_css("[data-testid='appointment-panel']:not([hidden])").await;
    let day = desk.invoke("day_view", json!({ "date": tomorrow() })).await;
    assert_eq!(day["appointments"].as_array().unwrap().len(), 1);
    desk.quit().await;

    // The next morning the server is still away: the start page says so and
    // offers this computer's own data, which opens the clinic as it was
    // before the move (the patient, not the booking made on the server).
    cable.pull_out().await;
    let desk = driver.launch_locked().await;
    let said = desk.text_of("[data-testid='fatal-message']").await;
    assert!(said.contains("No database server answered"), "{said}");
    let page = desk.text_of("#fatal").await;
    assert!(!page.contains("null"), "nothing left out is written as text: {page}");
    desk.click(&desk.css("[data-testid='local-escape'] summary").await).await;
    desk.screenshot("99-server-away-at-start").await;
    desk.click(&desk.wait_for_css("[data-testid='use-this-computer-from-start']").await).await;
    desk.click(&desk.wait_for_css("[data-testid='confirm-yes']").await).await;
    desk.wait_for_css("[data-testid='start-page-done']").await;
    let _ = tokio::time::timeout(Duration::from_secs(10), desk.client.close()).await;
    assert!(!data.join("clinic-server.json").exists(), "the choice is undone");
    let desk = driver.launch().await;
    let own = desk.invoke("search_patients", json!({ "query": "", "page": 0 })).await;
    assert_eq!(own["items"][0]["fullName"], "Sam Taylor", "this computer's clinic, as it was");
    let day = desk.invoke("day_view", json!({ "date": tomorrow() })).await;
    assert_eq!(day["appointments"].as_array().unwrap().len(), 0, "the booking made on the server stays there");
    desk.quit().await;
}
