//! Small hazards: a data folder on a network share refused before anything
//! is made (the file system faked through the probe seam), and hostile
//! strings in names and notes refused at their field with nothing saved.

mod common;

use clinicdesk_core::domain::text::HOSTILE;
use clinicdesk_core::domain::*;
use clinicdesk_core::dto::*;
use clinicdesk_core::storage::{FsKind, FsProbe};
use clinicdesk_core::Clinicdesk;
use common::desk::patient_form;
use common::*;
use sqlx::SqlitePool;

struct Share(&'static str);

impl FsProbe for Share {
    fn kind(&self, _dir: &std::path::Path) -> FsKind {
        FsKind::Network(self.0.into())
    }
}

struct Disk;

impl FsProbe for Disk {
    fn kind(&self, _dir: &std::path::Path) -> FsKind {
        FsKind::Local
    }
}

#[tokio::test]
async fn a_data_folder_on_a_network_share_is_refused_before_anything_is_made() {
    let dir = std::env::temp_dir().join(format!("clinicdesk-share-{}", std::process::id())).join("data");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
    for kind in ["NFS", "SMB/CIFS"] {
        let refused = Clinicdesk::open_checked(&dir, &Share(kind)).await.err().expect("refused");
        assert_eq!(refused.code(), "network_filesystem");
        assert!(refused.public_message().contains(kind), "{}", refused.public_message());
        assert!(!dir.exists(), "nothing is created on the share");
    }
    let desk = Clinicdesk::open_checked(&dir, &Disk).await.expect("a local folder opens");
    desk.close().await;
    assert!(dir.join("clinicdesk.db").exists());
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn hostile_names_and_notes_are_refused_at_their_field_and_nothing_is_saved(pool: SqlitePool) {
    let desk = desk(pool).await;
    let count = |sql: &'static str| {
        let db = desk.db().clone();
        async move { common::raw!(&db, e => sqlx::query_scalar::<_, i64>(sql).fetch_one(e).await).unwrap() }
    };
    for hostile in HOSTILE {
        let patient: Result<PatientDraft, _> = patient_form(hostile, "Taylor", "").try_into();
        assert_eq!(field_codes(patient.map(|_| ())), [pair("firstName", "invalid_characters")], "{hostile:?}");
        let practitioner = PractitionerName::try_from(*hostile);
        assert!(practitioner.is_err(), "{hostile:?}");
        assert_eq!(
            field_codes(create(&desk, form(hostile, "60")).await),
            [pair("name", "invalid_characters")],
            "{hostile:?}"
        );
        let clinic: Result<ClinicSettingsUpdate, _> = ClinicSettingsForm {
            name: hostile.to_string(),
            time_zone: "Australia/Sydney".into(),
            currency: "AUD".into(),
            ..Default::default()
        }
        .try_into();
        assert_eq!(field_codes(clinic.map(|_| ())), [pair("name", "invalid_characters")], "{hostile:?}");
    }
    // Notes keep line breaks and tabs, never a NUL or a direction override.
    for bad in ["Knee\0pain", "\u{202E}niap eenK"] {
        let mut f = patient_form("Sam", "Taylor", "");
        f.notes = bad.into();
        let draft: Result<PatientDraft, _> = f.try_into();
        assert_eq!(field_codes(draft.map(|_| ())), [pair("notes", "invalid_characters")], "{bad:?}");
    }
    let mut ok = patient_form("Zoë", "Παπαδοπούλου", "");
    ok.notes = "Knee pain\nsince May\tright side".into();
    desk.create_patient(ok.try_into().unwrap()).await.unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM patients").await, 1, "only the real name was saved");
    assert_eq!(count("SELECT COUNT(*) FROM appointment_types").await, 0);
}
