//! Staff and the lock, clicked through: a new clinic asks for its owner
//! (bad PINs refused at their fields); the owner adds a receptionist on
//! Settings → Staff & lock (a missing name refused at its field, nothing
//! saved); Lock hides everything; a wrong PIN is refused at the PIN; the
//! receptionist signs in, has no Settings, and a settings page opened anyway
//! is refused by core; the owner signs in again, backs up, adds a patient,
//! restores the backup, and after the restart sees the backup's data; the
//! audit log names who did what.

use clinicdesk_e2e::{fresh_data_dir, App, Driver, OWNER, OWNER_PIN};
use serde_json::json;

async fn fill_id(app: &App, id: &str, text: &str) {
    let input = app.css(&format!("#{id}")).await;
    input.clear().await.unwrap();
    if !text.is_empty() {
        input.send_keys(text).await.unwrap();
    }
}

async fn who(app: &App) -> String {
    app.eval("return document.querySelector(\"[data-testid='who-name']\").textContent;", vec![])
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// What a command answers, error or not (the `invoke` helper expects success).
async fn answer(app: &App, command: &str) -> serde_json::Value {
    app.eval("return window.__TAURI__.core.invoke(arguments[0], {}).then(v => v, e => e);", vec![json!(command)]).await
}

async fn patient_names(app: &App) -> Vec<String> {
    let found = app.invoke("search_patients", json!({ "query": "", "page": 0 })).await;
    found["items"].as_array().unwrap().iter().map(|p| p["fullName"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn owner_receptionist_lock_switch_refused_backup_and_restore() {
    let data = fresh_data_dir("staff");
    let driver = Driver::start_with(&data, &[("CLINICDESK_EXIT_ON_RESTART", "1")]);
    let app = driver.launch_locked().await;

    // A new clinic: who owns it? Bad PINs are refused at their fields.
    app.wait_for_css("[data-testid='create-owner']").await;
    app.screenshot("90-first-owner").await;
    app.fill("Your name", OWNER).await;
    app.fill("PIN (4 to 8 digits)", "12").await;
    app.fill("PIN again", "12").await;
    app.click(&app.css("[data-testid='create-owner']").await).await;
    app.wait_for_css("[data-testid='error-pin']:not([hidden])").await;
    assert_eq!(app.text_of("[data-testid='error-pin']").await, "A PIN is 4 to 8 digits, nothing else.");
    app.fill("PIN (4 to 8 digits)", OWNER_PIN).await;
    app.fill("PIN again", "8642").await;
    app.click(&app.css("[data-testid='create-owner']").await).await;
    app.wait_for_css("[data-testid='error-pinAgain']:not([hidden])").await;
    app.fill("PIN again", OWNER_PIN).await;
    app.click(&app.css("[data-testid='create-owner']").await).await;
    app.wait_for_css("body[data-signed-in='owner']").await;
    app.screenshot("90b-owner-in").await;
    assert_eq!(who(&app).await, OWNER);

    app.set_up_clinic().await;
    app.create_patient("Noah", "Brown", "noah@example.com").await;
    app.reload().await;

    // Settings → Staff & lock: a receptionist.
    app.click(&app.css("[data-nav='staff']").await).await;
    app.wait_for_css("[data-testid='add-staff']").await;
    fill_id(&app, "pin", "135790").await;
    app.click(&app.css("[data-testid='add-staff']").await).await;
    app.wait_for_css("[data-testid='error-name']:not([hidden])").await;
    assert_eq!(app.text_of("[data-testid='error-name']").await, "Enter the staff member's name.");
    assert_eq!(app.invoke("list_staff", json!({})).await.as_array().unwrap().len(), 1, "nothing saved");
    fill_id(&app, "name", "Rita Reyes").await;
    fill_id(&app, "pin", "135790").await;
    app.click(&app.css("[data-testid='add-staff']").await).await;
    app.wait_for_text("Added Rita Reyes").await;
    app.wait_for_css("[data-testid='staff-2']").await;
    app.screenshot("91-staff").await;

    // Lock: nothing of the clinic is left on the page.
    app.click(&app.css("[data-nav='patients']").await).await;
    app.wait_for_text("Noah Brown").await;
    app.click(&app.css("[data-testid='lock-button']").await).await;
    app.wait_for_css("[data-testid='unlock']").await;
    let page = app.eval("return document.body.innerText + document.getElementById('content').innerHTML;", vec![]).await;
    assert!(!page.as_str().unwrap().contains("Noah"), "the lock hides patients: {page}");
    assert_eq!(answer(&app, "get_clinic_settings").await["code"], "locked");
    app.screenshot("92-locked").await;

    // Switch user: a wrong PIN is refused at the PIN, then Rita's.
    let rita = app
        .eval(
            "return [...document.querySelectorAll('.lock-name')].find(b => b.title === 'Rita Reyes').dataset.testid;",
            vec![],
        )
        .await;
    app.click(&app.css(&format!("[data-testid='{}']", rita.as_str().unwrap())).await).await;
    app.fill("PIN", "000000").await;
    app.click(&app.css("[data-testid='unlock']").await).await;
    app.wait_for_css("[data-testid='error-pin']:not([hidden])").await;
    assert!(app.text_of("[data-testid='error-pin']").await.starts_with("That PIN is not right. 4 more tries"));
    app.fill("PIN", "135790").await;
    app.click(&app.css("[data-testid='unlock']").await).await;
    app.wait_for_css("body[data-signed-in='receptionist']").await;
    assert_eq!(who(&app).await, "Rita Reyes");
    // No Settings for a receptionist; opened anyway, core refuses it.
    assert!(app.all("[data-nav='integrations']:not([hidden])").await.iter().len() <= 1);
    let settings_shown = app.eval("return !document.getElementById('settings-heading').hidden;", vec![]).await;
    assert_eq!(settings_shown, false);
    app.eval("location.hash = '#/settings/integrations'", vec![]).await;
    app.wait_for_css("[data-testid='refused']").await;
    assert!(app.text_of("[data-testid='refused']").await.contains("Settings are for the clinic's owner"));
    assert_eq!(answer(&app, "get_mail_server").await["code"], "forbidden");
    app.screenshot("93-refused").await;

    // The owner again: back up, add a patient, restore the backup.
    app.click(&app.css("[data-testid='switch-user']").await).await;
    app.sign_in_as(OWNER, OWNER_PIN).await;
    app.click(&app.css("[data-nav='backups']").await).await;
    app.click(&app.wait_for_css("[data-testid='back-up-now']").await).await;
    app.wait_for_css("[data-testid='restore-0']").await;
    app.create_patient("Ava", "Chen", "ava@example.com").await;
    assert_eq!(patient_names(&app).await, ["Noah Brown", "Ava Chen"]);

    // The audit log: Rita's sign-in, the owner's changes, filtered by person.
    app.click(&app.css("[data-nav='audit']").await).await;
    app.wait_for_css("[data-testid='audit-row']").await;
    let select = app.css("#staffId").await;
    select.select_by_label("Rita Reyes").await.unwrap();
    app.click(&app.css("[data-testid='audit-filter']").await).await;
    app.wait_until(
        "only Rita's entries",
        "[...document.querySelectorAll(\"[data-testid='audit-row']\")].every(r => r.children[1].textContent === 'Rita Reyes')",
    )
    .await;
    let actions = app.texts("[data-testid='audit-row'] td:nth-child(5)").await;
    assert!(actions.contains(&"Signed in".to_string()) && actions.contains(&"Wrong PIN".to_string()), "{actions:?}");
    app.screenshot("94-audit").await;

    app.click(&app.css("[data-nav='backups']").await).await;
    app.click(&app.wait_for_css("[data-testid='restore-0']").await).await;
    app.wait_for_css("[data-testid='confirm-yes']").await;
    app.click(&app.css("[data-testid='confirm-yes']").await).await;
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), app.client.close()).await;

    // Restarted on the backup: locked first, then the backup's data.
    let app = driver.launch_locked().await;
    app.sign_in_as(OWNER, OWNER_PIN).await;
    assert_eq!(patient_names(&app).await, ["Noah Brown"]);
    app.quit().await;
}
