//! Who may do what, enforced in core: every command the window can call is
//! run as each role, on a clinic with something to act on, and exactly the
//! ones the role may do succeed; the others answer `forbidden` and change
//! nothing. Then the lock: PINs, the lockout, the idle time, switching user,
//! the receptionist's online refund limit and the audit log naming who did it.
//!
//! `src-tauri/src/surface_tests.rs` checks that every command in
//! `src-tauri/src/commands/` has its row here.

mod common;

use clinicdesk_core::account::forms::*;
use clinicdesk_core::appointment_types::MoveDirection;
use clinicdesk_core::backup::BackupFolderForm;
use clinicdesk_core::cashup::forms::{CashDay, ExportForm, TillDraft, TillForm};
use clinicdesk_core::clinic_details::ClinicDetailsForm;
use clinicdesk_core::domain::*;
use clinicdesk_core::dto::{ClinicSettingsForm, OpeningHoursForm, PricingForm, ResolutionForm};
use clinicdesk_core::email::forms::{MailServerForm, TestEmailForm};
use clinicdesk_core::invoices::forms::{InvoiceForm, VoidForm};
use clinicdesk_core::practitioners::ProviderNumber;
use clinicdesk_core::staff::{AuditFilterForm, SecurityForm, StaffForm};
use clinicdesk_core::Clinicdesk;
use common::desk::*;
use common::smtp::{SmtpServer, PASSWORD, USER};
use common::*;
use std::collections::BTreeMap;

const RITA_PIN: &str = "135790";
const PAT_PIN: &str = "97531";

/// What the issue asks, written out here (not read from core's table):
/// O owner, R receptionist, P practitioner. `app_info` and `ui_ready` call
/// no use case (the version, the start-up time) and are open even when locked.
const MAY: &[(&str, &str)] = &[
    ("settings_options", "ORP"),
    ("lock_screen", "ORP"),
    ("keep_alive", "ORP"),
    ("lock_now", "ORP"),
    ("sign_in", "ORP"),
    ("create_owner", ""),
    ("list_staff", "O"),
    ("add_staff", "O"),
    ("update_staff", "O"),
    ("set_staff_pin", "O"),
    ("security_settings", "O"),
    ("save_security_settings", "O"),
    ("audit_log", "O"),
    ("backup_status", "ORP"),
    ("data_location", "O"),
    ("test_server", "O"),
    ("move_to_server", "O"),
    ("use_server", "O"),
    ("use_this_computer", "O"),
    ("set_backup_folder", "O"),
    ("back_up_now", "OR"),
    ("restore_preview", "O"),
    ("restore_backup", "O"),
    ("get_clinic_settings", "ORP"),
    ("save_clinic_settings", "O"),
    ("list_appointment_types", "ORP"),
    ("get_appointment_type", "ORP"),
    ("create_appointment_type", "O"),
    ("update_appointment_type", "O"),
    ("archive_appointment_type", "O"),
    ("restore_appointment_type", "O"),
    ("move_appointment_type", "O"),
    ("preview_pricing", "O"),
    ("appointment_type_history", "O"),
    ("list_practitioners", "ORP"),
    ("create_practitioner", "O"),
    ("update_practitioner", "O"),
    ("set_provider_number", "O"),
    ("set_practitioner_active", "O"),
    ("get_opening_hours", "ORP"),
    ("save_opening_hours", "O"),
    ("list_concessions", "OR"),
    ("create_concession", "O"),
    ("archive_concession", "O"),
    ("stripe_status", "ORP"),
    ("save_return_url", "O"),
    ("other_account_attempts", "O"),
    ("close_other_account_attempts", "O"),
    ("connect_stripe", "O"),
    ("get_clinic_details", "OR"),
    ("save_clinic_details", "O"),
    ("get_mail_server", "O"),
    ("save_mail_server", "O"),
    ("send_test_email", "O"),
    ("search_patients", "ORP"),
    ("get_patient", "ORP"),
    ("create_patient", "OR"),
    ("update_patient", "ORP"),
    ("patient_account", "OR"),
    ("day_view", "ORP"),
    ("get_appointment", "ORP"),
    ("book_appointment", "OR"),
    ("send_payment_link", "OR"),
    ("retry_payment_link", "OR"),
    ("email_payment_link", "OR"),
    ("release_hold", "OR"),
    ("book_without_payment", "OR"),
    ("set_appointment_state", "OR"),
    ("needs_attention", "OR"),
    ("resolve_attention", "OR"),
    ("get_account", "OR"),
    ("take_payment", "OR"),
    ("payment_receipt", "OR"),
    ("save_receipt_pdf", "OR"),
    ("email_receipt", "OR"),
    ("add_discount", "OR"),
    ("correct_entry", "OR"),
    ("refund_payment", "OR"),
    ("close_preview", "OR"),
    ("close_appointment", "OR"),
    ("list_invoices", "OR"),
    ("invoice_candidates", "OR"),
    ("create_invoice", "OR"),
    ("get_invoice", "OR"),
    ("issue_invoice", "OR"),
    ("save_invoice_pdf", "OR"),
    ("email_invoice", "OR"),
    ("void_invoice", "OR"),
    ("delete_draft_invoice", "OR"),
    ("cash_up", "OR"),
    ("save_till", "OR"),
    ("save_cash_up_pdf", "OR"),
    ("export_money", "OR"),
    ("outstanding_balances", "OR"),
    ("close_day", "OR"),
    ("disconnect_stripe", "O"),
];

/// Commands of the shell that reach no clinic data.
/// (`save_server_password` keeps a password in the keychain, checked by the
/// server, before any clinic is open.)
pub const SHELL_ONLY: &[&str] =
    &["app_info", "ui_ready", "restart_app", "save_server_password", "use_this_computer_from_start"];

type Outcome = Result<(), &'static str>;

fn outcome<T>(r: clinicdesk_core::Result<T>) -> Outcome {
    r.map(|_| ()).map_err(|e| {
        if e.code() == "validation" {
            eprintln!("validation: {:?}", e.field_errors());
        }
        e.code()
    })
}

/// The commands that work on this computer's database file.
const BACKUP_FILES: [&str; 4] = ["back_up_now", "restore_preview", "restore_backup", "move_to_server"];

/// A clinic with something for every command to act on, made by the owner;
/// a receptionist (Rita) and a practitioner (Pat, Dr Mia Lee's calendar).
struct World {
    d: Desk,
    _dir: std::path::PathBuf,
    smtp: SmtpServer,
    rita: StaffId,
    pat: StaffId,
    /// Paid 45 at the desk (card): receipts, refunds, corrections.
    paid: AppointmentId,
    paid_entry: EntryId,
    /// Paid online in full (90): an online refund.
    online: AppointmentId,
    online_entry: EntryId,
    /// Awaiting payment (required type), two of them: hold actions.
    held: AppointmentId,
    held2: AppointmentId,
    /// Booked, nothing paid: states, discounts, closing, invoices.
    plain: AppointmentId,
    #[allow(dead_code)]
    plain2: AppointmentId,
    /// Booked for another practitioner: not Pat's.
    other: AppointmentId,
    attention: i64,
    draft_invoice: InvoiceId,
    issued_invoice: InvoiceId,
    concession: i64,
    backup: std::path::PathBuf,
    spare_practitioner: PractitionerId,
    /// On the test server, for "Move to the server".
    empty_database: String,
}

async fn world(name: &str) -> World {
    let dir = std::env::temp_dir().join(format!("clinicdesk-roles-{}-{name}", uuid::Uuid::new_v4()));
    let d = front_desk_in(&dir).await;
    let smtp = SmtpServer::start();
    let desk = &d.desk;
    desk.save_mail_server(
        MailServerForm {
            host: "127.0.0.1".into(),
            port: smtp.port.to_string(),
            security: "none".into(),
            username: USER.into(),
            password: PASSWORD.into(),
            from_email: "desk@harbourside.example".into(),
            from_name: "Harbourside Physiotherapy".into(),
        }
        .try_into()
        .unwrap(),
    )
    .await
    .unwrap();
    let other_practitioner =
        desk.create_practitioner(PractitionerName::try_from("Dr Ana Ruiz").unwrap()).await.unwrap();
    let spare = desk.create_practitioner(PractitionerName::try_from("Dr Spare").unwrap()).await.unwrap().id;
    let take = |amount: &str| -> TakePaymentDraft {
        TakePaymentForm { amount: amount.into(), method: "card".into(), ..Default::default() }.try_into().unwrap()
    };
    let paid = d.booked(d.disabled, "09:00").await.id;
    let paid_entry = desk.take_payment(paid, take("45")).await.unwrap().receipt.unwrap().entry_id;
    let online = d.booked(d.allowed, "09:30").await;
    d.desk.send_payment_link(online.id).await.unwrap();
    d.stripe.pay(&d.session_of(&online).await);
    desk.reconcile_payments().await.unwrap();
    let online_entry =
        desk.account(online.id).await.unwrap().entries.iter().find(|e| e.kind == EntryKind::Payment).unwrap().id;
    let held = d.booked(d.required, "10:00").await.id;
    let held2 = d.booked(d.required, "10:30").await.id;
    let plain = d.booked(d.disabled, "11:00").await.id;
    let plain2 = d.booked(d.disabled, "11:30").await.id;
    let mut other_booking = d.booking(d.disabled, tomorrow(), "12:00");
    other_booking.practitioner_id = other_practitioner.id.0.to_string();
    let other = d.book(other_booking).await.unwrap().id;
    common::raw!(desk.db(), e => sqlx::query("INSERT INTO attention_items (kind, appointment_id, raised_at) VALUES ('paid_before_restore', $1, $2)")
        .bind(plain.0)
        .bind(clinicdesk_core::db::now())
        .execute(e).await.map(|_| ()))
        .unwrap();
    let attention = desk.needs_attention().await.unwrap()[0].id;
    let draft_invoice = desk.create_invoice(invoice(&d, &[plain2], false).try_into().unwrap()).await.unwrap().id;
    let issued_invoice = desk.create_invoice(invoice(&d, &[paid], true).try_into().unwrap()).await.unwrap().id;
    let concession = desk
        .create_concession(ConcessionForm { name: "Pensioner".into(), percent: "20".into() }.try_into().unwrap())
        .await
        .unwrap()[0]
        .id;
    // On the clinic server backups are the server's: nothing to restore from.
    let backup = if common::on_server() {
        std::env::temp_dir().join("no-backup-on-the-server.db")
    } else {
        desk.back_up_now().await.unwrap().path
    };
    let rita = desk.add_staff(staff("Rita Reyes", "receptionist", None, RITA_PIN)).await.unwrap();
    let pat = desk.add_staff(staff("Pat Lee", "practitioner", Some(d.practitioner.0), PAT_PIN)).await.unwrap();
    World {
        d,
        _dir: dir,
        smtp,
        rita,
        pat,
        paid,
        paid_entry,
        online: online.id,
        online_entry,
        held,
        held2,
        plain,
        plain2,
        other,
        attention,
        draft_invoice,
        issued_invoice,
        concession,
        backup,
        spare_practitioner: spare,
        empty_database: common::empty_server_database().await,
    }
}

fn staff(name: &str, role: &str, practitioner: Option<i64>, pin: &str) -> StaffForm {
    StaffForm { name: name.into(), role: role.into(), practitioner_id: practitioner, active: None, pin: pin.into() }
}

fn invoice(d: &Desk, appointments: &[AppointmentId], issue: bool) -> InvoiceForm {
    InvoiceForm {
        patient_id: d.patient.0.to_string(),
        appointment_ids: appointments.iter().map(|a| a.0.to_string()).collect(),
        issue_date: tomorrow().yesterday().unwrap().to_string(),
        due_date: String::new(),
        note: String::new(),
        issue,
    }
}

/// Runs every command's use case as whoever is signed in, in an order where
/// each allowed one has what it needs (the closing and removing ones last).
async fn run_all(w: &World, role: Role) -> BTreeMap<&'static str, Outcome> {
    let desk: &Clinicdesk = &w.d.desk;
    let d = &w.d;
    let mut out = BTreeMap::new();
    macro_rules! run {
        ($name:literal, $call:expr) => {
            let r = outcome($call.await);
            assert!(out.insert($name, r).is_none(), "{} twice", $name);
        };
    }
    macro_rules! run_now {
        ($name:literal, $call:expr) => {
            let r = outcome($call);
            assert!(out.insert($name, r).is_none(), "{} twice", $name);
        };
    }
    let me = match role {
        Role::Owner => None,
        Role::Receptionist => Some((w.rita, RITA_PIN)),
        Role::Practitioner => Some((w.pat, PAT_PIN)),
    };
    let today = desk.clinic_today().await.ok();
    run_now!("settings_options", desk.settings_options());
    run!("lock_screen", desk.lock_screen());
    run_now!("keep_alive", desk.keep_alive());
    run!("create_owner", desk.create_owner("Another Owner", "1111"));
    run!("list_staff", desk.list_staff());
    run!("add_staff", desk.add_staff(staff(&format!("New {role:?}"), "receptionist", None, "4444")));
    run!("update_staff", desk.update_staff(w.rita, staff("Rita Reyes", "receptionist", None, "")));
    run!("set_staff_pin", desk.set_staff_pin(w.rita, RITA_PIN));
    run!("security_settings", desk.security_settings());
    run!(
        "save_security_settings",
        desk.save_security_settings(SecurityForm {
            idle_lock_minutes: "5".into(),
            receptionist_refund_limit: "100".into()
        })
    );
    run!("audit_log", desk.audit_log(AuditFilterForm::default().try_into().unwrap()));
    run!("backup_status", desk.backup_status());
    run!("set_backup_folder", desk.set_backup_folder(BackupFolderForm { folder: String::new() }.try_into().unwrap()));
    run!("restore_preview", desk.restore_preview(&w.backup));
    // Where the clinic lives: an owner's test, move (into a new, empty
    // database), joining (the database that now holds it) and going back.
    // On the server the clinic is there already: moving is refused for that.
    run!("data_location", desk.data_location());
    let empty = common::server_form(&w.empty_database);
    run!("test_server", desk.test_server(empty.clone().try_into().unwrap()));
    run!("move_to_server", desk.move_to_server(empty.clone().try_into().unwrap()));
    let holding = match desk.db() {
        clinicdesk_core::db::Db::Postgres(p) => common::server_form(p.connect_options().get_database().unwrap()),
        clinicdesk_core::db::Db::Sqlite(_) => empty,
    };
    run!("use_server", desk.use_server(holding.try_into().unwrap()));
    run!("use_this_computer", desk.use_this_computer());
    run!("get_clinic_settings", desk.clinic_settings());
    run!(
        "save_clinic_settings",
        desk.update_clinic_settings(
            ClinicSettingsForm {
                name: "Harbourside".into(),
                time_zone: "Australia/Sydney".into(),
                currency: "AUD".into(),
                ..Default::default()
            }
            .try_into()
            .unwrap()
        )
    );
    run!("list_appointment_types", desk.list_appointment_types(true));
    run!("get_appointment_type", desk.appointment_type(d.disabled));
    run!("create_appointment_type", create(desk, form(&format!("Type {role:?}"), "50")));
    run!("update_appointment_type", update(desk, d.disabled, form("Review", "60")));
    run!("archive_appointment_type", desk.archive_appointment_type(d.disabled));
    run!("restore_appointment_type", desk.restore_appointment_type(d.disabled));
    run!("move_appointment_type", desk.move_appointment_type(d.required, MoveDirection::Up));
    let pricing = PricingForm { price: "90".into(), online_mode: "disabled".into(), ..Default::default() };
    run!("preview_pricing", desk.preview_pricing(pricing.try_into().unwrap()));
    run!("appointment_type_history", desk.appointment_type_history(d.disabled));
    run!("list_practitioners", desk.list_practitioners(true));
    run!(
        "create_practitioner",
        desk.create_practitioner(PractitionerName::try_from(format!("Dr {role:?}").as_str()).unwrap())
    );
    run!(
        "update_practitioner",
        desk.rename_practitioner(w.spare_practitioner, PractitionerName::try_from("Dr Spare Two").unwrap())
    );
    run!(
        "set_provider_number",
        desk.set_provider_number(w.spare_practitioner, ProviderNumber::try_from("2426621B").unwrap())
    );
    run!("set_practitioner_active", desk.set_practitioner_active(w.spare_practitioner, false));
    run!("get_opening_hours", desk.opening_hours());
    let days = (1..=7)
        .map(|weekday| clinicdesk_core::dto::OpeningDayForm {
            weekday,
            open: true,
            opens: "00:00".into(),
            closes: "24:00".into(),
        })
        .collect();
    run!("save_opening_hours", desk.save_opening_hours(OpeningHoursForm { days }.try_into().unwrap()));
    run!("list_concessions", desk.concessions(true));
    run!(
        "create_concession",
        desk.create_concession(
            ConcessionForm { name: format!("C {role:?}"), percent: "10".into() }.try_into().unwrap()
        )
    );
    run!("archive_concession", desk.archive_concession(w.concession));
    run!("stripe_status", desk.stripe_status());
    run!("save_return_url", desk.save_return_url(ReturnUrl::try_from("harbourside.example/paid").unwrap()));
    run!("other_account_attempts", desk.other_account_attempts());
    run!("close_other_account_attempts", desk.close_other_account_attempts());
    run!("connect_stripe", desk.connect_stripe(secret(KEY)));
    run!("get_clinic_details", desk.clinic_details());
    let details = ClinicDetailsForm {
        legal_name: "Harbourside Pty Ltd".into(),
        paper: "a4".into(),
        invoice_due_days: "14".into(),
        ..Default::default()
    };
    run!("save_clinic_details", desk.save_clinic_details(details.try_into().unwrap()));
    run!("get_mail_server", desk.mail_server());
    let mail = MailServerForm {
        host: "127.0.0.1".into(),
        port: w.smtp.port.to_string(),
        security: "none".into(),
        username: USER.into(),
        password: String::new(),
        from_email: "desk@harbourside.example".into(),
        from_name: "Harbourside Physiotherapy".into(),
    };
    run!("save_mail_server", desk.save_mail_server(mail.try_into().unwrap()));
    run!("send_test_email", desk.send_test_email(TestEmailForm { to: String::new() }.try_into().unwrap()));
    run!("search_patients", desk.search_patients("Taylor", 0));
    run!("get_patient", desk.patient(d.patient));
    run!("create_patient", desk.create_patient(patient_form("Kim", &format!("{role:?}"), "").try_into().unwrap()));
    let mut notes = patient_form("Sam", "Taylor", "sam@example.com");
    notes.notes = format!("Seen by {role:?}: left knee better.");
    run!("update_patient", desk.update_patient(d.patient, notes.try_into().unwrap()));
    run!("patient_account", desk.patient_account(d.patient));
    run!("day_view", desk.day_view(Some(tomorrow())));
    run!("get_appointment", desk.appointment(w.paid));
    run!("book_appointment", d.book(d.booking(d.disabled, tomorrow(), "15:00")));
    run!("send_payment_link", desk.send_payment_link(w.held));
    run!("retry_payment_link", desk.retry_payment_link(w.held));
    run!("email_payment_link", desk.payment_link_mailto(w.held));
    run!("release_hold", desk.release_hold(w.held));
    run!("book_without_payment", desk.book_without_payment(w.held2, OverrideReason::try_from("Paying cash").unwrap()));
    run!("set_appointment_state", desk.set_appointment_state(w.plain, AppointmentState::Arrived));
    run!("needs_attention", desk.needs_attention());
    run!(
        "resolve_attention",
        desk.resolve_attention(w.attention, ResolutionForm { note: "Checked".into() }.try_into().unwrap())
    );
    run!("get_account", desk.account(w.paid));
    let pay = TakePaymentForm { amount: "5".into(), method: "cash".into(), ..Default::default() };
    run!("take_payment", desk.take_payment(w.paid, pay.try_into().unwrap()));
    run!("payment_receipt", desk.receipt(w.paid_entry));
    run!("save_receipt_pdf", desk.receipt_pdf(w.paid_entry));
    run!("email_receipt", desk.email_receipt(w.paid_entry));
    let discount =
        DiscountForm { kind: "amount".into(), amount: "5".into(), reason: "Regular".into(), ..Default::default() };
    run!("add_discount", desk.add_discount(w.plain, discount.try_into().unwrap()));
    let refund = |entry: EntryId, amount: &str| RefundForm {
        payment_id: entry.0.to_string(),
        amount: amount.into(),
        reason: "Overpaid".into(),
    };
    // Online, 20.00: within the receptionist's limit of 100.00.
    run!("refund_payment", desk.refund(w.online, refund(w.online_entry, "20").try_into().unwrap()));
    let correction =
        CorrectionForm { entry_id: w.paid_entry.0.to_string(), reason: "Wrong card".into(), refund_excess: true };
    run!("correct_entry", desk.correct_entry(w.paid, correction.try_into().unwrap()));
    run!("close_preview", desk.close_preview(w.other, AppointmentState::Cancelled));
    run!(
        "close_appointment",
        desk.close_appointment(w.other, AppointmentState::Cancelled, CloseMoneyForm::default().try_into().unwrap())
    );
    run!("list_invoices", desk.list_invoices(None, 0));
    run!("invoice_candidates", desk.invoice_candidates(d.patient));
    run!("get_invoice", desk.prepare_invoice(w.issued_invoice));
    run!("save_invoice_pdf", desk.invoice_pdf(w.issued_invoice));
    run!("email_invoice", desk.email_invoice(w.issued_invoice));
    run!(
        "void_invoice",
        desk.void_invoice(w.issued_invoice, VoidForm { reason: "Wrong patient".into() }.try_into().unwrap())
    );
    run!("create_invoice", desk.create_invoice(invoice(d, &[w.paid], false).try_into().unwrap()));
    run!("issue_invoice", desk.issue_invoice(w.draft_invoice));
    let spare_draft = desk
        .list_invoices(None, 0)
        .await
        .ok()
        .and_then(|l| l.invoices.into_iter().find(|i| i.number.is_none()).map(|i| i.id));
    run!("delete_draft_invoice", desk.delete_draft_invoice(spare_draft.unwrap_or(w.draft_invoice)));
    let day = CashDay(today.unwrap_or(tomorrow()));
    let till = |counted: &str| {
        TillDraft::try_from(TillForm { float: "200".into(), counted: counted.into(), note: "Checked".into() }).unwrap()
    };
    run!("cash_up", desk.cash_up_or_today(None));
    run!("save_till", desk.save_till(day, till("")));
    run!("save_cash_up_pdf", desk.cash_up_pdf(day));
    let folder = std::env::temp_dir().join(format!("clinicdesk-roles-export-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&folder).unwrap();
    let range = ExportForm { from: day.0.to_string(), to: day.0.to_string() };
    run!("export_money", desk.export_money(range.try_into().unwrap(), &folder));
    run!("outstanding_balances", desk.outstanding());
    run!("close_day", desk.close_day(day, till("200")));
    run!("disconnect_stripe", desk.disconnect_stripe());
    run!("restore_backup", desk.request_restore(&w.backup));
    // After the restore's request: a same-day backup replaces the older one.
    run!("back_up_now", desk.back_up_now());
    // Last: these change who is signed in.
    run_now!("lock_now", {
        desk.lock();
        Ok::<(), clinicdesk_core::Error>(())
    });
    let (id, pin) = me.unwrap_or((StaffId(1), OWNER_PIN));
    run!("sign_in", desk.sign_in(id, pin));
    out
}

async fn matrix(role: Role) {
    let w = world(role.as_str()).await;
    match role {
        Role::Owner => {}
        Role::Receptionist => {
            w.d.desk.sign_in(w.rita, RITA_PIN).await.unwrap();
        }
        Role::Practitioner => {
            w.d.desk.sign_in(w.pat, PAT_PIN).await.unwrap();
        }
    }
    let audit_before = w.d.count("SELECT max(id) FROM audit_log").await;
    let letter = role.as_str().to_uppercase().chars().next().unwrap();
    let got = run_all(&w, role).await;
    let expected: BTreeMap<&str, bool> = MAY.iter().map(|(n, who)| (*n, who.contains(letter))).collect();
    assert_eq!(got.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "every command is run");
    let mut wrong = Vec::new();
    for (name, may) in &expected {
        let result = got[name];
        let fine = match (may, result) {
            (true, Ok(())) => true,
            // On the clinic server backups are the server's: allowed, then refused for that.
            (true, Err("on_clinic_server")) => common::on_server() && BACKUP_FILES.contains(name),
            (false, Err("forbidden")) => true,
            // Only one owner is ever created: it is nobody's to do now.
            (false, Err("owner_exists")) => *name == "create_owner",
            _ => false,
        };
        if !fine {
            wrong.push(format!("{name}: expected {}, got {result:?}", if *may { "success" } else { "forbidden" }));
        }
    }
    assert!(wrong.is_empty(), "{role:?}:\n{}", wrong.join("\n"));
    if role == Role::Practitioner {
        // Refused calls wrote nothing but the practitioner's own note and sign-in.
        let after =
            |only_theirs: &str| format!("SELECT count(*) FROM audit_log WHERE id > {audit_before} {only_theirs}");
        let written = w.d.count(&after("")).await;
        let theirs = w.d.count(&after("AND staff_id = 3")).await;
        // The note on the patient, signing in again; nothing refused was written.
        assert_eq!((written, theirs), (2, 2), "every change after signing in is the practitioner's");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_owner_may_do_everything() {
    matrix(Role::Owner).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_receptionist_runs_the_desk_but_no_settings() {
    matrix(Role::Receptionist).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_practitioner_sees_their_calendar_and_notes_and_no_money() {
    matrix(Role::Practitioner).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_practitioner_sees_only_their_own_column() {
    let w = world("column").await;
    w.d.desk.sign_in(w.pat, PAT_PIN).await.unwrap();
    let day = w.d.desk.day_view(Some(tomorrow())).await.unwrap();
    assert_eq!(day.practitioners.iter().map(|p| p.id).collect::<Vec<_>>(), vec![w.d.practitioner]);
    assert!(day.appointments.iter().all(|a| a.practitioner_id == w.d.practitioner));
    assert!(!day.appointments.is_empty());
    assert_eq!(code(w.d.desk.appointment(w.other).await), "forbidden");
}

#[tokio::test(flavor = "multi_thread")]
async fn five_wrong_pins_lock_that_member_out_for_five_minutes() {
    let w = world("pins").await;
    let desk = &w.d.desk;
    desk.lock();
    assert_eq!(code(desk.day_view(None).await), "locked");
    for left in (1..=4).rev() {
        let e = desk.sign_in(w.rita, "000000").await.unwrap_err();
        let f = &e.field_errors()[0];
        assert_eq!((f.field.as_str(), f.code, f.params["triesLeft"].as_i64()), ("pin", "wrong_pin", Some(left)));
    }
    assert_eq!(code(desk.sign_in(w.rita, "000000").await), "pin_locked_out");
    // Locked out: even the right PIN is refused, and nobody is signed in.
    assert_eq!(code(desk.sign_in(w.rita, RITA_PIN).await), "pin_locked_out");
    assert_eq!(code(desk.day_view(None).await), "locked");
    // Another member is not locked out.
    desk.sign_in(w.pat, PAT_PIN).await.unwrap();
    assert_eq!(w.d.count("SELECT count(*) FROM audit_log WHERE action = 'locked_out' AND staff_id = 2").await, 1);
    w.d.stripe.advance(4 * 60);
    assert_eq!(code(desk.sign_in(w.rita, RITA_PIN).await), "pin_locked_out");
    w.d.stripe.advance(61);
    // The lockout ran out: the count starts again.
    let e = desk.sign_in(w.rita, "000000").await.unwrap_err();
    assert_eq!(e.field_errors()[0].params["triesLeft"].as_i64(), Some(4));
    assert_eq!(desk.sign_in(w.rita, RITA_PIN).await.unwrap().role, Role::Receptionist);
    // A PIN is 4 to 8 digits, and only its Argon2id hash is stored.
    assert_eq!(field_codes(desk.sign_in(w.rita, "12a4").await), vec![pair("pin", "invalid_pin")]);
    let hashes = w.d.text("SELECT string_agg(pin_hash, ' ') FROM staff").await;
    assert!(hashes.split(' ').all(|h| h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")), "{hashes}");
    assert!(!hashes.contains(RITA_PIN) && !hashes.contains(PAT_PIN));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_locks_itself_after_the_idle_time_the_owner_sets() {
    let w = world("idle").await;
    let desk = &w.d.desk;
    let saved = desk
        .save_security_settings(SecurityForm { idle_lock_minutes: "2".into(), receptionist_refund_limit: "50".into() })
        .await
        .unwrap();
    assert_eq!((saved.idle_lock_minutes, saved.receptionist_refund_limit.minor), (2, 5000));
    assert_eq!(
        field_codes(
            desk.save_security_settings(SecurityForm {
                idle_lock_minutes: "0".into(),
                receptionist_refund_limit: "-1".into()
            })
            .await
        ),
        vec![pair("idleLockMinutes", "invalid_idle_minutes"), pair("receptionistRefundLimit", "negative")]
    );
    desk.sign_in(w.rita, RITA_PIN).await.unwrap();
    // Touches keep it open...
    for _ in 0..3 {
        w.d.stripe.advance(100);
        desk.keep_alive().unwrap();
    }
    // ...two minutes without one lock it.
    w.d.stripe.advance(120);
    assert_eq!(code(desk.day_view(None).await), "locked");
    assert!(desk.lock_screen().await.unwrap().signed_in.is_none());
    // Lock on demand; switching user.
    desk.sign_in(w.rita, RITA_PIN).await.unwrap();
    desk.lock();
    assert_eq!(code(desk.search_patients("Taylor", 0).await), "locked");
    desk.sign_in(w.pat, PAT_PIN).await.unwrap();
    assert_eq!(desk.lock_screen().await.unwrap().signed_in.unwrap().name, "Pat Lee");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_receptionist_refunds_online_only_up_to_the_owners_limit() {
    let w = world("limit").await;
    let desk = &w.d.desk;
    desk.save_security_settings(SecurityForm { idle_lock_minutes: "5".into(), receptionist_refund_limit: "30".into() })
        .await
        .unwrap();
    desk.sign_in(w.rita, RITA_PIN).await.unwrap();
    let refund = |amount: &str| -> RefundDraft {
        RefundForm { payment_id: w.online_entry.0.to_string(), amount: amount.into(), reason: "Overpaid".into() }
            .try_into()
            .unwrap()
    };
    let entries = w.d.count("SELECT count(*) FROM account_entries").await;
    let e = desk.refund(w.online, refund("30.01")).await.unwrap_err();
    assert_eq!(e.code(), "forbidden");
    assert!(e.to_string().contains("30.00"), "{e}");
    assert_eq!(w.d.count("SELECT count(*) FROM account_entries").await, entries, "nothing written");
    // The limit is a day's total: split refunds can't get past it.
    desk.refund(w.online, refund("20")).await.unwrap();
    let e = desk.refund(w.online, refund("10.01")).await.unwrap_err();
    assert_eq!(e.code(), "forbidden");
    assert!(e.to_string().contains("20.00 AUD refunded today"), "{e}");
    desk.refund(w.online, refund("10")).await.unwrap();
    assert_eq!(w.d.count("SELECT count(*) FROM account_entries WHERE kind = 'refund' AND staff_id = 2").await, 2);
    // Desk refunds are not capped.
    let desk_refund =
        RefundForm { payment_id: w.paid_entry.0.to_string(), amount: "45".into(), reason: "Cancelled".into() };
    desk.refund(w.paid, desk_refund.try_into().unwrap()).await.unwrap();
    // The owner may refund the rest.
    as_owner(desk).await;
    desk.refund(w.online, refund("60")).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_log_names_who_and_where_and_filters() {
    let w = world("audit").await;
    let desk = &w.d.desk;
    desk.sign_in(w.rita, RITA_PIN).await.unwrap();
    desk.take_payment(
        w.plain,
        TakePaymentForm { amount: "10".into(), method: "cash".into(), ..Default::default() }.try_into().unwrap(),
    )
    .await
    .unwrap();
    as_owner(desk).await;
    let all = |f: AuditFilterForm| async { desk.audit_log(f.try_into().unwrap()).await.unwrap() };
    let ritas = all(AuditFilterForm { staff_id: Some(w.rita.0), ..Default::default() }).await;
    assert!(ritas.entries.iter().all(|e| e.staff_name.as_deref() == Some("Rita Reyes")));
    let payment = ritas.entries.iter().find(|e| e.entity == "appointment").expect("her payment is logged as hers");
    assert_eq!(payment.workstation, gethostname());
    assert!(ritas.entries.iter().any(|e| e.action == "signed_in"));
    let staff_kind = all(AuditFilterForm { kind: "staff".into(), ..Default::default() }).await;
    assert!(staff_kind.entries.iter().all(|e| e.entity == "staff") && staff_kind.entries.len() >= 4);
    assert!(staff_kind.kinds.contains(&"appointment".to_string()));
    let everything = all(AuditFilterForm::default()).await;
    assert!(everything.entries.len() > 20);
    assert!(everything.entries.windows(2).all(|p| p[0].id > p[1].id), "newest first");
    // Tomorrow (Sydney) has nothing yet; an end before the start is refused at `to`.
    let later = tomorrow().tomorrow().unwrap().to_string();
    assert!(all(AuditFilterForm { from: later.clone(), ..Default::default() }).await.entries.is_empty());
    let bad = AuditFilterForm { from: later, to: "2020-01-01".into(), ..Default::default() };
    assert_eq!(
        field_codes(clinicdesk_core::staff::AuditQuery::try_from(bad).map(|_| ())),
        vec![pair("to", "before_from")]
    );
    // Background work writes as Clinicdesk and may not act for the window.
    let background = desk.background();
    assert_eq!(code(background.day_view(None).await), "forbidden");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_last_owner_stays_and_names_are_checked() {
    let w = world("owner").await;
    let desk = &w.d.desk;
    let owner = StaffId(1);
    assert_eq!(
        field_codes(desk.update_staff(owner, staff("Olivia Owner", "receptionist", None, "")).await),
        vec![pair("role", "last_owner")]
    );
    let mut inactive = staff("Olivia Owner", "owner", None, "");
    inactive.active = Some(false);
    assert_eq!(field_codes(desk.update_staff(owner, inactive).await), vec![pair("role", "last_owner")]);
    assert_eq!(
        field_codes(desk.add_staff(staff("rita reyes", "receptionist", None, "2222")).await),
        vec![pair("name", "taken")]
    );
    assert_eq!(
        field_codes(desk.add_staff(staff("Eve\u{202E}lrac", "practitioner", None, "12")).await),
        vec![pair("name", "invalid_characters"), pair("pin", "invalid_pin"), pair("practitionerId", "required")]
    );
    // Nothing already saved was lost.
    assert_eq!(desk.list_staff().await.unwrap().len(), 3);
    // With a second owner, Olivia may step down: her own session takes it at once.
    desk.add_staff(staff("Oscar Owner", "owner", None, "8642")).await.unwrap();
    desk.update_staff(owner, staff("Olivia Owner", "receptionist", None, "")).await.unwrap();
    assert_eq!(code(desk.list_staff().await), "forbidden");
    assert_eq!(desk.lock_screen().await.unwrap().signed_in.unwrap().role, Role::Receptionist);
}

fn gethostname() -> String {
    std::process::Command::new("hostname")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap()
}
