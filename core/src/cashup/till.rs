//! The till of an open day: the float at the start, what was counted at the
//! end, and a note. Saved as typed, any number of times, until the day is
//! closed.

use super::forms::{CashDay, TillDraft};
use super::report::{day_context, DayContext, DayReport};
use crate::app::Clinicdesk;
use crate::db;
use crate::domain::appointment_type::amount_error;
use crate::error::{Error, Result};
use serde_json::json;

pub(crate) fn day_closed() -> Error {
    Error::Refused {
        code: "day_closed",
        message: "This day is closed and its figures don't change. A correction is recorded on the day it is made."
            .into(),
    }
}

pub(crate) fn future_day() -> Error {
    Error::Refused { code: "future_day", message: "That day hasn't begun yet.".into() }
}

/// The till's amounts in minor units of the clinic's currency.
pub(crate) struct TillAmounts {
    pub float: i64,
    pub counted: Option<i64>,
}

pub(crate) fn amounts(draft: &TillDraft, cx: &DayContext) -> Result<TillAmounts> {
    let mut errors = crate::error::FieldErrors::new();
    let float = errors.check("float", draft.float.to_money(cx.currency).map_err(amount_error));
    let counted = match draft.counted {
        None => Some(None),
        Some(c) => errors.check("counted", c.to_money(cx.currency).map_err(amount_error)).map(|m| Some(m.minor)),
    };
    errors.finish()?;
    Ok(TillAmounts { float: float.map_or(0, |m| m.minor), counted: counted.flatten() })
}

/// Checks the day can still change and saves the till; in the caller's
/// write transaction.
pub(crate) async fn save(
    app: &Clinicdesk,
    tx: &mut crate::db::Tx,
    day: CashDay,
    draft: &TillDraft,
    now: &str,
) -> Result<(DayContext, TillAmounts)> {
    let conn = &mut db::Exec::from(&mut **tx);
    let cx = day_context(conn, day, app.now()).await?;
    let d = day.to_string();
    if db::cash_days::is_closed(&mut **tx, &d).await? {
        return Err(day_closed());
    }
    if day.0 > cx.today {
        return Err(future_day());
    }
    let till = amounts(draft, &cx)?;
    let note = draft.note.as_ref().map(|n| n.as_str());
    db::cash_days::save_till(&mut **tx, &d, cx.currency.code(), till.float, till.counted, note, now).await?;
    let after = json!({ "floatMinor": till.float, "countedMinor": till.counted, "noted": note.is_some() });
    app.audit(tx, now, "cash_day", &d, "till_saved", (None, Some(after))).await?;
    Ok((cx, till))
}

impl Clinicdesk {
    pub async fn save_till(&self, day: CashDay, draft: TillDraft) -> Result<DayReport> {
        self.allow(crate::domain::Permission::Money)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        save(self, &mut tx, day, &draft, &now).await?;
        tx.commit().await?;
        self.cash_up(day).await
    }
}
