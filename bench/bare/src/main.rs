//! A bare Tauri app: one window whose page calls one command once it has
//! loaded. `scripts/bench.sh` starts it beside Clinicdesk, with the same
//! profile, and prints Clinicdesk's start-up and memory as ratios of it.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::time::Instant;

/// The page has loaded: the same line Clinicdesk logs when its window is ready.
#[tauri::command]
fn ready(launched: tauri::State<'_, Instant>) {
    eprintln!("window ready startup_ms={}", launched.elapsed().as_millis());
}

fn main() {
    let launched = Instant::now();
    tauri::Builder::default()
        .manage(launched)
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the bare app could not start");
}
