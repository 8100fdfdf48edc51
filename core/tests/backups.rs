//! Backups against the real database and file system: a checked copy taken
//! while the desk books, its counts, a missing folder shown until a backup
//! works again, bad folders refused at the field, the daily backup once a
//! day, the folder pruned to 14 days and 12 months, and a backup before a
//! schema upgrade (see migrations.rs).

mod common;

use clinicdesk_core::account::forms::TakePaymentForm;
use clinicdesk_core::backup::{BackupFolder, BackupFolderForm};
use common::desk::*;
use common::*;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, SqlitePool};
use std::path::PathBuf;

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clinicdesk-backups-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn counts_in(file: &std::path::Path) -> (String, i64, i64) {
    let mut conn = SqliteConnectOptions::new().filename(file).read_only(true).connect().await.unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await.unwrap();
    let appointments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments").fetch_one(&mut conn).await.unwrap();
    let payments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account_entries WHERE kind = 'payment'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    (check, appointments, payments)
}

async fn choose(d: &Desk, dir: &std::path::Path) {
    let f = BackupFolder::try_from(BackupFolderForm { folder: dir.display().to_string() }).unwrap();
    d.desk.set_backup_folder(f).await.unwrap();
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_backup_is_a_checked_copy_taken_while_the_desk_works(pool: SqlitePool) {
    let d = front_desk(pool).await;
    let dir = folder("copy");
    choose(&d, &dir).await;
    let a = d.booked(d.disabled, "09:00").await;
    let pay = TakePaymentForm { amount: "60".into(), method: "cash".into(), ..Default::default() };
    d.desk.take_payment(a.id, pay.try_into().unwrap()).await.unwrap();

    // The desk keeps booking while the backup is taken.
    let desk = d.desk.clone();
    let booking = tokio::spawn({
        let forms: Vec<_> = (10..20).map(|h| d.booking(d.disabled, tomorrow(), &format!("{h:02}:00"))).collect();
        async move {
            for f in forms {
                let draft: clinicdesk_core::dto::BookingDraft = f.try_into().unwrap();
                desk.book_appointment(draft).await.unwrap();
            }
        }
    });
    let file = d.desk.back_up_now().await.unwrap();
    booking.await.unwrap();
    assert!(file.file_name.starts_with("clinicdesk-") && file.file_name.ends_with("-manual.db"), "{}", file.file_name);
    assert!(file.path.starts_with(&dir));
    let (check, appointments, payments) = counts_in(&file.path).await;
    assert_eq!(check, "ok");
    assert!((1..=11).contains(&appointments), "a snapshot: {appointments}");
    assert_eq!(payments, 1);
    assert!(!std::fs::read_dir(&dir).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".partial")));
    let status = d.desk.backup_status().await.unwrap();
    assert!(status.problem.is_none() && status.last_ok_at.is_some() && !status.folder_is_default);
    assert_eq!(status.files.len(), 1);
    // The Stripe key lives in the keychain: not a byte of it is in the backup.
    let bytes = std::fs::read(&file.path).unwrap();
    assert!(!bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()), "the Stripe key is in the backup");
    let _ = std::fs::remove_dir_all(&dir);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_missing_folder_is_shown_until_a_backup_works_and_bad_folders_are_refused(pool: SqlitePool) {
    let d = front_desk_with(pool, false).await;
    let dir = folder("usb");
    choose(&d, &dir).await;
    // The USB stick is pulled out.
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code(d.desk.back_up_now().await), "folder_missing");
    let status = d.desk.backup_status().await.unwrap();
    assert_eq!(status.problem.as_ref().map(|p| p.code.as_str()), Some("folder_missing"));
    assert_eq!(d.count("SELECT COUNT(*) FROM backups WHERE status = 'failed'").await, 1);
    // Plugged in again: the next backup works and the warning goes.
    std::fs::create_dir_all(&dir).unwrap();
    d.desk.back_up_now().await.unwrap();
    assert!(d.desk.backup_status().await.unwrap().problem.is_none());

    // Bad folders are refused at the field; the chosen one stays.
    for (text, code) in [("backups", "not_absolute"), ("/no/such/folder/anywhere", "folder_missing")] {
        let parsed = BackupFolder::try_from(BackupFolderForm { folder: text.into() }).map(|_| ());
        assert_eq!(field_codes(parsed), [pair("folder", code)], "{text}");
    }
    assert_eq!(d.desk.backup_status().await.unwrap().folder, dir.display().to_string());
    let _ = std::fs::remove_dir_all(&dir);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn the_daily_backup_is_taken_once_a_day_and_the_folder_is_pruned(pool: SqlitePool) {
    let d = front_desk_with(pool, false).await;
    let dir = folder("daily");
    choose(&d, &dir).await;
    let first = d.desk.back_up_if_due().await.unwrap().expect("none yet, so one is due");
    assert!(first.file_name.ends_with("-daily.db"));
    assert!(d.desk.back_up_if_due().await.unwrap().is_none(), "not again the same day");
    d.advance(25 * 3600).await;
    assert!(d.desk.back_up_if_due().await.unwrap().is_some(), "a day later");

    // 400 days of old backups (copies of a real one) and a file of someone else's.
    let bytes = std::fs::read(&first.path).unwrap();
    let now = jiff::Timestamp::now();
    for day in 3..400 {
        let at = now - jiff::Span::new().hours(day * 24);
        let name = format!("clinicdesk-{}-daily.db", at.strftime("%Y%m%dT%H%M%SZ"));
        std::fs::write(dir.join(name), &bytes).unwrap();
    }
    std::fs::write(dir.join("notes.txt"), b"mine").unwrap();
    d.desk.back_up_now().await.unwrap();
    let left = d.desk.backup_status().await.unwrap().files;
    assert!((14 + 10..=14 + 12).contains(&left.len()), "14 days and 12 months kept, {} left", left.len());
    assert!(dir.join("notes.txt").exists(), "files that aren't backups are never touched");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A restore puts the backup back and sets the current data aside; nothing
/// given out since the backup is given out again (a receipt's number, an
/// invoice number, an id Stripe holds in its metadata), and a payment made
/// after the backup through a link the backup doesn't know is listed under
/// Needs attention, once, instead of landing on whichever appointment now
/// has that id.
#[tokio::test]
async fn a_restore_sets_the_data_aside_and_never_gives_a_number_out_twice() {
    use clinicdesk_core::invoices::{InvoiceDraft, InvoiceForm};
    let dir = folder("restore");
    let d = front_desk_in(&dir).await;
    let cash = |amount: &str| {
        TakePaymentForm { amount: amount.into(), method: "cash".into(), ..Default::default() }.try_into().unwrap()
    };
    let invoice = |a: clinicdesk_core::domain::AppointmentId| {
        InvoiceDraft::try_from(InvoiceForm {
            patient_id: d.patient.0.to_string(),
            appointment_ids: vec![a.0.to_string()],
            issue_date: tomorrow().to_string(),
            due_date: String::new(),
            note: String::new(),
            issue: true,
        })
        .unwrap()
    };
    let a0 = d.booked(d.disabled, "08:00").await;
    d.desk.take_payment(a0.id, cash("10")).await.unwrap();
    let held = d.booked(d.required, "09:00").await;
    assert!(!d.session_of(&held).await.is_empty());
    let backup = d.desk.back_up_now().await.unwrap();

    // After the backup: a second online booking, paid; a cash payment; an invoice.
    let later = d.booked(d.required, "10:00").await;
    let lost_session = d.session_of(&later).await;
    d.stripe.pay(&lost_session);
    let receipt = d.desk.take_payment(a0.id, cash("10")).await.unwrap().receipt.unwrap().entry_id.0;
    let lost_invoice = d.desk.create_invoice(invoice(a0.id)).await.unwrap();
    assert_eq!(lost_invoice.number.as_deref(), Some("INV-000001"));
    let last_attempt = d.count("SELECT MAX(id) FROM checkout_attempts").await;

    let preview = d.desk.request_restore(&backup.path).await.unwrap();
    assert_eq!((preview.appointments, preview.payments, preview.same_clinic), (2, 1, true));
    d.desk.close().await;
    let desk = d.reopen(&dir).await;

    // The backup's data; the replaced database kept in set-aside/.
    let count = |sql: &'static str| {
        let db = desk.db().sqlite().unwrap().clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&db).await.unwrap() }
    };
    assert_eq!(count("SELECT COUNT(*) FROM appointments").await, 2);
    assert_eq!(count("SELECT COUNT(*) FROM invoices").await, 0);
    let aside: Vec<_> = std::fs::read_dir(dir.join("set-aside")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    let (_, aside_appointments, _) = counts_in(&aside[0]).await;
    assert_eq!(aside_appointments, 3, "nothing recorded since the backup is lost: it is set aside");

    // Numbers go on from where the replaced database stopped.
    let again = desk.take_payment(a0.id, cash("5")).await.unwrap().receipt.unwrap().entry_id.0;
    assert!(again > receipt, "receipt R-{again:06} must not repeat R-{receipt:06}");
    let next_invoice = desk.create_invoice(invoice(a0.id)).await.unwrap();
    assert_eq!(next_invoice.number.as_deref(), Some("INV-000002"), "INV-000001 was sent before the restore");
    let draft: clinicdesk_core::dto::BookingDraft = d.booking(d.required, tomorrow(), "12:00").try_into().unwrap();
    desk.book_appointment(draft).await.unwrap();
    let new_attempt = count("SELECT MAX(id) FROM checkout_attempts").await;
    assert!(new_attempt > last_attempt, "attempt {new_attempt} must not reuse an id Stripe holds");

    // Restored again (the wrong backup was picked? the same one, twice):
    // the floors of the first restore still hold.
    desk.request_restore(&backup.path).await.unwrap();
    desk.close().await;
    let desk = d.reopen(&dir).await;
    let draft: clinicdesk_core::dto::BookingDraft = d.booking(d.required, tomorrow(), "13:00").try_into().unwrap();
    desk.book_appointment(draft).await.unwrap();
    let count = |sql: &'static str| {
        let db = desk.db().sqlite().unwrap().clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&db).await.unwrap() }
    };
    assert!(
        count("SELECT MAX(id) FROM checkout_attempts").await > new_attempt,
        "ids from before a restore stay given out"
    );

    // Stripe's news since the backup: the lost payment is listed, once.
    desk.reconcile_payments().await.unwrap();
    desk.reconcile_payments().await.unwrap();
    let items = desk.needs_attention().await.unwrap();
    let lost: Vec<_> =
        items.iter().filter(|i| i.kind == clinicdesk_core::domain::AttentionKind::PaidBeforeRestore).collect();
    assert_eq!(lost.len(), 1, "{items:?}");
    assert_eq!(
        count("SELECT COUNT(*) FROM account_entries WHERE method = 'online'").await,
        0,
        "not put on any appointment"
    );
    desk.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Another computer (a new install, its own empty keychain) restores the
/// clinic's backup from a USB stick: the clinic's staff and data come back,
/// the owner signs in with their own PIN, and Stripe asks to be connected
/// again (the key was never in the backup).
#[tokio::test(flavor = "multi_thread")]
async fn restored_on_another_computer_asks_to_connect_stripe_again() {
    let d = front_desk_in(&folder("computer-a")).await;
    let rita = clinicdesk_core::staff::StaffForm {
        name: "Rita Reyes".into(),
        role: "receptionist".into(),
        pin: "135790".into(),
        ..Default::default()
    };
    d.desk.add_staff(rita).await.unwrap();
    let backup = d.desk.back_up_now().await.unwrap();
    let usb = folder("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let on_usb = usb.join(&backup.file_name);
    std::fs::copy(&backup.path, &on_usb).unwrap();

    let b = folder("computer-b");
    let keychain = std::sync::Arc::new(clinicdesk_core::secrets::MemoryStore::default());
    let open_b = || async {
        clinicdesk_core::Clinicdesk::open(&b)
            .await
            .unwrap()
            .with_billing(billing(&d.stripe))
            .with_secret_store(keychain.clone())
    };
    let fresh = open_b().await;
    fresh.create_owner("Temporary Owner", "1111").await.unwrap();
    let preview = fresh.request_restore(&on_usb).await.unwrap();
    assert!(!preview.same_clinic, "another clinic database than this install's");
    assert_eq!(preview.patients, 1);
    fresh.close().await;

    let restored = open_b().await;
    assert_eq!(code(restored.day_view(None).await), "locked");
    let screen = restored.lock_screen().await.unwrap();
    let names: Vec<_> = screen.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Olivia Owner", "Rita Reyes"], "the backup's staff, not the temporary owner");
    as_owner(&restored).await;
    assert_eq!(restored.search_patients("Taylor", 0).await.unwrap().items.len(), 1);
    let stripe = restored.verify_stripe().await.unwrap();
    assert_ne!(stripe.state, clinicdesk_core::stripe::StripeState::Connected, "{stripe:?}");
    assert!(stripe.problem.is_some(), "the window is told to connect Stripe again: {stripe:?}");
}
