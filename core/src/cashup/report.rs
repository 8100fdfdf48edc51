//! "End of day" for one day: the live figures of an open day, or the
//! figures frozen when it was closed and the later changes to its money.

use super::figures::{signed_amount, DayFigures, Inputs};
use super::forms::CashDay;
use crate::app::Clinicdesk;
use crate::db::{self, money_rows::MoneyRow};
use crate::domain::{parse_currency, Currency, EntryKind, PaymentMethod};
use crate::error::{Error, Result};
use crate::front_desk::day_start;
use jiff::tz::TimeZone;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Closed {
    /// When, in the clinic's zone ("2026-11-27 17:32").
    pub at: String,
    pub by: String,
}

/// Money recorded after the day was closed that refunds or corrects money
/// of that day: it counts on the day it was recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaterChange {
    pub entry_id: i64,
    pub recorded_on: String,
    pub kind: EntryKind,
    pub correction: bool,
    pub method: PaymentMethod,
    pub amount: i64,
    pub patient: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayReport {
    pub day: String,
    pub today: String,
    pub closed: Option<Closed>,
    /// The day has not begun: nothing to count or close yet.
    pub future: bool,
    pub note: Option<String>,
    pub figures: DayFigures,
    pub later: Vec<LaterChange>,
}

/// The clinic's zone and currency, and the UTC bounds of a day in it.
pub(crate) struct DayContext {
    pub tz: TimeZone,
    pub currency: Currency,
    pub today: jiff::civil::Date,
    pub from_at: String,
    pub to_at: String,
}

pub(crate) async fn day_context(conn: &mut db::Exec<'_>, day: CashDay, now: jiff::Timestamp) -> Result<DayContext> {
    let clinic = db::clinic::get(&mut *conn).await?;
    let tz = TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
    let currency = parse_currency(&clinic.currency).map_err(|_| Error::Corrupt(clinic.currency.clone()))?;
    let next = day.0.tomorrow().map_err(|e| Error::Corrupt(e.to_string()))?;
    let from_at = db::instant(day_start(&tz, day.0)?);
    let to_at = db::instant(day_start(&tz, next)?);
    let today = now.to_zoned(tz.clone()).date();
    Ok(DayContext { tz, currency, today, from_at, to_at })
}

/// The day's money rows, read once for the figures.
pub(crate) async fn day_rows(conn: &mut db::Exec<'_>, day: CashDay, cx: &DayContext) -> Result<Vec<MoneyRow>> {
    let d = day.to_string();
    db::money_rows::between(&mut *conn, &d, &d, &cx.from_at, &cx.to_at).await
}

/// The live figures of `day` with the till's `float` and `counted`.
pub(crate) async fn live_figures(
    conn: &mut db::Exec<'_>,
    day: CashDay,
    cx: &DayContext,
    float: i64,
    counted: Option<i64>,
) -> Result<DayFigures> {
    let rows = day_rows(conn, day, cx).await?;
    let states = db::money_rows::appointment_states(&mut *conn, &cx.from_at, &cx.to_at).await?;
    let d = day.to_string();
    DayFigures::build(Inputs { day: &d, currency: cx.currency, tz: &cx.tz, rows: &rows, states, float, counted })
}

impl Clinicdesk {
    /// `day`, or today in the clinic's zone.
    pub async fn cash_up_or_today(&self, day: Option<CashDay>) -> Result<DayReport> {
        self.allow(crate::domain::Permission::Money)?;
        let day = match day {
            Some(day) => day,
            None => CashDay(self.clinic_today().await?),
        };
        self.cash_up(day).await
    }

    pub async fn cash_up(&self, day: CashDay) -> Result<DayReport> {
        let mut conn = self.db.acquire().await?;
        let cx = day_context(&mut db::Exec::from(&mut conn), day, self.now()).await?;
        let d = day.to_string();
        let saved = db::cash_days::get(&mut *conn, &d).await?;
        let (closed, figures, later) = match &saved {
            Some(row) if row.closed_at.is_some() => {
                let frozen = row.report.as_deref().unwrap_or_default();
                let figures: DayFigures = serde_json::from_str(frozen)
                    .map_err(|e| Error::Corrupt(format!("the closed report of {d}: {e}")))?;
                let after = row.last_entry_id.unwrap_or(i64::MAX);
                let later = db::money_rows::later_changes(&mut *conn, after, &d, &cx.from_at, &cx.to_at)
                    .await?
                    .into_iter()
                    .map(|l| LaterChange {
                        entry_id: l.id,
                        recorded_on: l.cash_day,
                        kind: l.kind,
                        correction: l.reversal,
                        method: l.method,
                        amount: signed_amount(l.kind, l.reversal, l.amount_minor),
                        patient: l.patient,
                    })
                    .collect();
                let at = db::parse_instant(row.closed_at.as_deref().unwrap_or_default())?.to_zoned(cx.tz.clone());
                let closed = Closed {
                    at: at.strftime("%Y-%m-%d %H:%M").to_string(),
                    by: row.closed_by.clone().unwrap_or_default(),
                };
                (Some(closed), figures, later)
            }
            _ => {
                let float = match &saved {
                    Some(row) => row.float_minor,
                    None => db::cash_days::previous_float(&mut *conn, &d).await?.unwrap_or(0),
                };
                let counted = saved.as_ref().and_then(|r| r.counted_minor);
                (None, live_figures(&mut db::Exec::from(&mut conn), day, &cx, float, counted).await?, Vec::new())
            }
        };
        Ok(DayReport {
            day: d,
            today: cx.today.to_string(),
            closed,
            future: day.0 > cx.today,
            note: saved.and_then(|r| r.note),
            figures,
            later,
        })
    }
}
