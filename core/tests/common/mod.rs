#![allow(dead_code)]
//! Helpers shared by core's integration tests.

pub mod desk;
// One test SMTP server for core and end-to-end tests.
#[path = "../../../tests/src/smtp.rs"]
pub mod smtp;

use clinicdesk_core::appointment_types::AppointmentType;
use clinicdesk_core::domain::AppointmentTypeId;
use clinicdesk_core::dto::{AppointmentTypeDraft, AppointmentTypeForm, ClinicSettingsForm, PricingForm};
use clinicdesk_core::{Clinicdesk, Error, Result};

pub async fn desk(pool: impl Into<clinicdesk_core::db::Db>) -> Clinicdesk {
    let desk = Clinicdesk::with_db(backend(pool.into()).await).await.expect("clinic opens");
    as_owner(&desk).await;
    desk
}

/// Runs raw SQL (a test's own check or a row it forges) on whichever store
/// the clinic is in: `raw!(desk.db(), e => sqlx::query(SQL).execute(e).await.map(|_| ()))`.
/// The expression is written once and compiled for each store.
macro_rules! raw {
    ($db:expr, $e:ident => $body:expr) => {
        match $db {
            clinicdesk_core::db::Db::Sqlite($e) => $body,
            clinicdesk_core::db::Db::Postgres($e) => $body,
        }
    };
}
pub(crate) use raw;

/// Where a test's clinic lives: the SQLite database `#[sqlx::test]` made, or,
/// with `CLINICDESK_TEST_BACKEND=postgres`, a fresh database with the same
/// schema on the test server (`CLINICDESK_TEST_POSTGRES_URL`, which
/// scripts/test.sh starts), so the same tests run on both stores.
pub async fn backend(sqlite: clinicdesk_core::db::Db) -> clinicdesk_core::db::Db {
    if !on_server() || matches!(sqlite, clinicdesk_core::db::Db::Postgres(_)) {
        return sqlite;
    }
    use sqlx::Executor;
    let url =
        std::env::var("CLINICDESK_TEST_POSTGRES_URL").expect("CLINICDESK_TEST_POSTGRES_URL names the test server");
    let admin = sqlx::PgPool::connect(&url).await.expect("the test server");
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("a fresh database");
    admin.close().await;
    let base = url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&url);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(4)
        .connect(&format!("{base}/{name}"))
        .await
        .expect("the fresh database");
    clinicdesk_store_postgres::MIGRATOR.run(&pool).await.expect("the server's schema");
    pool.into()
}

/// Whether this run puts the clinics on the test server.
pub fn on_server() -> bool {
    std::env::var("CLINICDESK_TEST_BACKEND").as_deref() == Ok("postgres")
}

/// The owner's PIN in tests.
pub const OWNER_PIN: &str = "2468";

/// Signs the owner in (creating them on a clinic with no staff yet): the
/// tests that are not about roles act as the owner, who may do everything.
pub async fn as_owner(desk: &Clinicdesk) {
    let screen = desk.lock_screen().await.unwrap();
    if screen.needs_owner {
        desk.create_owner("Olivia Owner", OWNER_PIN).await.unwrap();
    } else {
        let owner = screen.members.iter().find(|m| m.role == clinicdesk_core::domain::Role::Owner).unwrap();
        desk.sign_in(owner.id, OWNER_PIN).await.unwrap();
    }
}

pub async fn desk_in(pool: impl Into<clinicdesk_core::db::Db>, currency: &str) -> Clinicdesk {
    let desk = desk(pool).await;
    desk.update_clinic_settings(
        ClinicSettingsForm {
            name: "Test clinic".into(),
            time_zone: "Australia/Sydney".into(),
            currency: currency.into(),
            ..Default::default()
        }
        .try_into()
        .unwrap(),
    )
    .await
    .expect("settings saved");
    desk
}

/// A valid form: 30 minutes, price as given, online payment disabled.
pub fn form(name: &str, price: &str) -> AppointmentTypeForm {
    AppointmentTypeForm {
        name: name.into(),
        description: String::new(),
        duration_minutes: "30".into(),
        colour: "#0f766e".into(),
        pricing: PricingForm {
            price: price.into(),
            online_mode: "disabled".into(),
            amount_rule: "full".into(),
            fixed_amount: String::new(),
            percentage: String::new(),
        },
        cancellation_fee: String::new(),
        no_show_fee: String::new(),
    }
}

pub fn online(mut f: AppointmentTypeForm, mode: &str, rule: &str, value: &str) -> AppointmentTypeForm {
    f.pricing.online_mode = mode.into();
    f.pricing.amount_rule = rule.into();
    match rule {
        "fixed" => f.pricing.fixed_amount = value.into(),
        "percent" => f.pricing.percentage = value.into(),
        _ => {}
    }
    f
}

/// What the create command does: parse the form, then call core.
pub async fn create(desk: &Clinicdesk, f: AppointmentTypeForm) -> Result<AppointmentType> {
    let draft: AppointmentTypeDraft = f.try_into()?;
    desk.create_appointment_type(draft).await
}

pub async fn update(desk: &Clinicdesk, id: AppointmentTypeId, f: AppointmentTypeForm) -> Result<AppointmentType> {
    let draft: AppointmentTypeDraft = f.try_into()?;
    desk.update_appointment_type(id, draft).await
}

/// The field errors of a validation error as (field, code) pairs.
pub fn field_codes(result: Result<impl std::fmt::Debug>) -> Vec<(String, &'static str)> {
    match result {
        Err(Error::Validation(errors)) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

pub fn pair(field: &str, code: &'static str) -> (String, &'static str) {
    (field.to_string(), code)
}

/// The test server's address, user and password (scripts/test.sh starts it
/// and names it in `CLINICDESK_TEST_POSTGRES_URL`).
fn test_server() -> (String, String, String, String) {
    let url =
        std::env::var("CLINICDESK_TEST_POSTGRES_URL").expect("CLINICDESK_TEST_POSTGRES_URL names the test server");
    let rest = url.strip_prefix("postgres://").expect("a postgres:// URL");
    let (credentials, place) = rest.split_once('@').unwrap();
    let (user, password) = credentials.split_once(':').unwrap();
    let (address, _) = place.split_once('/').unwrap();
    let (host, port) = address.rsplit_once(':').unwrap();
    (host.into(), port.into(), user.into(), password.into())
}

/// Settings → Data's form for `database` on the test server, as an owner
/// would fill it in (unencrypted: the server is this computer).
pub fn server_form(database: &str) -> clinicdesk_core::server::ServerForm {
    let (host, port, user, password) = test_server();
    clinicdesk_core::server::ServerForm {
        host,
        port,
        database: database.into(),
        user,
        password: Some(password),
        tls: "disable".into(),
        ca_file: None,
    }
}

/// A new, empty database on the test server, by name.
pub async fn empty_server_database() -> String {
    use sqlx::Executor;
    let url = std::env::var("CLINICDESK_TEST_POSTGRES_URL").unwrap();
    let admin = sqlx::PgPool::connect(&url).await.expect("the test server");
    let name = format!("e_{}", uuid::Uuid::new_v4().simple());
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("a fresh database");
    admin.close().await;
    name
}
