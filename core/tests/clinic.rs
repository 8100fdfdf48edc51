mod common;

use clinicdesk_core::dto::ClinicSettingsForm;
use common::*;
use sqlx::SqlitePool;

fn settings(name: &str, tz: &str, currency: &str) -> ClinicSettingsForm {
    ClinicSettingsForm { name: name.into(), time_zone: tz.into(), currency: currency.into(), ..Default::default() }
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn first_open_creates_defaults_and_a_database_id(pool: SqlitePool) {
    let desk = desk(pool).await;
    let s = desk.clinic_settings().await.unwrap();
    assert_eq!(s.name, "", "unnamed until the owner names it");
    assert!(jiff::tz::TimeZone::get(&s.time_zone).is_ok(), "default zone {} is a real zone", s.time_zone);
    assert!(!s.currency_locked);
    let id = desk.database_id().await.unwrap();
    assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 4);
    // Opening again keeps the same id and settings.
    let again = clinicdesk_core::Clinicdesk::with_db(desk.db().clone()).await.unwrap();
    common::as_owner(&again).await;
    assert_eq!(again.database_id().await.unwrap(), id);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn saves_and_validates_settings(pool: SqlitePool) {
    let desk = desk(pool).await;
    let saved = desk
        .update_clinic_settings(settings("  Harbourside Physio ", "Europe/London", "gbp").try_into().unwrap())
        .await
        .unwrap();
    assert_eq!(
        (saved.name.as_str(), saved.time_zone.as_str(), saved.currency.code()),
        ("Harbourside Physio", "Europe/London", "GBP")
    );

    let bad: Result<clinicdesk_core::domain::ClinicSettingsUpdate, _> = settings("", "Mars/Olympus", "XYZ").try_into();
    assert_eq!(
        field_codes(bad),
        vec![pair("name", "required"), pair("timeZone", "unknown_time_zone"), pair("currency", "unsupported_currency")]
    );
    let bad: Result<clinicdesk_core::domain::ClinicSettingsUpdate, _> =
        settings(&"x".repeat(101), "UTC", "AUD").try_into();
    assert_eq!(field_codes(bad), vec![pair("name", "too_long")]);
    assert_eq!(desk.clinic_settings().await.unwrap().name, "Harbourside Physio", "nothing saved changed");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn currency_is_locked_once_types_have_prices(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    create(&desk, form("Consult", "90")).await.unwrap();
    assert!(desk.clinic_settings().await.unwrap().currency_locked);
    let err = desk.update_clinic_settings(settings("Test clinic", "Australia/Sydney", "JPY").try_into().unwrap()).await;
    assert_eq!(field_codes(err), vec![pair("currency", "currency_locked")]);
    // Other settings still save; the prices keep their meaning.
    desk.update_clinic_settings(settings("Renamed", "Australia/Perth", "AUD").try_into().unwrap()).await.unwrap();
    let t = &desk.list_appointment_types(false).await.unwrap()[0];
    assert_eq!((t.price.minor, t.price.currency.code()), (9000, "AUD"));
}

/// A new time zone moves existing appointments on the clock: the change is
/// refused until confirmed, saying how many; a zone with the same clock
/// (Melbourne for Sydney) changes nothing and isn't asked about.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_time_zone_change_that_moves_appointments_asks_first(pool: SqlitePool) {
    let d = common::desk::front_desk_with(pool, false).await;
    d.booked(d.disabled, "09:00").await;
    d.booked(d.disabled, "10:00").await;
    let refused = d.desk.update_clinic_settings(settings("Clinic", "Australia/Perth", "AUD").try_into().unwrap()).await;
    let e = refused.expect_err("asks first");
    assert_eq!(e.code(), "time_zone_shift");
    assert!(e.public_message().starts_with("2 appointments will show at other clock times in Australia/Perth"), "{e}");
    assert_eq!(d.desk.clinic_settings().await.unwrap().time_zone, "Australia/Sydney", "nothing saved");
    let same_clock = settings("Clinic", "Australia/Melbourne", "AUD");
    assert_eq!(
        d.desk.update_clinic_settings(same_clock.try_into().unwrap()).await.unwrap().time_zone,
        "Australia/Melbourne"
    );
    let mut confirmed = settings("Clinic", "Australia/Perth", "AUD");
    confirmed.confirm_time_zone_change = true;
    assert_eq!(
        d.desk.update_clinic_settings(confirmed.try_into().unwrap()).await.unwrap().time_zone,
        "Australia/Perth"
    );
}
