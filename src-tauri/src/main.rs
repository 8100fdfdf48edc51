// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod backup_watch;
mod commands;
mod error;
mod logging;
mod payment_watch;
mod server_watch;
mod state;
#[cfg(test)]
mod surface_tests;

use clinicdesk_core::Clinicdesk;
use state::AppState;
use std::path::PathBuf;
use tauri::{Emitter, Manager};

/// Starts the app again (after a restore or a change of where the clinic
/// lives). `CLINICDESK_EXIT_ON_RESTART` makes it exit instead: an
/// end-to-end test starts it again through its WebDriver.
pub fn restart(app: &tauri::AppHandle) {
    if std::env::var_os("CLINICDESK_EXIT_ON_RESTART").is_some() {
        app.exit(0);
    } else {
        app.restart();
    }
}

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
            let version = app.package_info().version.to_string();
            tracing::info!(%version, data_dir = %data_dir.display(), "starting");
            // Lets a test see a panic logged with its message and location.
            #[cfg(debug_assertions)]
            if std::env::var_os("CLINICDESK_TEST_PANIC").is_some() {
                panic!("a panic asked for by CLINICDESK_TEST_PANIC");
            }

            app.manage(AppState::new(data_dir.clone(), version, log_dir, launched));
            let config = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == "main")
                .cloned()
                .ok_or("tauri.conf.json has no main window")?;
            tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;

            // Opened (and migrated) while WebKit starts; the window's first
            // call waits for it. Then the background work begins: the daily
            // backup, and is the stored Stripe key still good? (start-up never
            // waits for the network).
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                // Opened in a task of its own, so that a panic while opening
                // still answers the window's waiting calls instead of leaving
                // them waiting for ever.
                let started = match tauri::async_runtime::spawn(async move { Clinicdesk::open(&data_dir).await }).await
                {
                    Ok(started) => started,
                    Err(panicked) => {
                        tracing::error!(error = %panicked, "opening the clinic panicked");
                        Err(clinicdesk_core::Error::Io(std::io::Error::other("opening the clinic failed unexpectedly")))
                    }
                };
                let state = handle.state::<AppState>();
                match &started {
                    Ok(_) => tracing::info!(after_ms = state.launched.elapsed().as_millis() as u64, "clinic open"),
                    Err(e) => tracing::error!(error = %error::chain(e), "the clinic database could not be opened"),
                }
                state.opened(started);
                let Some(desk) = state.app_now() else { return };
                let watched = desk.background();
                let watching = handle.clone();
                tauri::async_runtime::spawn(async move { server_watch::run(&watched, watching).await });
                // On the clinic server, backups are the server's to take.
                if !desk.on_server() {
                    tauri::async_runtime::spawn(backup_watch::run(desk.background(), handle.clone()));
                }
                let desk = desk.background();
                match desk.verify_stripe().await {
                    Ok(status) => {
                        let _ = handle.emit("stripe-status", status);
                    }
                    Err(e) => tracing::warn!(error = %error::chain(&e), "could not check the Stripe key"),
                }
                payment_watch::run(desk, handle).await;
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::account::get_account,
            commands::account::take_payment,
            commands::account::add_discount,
            commands::account::refund_payment,
            commands::account::correct_entry,
            commands::account::payment_receipt,
            commands::app::app_info,
            commands::staff::lock_screen,
            commands::staff::create_owner,
            commands::staff::sign_in,
            commands::staff::lock_now,
            commands::staff::keep_alive,
            commands::staff::list_staff,
            commands::staff::add_staff,
            commands::staff::update_staff,
            commands::staff::set_staff_pin,
            commands::staff::security_settings,
            commands::staff::save_security_settings,
            commands::staff::audit_log,
            commands::app::ui_ready,
            commands::app::settings_options,
            commands::cash_up::cash_up,
            commands::documents::get_clinic_details,
            commands::documents::save_clinic_details,
            commands::documents::save_receipt_pdf,
            commands::documents::save_cash_up_pdf,
            commands::documents::get_mail_server,
            commands::documents::save_mail_server,
            commands::documents::send_test_email,
            commands::documents::email_receipt,
            commands::invoices::list_invoices,
            commands::invoices::get_invoice,
            commands::invoices::invoice_candidates,
            commands::invoices::create_invoice,
            commands::invoices::issue_invoice,
            commands::invoices::delete_draft_invoice,
            commands::invoices::void_invoice,
            commands::invoices::save_invoice_pdf,
            commands::invoices::email_invoice,
            commands::settings::set_provider_number,
            commands::backups::backup_status,
            commands::data::data_location,
            commands::data::test_server,
            commands::data::move_to_server,
            commands::data::use_server,
            commands::data::use_this_computer,
            commands::data::restart_app,
            commands::data::save_server_password,
            commands::data::use_this_computer_from_start,
            commands::backups::set_backup_folder,
            commands::backups::back_up_now,
            commands::backups::restore_preview,
            commands::backups::restore_backup,
            commands::cash_up::save_till,
            commands::cash_up::close_day,
            commands::cash_up::export_money,
            commands::cash_up::outstanding_balances,
            commands::front_desk::day_view,
            commands::front_desk::get_appointment,
            commands::front_desk::book_appointment,
            commands::front_desk::send_payment_link,
            commands::front_desk::retry_payment_link,
            commands::front_desk::release_hold,
            commands::front_desk::book_without_payment,
            commands::front_desk::set_appointment_state,
            commands::front_desk::email_payment_link,
            commands::front_desk::needs_attention,
            commands::front_desk::resolve_attention,
            commands::front_desk::close_preview,
            commands::front_desk::close_appointment,
            commands::patients::search_patients,
            commands::patients::get_patient,
            commands::patients::create_patient,
            commands::patients::update_patient,
            commands::patients::patient_account,
            commands::settings::get_clinic_settings,
            commands::settings::save_clinic_settings,
            commands::settings::list_appointment_types,
            commands::settings::get_appointment_type,
            commands::settings::create_appointment_type,
            commands::settings::update_appointment_type,
            commands::settings::archive_appointment_type,
            commands::settings::restore_appointment_type,
            commands::settings::move_appointment_type,
            commands::settings::preview_pricing,
            commands::settings::appointment_type_history,
            commands::settings::list_practitioners,
            commands::settings::create_practitioner,
            commands::settings::update_practitioner,
            commands::settings::set_practitioner_active,
            commands::settings::get_opening_hours,
            commands::settings::save_opening_hours,
            commands::settings::list_concessions,
            commands::settings::create_concession,
            commands::settings::archive_concession,
            commands::stripe::stripe_status,
            commands::stripe::connect_stripe,
            commands::stripe::disconnect_stripe,
            commands::stripe::save_return_url,
            commands::stripe::other_account_attempts,
            commands::stripe::close_other_account_attempts,
        ])
        .build(tauri::generate_context!())
        .expect("Clinicdesk could not start")
        .run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                // Checkpoint the WAL so the data folder is one tidy file.
                if let Some(app) = handle.state::<AppState>().app_now() {
                    tauri::async_runtime::block_on(app.close());
                }
                logging::flush();
            }
        });
}
