// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod logging;
mod payment_watch;
mod state;
#[cfg(test)]
mod surface_tests;

use clinicdesk_core::Clinicdesk;
use state::AppState;
use std::path::PathBuf;
use tauri::{Emitter, Manager};

fn main() {
    let launched = std::time::Instant::now();
    clinicdesk_core::stripe::install_crypto_provider();
    tauri::Builder::default()
        .setup(move |app| {
            let overridden = std::env::var_os("CLINICDESK_DATA_DIR").map(PathBuf::from);
            let data_dir = match &overridden {
                Some(dir) => dir.clone(),
                None => app.path().app_data_dir()?,
            };
            // With an explicit data folder everything, logs included, stays in
            // it: tests and demos leave nothing behind elsewhere.
            let log_dir = match &overridden {
                Some(dir) => dir.join("logs"),
                None => app.path().app_log_dir()?,
            };
            logging::init(&log_dir);
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %data_dir.display(), "starting");
            // Lets a test see a panic logged with its message and location.
            #[cfg(debug_assertions)]
            if std::env::var_os("CLINICDESK_TEST_PANIC").is_some() {
                panic!("a panic asked for by CLINICDESK_TEST_PANIC");
            }

            // The schema must be current before any window can ask for data;
            // opening and migrating a local SQLite file takes milliseconds.
            let started = tauri::async_runtime::block_on(Clinicdesk::open(&data_dir));
            if let Err(e) = &started {
                tracing::error!(error = %error::chain(e), "the clinic database could not be opened");
            }
            app.manage(AppState::new(started, data_dir, launched));

            let config = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == "main")
                .cloned()
                .ok_or("tauri.conf.json has no main window")?;
            tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;

            // Is the stored Stripe key still good? Ask in the background and
            // tell the window; start-up never waits for the network.
            if let Ok(desk) = app.state::<AppState>().app() {
                let (desk, handle) = (desk.clone(), app.handle().clone());
                tauri::async_runtime::spawn(async move {
                    match desk.verify_stripe().await {
                        Ok(status) => {
                            let _ = handle.emit("stripe-status", status);
                        }
                        Err(e) => tracing::warn!(error = %error::chain(&e), "could not check the Stripe key"),
                    }
                    payment_watch::run(desk, handle).await;
                });
            }
            Ok(())
        })
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::ui_ready,
            commands::settings_options,
            commands::get_clinic_settings,
            commands::save_clinic_settings,
            commands::list_appointment_types,
            commands::get_appointment_type,
            commands::create_appointment_type,
            commands::update_appointment_type,
            commands::archive_appointment_type,
            commands::restore_appointment_type,
            commands::move_appointment_type,
            commands::preview_pricing,
            commands::appointment_type_history,
            commands::stripe_status,
            commands::connect_stripe,
            commands::disconnect_stripe,
            commands::list_practitioners,
            commands::create_practitioner,
            commands::update_practitioner,
            commands::set_practitioner_active,
            commands::get_opening_hours,
            commands::save_opening_hours,
            commands::search_patients,
            commands::get_patient,
            commands::create_patient,
            commands::update_patient,
            commands::day_view,
            commands::get_appointment,
            commands::book_appointment,
            commands::send_payment_link,
            commands::retry_payment_link,
            commands::release_hold,
            commands::book_without_payment,
            commands::set_appointment_state,
            commands::email_payment_link,
            commands::save_return_url,
            commands::other_account_attempts,
            commands::close_other_account_attempts,
            commands::needs_attention,
            commands::resolve_attention,
        ])
        .build(tauri::generate_context!())
        .expect("Clinicdesk could not start")
        .run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                // Checkpoint the WAL so the data folder is one tidy file.
                if let Ok(app) = handle.state::<AppState>().started.as_ref() {
                    tauri::async_runtime::block_on(app.close());
                }
                logging::flush();
            }
        });
}
