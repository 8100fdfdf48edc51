//! Backups, clicked through: Settings → Backups with a folder that isn't a
//! full path refused at its field (nothing saved); a folder on "another
//! disk"; Back up now, the backup listed and checked on the disk; the disk
//! pulled out: the banner says so on every page until a backup works again.

use clinicdesk_e2e::{fresh_data_dir, App, Driver};
use serde_json::json;

async fn fill_field(app: &App, id: &str, text: &str) {
    let input = app.css(&format!("#{id}")).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

#[tokio::test]
async fn backed_up_to_another_folder_and_warned_when_it_is_gone() {
    let data = fresh_data_dir("backups");
    let usb = data.with_extension("usb");
    let _ = std::fs::remove_dir_all(&usb);
    std::fs::create_dir_all(&usb).unwrap();
    let driver = Driver::start(&data);
    let app = driver.launch().await;
    app.set_up_clinic().await;
    app.create_patient("Noah", "Brown", "noah@example.com").await;
    app.reload().await;

    app.click(&app.css("[data-nav='backups']").await).await;
    app.wait_for_css("[data-testid='backup-same-disk']").await;
    fill_field(&app, "folder", "clinic-backups").await;
    app.click(&app.css("[data-testid='save-backup-folder']").await).await;
    app.wait_for_css("[data-testid='error-folder']:not([hidden])").await;
    assert!(app.text_of("[data-testid='error-folder']").await.starts_with("Enter the folder's full path"));
    assert_eq!(app.invoke("backup_status", json!({})).await["folderIsDefault"], true, "nothing saved");

    fill_field(&app, "folder", usb.to_str().unwrap()).await;
    app.click(&app.css("[data-testid='save-backup-folder']").await).await;
    app.wait_for_text("Backup folder saved").await;
    app.click(&app.css("[data-testid='back-up-now']").await).await;
    app.wait_for_css("[data-testid='backup-list']").await;
    let files: Vec<_> =
        std::fs::read_dir(&usb).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("-manual.db"));
    let bytes = std::fs::read(usb.join(&files[0])).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    assert!(app.text_of("[data-testid='backup-last']").await.starts_with("Last good backup:"));
    app.screenshot("80-backups").await;

    // The USB stick is pulled out: the backup fails and every page says so.
    std::fs::remove_dir_all(&usb).unwrap();
    app.click(&app.css("[data-testid='back-up-now']").await).await;
    app.wait_for_css("[data-testid='backup-banner']:not([hidden])").await;
    assert!(app.text_of("[data-testid='backup-banner']").await.starts_with("The backup folder can't be found"));
    app.click(&app.css("[data-nav='front-desk']").await).await;
    app.wait_for_css("[data-testid='day-grid']").await;
    assert!(app.text_of("[data-testid='backup-banner']").await.starts_with("The backup folder can't be found"));
    app.screenshot("81-backup-banner").await;
    // Plugged in again: the next backup works and the banner goes.
    std::fs::create_dir_all(&usb).unwrap();
    app.click(&app.css("[data-nav='backups']").await).await;
    app.click(&app.wait_for_css("[data-testid='back-up-now']").await).await;
    app.wait_until("the banner to go", "document.querySelector(\"[data-testid='backup-banner']\").hidden").await;

    // A very long name is cut with "…", whole on hover, and the page doesn't widen.
    let long = "Bartholomew-Maximilian Featherstonehaugh-Wolfeschlegelsteinhausenbergerdorff";
    app.create_patient("Alexandrina", long, "").await;
    app.click(&app.button("Patients").await).await;
    app.wait_for_css("[data-testid^='patient-row-']").await;
    let fits = app
        .eval(
            "const names = [...document.querySelectorAll(\"[data-testid='patient-name']\")]; \
             const cut = names.find(n => n.title.includes(arguments[0])); \
             return { cut: cut.scrollWidth > cut.clientWidth, title: cut.title, \
                      pageFits: document.documentElement.scrollWidth <= window.innerWidth };",
            vec![json!(long)],
        )
        .await;
    assert_eq!(fits["cut"], true, "{fits}");
    assert_eq!(fits["title"], json!(format!("Alexandrina {long}")));
    assert_eq!(fits["pageFits"], true, "{fits}");
    app.screenshot("83-long-name").await;
    // A command sent the wrong type answers in the app's shape, not Rust's words.
    let wrong = app
        .eval(
            "return import('./js/ipc.js').then(m => m.createPatient({ firstName: 42 })).then(() => null, e => e);",
            vec![],
        )
        .await;
    assert_eq!(wrong["code"], "bad_request", "{wrong}");
    assert!(!wrong["message"].as_str().unwrap().contains("invalid type"), "{wrong}");
    app.quit().await;
    let _ = std::fs::remove_dir_all(&usb);
}

/// Restore: a backup with one patient; a second patient added after it; the
/// backup restored from Settings → Backups (its date and counts shown
/// first); the app restarts on it: the first patient only, and the data it
/// replaced kept in set-aside/.
#[tokio::test]
async fn a_restored_backup_brings_its_data_back() {
    let data = fresh_data_dir("restore");
    let driver = Driver::start_with(&data, &[("CLINICDESK_EXIT_ON_RESTART", "1")]);
    let app = driver.launch().await;
    app.set_up_clinic().await;
    app.create_patient("Noah", "Brown", "noah@example.com").await;
    app.reload().await;
    app.click(&app.css("[data-nav='backups']").await).await;
    app.click(&app.wait_for_css("[data-testid='back-up-now']").await).await;
    app.wait_for_css("[data-testid='restore-0']").await;
    app.create_patient("Ava", "Chen", "ava@example.com").await;
    app.click(&app.css("[data-testid='restore-0']").await).await;
    app.wait_for_css("[data-testid='confirm-yes']").await;
    let body = app.text_of("dialog[open] p").await;
    assert!(body.starts_with("It holds 1 patient, 0 appointments and 0 payments."), "{body}");
    app.screenshot("82-restore-confirm").await;
    app.click(&app.css("[data-testid='confirm-yes']").await).await;
    // The app restarts on the backup (here it exits and is started again).
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), app.client.close()).await;
    let app = driver.launch().await;
    let found = app.invoke("search_patients", json!({ "query": "", "page": 0 })).await;
    let names: Vec<String> =
        found["items"].as_array().unwrap().iter().map(|p| p["fullName"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["Noah Brown"]);
    let aside: Vec<_> = std::fs::read_dir(data.join("set-aside")).unwrap().collect();
    assert_eq!(aside.len(), 1, "the replaced data is kept");
    app.quit().await;
}
