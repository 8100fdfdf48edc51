// Registering the app's commands makes tauri-build generate an `allow-<command>`
// permission for each; capabilities/ then grants exactly those to the window.
const COMMANDS: &[&str] = &[
    "app_info",
    "ui_ready",
    "settings_options",
    "get_clinic_settings",
    "save_clinic_settings",
    "list_appointment_types",
    "get_appointment_type",
    "create_appointment_type",
    "update_appointment_type",
    "archive_appointment_type",
    "restore_appointment_type",
    "move_appointment_type",
    "preview_pricing",
    "appointment_type_history",
    "stripe_status",
    "connect_stripe",
    "disconnect_stripe",
    "list_practitioners",
    "create_practitioner",
    "update_practitioner",
    "set_practitioner_active",
    "get_opening_hours",
    "save_opening_hours",
    "search_patients",
    "get_patient",
    "create_patient",
    "update_patient",
    "day_view",
    "get_appointment",
    "book_appointment",
    "send_payment_link",
    "retry_payment_link",
    "release_hold",
    "book_without_payment",
    "set_appointment_state",
    "email_payment_link",
    "save_return_url",
    "other_account_attempts",
    "close_other_account_attempts",
    "needs_attention",
    "resolve_attention",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
