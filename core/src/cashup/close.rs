//! Closing a day: the till counted, a note when it is out, and the figures
//! frozen as they stand. Entries written afterwards count on the next open
//! day (`ledger::cash_day_for` reads the closed flag in its own write
//! transaction, so the two are serialised).

use super::figures::DayFigures;
use super::forms::{CashDay, TillDraft};
use super::report::{live_figures, DayReport};
use super::till::save;
use crate::app::Clinicdesk;
use crate::db;
use crate::domain::Money;
use crate::error::{Error, FieldError, Result};
use serde_json::json;

impl Clinicdesk {
    pub async fn close_day(&self, day: CashDay, draft: TillDraft) -> Result<DayReport> {
        self.allow(crate::domain::Permission::Money)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let (cx, till) = save(self, &mut tx, day, &draft, &now).await?;
        let Some(counted) = till.counted else {
            return Err(Error::field("counted", "required", "Count the cash in the till, then close the day."));
        };
        let figures: DayFigures =
            live_figures(&mut db::Exec::from(&mut *tx), day, &cx, till.float, Some(counted)).await?;
        let difference = figures.till.difference.unwrap_or(0);
        if difference != 0 && draft.note.is_none() {
            let out = Money::new(difference.abs(), cx.currency);
            let word = if difference < 0 { "short" } else { "over" };
            return Err(Error::Validation(vec![FieldError::new(
                "note",
                "explain_difference",
                format!("The till is {word} by {out}: say why before closing the day."),
            )
            .with("differenceMinor", difference)]));
        }
        let frozen = serde_json::to_string(&figures).map_err(|e| Error::Corrupt(e.to_string()))?;
        let newest = db::money_rows::newest_id(&mut *tx).await?;
        let d = day.to_string();
        if db::cash_days::close(&mut *tx, &d, &frozen, newest, &self.workstation, &now).await? != 1 {
            return Err(super::till::day_closed());
        }
        let after = json!({
            "takenMinor": figures.total.flow.taken, "refundedMinor": figures.total.flow.refunded,
            "expectedCashMinor": figures.till.expected, "countedMinor": counted, "differenceMinor": difference,
        });
        self.audit(&mut tx, &now, "cash_day", &d, "day_closed", (None, Some(after))).await?;
        tx.commit().await?;
        self.cash_up(day).await
    }
}
