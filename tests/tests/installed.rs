//! The Linux package as a clinic gets it: install the .deb, open the app from
//! where the package put it, upgrade to a newer build, remove it; the
//! clinic's data stays in its folder throughout. It installs system-wide, so
//! only scripts/package.sh runs it (as root or with sudo), with the two
//! packages it built:
//!   CLINICDESK_DEB=… CLINICDESK_DEB_NEWER=… cargo test -p clinicdesk-e2e --test installed -- --ignored

use clinicdesk_e2e::{App, Driver, OWNER, OWNER_PIN};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root_command(program: &str) -> Command {
    let uid = Command::new("id").arg("-u").output().expect("id");
    if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        Command::new(program)
    } else {
        let mut c = Command::new("sudo");
        c.arg(program);
        c
    }
}

fn run(mut c: Command) -> String {
    let out = c.output().unwrap_or_else(|e| panic!("{c:?}: {e}"));
    assert!(
        out.status.success(),
        "{c:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn deb_field(deb: &Path, field: &str) -> String {
    let mut c = Command::new("dpkg-deb");
    c.args(["-f"]).arg(deb).arg(field);
    run(c).trim().to_string()
}

fn apt_install(deb: &Path) {
    let mut c = root_command("apt-get");
    c.args(["install", "-y", "-qq", "--no-install-recommends"]).arg(deb).env("DEBIAN_FRONTEND", "noninteractive");
    run(c);
}

/// The installed package's version, or None when it isn't installed.
fn installed_version(package: &str) -> Option<String> {
    let out = Command::new("dpkg-query").args(["-W", "-f=${db:Status-Status} ${Version}", package]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.strip_prefix("installed ").map(str::to_string)
}

fn files_of(package: &str) -> Vec<PathBuf> {
    let mut c = Command::new("dpkg");
    c.args(["-L", package]);
    run(c).lines().map(PathBuf::from).collect()
}

/// Width and height from a PNG's header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{} is not a PNG", path.display());
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn desktop_value<'a>(entry: &'a str, key: &str) -> &'a str {
    entry
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("the desktop entry has no {key}:\n{entry}"))
}

/// The installed app, started as a clinic would: from /usr/bin, with its data
/// in its own folder under this test's home. It opens locked.
async fn open_installed(binary: &Path, home: &Path) -> (Driver, App) {
    let (data, config, cache) = (home.join("data"), home.join("config"), home.join("cache"));
    let env = [
        ("HOME", home.to_str().unwrap()),
        ("XDG_DATA_HOME", data.to_str().unwrap()),
        ("XDG_CONFIG_HOME", config.to_str().unwrap()),
        ("XDG_CACHE_HOME", cache.to_str().unwrap()),
    ];
    let driver = Driver::start_installed(binary, &env);
    let app = driver.launch_locked().await;
    (driver, app)
}

#[tokio::test]
#[ignore = "installs and removes a system package: scripts/package.sh runs it"]
async fn the_deb_installs_upgrades_and_removes_keeping_the_clinic_data() {
    let deb = PathBuf::from(std::env::var("CLINICDESK_DEB").expect("CLINICDESK_DEB: the package to install"));
    let newer = PathBuf::from(std::env::var("CLINICDESK_DEB_NEWER").expect("CLINICDESK_DEB_NEWER: a newer build"));
    let package = deb_field(&deb, "Package");
    assert_eq!(deb_field(&newer, "Package"), package);
    let (version, newer_version) = (deb_field(&deb, "Version"), deb_field(&newer, "Version"));
    let mut compare = Command::new("dpkg");
    compare.args(["--compare-versions", &newer_version, "gt", &version]);
    run(compare);
    if installed_version(&package).is_some() {
        let mut c = root_command("apt-get");
        c.args(["remove", "-y", "-qq", &package]).env("DEBIAN_FRONTEND", "noninteractive");
        run(c);
    }

    // Install: the binary, a desktop entry a menu can show, and its icons.
    apt_install(&deb);
    assert_eq!(installed_version(&package).as_deref(), Some(version.as_str()));
    let files = files_of(&package);
    let binary =
        files.iter().find(|f| f.starts_with("/usr/bin") && f.is_file()).expect("a program in /usr/bin").clone();
    let desktop = files.iter().find(|f| f.extension().is_some_and(|e| e == "desktop")).expect("a desktop entry");
    assert!(desktop.starts_with("/usr/share/applications"), "{}", desktop.display());
    let mut validate = Command::new("desktop-file-validate");
    validate.arg(desktop);
    run(validate);
    let entry = std::fs::read_to_string(desktop).unwrap();
    assert_eq!(desktop_value(&entry, "Name"), "Clinicdesk");
    assert_eq!(desktop_value(&entry, "Type"), "Application");
    let exec = desktop_value(&entry, "Exec");
    assert_eq!(Path::new(exec.split_whitespace().next().unwrap()).file_name(), binary.file_name(), "Exec={exec}");
    let icon = desktop_value(&entry, "Icon");
    let icons: Vec<_> = files
        .iter()
        .filter(|f| f.starts_with("/usr/share/icons/hicolor") && f.file_stem().is_some_and(|s| s == icon))
        .collect();
    assert!(!icons.is_empty(), "no icon named {icon} in the hicolor theme: {files:?}");
    for path in &icons {
        // …/hicolor/128x128/apps/clinicdesk.png: the folder names the size.
        let folder = path.parent().unwrap().parent().unwrap().file_name().unwrap().to_str().unwrap();
        let side: u32 = folder.split(['x', '@']).next().unwrap().parse().unwrap();
        let scale: u32 = folder.split('@').nth(1).map_or(1, |s| s.parse().unwrap());
        assert_eq!(png_size(path), (side * scale, side * scale), "{}", path.display());
    }

    // Open it, set up the clinic, and see the version the package has.
    let home = std::env::temp_dir().join("clinicdesk-installed-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let (driver, app) = open_installed(&binary, &home).await;
    app.wait_for_css("[data-testid='create-owner']").await; // a new clinic
    app.unlock_as_owner().await;
    let shown = app.text_of("#app-version").await;
    assert!(shown.contains(&version), "the window shows {shown:?}, the package is {version}");
    let patient = app.create_patient("Ada", "Installed", "ada@example.com").await;
    app.screenshot("installed-first-start").await;
    app.quit().await;
    drop(driver);
    let data = home.join("data/com.clinicdesk.app");
    assert!(data.join("clinicdesk.db").is_file(), "the clinic's data is in {}", data.display());

    // Upgrade: the newer build replaces the program; the clinic is as it was
    // (the same owner signs in with the same PIN, the patient is there).
    apt_install(&newer);
    assert_eq!(installed_version(&package).as_deref(), Some(newer_version.as_str()));
    let (driver, app) = open_installed(&binary, &home).await;
    app.sign_in_as(OWNER, OWNER_PIN).await; // the lock screen knows the owner
    let shown = app.text_of("#app-version").await;
    assert!(shown.contains(&newer_version), "after the upgrade the window shows {shown:?}");
    let found = app.invoke("get_patient", serde_json::json!({ "id": patient })).await;
    assert_eq!(found["lastName"], "Installed", "{found}");
    app.screenshot("installed-after-upgrade").await;
    app.quit().await;
    drop(driver);

    // Remove: the program and its menu entry go; the clinic's data stays.
    let mut remove = root_command("apt-get");
    remove.args(["remove", "-y", "-qq", &package]).env("DEBIAN_FRONTEND", "noninteractive");
    run(remove);
    assert_eq!(installed_version(&package), None);
    assert!(!binary.exists() && !desktop.exists(), "the program and its desktop entry are removed");
    // apt itself never touches a home folder; this holds as long as the
    // package has no maintainer script that clears the app's data (Tauri's
    // .deb has none). It records the promise a clinic relies on: removing
    // the program keeps the clinic.
    assert!(data.join("clinicdesk.db").is_file(), "the clinic's data is still in {}", data.display());
    let _ = std::fs::remove_dir_all(&home);
}
