//! The app's command surface is named in five places: commands/ (the
//! functions), main.rs (the handler), build.rs (the permissions),
//! capabilities/main.json (what the window may call) and ui/js/ipc.js (what
//! the UI calls). These tests keep them in step, and keep free text and
//! patient details out of the traced arguments.

use std::collections::BTreeSet;

const COMMANDS_RS: &[&str] = &[
    include_str!("commands/account.rs"),
    include_str!("commands/app.rs"),
    include_str!("commands/cash_up.rs"),
    include_str!("commands/data.rs"),
    include_str!("commands/documents.rs"),
    include_str!("commands/invoices.rs"),
    include_str!("commands/backups.rs"),
    include_str!("commands/front_desk.rs"),
    include_str!("commands/patients.rs"),
    include_str!("commands/settings.rs"),
    include_str!("commands/staff.rs"),
    include_str!("commands/stripe.rs"),
];
const MAIN_RS: &str = include_str!("main.rs");
const BUILD_RS: &str = include_str!("../build.rs");
const CAPABILITIES: &str = include_str!("../capabilities/main.json");
const IPC_JS: &str = include_str!("../../ui/js/ipc.js");

/// The names (letters, digits, `_`, `-`) that follow each `before`.
fn names_after(text: &str, before: &str) -> BTreeSet<String> {
    text.split(before)
        .skip(1)
        .map(|rest| rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect())
        .collect()
}

fn chunks() -> impl Iterator<Item = &'static str> {
    COMMANDS_RS.iter().flat_map(|file| file.split("#[tauri::command]").skip(1))
}

fn defined() -> BTreeSet<String> {
    chunks().filter_map(|chunk| chunk.split("pub async fn ").nth(1)?.split('(').next().map(str::to_string)).collect()
}

#[test]
fn every_command_is_registered_permitted_and_used() {
    let defined = defined();
    assert!(defined.len() > 30, "{defined:?}");
    // `commands::account::take_payment`: the last segment of each path.
    let handler: BTreeSet<String> = MAIN_RS
        .split("commands::")
        .skip(1)
        .filter_map(|rest| {
            let path: String =
                rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':').collect();
            path.rsplit("::").next().map(str::to_string)
        })
        .filter(|c| defined.contains(c))
        .collect();
    assert_eq!(handler, defined, "main.rs generate_handler!");
    let built: BTreeSet<String> = BUILD_RS
        .split("const COMMANDS")
        .nth(1)
        .unwrap()
        .split("];")
        .next()
        .unwrap()
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    assert_eq!(built, defined, "build.rs COMMANDS");
    let allowed: BTreeSet<String> =
        names_after(CAPABILITIES, "\"allow-").into_iter().map(|p| p.replace('-', "_")).collect();
    assert_eq!(allowed, defined, "capabilities/main.json");
    let called = names_after(IPC_JS, "call('");
    assert_eq!(called, defined, "ui/js/ipc.js");
}

/// Arguments that carry what a patient or a receptionist typed.
const PRIVATE: [&str; 14] = [
    "pin: String",
    "password: String",
    "form: ServerForm",
    "form: PatientForm",
    "form: BookingForm",
    "form: ResolutionForm",
    "form: TakePaymentForm",
    "form: DiscountForm",
    "form: RefundForm",
    "form: CorrectionForm",
    "form: CloseMoneyForm",
    "reason:",
    "note:",
    "query:",
];

#[test]
fn free_text_and_patient_details_are_not_traced() {
    for chunk in chunks() {
        let attribute = chunk.lines().find(|l| l.contains("tracing::instrument")).unwrap_or("");
        let signature = chunk.split('{').next().unwrap_or("");
        for private in PRIVATE {
            if signature.contains(private) {
                let name = private.split(':').next().unwrap();
                assert!(
                    attribute.contains("skip_all") || attribute.contains(&format!(", {name}")),
                    "{signature}: {attribute} must skip `{name}`"
                );
            }
        }
    }
}

/// core/tests/roles.rs runs every command as each role: each command of
/// the shell has its row there (or is named as reaching no clinic data).
#[test]
fn every_command_is_in_the_role_matrix() {
    const ROLES_RS: &str = include_str!("../../core/tests/roles.rs");
    let table = ROLES_RS.split("const MAY").nth(1).unwrap().split("];").next().unwrap();
    let mut rows: BTreeSet<String> = names_after(table, "(\"");
    let shell_only = ROLES_RS.split("const SHELL_ONLY").nth(1).unwrap().split("];").next().unwrap();
    rows.extend(names_after(shell_only, "\""));
    rows.remove("");
    assert_eq!(rows, defined(), "core/tests/roles.rs MAY and SHELL_ONLY");
    // And each row is run: `run!("name"` or `run_now!("name"`.
    // Without whitespace, however rustfmt broke the lines.
    let compact: String = ROLES_RS.split_whitespace().collect();
    let ran: BTreeSet<String> =
        names_after(&compact, "run!(\"").into_iter().chain(names_after(&compact, "run_now!(\"")).collect();
    let mut expected = names_after(table, "(\"");
    expected.remove("");
    assert_eq!(ran, expected, "core/tests/roles.rs run_all");
}
