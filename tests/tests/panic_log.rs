//! A panic is logged with its message and where it happened, and the log
//! file has it before the process ends. The debug build panics on purpose
//! when CLINICDESK_TEST_PANIC is set (after logging starts).

use clinicdesk_e2e::{app_binary, files_under, fresh_data_dir};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn a_panic_is_in_the_log_file_with_its_location() {
    assert!(std::env::var_os("DISPLAY").is_some(), "DISPLAY is not set: run under Xvfb (scripts/test.sh does)");
    let data = fresh_data_dir("crash-log");
    let mut child = Command::new(app_binary())
        .env("CLINICDESK_DATA_DIR", &data)
        .env("CLINICDESK_TEST_PANIC", "1")
        .env("NO_AT_BRIDGE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the app did not end after its panic");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success(), "a panic ends the app with a failure: {status}");
    let log: String =
        files_under(&data.join("logs")).iter().map(|f| std::fs::read_to_string(f).unwrap_or_default()).collect();
    let line = log
        .lines()
        .find(|l| l.contains("ERROR") && l.contains("panic"))
        .unwrap_or_else(|| panic!("no panic in the log:\n{log}"));
    assert!(line.contains("a panic asked for by CLINICDESK_TEST_PANIC"), "{line}");
    assert!(line.contains("main.rs:"), "the location is logged: {line}");
}
