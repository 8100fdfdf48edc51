//! A large clinic's data, for the benches and for timing the app's start:
//! 20 practitioners, 20 000 patients, about 100 000 appointments over two
//! years (each with its account: a charge, a third part-paid by card, a fifth
//! discounted), and today and tomorrow full: 40 fifteen-minute appointments
//! for each practitioner (800 a day, 08:00 to 18:00), the front desk's
//! busiest view. The clinic is open 07:00 to 19:00 every day.
//!
//! Shared by `benches/front_desk.rs` and `examples/large_clinic.rs` (which
//! writes such a data folder for `scripts/bench.sh`).
// Each of the two users takes only some of what is here.
#![allow(dead_code)]

use clinicdesk_core::domain::*;
use clinicdesk_core::dto::{
    AppointmentTypeDraft, AppointmentTypeForm, ClinicSettingsForm, OpeningDayForm, OpeningHoursForm, PricingForm,
};
use clinicdesk_core::Clinicdesk;
use jiff::{civil, tz::TimeZone, Timestamp};

pub const PRACTITIONERS: i64 = 20;
pub const PATIENTS: i64 = 20_000;
/// Days of history: 7 appointments a practitioner a day over 715 days is
/// 100 100 appointments, two years' worth.
pub const HISTORY_DAYS: i64 = 715;
const PER_DAY: i64 = 7;
/// Appointments per practitioner on each of the two full days.
pub const FULL_DAY: i64 = 40;
pub const TIME_ZONE: &str = "Australia/Sydney";
const FIRST_NAMES: [&str; 20] = [
    "Mia", "Noah", "Olivia", "Liam", "Ava", "Jack", "Isla", "Leo", "Grace", "Henry", "Zoe", "Oscar", "Ruby", "Lucas",
    "Chloe", "Max", "Ella", "Tom", "Ivy", "Sam",
];
const LAST_NAMES: [&str; 25] = [
    "Chen", "Smith", "Nguyen", "Brown", "Wilson", "Taylor", "Jones", "Lee", "Martin", "White", "Walker", "Hall",
    "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Hill", "Clark", "Lewis", "Wood", "Ross", "Kelly",
];

pub struct LargeClinic {
    pub desk: Clinicdesk,
    /// A 30-minute type without online payment (booking benches use it).
    pub type_id: AppointmentTypeId,
    /// Today in the clinic: 800 appointments (tomorrow too).
    pub full_day: civil::Date,
}

fn stamp(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string()
}

async fn create_type(desk: &Clinicdesk, name: &str, minutes: &str) -> AppointmentTypeId {
    let draft: AppointmentTypeDraft = AppointmentTypeForm {
        name: name.into(),
        description: String::new(),
        duration_minutes: minutes.into(),
        colour: "#0f766e".into(),
        pricing: PricingForm {
            price: "90".into(),
            online_mode: "disabled".into(),
            amount_rule: "full".into(),
            ..Default::default()
        },
        cancellation_fee: String::new(),
        no_show_fee: String::new(),
    }
    .try_into()
    .unwrap();
    desk.create_appointment_type(draft).await.unwrap().id
}

/// Creates the clinic in `dir` (which must not hold one), with `owner` and
/// `pin` as its owner, signed in.
pub async fn seed(dir: &std::path::Path, owner: &str, pin: &str) -> LargeClinic {
    let desk = Clinicdesk::open(dir).await.unwrap();
    desk.create_owner(owner, pin).await.unwrap();
    // Setting up takes a while: don't lock meanwhile.
    desk.save_security_settings(clinicdesk_core::staff::SecurityForm {
        idle_lock_minutes: "240".into(),
        receptionist_refund_limit: "100".into(),
    })
    .await
    .unwrap();
    desk.update_clinic_settings(
        ClinicSettingsForm {
            name: "Harbourside Allied Health".into(),
            time_zone: TIME_ZONE.into(),
            currency: "AUD".into(),
            ..Default::default()
        }
        .try_into()
        .unwrap(),
    )
    .await
    .unwrap();
    let days = (1..=7)
        .map(|weekday| OpeningDayForm { weekday, open: true, opens: "07:00".into(), closes: "19:00".into() })
        .collect();
    desk.save_opening_hours(OpeningHoursForm { days }.try_into().unwrap()).await.unwrap();
    let type_id = create_type(&desk, "Consultation", "30").await;
    let review = create_type(&desk, "Review", "15").await;
    for i in 0..PRACTITIONERS {
        desk.create_practitioner(PractitionerName::try_from(format!("Dr Practitioner {i:02}").as_str()).unwrap())
            .await
            .unwrap();
    }

    // Bulk data straight into the tables, in one transaction (the use cases
    // would take minutes for 100 000 rows and are not what is measured).
    let mut tx = desk.db().sqlite().expect("a SQLite clinic").begin().await.unwrap();
    for i in 0..PATIENTS {
        let (first, last) = (FIRST_NAMES[(i % 20) as usize], LAST_NAMES[((i / 20) % 25) as usize]);
        let email = format!("{}.{}{}@example.com", first.to_lowercase(), last.to_lowercase(), i);
        let phone = format!("04{:08}", 10_000_000 + i * 37);
        sqlx::query(
            "INSERT INTO patients (first_name, last_name, email, phone, notes, name_key, rname_key, email_key, phone_digits, created_at, updated_at)
             VALUES ($1, $2, $3, $4, '', $5, $6, $3, $4, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
        )
        .bind(first)
        .bind(format!("{last}{}", i / 500))
        .bind(&email)
        .bind(&phone)
        .bind(format!("{} {}{}", first.to_lowercase(), last.to_lowercase(), i / 500))
        .bind(format!("{}{} {}", last.to_lowercase(), i / 500, first.to_lowercase()))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    let tz = TimeZone::get(TIME_ZONE).unwrap();
    let today = Timestamp::now().to_zoned(tz.clone()).date();
    let insert = |patient: i64,
                  practitioner: i64,
                  kind: AppointmentTypeId,
                  name: &'static str,
                  s: Timestamp,
                  e: Timestamp| {
        sqlx::query(
            "INSERT INTO appointments (patient_id, practitioner_id, appointment_type_id, starts_at, ends_at, state, type_name, colour,
                                       price_minor, currency, payment_mode, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'booked', $6, '#0f766e', 9000, 'AUD', 'disabled', $4, $4)",
        )
        .bind(patient)
        .bind(practitioner)
        .bind(kind.0)
        .bind(stamp(s))
        .bind(stamp(e))
        .bind(name)
    };
    // History: HISTORY_DAYS days ending the day before yesterday, from 09:00.
    let mut n = 0;
    for back in (2..HISTORY_DAYS + 2).rev() {
        let day = today.checked_sub(jiff::Span::new().days(back)).unwrap();
        let nine = day.at(9, 0, 0, 0).to_zoned(tz.clone()).unwrap().timestamp();
        for p in 1..=PRACTITIONERS {
            for k in 0..PER_DAY {
                let s = nine + jiff::SignedDuration::from_mins(30 * k);
                insert(1 + n % PATIENTS, p, type_id, "Consultation", s, s + jiff::SignedDuration::from_mins(30))
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                n += 1;
            }
        }
    }
    // Today and tomorrow: 40 fifteen-minute appointments each, from 08:00.
    for ahead in 0..2 {
        let day = today.checked_add(jiff::Span::new().days(ahead)).unwrap();
        let eight = day.at(8, 0, 0, 0).to_zoned(tz.clone()).unwrap().timestamp();
        for p in 1..=PRACTITIONERS {
            for k in 0..FULL_DAY {
                let s = eight + jiff::SignedDuration::from_mins(15 * k);
                insert(1 + n % PATIENTS, p, review, "Review", s, s + jiff::SignedDuration::from_mins(15))
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                n += 1;
            }
        }
    }
    // Every appointment's account: its service charge; a third part-paid by
    // card, a fifth with a discount.
    sqlx::raw_sql(
        "INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, charge_for, taken_by, at)
         SELECT id, 'charge', price_minor, currency, 'service', 'bench', created_at FROM appointments;
         INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, method, taken_by, at)
         SELECT id, 'payment', 4500, currency, 'card', 'bench', created_at FROM appointments WHERE id % 3 = 0;
         INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, percent, note, taken_by, at)
         SELECT id, 'discount', 900, currency, 10, 'Pensioner', 'bench', created_at FROM appointments WHERE id % 5 = 0;",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    sqlx::query("ANALYZE").execute(desk.db().sqlite().unwrap()).await.unwrap();
    LargeClinic { desk, type_id, full_day: today }
}
