//! Booking: the rules a new appointment must meet, and the overlap check
//! and insert in one write transaction.

use super::time::{label, local_instant};
use super::view::Appointment;
use crate::account::forms::DiscountBy;
use crate::app::Clinicdesk;
use crate::db;
use crate::db::account_entries::NewEntry;
use crate::domain::appointment_type::amount_error;
use crate::domain::*;
use crate::dto::BookingDraft;
use crate::error::{Error, FieldError, Result};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::json;

/// A booking may start up to this long ago (a walk-in typed a minute late).
const PAST_GRACE_MINUTES: i64 = 5;

impl Clinicdesk {
    /// Books an appointment. The overlap check and the insert happen in one
    /// write transaction, so of two workstations booking the same slot at
    /// once exactly one succeeds; the other is told the slot was just taken.
    pub async fn book_appointment(&self, draft: BookingDraft) -> Result<Appointment> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        // What the checks need, read at once (each read is a round trip on
        // the clinic server); the answers are judged in the form's order.
        let (settings, hours, appointment_type, practitioner, patient) = tokio::join!(
            db::clinic::get(&self.db),
            self.weekly_hours(),
            self.appointment_type(draft.appointment_type),
            db::practitioners::get(&self.db, draft.practitioner.0),
            db::patients::get(&self.db, draft.patient.0),
        );
        let settings = settings?;
        let tz = TimeZone::get(&settings.time_zone)
            .map_err(|_| Error::Corrupt(format!("time zone {:?}", settings.time_zone)))?;
        let hours = hours?;
        let appointment_type = match appointment_type {
            Err(Error::NotFound { .. }) => {
                return Err(Error::field("appointmentTypeId", "not_found", "That appointment type no longer exists."))
            }
            other => other?,
        };
        if appointment_type.archived {
            return Err(Error::field(
                "appointmentTypeId",
                "type_archived",
                "This appointment type is archived; choose another or restore it in Settings.",
            ));
        }
        let practitioner = practitioner?
            .ok_or_else(|| Error::field("practitionerId", "not_found", "That practitioner no longer exists."))?;
        if !practitioner.active {
            return Err(Error::field(
                "practitionerId",
                "practitioner_inactive",
                format!("{} is not taking bookings (inactive).", practitioner.name),
            ));
        }
        patient?.ok_or_else(|| Error::field("patientId", "not_found", "That patient no longer exists."))?;

        let start = local_instant(&tz, draft.date, draft.minutes).ok_or_else(|| {
            Error::field(
                "time",
                "no_such_time",
                format!(
                    "{} doesn't exist on that day: the clocks go forward. Choose another time.",
                    clock_label(draft.minutes)
                ),
            )
        })?;
        let duration = i64::from(appointment_type.duration_minutes);
        let end =
            Timestamp::from_second(start.as_second() + duration * 60).map_err(|e| Error::Corrupt(e.to_string()))?;
        let now = self.now();
        if start.as_second() < now.as_second() - PAST_GRACE_MINUTES * 60 {
            return Err(Error::field("time", "in_past", "That time has already passed. Choose a time from now on."));
        }
        if !settings.allow_outside_hours {
            let end_local = end.to_zoned(tz.clone());
            let end_minutes = if end_local.date() == draft.date {
                i64::from(end_local.hour()) * 60 + i64::from(end_local.minute())
            } else if end_local.date() == draft.date.tomorrow().unwrap_or(draft.date)
                && end_local.hour() == 0
                && end_local.minute() == 0
            {
                1440
            } else {
                i64::MAX
            };
            let within = hours
                .on(draft.date.weekday().to_monday_one_offset())
                .is_some_and(|h| draft.minutes >= h.opens && end_minutes <= h.closes);
            if !within {
                let message = match hours.on(draft.date.weekday().to_monday_one_offset()) {
                    Some(h) => format!(
                        "The clinic is open {}–{} that day; this appointment would run {}–{}.",
                        clock_label(h.opens),
                        clock_label(h.closes),
                        clock_label(draft.minutes),
                        label(end, &tz)
                    ),
                    None => "The clinic is closed that day.".to_string(),
                };
                return Err(Error::Validation(vec![FieldError::new("time", "outside_hours", message)]));
            }
        }

        // A discount given while booking lowers the price before the online
        // amount is worked out: the type's rule takes its share of what is
        // left. Nothing left to pay online means no online payment.
        let discount = self.booking_discount(&draft, appointment_type.price).await?;
        let discounted = Money::new(
            appointment_type.price.minor - discount.map_or(0, |d| d.amount.minor),
            appointment_type.price.currency,
        );
        let online_amount =
            appointment_type.online.amount(discounted).map(|m| Money::new(m.minor.min(discounted.minor), m.currency));
        if let Some(online) = online_amount.filter(|m| m.minor > 0) {
            let min = online.currency.min_charge();
            if discount.is_some() && online.minor < min.minor {
                return Err(Error::Validation(vec![FieldError::new(
                    discount.map_or("discountAmount", |d| d.field),
                    "below_minimum_charge",
                    format!("After this discount {online} would be paid online, below Stripe's minimum of {min}."),
                )
                .with("amountMinor", online.minor)
                .with("minimumMinor", min.minor)]));
            }
        }
        let online_amount = online_amount.filter(|m| m.minor > 0);
        let mode = if online_amount.is_none() { PaymentMode::Disabled } else { appointment_type.online.mode };
        let needs_payment = mode == PaymentMode::Required && draft.override_reason.is_none();
        if needs_payment {
            if let Some((code, why)) = self.online_payments_unavailable().await? {
                return Err(Error::field(
                    "overrideReason",
                    code,
                    format!("Online payment isn't available ({why}). To book anyway, give a reason for booking without payment."),
                ));
            }
        }
        let state = if needs_payment { AppointmentState::AwaitingPayment } else { AppointmentState::Booked };
        let override_reason = if mode == PaymentMode::Required { draft.override_reason.as_ref() } else { None };

        let (starts_at, ends_at) = (db::instant(start), db::instant(end));
        let stamp = db::stamp(now);
        let mut tx = self.write().await?;
        let earliest = db::appointments::earliest_overlapping_start(start);
        if db::appointments::overlapping(&mut *tx, practitioner.id, &starts_at, &ends_at, &earliest).await?.is_some() {
            return Err(slot_taken(&practitioner.name));
        }
        let new = db::appointments::NewAppointment {
            patient_id: draft.patient.0,
            practitioner_id: practitioner.id,
            appointment_type_id: appointment_type.id.0,
            starts_at: &starts_at,
            ends_at: &ends_at,
            state,
            type_name: &appointment_type.name,
            colour: &appointment_type.colour,
            price_minor: appointment_type.price.minor,
            currency: appointment_type.price.currency.code(),
            payment_mode: mode,
            online_amount_minor: online_amount.map(|m| m.minor),
            override_reason: override_reason.map(|r| r.as_str()),
            cancellation_fee_minor: appointment_type.cancellation_fee.map(|f| f.minor),
            no_show_fee_minor: appointment_type.no_show_fee.map(|f| f.minor),
        };
        let id = match db::appointments::insert(&mut *tx, &new, &stamp).await {
            // SQLite's trigger says slot_taken; PostgreSQL's exclusion constraint
            // refuses with 23P01 (both behind the check above and the write lock).
            Err(Error::Database(sqlx::Error::Database(e)))
                if e.message().contains("slot_taken") || e.code().as_deref() == Some("23P01") =>
            {
                return Err(slot_taken(&practitioner.name))
            }
            other => other?,
        };
        let snapshot = json!({
            "state": state.as_str(), "startsAt": starts_at, "endsAt": ends_at, "patientId": draft.patient.0,
            "practitionerId": practitioner.id, "appointmentTypeId": appointment_type.id.0,
            "typeName": appointment_type.name, "priceMinor": appointment_type.price.minor,
            "currency": appointment_type.price.currency.code(), "paymentMode": mode.as_str(),
            "onlineAmountMinor": online_amount.map(|m| m.minor),
        });
        self.audit(&mut tx, &stamp, "appointment", id, "booked", (None, Some(snapshot))).await?;
        if let Some(reason) = override_reason {
            self.audit(
                &mut tx,
                &stamp,
                "appointment",
                id,
                "booked_without_payment",
                (None, Some(json!({ "reason": reason.as_str() }))),
            )
            .await?;
        }
        // The account: the service at its price, and the discount given.
        let currency = appointment_type.price.currency.code();
        if appointment_type.price.minor > 0 {
            let mut service = NewEntry::new(id, EntryKind::Charge, appointment_type.price.minor, currency);
            service.charge_for = Some(ChargeFor::Service);
            self.append_entry(&mut tx, &service, &stamp).await?;
        }
        if let Some(d) = discount {
            let mut entry = NewEntry::new(id, EntryKind::Discount, d.amount.minor, currency);
            entry.percent = d.percent;
            entry.concession_id = d.concession;
            entry.note = d.reason;
            self.append_entry(&mut tx, &entry, &stamp).await?;
        }
        let attempt = match (needs_payment, online_amount) {
            (true, Some(amount)) => {
                let row =
                    db::appointments::get(&mut *tx, id).await?.ok_or(Error::NotFound { entity: "appointment", id })?;
                Some(self.new_attempt(&mut tx, &row, amount, AttemptKind::Booking).await?)
            }
            _ => None,
        };
        tx.commit().await?;

        let problem = match attempt {
            Some(payment_id) => self.send_attempt(payment_id).await?,
            None => None,
        };
        self.appointment_with_problem(AppointmentId(id), problem).await
    }
}

/// A discount given while booking, worked out against the type's price.
#[derive(Clone, Copy)]
struct BookingDiscount<'a> {
    amount: Money,
    percent: Option<i64>,
    concession: Option<i64>,
    reason: Option<&'a str>,
    /// The booking form's field it came from.
    field: &'static str,
}

impl Clinicdesk {
    async fn booking_discount<'a>(&self, draft: &'a BookingDraft, price: Money) -> Result<Option<BookingDiscount<'a>>> {
        let Some(d) = &draft.discount else { return Ok(None) };
        let reason = d.reason.as_ref().map(|r| r.as_str());
        let (amount, percent, concession, field) = match d.by {
            DiscountBy::Amount(a) => {
                let amount = a
                    .to_money(price.currency)
                    .map_err(|e| Error::Validation(vec![amount_error(e).at("discountAmount")]))?;
                (amount, None, None, "discountAmount")
            }
            DiscountBy::Percent(p) => (price.percent(p), Some(i64::from(p.get())), None, "discountPercent"),
            DiscountBy::Concession(c) => {
                let concession = db::concessions::get(&self.db, c).await?.filter(|c| !c.archived).ok_or_else(|| {
                    Error::field("discountConcessionId", "not_found", "That concession no longer exists.")
                })?;
                let p =
                    Percentage::new(concession.percent).ok_or_else(|| Error::Corrupt("concession percent".into()))?;
                (price.percent(p), Some(concession.percent), Some(c), "discountConcessionId")
            }
        };
        if amount.minor <= 0 {
            return Err(Error::field(field, "not_positive", "Enter a discount more than zero."));
        }
        if amount.minor > price.minor {
            return Err(Error::Validation(vec![FieldError::new(
                field,
                "exceeds_balance",
                format!("A discount can't be more than the price ({price})."),
            )
            .with("owingMinor", price.minor)]));
        }
        Ok(Some(BookingDiscount { amount, percent, concession, reason, field }))
    }
}

pub(crate) fn slot_taken(practitioner: &str) -> Error {
    Error::Validation(vec![FieldError::new(
        "time",
        "slot_taken",
        format!("That slot was just taken: {practitioner} already has an appointment then. Pick another time."),
    )])
}
