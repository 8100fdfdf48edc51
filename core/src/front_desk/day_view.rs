//! The day calendar: one column per practitioner, rows at the clinic's slot
//! length in real time (so a DST day has one row more or less).

use super::time::{day_start, label, local_instant, parse_money};
use super::view::*;
use crate::app::Clinicdesk;
use crate::db;
use crate::domain::*;
use crate::error::{Error, Result};
use jiff::tz::TimeZone;
use jiff::{civil, Timestamp};

impl Clinicdesk {
    /// Today's date in the clinic's time zone.
    pub async fn clinic_today(&self) -> Result<civil::Date> {
        Ok(self.now().to_zoned(self.clinic_time_zone().await?).date())
    }

    pub async fn day_view(&self, date: Option<civil::Date>) -> Result<DayView> {
        let who = self.allow(crate::domain::Permission::SeeDay)?;
        // The screen refreshed most: two rounds of reads, each on its own
        // connections at once (on the clinic server every read is a round
        // trip): the clinic row and its hours, then the day's cards (each
        // with its account's totals, kept on its row) and the practitioners.
        let (clinic, weekly) =
            tokio::try_join!(db::clinic::get(&self.db), crate::practitioners::weekly_hours(&self.db))?;
        let tz = TimeZone::get(&clinic.time_zone)
            .map_err(|_| Error::Corrupt(format!("time zone {:?}", clinic.time_zone)))?;
        let now = self.now();
        let today = tz.to_datetime(now).date();
        let date = date.unwrap_or(today);
        let slot = clinic.slot_minutes;
        let hours = weekly.on(date.weekday().to_monday_one_offset());
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
        let (from, to) = (db::instant(start_of_day), db::instant(end_of_day));
        let earliest = db::appointments::earliest_overlapping_start(start_of_day);
        let (cards, listed) = tokio::try_join!(
            db::appointments::cards_between(&self.db, &from, &to, &earliest),
            db::practitioners::list(&self.db, false),
        )?;
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
            let state = c.state;
            let totals = c.totals();
            let payment = match c.online_amount_minor {
                None => None,
                Some(amount) => Some(PaymentSummary {
                    status: PaymentStatus::of(c.payment_status),
                    amount: parse_money(amount, &c.currency)?,
                    paid_amount: (c.paid_online_minor > 0)
                        .then(|| parse_money(c.paid_online_minor, &c.currency))
                        .transpose()?,
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
                patient_name: c.patient_name,
                type_name: c.type_name,
                colour: c.colour,
                state,
                payment,
                account: AccountSummary {
                    status: totals.status(),
                    balance: parse_money(totals.balance(), &c.currency)?,
                },
            });
        }
        let mut practitioners: Vec<PractitionerColumn> =
            listed.into_iter().map(|p| PractitionerColumn { id: PractitionerId(p.id), name: p.name }).collect();
        // An inactive practitioner's existing appointments still show.
        for a in &appointments {
            if !practitioners.iter().any(|p| p.id == a.practitioner_id) {
                if let Some(p) = db::practitioners::get(&self.db, a.practitioner_id.0).await? {
                    practitioners.push(PractitionerColumn { id: PractitionerId(p.id), name: p.name });
                }
            }
        }
        // A practitioner's calendar is their own column.
        if let Some(own) = who.own_column() {
            practitioners.retain(|p| p.id.0 == own);
            appointments.retain(|a| a.practitioner_id.0 == own);
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
}
