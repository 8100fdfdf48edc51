//! A clinic at the front desk, connected to the strict Stripe double: open
//! every day 00:00–24:00 (so tests can book at any hour), one practitioner,
//! one patient and a type of each payment mode. The app's clock follows the
//! double's, so `stripe.advance(…)` moves time on for both.

use super::*;
use clinicdesk_core::clock::OffsetClock;
use clinicdesk_core::domain::*;
use clinicdesk_core::dto::{BookingDraft, BookingForm, OpeningDayForm, OpeningHoursForm, PatientForm};
use clinicdesk_core::front_desk::Appointment;
use clinicdesk_core::secrets::{MemoryStore, StripeSecret};
use clinicdesk_core::stripe::StripeBilling;
use clinicdesk_core::Clinicdesk;
use clinicdesk_stripe_double::{harbourside, StripeDouble};
use jiff::{civil, Timestamp};
use std::sync::Arc;
use std::time::Duration;

pub const KEY: &str = "sk_test_51QHarbourside0123456789abcdefGHIJ";

pub struct Desk {
    pub desk: Clinicdesk,
    pub store: Arc<MemoryStore>,
    pub stripe: StripeDouble,
    pub practitioner: PractitionerId,
    pub patient: PatientId,
    pub disabled: AppointmentTypeId,
    pub allowed: AppointmentTypeId,
    pub required: AppointmentTypeId,
}

pub fn billing(stripe: &StripeDouble) -> Arc<StripeBilling> {
    Arc::new(StripeBilling::new(Some(stripe.uri())).with_timing(
        Duration::from_millis(500),
        2,
        Duration::from_millis(5),
    ))
}

pub fn secret(key: &str) -> StripeSecret {
    StripeSecret::try_from(key.to_string()).unwrap()
}

pub async fn front_desk(pool: impl Into<clinicdesk_core::db::Db>) -> Desk {
    front_desk_with(pool, true).await
}

pub async fn front_desk_with(pool: impl Into<clinicdesk_core::db::Db>, connect: bool) -> Desk {
    let stripe = StripeDouble::start().await;
    stripe.add_key(KEY, harbourside());
    let store = Arc::new(MemoryStore::default());
    let desk = desk_in(pool, "AUD")
        .await
        .with_billing(billing(&stripe))
        .with_secret_store(store.clone())
        .with_clock(Arc::new(OffsetClock(stripe.clock_offset())));
    if connect {
        desk.connect_stripe(secret(KEY)).await.unwrap();
    }
    hours(&desk).await;
    let practitioner = desk.create_practitioner(PractitionerName::try_from("Dr Mia Lee").unwrap()).await.unwrap().id;
    let patient =
        desk.create_patient(patient_form("Sam", "Taylor", "sam@example.com").try_into().unwrap()).await.unwrap().id;
    let disabled = create(&desk, form("Review", "60")).await.unwrap().id;
    let allowed = create(&desk, online(form("Massage", "90"), "allowed", "full", "")).await.unwrap().id;
    let required =
        create(&desk, online(form("Initial consultation", "120"), "required", "fixed", "30")).await.unwrap().id;
    Desk { desk, store, stripe, practitioner, patient, disabled, allowed, required }
}

/// As `front_desk`, on a database file in `dir` (backups, restores).
pub async fn front_desk_in(dir: &std::path::Path) -> Desk {
    std::fs::create_dir_all(dir).unwrap();
    let pool = clinicdesk_core::db::open(&dir.join("clinicdesk.db")).await.unwrap();
    let mut d = front_desk_with(pool, true).await;
    d.desk = d.desk.clone().with_data_dir(dir);
    d
}

/// Open every day, all day.
async fn hours(desk: &Clinicdesk) {
    let days = (1..=7)
        .map(|weekday| OpeningDayForm { weekday, open: true, opens: "00:00".into(), closes: "24:00".into() })
        .collect();
    desk.save_opening_hours(OpeningHoursForm { days }.try_into().unwrap()).await.unwrap();
}

pub fn patient_form(first: &str, last: &str, email: &str) -> PatientForm {
    PatientForm { first_name: first.into(), last_name: last.into(), email: email.into(), ..Default::default() }
}

/// Tomorrow in Sydney.
pub fn tomorrow() -> civil::Date {
    Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Australia/Sydney").unwrap()).date().tomorrow().unwrap()
}

impl Desk {
    pub fn booking(&self, t: AppointmentTypeId, date: civil::Date, time: &str) -> BookingForm {
        BookingForm {
            patient_id: self.patient.0.to_string(),
            practitioner_id: self.practitioner.0.to_string(),
            appointment_type_id: t.0.to_string(),
            date: date.to_string(),
            time: time.into(),
            override_reason: String::new(),
            discount: Default::default(),
        }
    }

    pub async fn book(&self, f: BookingForm) -> clinicdesk_core::Result<Appointment> {
        let draft: BookingDraft = f.try_into()?;
        self.desk.book_appointment(draft).await
    }

    /// Books `t` tomorrow at `time` and expects it to work.
    pub async fn booked(&self, t: AppointmentTypeId, time: &str) -> Appointment {
        self.book(self.booking(t, tomorrow(), time)).await.expect("booked")
    }

    /// The app started again on the data folder `dir` (after a restore, or
    /// a change of where the clinic lives), with the same keychain, Stripe
    /// and clock.
    pub async fn reopen(&self, dir: &std::path::Path) -> Clinicdesk {
        let desk = Clinicdesk::open_using(dir, &clinicdesk_core::storage::SystemProbe, self.store.clone())
            .await
            .unwrap()
            .with_billing(billing(&self.stripe))
            .with_secret_store(self.store.clone())
            .with_clock(Arc::new(OffsetClock(self.stripe.clock_offset())));
        super::as_owner(&desk).await;
        desk
    }

    /// Another app instance on the same database, keychain, Stripe and
    /// clock: a restart, or a second workstation.
    pub async fn another_instance(&self) -> Clinicdesk {
        self.instance_on(self.desk.db().clone()).await
    }

    /// An app instance on `db` with this desk's keychain, Stripe and clock,
    /// the owner signed in.
    async fn instance_on(&self, db: clinicdesk_core::db::Db) -> Clinicdesk {
        let desk = Clinicdesk::with_db(db)
            .await
            .unwrap()
            .with_billing(billing(&self.stripe))
            .with_secret_store(self.store.clone())
            .with_clock(Arc::new(OffsetClock(self.stripe.clock_offset())));
        super::as_owner(&desk).await;
        desk
    }

    /// Another workstation: an app instance with its own connections to the
    /// same clinic (the same SQLite file, or the same server database).
    pub async fn second_workstation(&self) -> Clinicdesk {
        let db: clinicdesk_core::db::Db = match self.desk.db() {
            clinicdesk_core::db::Db::Sqlite(p) => {
                sqlx::SqlitePool::connect_with((*p.connect_options()).clone()).await.unwrap().into()
            }
            clinicdesk_core::db::Db::Postgres(p) => {
                sqlx::PgPool::connect_with((*p.connect_options()).clone()).await.unwrap().into()
            }
        };
        self.instance_on(db).await
    }

    /// Moves the clock on (Stripe's double and the app's); the owner signs
    /// in again, as the app has locked itself after its idle time.
    pub async fn advance(&self, seconds: i64) {
        self.stripe.advance(seconds);
        super::as_owner(&self.desk).await;
    }

    pub async fn count(&self, sql: &str) -> i64 {
        crate::common::raw!(self.desk.db(), e => sqlx::query_scalar(sql).fetch_one(e).await).unwrap()
    }

    pub async fn text(&self, sql: &str) -> String {
        crate::common::raw!(self.desk.db(), e => sqlx::query_scalar(sql).fetch_one(e).await).unwrap()
    }

    /// The session id of the appointment's newest attempt.
    pub async fn session_of(&self, a: &Appointment) -> String {
        crate::common::raw!(self.desk.db(), e => sqlx::query_scalar(
            "SELECT checkout_session_id FROM checkout_attempts WHERE appointment_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(a.id.0)
        .fetch_one(e).await)
        .unwrap()
    }

    /// `POST /v1/checkout/sessions` requests the double received.
    pub fn creates(&self) -> Vec<clinicdesk_stripe_double::Recorded> {
        self.stripe.requests().into_iter().filter(|r| r.method == "POST" && r.path == "/v1/checkout/sessions").collect()
    }
}

pub fn code(r: clinicdesk_core::Result<impl std::fmt::Debug>) -> &'static str {
    match r {
        Err(e) => e.code(),
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

/// Every day open `opens`–`closes`.
pub async fn set_hours(desk: &Clinicdesk, opens: &str, closes: &str) {
    let days = (1..=7)
        .map(|weekday| OpeningDayForm { weekday, open: true, opens: opens.into(), closes: closes.into() })
        .collect();
    desk.save_opening_hours(OpeningHoursForm { days }.try_into().unwrap()).await.unwrap();
}
