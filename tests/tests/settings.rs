//! A clinic owner sets up the clinic and its appointment types, makes
//! mistakes, restarts the app, and finds everything as they left it.

use clinicdesk_e2e::{fresh_data_dir, App, Driver};
use fantoccini::key::Key;

async fn add_type(app: &App, name: &str, minutes: &str, price: &str) {
    app.click(&app.button("Add appointment type").await).await;
    app.wait_for_css("[data-testid='type-form']").await;
    app.fill("Name", name).await;
    app.fill("Duration", minutes).await;
    app.fill("Price in AUD", price).await;
}

async fn list_rows(app: &App) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    for row in app.all("[data-testid='type-row']").await {
        let name = row.find(fantoccini::Locator::Css("[data-testid='type-name']")).await.unwrap().text().await.unwrap();
        let badge = match row.find(fantoccini::Locator::Css("[data-testid='badge']")).await {
            Ok(b) => b.text().await.unwrap(),
            Err(_) => String::new(),
        };
        let detail =
            row.find(fantoccini::Locator::Css("[data-testid='online-detail']")).await.unwrap().text().await.unwrap();
        rows.push((name, badge, detail));
    }
    rows
}

fn row(name: &str, badge: &str, detail: &str) -> (String, String, String) {
    (name.into(), badge.into(), detail.into())
}

#[tokio::test]
async fn clinic_owner_sets_up_appointment_types_and_they_survive_a_restart() {
    let data = fresh_data_dir("owner-setup");
    let driver = Driver::start(&data);
    let app = driver.launch().await;

    // First run: the app asks for the clinic's details.
    app.wait_for_text("Your clinic's name, time zone, currency").await;
    app.fill("Clinic name", "Harbourside Physiotherapy").await;
    app.by_label("Time zone").await.select_by_value("Australia/Sydney").await.unwrap();
    app.by_label("Currency").await.select_by_value("AUD").await.unwrap();
    app.click(&app.button("Save clinic settings").await).await;
    app.wait_for_text("Clinic settings saved").await;

    app.click(&app.button("Appointment types").await).await;
    app.wait_for_text("No appointment types yet — add your first one.").await;
    app.screenshot("01-appointment-types-empty").await;

    // 1. Disabled, saved with Enter from the keyboard.
    add_type(&app, "Follow-up", "30", "60").await;
    assert!(
        !app.css("[data-testid='amount-rule']").await.is_displayed().await.unwrap(),
        "no amount rule while online payment is disabled"
    );
    let price = app.by_label("Price in AUD").await;
    app.press(&price, Key::Enter).await;
    app.wait_for_text("Saved “Follow-up”").await;

    // 2. Allowed, 50 %: the live preview says what patients pay.
    add_type(&app, "Massage", "60", "90").await;
    app.click(&app.css("[data-testid='mode-allowed']").await).await;
    app.click(&app.css("[data-testid='rule-percent']").await).await;
    app.fill("Percentage of the price", "50").await;
    app.wait_for_text("Patients pay A$45.00 of A$90.00 online.").await;
    app.screenshot("02-editor-allowed-50-percent").await;
    app.click(&app.button("Save appointment type").await).await;
    app.wait_for_text("Saved “Massage”").await;

    // 3. Required, fixed A$30.00.
    add_type(&app, "Initial assessment", "45", "150.00").await;
    app.click(&app.css("[data-testid='mode-required']").await).await;
    app.click(&app.css("[data-testid='rule-fixed']").await).await;
    app.fill("Fixed amount in AUD", "30.00").await;
    app.wait_for_text("Patients pay A$30.00 of A$150.00 online.").await;
    app.click(&app.button("Save appointment type").await).await;
    app.wait_for_text("Saved “Initial assessment”").await;

    let expected = vec![
        row("Follow-up", "", "Not taken online"),
        row("Massage", "Online payment allowed", "A$45.00 (50%)"),
        row("Initial assessment", "Online payment required", "A$30.00 deposit"),
    ];
    assert_eq!(list_rows(&app).await, expected);
    assert_eq!(app.texts("[data-testid='type-price']").await, vec!["A$60.00", "A$90.00", "A$150.00"]);
    app.screenshot("03-appointment-types-list").await;

    // Bad input: each problem is shown at its field and nothing typed is lost.
    add_type(&app, "massage", "3", "ninety").await;
    app.click(&app.button("Save appointment type").await).await;
    app.wait_for_css("[data-testid='error-durationMinutes']:not([hidden])").await;
    assert_eq!(app.text_of("[data-testid='error-durationMinutes']").await, "Enter a duration from 5 to 720 minutes.");
    assert_eq!(app.text_of("[data-testid='error-price']").await, "Enter an amount such as 90 or 90.00.");
    assert_eq!(app.by_label("Duration").await.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    let focused = app.eval("return document.activeElement.id", vec![]).await;
    assert_eq!(focused, "durationMinutes", "focus moves to the first invalid field");
    assert_eq!(
        (app.value("Name").await, app.value("Duration").await, app.value("Price in AUD").await),
        ("massage".into(), "3".into(), "ninety".into()),
        "what was typed is kept"
    );
    app.fill("Duration", "30").await;
    app.fill("Price in AUD", "0.20").await;
    app.click(&app.css("[data-testid='mode-required']").await).await;
    app.click(&app.button("Save appointment type").await).await;
    app.wait_for_css("[data-testid='error-name']:not([hidden])").await;
    assert_eq!(
        app.text_of("[data-testid='error-name']").await,
        "There is already an appointment type called “massage”."
    );
    assert_eq!(
        app.text_of("[data-testid='error-price']").await,
        "Online payment must be at least A$0.50 (Stripe's minimum for AUD); this would take A$0.20."
    );
    assert!(
        app.css("[data-testid='error-durationMinutes']").await.attr("hidden").await.unwrap().is_some(),
        "fixed field's error is gone"
    );
    app.screenshot("04-editor-field-errors").await;
    // Esc asks before throwing away what was typed; keep editing first.
    let name = app.by_label("Name").await;
    app.press(&name, Key::Escape).await;
    app.click(&app.button("Keep editing").await).await;
    assert_eq!(app.value("Name").await, "massage");
    app.press(&app.by_label("Name").await, Key::Escape).await;
    app.click(&app.button("Discard changes").await).await;
    app.wait_for_css("[data-testid='type-row']").await;
    assert_eq!(list_rows(&app).await, expected, "nothing saved was touched");

    // Editing with a bad value is refused; the saved type is unchanged.
    app.click(&app.by_label("Edit Initial assessment").await).await;
    app.wait_for_css("[data-testid='type-form']").await;
    assert_eq!(app.value("Fixed amount in AUD").await, "30.00");
    app.fill("Fixed amount in AUD", "200").await;
    app.click(&app.button("Save appointment type").await).await;
    app.wait_for_css("[data-testid='error-fixedAmount']:not([hidden])").await;
    assert_eq!(
        app.text_of("[data-testid='error-fixedAmount']").await,
        "The amount taken online can't be more than the price (A$150.00)."
    );
    app.click(&app.button("Cancel").await).await;
    app.click(&app.button("Discard changes").await).await;
    app.wait_for_css("[data-testid='type-row']").await;
    assert_eq!(list_rows(&app).await, expected);

    // Reorder, archive and see the archived behind the toggle.
    app.click(&app.by_label("Move Initial assessment up").await).await;
    app.wait_until(
        "reorder",
        "document.querySelectorAll('[data-testid=type-name]')[1].textContent === 'Initial assessment'",
    )
    .await;
    app.click(&app.by_label("Archive Follow-up").await).await;
    app.click(&app.button("Archive type").await).await;
    app.wait_for_text("Archived “Follow-up”").await;
    let names: Vec<String> = list_rows(&app).await.into_iter().map(|r| r.0).collect();
    assert_eq!(names, vec!["Initial assessment", "Massage"]);
    app.click(&app.css("[data-testid='show-archived']").await).await;
    app.wait_for_text("Restore").await;
    let names: Vec<String> = list_rows(&app).await.into_iter().map(|r| r.0).collect();
    assert_eq!(names, vec!["Initial assessment", "Massage", "Follow-up"]);
    app.click(&app.by_label("Restore Follow-up").await).await;
    app.wait_for_text("Restored “Follow-up”").await;

    // At the smallest supported window the list still reads well.
    app.client.set_window_size(1024, 700).await.unwrap();
    app.screenshot("05-appointment-types-1024x700").await;
    app.quit().await;

    // Restart: everything is still there, in the same order.
    let app = driver.launch().await;
    app.wait_for_text("Appointment types").await;
    app.click(&app.button("Appointment types").await).await;
    app.wait_for_css("[data-testid='type-row']").await;
    assert_eq!(
        list_rows(&app).await,
        vec![
            row("Initial assessment", "Online payment required", "A$30.00 deposit"),
            row("Massage", "Online payment allowed", "A$45.00 (50%)"),
            row("Follow-up", "", "Not taken online"),
        ]
    );
    app.click(&app.button("Clinic").await).await;
    app.wait_for_text("Prices are stored in AUD").await;
    assert_eq!(app.value("Clinic name").await, "Harbourside Physiotherapy");
    assert_eq!(app.value("Time zone").await, "Australia/Sydney");
    app.click(&app.button("Integrations").await).await;
    app.wait_for_css("[data-testid='stripe-state']").await;
    assert_eq!(app.text_of("[data-testid='stripe-state']").await, "Not connected");
    assert!(app.text_of("[data-testid='stripe-status']").await.starts_with("Stripe: not connected."));

    app.client.set_window_size(1920, 1080).await.unwrap();
    app.click(&app.button("Appointment types").await).await;
    app.click(&app.by_label("Edit Massage").await).await;
    app.wait_for_text("Patients pay A$45.00 of A$90.00 online.").await;
    app.screenshot("06-editor-full-hd").await;
    app.quit().await;
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused_with_a_clear_message() {
    use sqlx::{Connection, SqliteConnection};
    let data = fresh_data_dir("newer-database");
    let driver = Driver::start(&data);
    // Let the app create its database, then pretend a newer version migrated it.
    driver.launch().await.quit().await;
    let path = data.join("clinicdesk.db");
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
         VALUES (99990101000000, 'from the future', CURRENT_TIMESTAMP, TRUE, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    // Move everything into the main file so its bytes are the whole database.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    let before = std::fs::read(&path).unwrap();

    let app = driver.launch().await;
    app.wait_for_text("This clinic data needs a newer Clinicdesk").await;
    app.wait_for_text("Nothing has been changed.").await;
    app.screenshot("07-newer-database").await;
    app.quit().await;
    assert!(std::fs::read(&path).unwrap() == before, "the database file changed");
    let wal = std::fs::metadata(data.join("clinicdesk.db-wal")).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal, 0, "nothing was written to the write-ahead log either");
}

#[tokio::test]
async fn the_version_shows_in_the_about_box_and_in_settings() {
    let version = env!("CARGO_PKG_VERSION"); // the workspace's, the app's too
    let data = fresh_data_dir("about");
    let driver = Driver::start(&data);
    let app = driver.launch().await;
    app.click(&app.css("[data-testid='about-button']").await).await;
    app.wait_for_css("[data-testid='about-dialog']").await;
    assert_eq!(app.text_of("#about-title").await, format!("Clinicdesk {version}"));
    assert_eq!(app.text_of("[data-testid='about-dialog'] [data-testid='version']").await, version);
    let about = app.text_of("[data-testid='about-dialog']").await;
    assert!(about.contains(&data.display().to_string()), "the About box names the data folder: {about}");
    assert!(about.contains(&data.join("logs").display().to_string()), "and the log folder: {about}");
    app.screenshot("08-about").await;
    app.click(&app.css("[data-testid='about-close']").await).await;
    app.wait_until("the About box closed", "!document.querySelector(\"[data-testid='about-dialog']\")").await;

    app.click(&app.button("Clinic").await).await;
    app.wait_for_css("[data-testid='installation']").await;
    assert_eq!(app.text_of("[data-testid='installation'] [data-testid='version']").await, version);
    app.quit().await;
}
