//! An appointment's entries, read and appended inside the caller's write
//! transaction: the one place that writes `account_entries`, so every entry
//! is audit-logged. Used by the account feature (the desk's money) and the
//! payments feature (what Stripe reports), which don't depend on each other.

use crate::app::Clinicdesk;
use crate::db::{self, account_entries::EntryRow, account_entries::NewEntry};
use crate::domain::{ChargeFor, EntryId, EntryKind, Ledger, LedgerEntry};
use crate::error::{Error, Result};
use serde_json::json;

pub(crate) use crate::db::Tx;

pub(crate) fn ledger_of(rows: &[EntryRow]) -> Ledger {
    Ledger::new(
        rows.iter()
            .map(|r| LedgerEntry {
                id: EntryId(r.id),
                kind: r.kind,
                amount_minor: r.amount_minor,
                refund_of: r.refund_of.map(EntryId),
                reverses: r.reverses.map(EntryId),
            })
            .collect(),
    )
}

/// The cash-up day an entry recorded `now` counts on: today in the clinic's
/// zone, or the first day after it not yet closed (money recorded after
/// the day was closed goes on the next one, so a closed day never changes).
/// Read in the writer's transaction, which serialises it with closing.
pub(crate) async fn cash_day_for(tx: &mut Tx, now: &str) -> Result<String> {
    let clinic = db::clinic::get(&mut **tx).await?;
    let tz = jiff::tz::TimeZone::get(&clinic.time_zone)
        .map_err(|_| Error::Corrupt(format!("unknown time zone {:?}", clinic.time_zone)))?;
    let mut day = db::parse_instant(now)?.to_zoned(tz).date();
    while db::cash_days::is_closed(&mut **tx, &day.to_string()).await? {
        day = day.tomorrow().map_err(|e| Error::Corrupt(e.to_string()))?;
    }
    Ok(day.to_string())
}

impl Clinicdesk {
    /// The appointment's entries and its ledger, as of this transaction.
    pub(crate) async fn load_ledger(&self, tx: &mut Tx, appointment_id: i64) -> Result<(Ledger, Vec<EntryRow>)> {
        let rows = db::account_entries::for_appointment(&mut **tx, appointment_id).await?;
        Ok((ledger_of(&rows), rows))
    }

    /// Appends an entry (the caller has checked it) and audit-logs it.
    pub(crate) async fn append_entry(&self, tx: &mut Tx, entry: &NewEntry<'_>, now: &str) -> Result<i64> {
        let cash_day = cash_day_for(tx, now).await?;
        let staff = self.acting_staff();
        let id = db::account_entries::insert(&mut **tx, entry, &self.workstation, staff, now, &cash_day).await?;
        let after = json!({
            "entryId": id, "kind": entry.kind.as_str(), "amountMinor": entry.amount_minor, "currency": entry.currency,
            "chargeFor": entry.charge_for.map(|c| c.as_str()), "method": entry.method.map(|m| m.as_str()),
            "percent": entry.percent, "concessionId": entry.concession_id, "fundName": entry.fund_name,
            "claimReference": entry.claim_reference, "note": entry.note, "refundOf": entry.refund_of,
            "reverses": entry.reverses, "attemptId": entry.attempt_id,
        });
        let action = if entry.reverses.is_some() { "entry_reversed" } else { "entry_added" };
        self.audit(tx, now, "appointment", entry.appointment_id, action, (None, Some(after))).await?;
        Ok(id)
    }

    /// Reverses the standing charges `of` of an appointment (its service
    /// when it is cancelled, say), with a reason.
    pub(crate) async fn reverse_charges(
        &self,
        tx: &mut Tx,
        appointment_id: i64,
        of: ChargeFor,
        reason: &str,
        now: &str,
    ) -> Result<i64> {
        let (ledger, rows) = self.load_ledger(tx, appointment_id).await?;
        let mut reversed = 0;
        for r in rows.iter().filter(|r| r.kind == EntryKind::Charge && r.charge_for == Some(of) && r.reverses.is_none())
        {
            if ledger.is_reversed(EntryId(r.id)) {
                continue;
            }
            let mut entry = NewEntry::new(appointment_id, EntryKind::Charge, r.amount_minor, &r.currency);
            entry.charge_for = Some(of);
            entry.reverses = Some(r.id);
            entry.note = Some(reason);
            self.append_entry(tx, &entry, now).await?;
            reversed += r.amount_minor;
        }
        Ok(reversed)
    }
}
