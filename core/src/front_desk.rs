//! Use cases: the day calendar, booking, and an appointment's life.

use crate::app::Clinicdesk;
use crate::db::{self, appointments::AppointmentRow};
use crate::domain::*;
use crate::dto::BookingDraft;
use crate::error::{Error, FieldError, Result};
use crate::patients::Patient;
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{civil, Timestamp, ToSpan};
use serde::Serialize;
use serde_json::json;

/// A booking may start up to this long ago (a walk-in typed a minute late).
const PAST_GRACE_MINUTES: i64 = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayView {
    pub date: String,
    pub today: String,
    pub previous: String,
    pub next: String,
    pub time_zone: String,
    pub slot_minutes: i64,
    pub closed: bool,
    pub hours: Option<HoursLabel>,
    pub rows: Vec<SlotRow>,
    pub practitioners: Vec<PractitionerColumn>,
    pub appointments: Vec<AppointmentCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoursLabel {
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlotRow {
    pub index: i64,
    pub starts_at: String,
    pub label: String,
    pub within_hours: bool,
    pub past: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PractitionerColumn {
    pub id: PractitionerId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentCard {
    pub id: AppointmentId,
    pub practitioner_id: PractitionerId,
    pub row: i64,
    pub row_span: i64,
    pub starts_at: String,
    pub ends_at: String,
    pub start_label: String,
    pub end_label: String,
    pub patient_name: String,
    pub type_name: String,
    pub colour: String,
    pub state: AppointmentState,
    pub payment: Option<PaymentSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    None,
    Creating,
    Open,
    Processing,
    Paid,
    Failed,
    Expired,
}

impl PaymentStatus {
    pub(crate) fn from_attempt(status: Option<&str>) -> PaymentStatus {
        match status {
            Some("creating") => PaymentStatus::Creating,
            Some("open") => PaymentStatus::Open,
            Some("processing") => PaymentStatus::Processing,
            Some("paid") => PaymentStatus::Paid,
            Some("failed") => PaymentStatus::Failed,
            Some("expired") | Some("abandoned") => PaymentStatus::Expired,
            _ => PaymentStatus::None,
        }
    }
}

/// What the calendar and the panel say about online payment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSummary {
    pub status: PaymentStatus,
    pub amount: Money,
    pub paid_amount: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    pub id: AppointmentId,
    pub state: AppointmentState,
    pub starts_at: String,
    pub ends_at: String,
    pub local_date: String,
    pub start_label: String,
    pub end_label: String,
    pub time_zone: String,
    pub patient: Patient,
    pub practitioner: PractitionerColumn,
    #[serde(rename = "type")]
    pub appointment_type: TypeRef,
    pub price: Money,
    pub payment_mode: PaymentMode,
    pub online_amount: Option<Money>,
    pub override_reason: Option<String>,
    pub payment: Option<PaymentSummary>,
    pub link: Option<PaymentLink>,
    pub payment_problem: Option<Problem>,
    pub actions: Vec<&'static str>,
    pub payments: Vec<PaymentLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeRef {
    pub id: AppointmentTypeId,
    pub name: String,
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentLink {
    pub url: String,
    pub expires_at: String,
    pub expires_label: String,
    pub qr_svg: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentLine {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub amount: Money,
    pub checkout_session_id: Option<String>,
    pub payment_intent_id: Option<String>,
    pub created_at: String,
    pub paid_at: Option<String>,
}

/// A wall-clock time on a date in `tz`. A time the clocks skip (the hour
/// lost when summer time starts) is refused; a time that happens twice (the
/// hour repeated when it ends) is taken the first time.
pub(crate) fn local_instant(tz: &TimeZone, date: civil::Date, minutes: i64) -> Option<Timestamp> {
    let dt = date.to_datetime(civil::Time::midnight()).checked_add((minutes as i32).minutes()).ok()?;
    let ambiguous = tz.to_ambiguous_zoned(dt);
    match ambiguous.offset() {
        AmbiguousOffset::Gap { .. } => None,
        _ => ambiguous.compatible().ok().map(|z| z.timestamp()),
    }
}

fn label(ts: Timestamp, tz: &TimeZone) -> String {
    let time = tz.to_datetime(ts);
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// The first instant of a day, even on a day that starts with a DST gap.
fn day_start(tz: &TimeZone, date: civil::Date) -> Result<Timestamp> {
    Ok(date.to_zoned(tz.clone()).map_err(|e| Error::Corrupt(e.to_string()))?.timestamp())
}

fn parse_money(minor: i64, currency: &str) -> Result<Money> {
    let currency = parse_currency(currency).map_err(|_| Error::Corrupt(format!("unknown currency {currency:?}")))?;
    Ok(Money::new(minor, currency))
}

impl Clinicdesk {
    /// Today's date in the clinic's time zone.
    pub async fn clinic_today(&self) -> Result<civil::Date> {
        Ok(Timestamp::now().to_zoned(self.clinic_time_zone().await?).date())
    }

    pub async fn day_view(&self, date: Option<civil::Date>) -> Result<DayView> {
        // One read of the clinic row: the day view is the screen refreshed most.
        let clinic = db::clinic::get(&self.db).await?;
        let tz = TimeZone::get(&clinic.time_zone)
            .map_err(|_| Error::Corrupt(format!("time zone {:?}", clinic.time_zone)))?;
        let now = Timestamp::now();
        let today = tz.to_datetime(now).date();
        let date = date.unwrap_or(today);
        let slot = clinic.slot_minutes;
        let hours = self.weekly_hours().await?.on(date.weekday().to_monday_one_offset());
        let start_of_day = day_start(&tz, date)?;
        let next_day = date.tomorrow().map_err(|e| Error::Corrupt(e.to_string()))?;
        let end_of_day = day_start(&tz, next_day)?;

        // The grid spans the opening hours (09:00–17:00 when closed), widened
        // to show any appointment outside them.
        let (open_min, close_min) = hours.map_or((9 * 60, 17 * 60), |h| (h.opens, h.closes));
        let resolve =
            |m: i64| local_instant(&tz, date, m).or_else(|| local_instant(&tz, date, m + 60)).unwrap_or(start_of_day);
        let open_ts = if open_min >= 1440 { end_of_day } else { resolve(open_min) };
        let close_ts = if close_min >= 1440 { end_of_day } else { resolve(close_min) };
        let cards = db::appointments::cards_between(
            &self.db,
            &db::instant(start_of_day),
            &db::instant(end_of_day),
            &db::appointments::earliest_overlapping_start(start_of_day),
        )
        .await?;
        let mut grid_start = open_ts;
        let mut grid_end = close_ts;
        for c in &cards {
            let (s, e) = (db::parse_instant(&c.starts_at)?, db::parse_instant(&c.ends_at)?);
            grid_start = grid_start.min(s.max(start_of_day));
            grid_end = grid_end.max(e.min(end_of_day));
        }
        // Align the grid's start to the slot length on the wall clock.
        let offset_min = (grid_start.as_second() - start_of_day.as_second()) / 60;
        grid_start = Timestamp::from_second(grid_start.as_second() - (offset_min % slot) * 60)
            .map_err(|e| Error::Corrupt(e.to_string()))?;

        let mut rows = Vec::new();
        let mut t = grid_start;
        let step = slot * 60;
        while t < grid_end {
            let index = rows.len() as i64;
            rows.push(SlotRow {
                index,
                starts_at: db::instant(t),
                label: label(t, &tz),
                within_hours: hours.is_some() && t >= open_ts && t < close_ts,
                past: t.as_second() + step <= now.as_second(),
            });
            t = Timestamp::from_second(t.as_second() + step).map_err(|e| Error::Corrupt(e.to_string()))?;
        }

        let mut appointments = Vec::with_capacity(cards.len());
        for c in cards {
            let (s, e) = (db::parse_instant(&c.starts_at)?, db::parse_instant(&c.ends_at)?);
            let first = (s.max(grid_start).as_second() - grid_start.as_second()) / step;
            let last = ((e.min(grid_end).as_second() - grid_start.as_second()) + step - 1) / step;
            let state =
                AppointmentState::parse(&c.state).ok_or_else(|| Error::Corrupt(format!("state {:?}", c.state)))?;
            let payment = match c.online_amount_minor {
                None => None,
                Some(amount) => Some(PaymentSummary {
                    status: PaymentStatus::from_attempt(c.payment_status.as_deref()),
                    amount: parse_money(amount, &c.currency)?,
                    paid_amount: (c.paid_minor > 0).then(|| parse_money(c.paid_minor, &c.currency)).transpose()?,
                }),
            };
            appointments.push(AppointmentCard {
                id: AppointmentId(c.id),
                practitioner_id: PractitionerId(c.practitioner_id),
                row: first,
                row_span: (last - first).max(1),
                start_label: label(s, &tz),
                end_label: label(e, &tz),
                starts_at: c.starts_at,
                ends_at: c.ends_at,
                patient_name: format!("{} {}", c.first_name, c.last_name),
                type_name: c.type_name,
                colour: c.colour,
                state,
                payment,
            });
        }
        let mut practitioners: Vec<PractitionerColumn> = self
            .list_practitioners(false)
            .await?
            .into_iter()
            .map(|p| PractitionerColumn { id: p.id, name: p.name })
            .collect();
        // An inactive practitioner's existing appointments still show.
        for a in &appointments {
            if !practitioners.iter().any(|p| p.id == a.practitioner_id) {
                if let Some(p) = db::practitioners::get(&self.db, a.practitioner_id.0).await? {
                    practitioners.push(PractitionerColumn { id: PractitionerId(p.id), name: p.name });
                }
            }
        }
        Ok(DayView {
            date: date.to_string(),
            today: today.to_string(),
            previous: date.yesterday().map_err(|e| Error::Corrupt(e.to_string()))?.to_string(),
            next: next_day.to_string(),
            time_zone: tz.iana_name().unwrap_or("UTC").to_string(),
            slot_minutes: slot,
            closed: hours.is_none(),
            hours: hours.map(|h| HoursLabel { opens: clock_label(h.opens), closes: clock_label(h.closes) }),
            rows,
            practitioners,
            appointments,
        })
    }

    /// Books an appointment. The overlap check and the insert happen in one
    /// write transaction, so of two workstations booking the same slot at
    /// once exactly one succeeds; the other is told the slot was just taken.
    pub async fn book_appointment(&self, draft: BookingDraft) -> Result<Appointment> {
        let settings = db::clinic::get(&self.db).await?;
        let tz = TimeZone::get(&settings.time_zone)
            .map_err(|_| Error::Corrupt(format!("time zone {:?}", settings.time_zone)))?;
        let hours = self.weekly_hours().await?;
        let appointment_type = match self.appointment_type(draft.appointment_type).await {
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
        let practitioner = db::practitioners::get(&self.db, draft.practitioner.0)
            .await?
            .ok_or_else(|| Error::field("practitionerId", "not_found", "That practitioner no longer exists."))?;
        if !practitioner.active {
            return Err(Error::field(
                "practitionerId",
                "practitioner_inactive",
                format!("{} is not taking bookings (inactive).", practitioner.name),
            ));
        }
        db::patients::get(&self.db, draft.patient.0)
            .await?
            .ok_or_else(|| Error::field("patientId", "not_found", "That patient no longer exists."))?;

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
        let now = Timestamp::now();
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

        let mode = appointment_type.online.mode;
        let online_amount = appointment_type.online_amount;
        let needs_payment = mode == PaymentMode::Required && draft.override_reason.is_none();
        if needs_payment && self.payment_key().await?.is_none() {
            return Err(Error::field(
                "overrideReason",
                "stripe_not_ready",
                "Online payment isn't available (Stripe is not connected or its key was refused). To book anyway, give a reason for booking without payment.",
            ));
        }
        let state = if needs_payment { AppointmentState::AwaitingPayment } else { AppointmentState::Booked };
        let override_reason = if mode == PaymentMode::Required { draft.override_reason.as_ref() } else { None };

        let (starts_at, ends_at) = (db::instant(start), db::instant(end));
        let stamp = db::now();
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
            state: state.as_str(),
            type_name: &appointment_type.name,
            colour: &appointment_type.colour,
            price_minor: appointment_type.price.minor,
            currency: appointment_type.price.currency.code(),
            payment_mode: mode.as_str(),
            online_amount_minor: online_amount.map(|m| m.minor),
            override_reason: override_reason.map(|r| r.as_str()),
        };
        let id = match db::appointments::insert(&mut *tx, &new, &stamp).await {
            Err(Error::Database(e)) if e.to_string().contains("slot_taken") => {
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
        let attempt = match (needs_payment, online_amount) {
            (true, Some(amount)) => Some(self.new_attempt(&mut tx, id, amount, settings.hold_minutes).await?),
            _ => None,
        };
        tx.commit().await?;

        let problem = match attempt {
            Some(payment_id) => self.send_attempt(payment_id).await?,
            None => None,
        };
        self.appointment_with_problem(AppointmentId(id), problem).await
    }

    pub async fn appointment(&self, id: AppointmentId) -> Result<Appointment> {
        self.appointment_with_problem(id, None).await
    }

    pub(crate) async fn appointment_row(&self, id: AppointmentId) -> Result<AppointmentRow> {
        db::appointments::get(&self.db, id.0).await?.ok_or(Error::NotFound { entity: "appointment", id: id.0 })
    }

    pub(crate) async fn appointment_with_problem(
        &self,
        id: AppointmentId,
        problem: Option<Problem>,
    ) -> Result<Appointment> {
        let row = self.appointment_row(id).await?;
        let tz = self.clinic_time_zone().await?;
        let patient = self.patient(PatientId(row.patient_id)).await?;
        let practitioner = db::practitioners::get(&self.db, row.practitioner_id)
            .await?
            .ok_or(Error::NotFound { entity: "practitioner", id: row.practitioner_id })?;
        let state =
            AppointmentState::parse(&row.state).ok_or_else(|| Error::Corrupt(format!("state {:?}", row.state)))?;
        let mode = PaymentMode::try_from(row.payment_mode.as_str()).map_err(|e| Error::Corrupt(e.message))?;
        let price = parse_money(row.price_minor, &row.currency)?;
        let online_amount = row.online_amount_minor.map(|m| parse_money(m, &row.currency)).transpose()?;
        let payments = db::payments::for_appointment(&self.db, row.id).await?;
        let latest = payments.last();
        let paid_minor: i64 = payments.iter().filter(|p| p.status == "paid").map(|p| p.amount_minor).sum();
        let payment = online_amount.map(|amount| -> Result<PaymentSummary> {
            Ok(PaymentSummary {
                status: PaymentStatus::from_attempt(latest.map(|p| p.status.as_str())),
                amount,
                paid_amount: (paid_minor > 0).then(|| parse_money(paid_minor, &row.currency)).transpose()?,
            })
        });
        let payment = payment.transpose()?;
        let open = payments.iter().rev().find(|p| p.status == "open");
        let link = match open.and_then(|p| Some((p.url.clone()?, p.expires_at.clone()?))) {
            Some((url, expires_at)) => Some(PaymentLink {
                qr_svg: crate::payments::qr_svg(&url),
                expires_label: label(db::parse_instant(&expires_at)?, &tz),
                url,
                expires_at,
            }),
            None => None,
        };
        let problem = problem.or_else(|| {
            let p = latest?;
            match p.status.as_str() {
                "creating" => Some(Problem {
                    code: "stripe_pending".into(),
                    message: "Stripe has not confirmed the payment link yet. Retry to ask again; the patient can't be charged twice.".into(),
                }),
                "failed" if p.paid_at.is_none() => Some(Problem {
                    code: p.failure_code.clone().unwrap_or_else(|| "payment_failed".into()),
                    message: p.failure_message.clone().unwrap_or_else(|| "Stripe refused to create the payment link.".into()),
                }),
                _ => None,
            }
        });
        let pending = payments.iter().any(|p| matches!(p.status.as_str(), "creating" | "open" | "processing"));
        let paid = paid_minor > 0;
        let mut actions = Vec::new();
        use AppointmentState::*;
        match state {
            AwaitingPayment => {
                actions.extend(["release_hold", "book_without_payment"]);
                if latest.is_some_and(|p| matches!(p.status.as_str(), "creating" | "failed" | "expired" | "abandoned"))
                {
                    actions.push("retry_payment_link");
                }
            }
            Booked => actions.extend(["arrive", "no_show", "cancel"]),
            Arrived => actions.extend(["complete", "cancel"]),
            _ => {}
        }
        if mode == PaymentMode::Allowed && matches!(state, Booked | Arrived | Completed) && !paid && !pending {
            actions.push("send_payment_link");
        }
        if link.is_some() && !patient.email.is_empty() {
            actions.push("email_payment_link");
        }
        let start = db::parse_instant(&row.starts_at)?;
        Ok(Appointment {
            id,
            state,
            local_date: start.to_zoned(tz.clone()).date().to_string(),
            start_label: label(start, &tz),
            end_label: label(db::parse_instant(&row.ends_at)?, &tz),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            time_zone: tz.iana_name().unwrap_or("UTC").to_string(),
            patient,
            practitioner: PractitionerColumn { id: PractitionerId(practitioner.id), name: practitioner.name },
            appointment_type: TypeRef {
                id: AppointmentTypeId(row.appointment_type_id),
                name: row.type_name,
                colour: row.colour,
            },
            price,
            payment_mode: mode,
            online_amount,
            override_reason: row.override_reason,
            payment,
            link,
            payment_problem: problem,
            actions,
            payments: payments
                .iter()
                .map(|p| -> Result<PaymentLine> {
                    Ok(PaymentLine {
                        id: p.id,
                        kind: p.kind.clone(),
                        status: p.status.clone(),
                        amount: parse_money(p.amount_minor, &p.currency)?,
                        checkout_session_id: p.checkout_session_id.clone(),
                        payment_intent_id: p.payment_intent_id.clone(),
                        created_at: p.created_at.clone(),
                        paid_at: p.paid_at.clone(),
                    })
                })
                .collect::<Result<_>>()?,
        })
    }

    /// Moves an appointment along its workflow (arrived, completed, no-show,
    /// cancelled). Cancelling one that awaits payment releases its hold.
    pub async fn set_appointment_state(&self, id: AppointmentId, to: AppointmentState) -> Result<Appointment> {
        let row = self.appointment_row(id).await?;
        let from = AppointmentState::parse(&row.state).ok_or_else(|| Error::Corrupt(row.state.clone()))?;
        if from == AppointmentState::AwaitingPayment && to == AppointmentState::Cancelled {
            return self.release_hold(id).await;
        }
        if !matches!(
            to,
            AppointmentState::Arrived
                | AppointmentState::Completed
                | AppointmentState::NoShow
                | AppointmentState::Cancelled
        ) || !from.can_become(to)
        {
            return Err(invalid_transition(from, to));
        }
        // A link still open on a cancelled appointment must stop working.
        if to == AppointmentState::Cancelled {
            self.expire_open_attempts(id).await?;
        }
        let now = db::now();
        let mut tx = self.write().await?;
        if db::appointments::transition(&mut *tx, id.0, from.as_str(), to.as_str(), &now).await? == 0 {
            return Err(changed_elsewhere());
        }
        let change = (Some(json!({ "state": from.as_str() })), Some(json!({ "state": to.as_str() })));
        self.audit(&mut tx, &now, "appointment", id.0, "state_changed", change).await?;
        tx.commit().await?;
        self.appointment(id).await
    }
}

pub(crate) fn slot_taken(practitioner: &str) -> Error {
    Error::Validation(vec![FieldError::new(
        "time",
        "slot_taken",
        format!("That slot was just taken: {practitioner} already has an appointment then. Pick another time."),
    )])
}

pub(crate) fn invalid_transition(from: AppointmentState, to: AppointmentState) -> Error {
    Error::Refused {
        code: "invalid_transition",
        message: format!(
            "An appointment that is {} can't become {}.",
            from.as_str().replace('_', " "),
            to.as_str().replace('_', " ")
        ),
    }
}

pub(crate) fn changed_elsewhere() -> Error {
    Error::Refused {
        code: "changed_elsewhere",
        message:
            "This appointment was just changed on another workstation. It has been reloaded; check it and try again."
                .into(),
    }
}
