//! An invoice's lines, taken from its appointments' accounts: each charge
//! and discount that stands (neither reversed nor a reversal).

use crate::app::Clinicdesk;
use crate::db::{self, invoice_lines::LineRow};
use crate::domain::{ChargeFor, EntryId, EntryKind, LineKind};
use crate::error::{Error, Result};
use crate::ledger::{ledger_of, Tx};

fn charge_words(charge_for: Option<ChargeFor>, service: &str) -> String {
    match charge_for {
        Some(ChargeFor::CancellationFee) => format!("Late cancellation fee — {service}"),
        Some(ChargeFor::NoShowFee) => format!("Missed appointment fee — {service}"),
        _ => service.to_string(),
    }
}

impl Clinicdesk {
    /// The lines of `appointments` (oldest first) as they stand now, and the
    /// currency they are in.
    pub(crate) async fn invoice_lines_now(
        &self,
        tx: &mut Tx,
        patient_id: i64,
        appointments: &[i64],
        tz: &jiff::tz::TimeZone,
    ) -> Result<(Vec<LineRow>, Vec<i64>, String)> {
        let mut found = Vec::with_capacity(appointments.len());
        for &id in appointments {
            let a = db::appointments::get(&mut **tx, id).await?.filter(|a| a.patient_id == patient_id).ok_or_else(
                || Error::field("appointments", "invalid_choice", "Choose appointments of this patient."),
            )?;
            found.push(a);
        }
        found.sort_by(|a, b| a.starts_at.cmp(&b.starts_at).then(a.id.cmp(&b.id)));
        let currency = found.first().map(|a| a.currency.clone()).unwrap_or_default();
        if found.iter().any(|a| a.currency != currency) {
            return Err(Error::field(
                "appointments",
                "mixed_currency",
                "These appointments are in different currencies.",
            ));
        }
        let mut lines = Vec::new();
        let mut order = Vec::with_capacity(found.len());
        for a in &found {
            order.push(a.id);
            let practitioner = db::practitioners::get(&mut **tx, a.practitioner_id)
                .await?
                .ok_or(Error::NotFound { entity: "practitioner", id: a.practitioner_id })?;
            let date = db::parse_instant(&a.starts_at)?.to_zoned(tz.clone()).date().to_string();
            let rows = db::account_entries::for_appointment(&mut **tx, a.id).await?;
            let ledger = ledger_of(&rows);
            for r in &rows {
                if r.reverses.is_some() || ledger.is_reversed(EntryId(r.id)) {
                    continue;
                }
                let (kind, description) = match r.kind {
                    EntryKind::Charge => (LineKind::Charge, charge_words(r.charge_for, &a.type_name)),
                    EntryKind::Discount => {
                        let why = r
                            .concession_name
                            .clone()
                            .or_else(|| r.note.clone())
                            .or_else(|| r.percent.map(|p| format!("{p} %")))
                            .unwrap_or_default();
                        let words = if why.is_empty() { "Discount".to_string() } else { format!("Discount — {why}") };
                        (LineKind::Discount, words)
                    }
                    EntryKind::Payment | EntryKind::Refund => continue,
                };
                lines.push(LineRow {
                    position: lines.len() as i64 + 1,
                    appointment_id: a.id,
                    kind,
                    description: description.chars().take(300).collect(),
                    practitioner: practitioner.name.clone(),
                    provider_number: practitioner.provider_number.clone(),
                    service_date: date.clone(),
                    amount_minor: r.amount_minor,
                });
            }
        }
        Ok((lines, order, currency))
    }
}
