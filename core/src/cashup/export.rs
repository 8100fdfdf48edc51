//! The money of a range of days as CSV for the accountant: one row per
//! payment, refund or correction, signed (money in positive), with who,
//! what, the reference and Stripe's ids.

use super::figures::{reference, signed};
use super::forms::ExportRange;
use super::report::day_context;
use crate::app::Clinicdesk;
use crate::db;
use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    pub path: PathBuf,
    pub rows: usize,
}

const HEADER: [&str; 18] = [
    "day",
    "recorded_date",
    "recorded_time",
    "patient",
    "practitioner",
    "service",
    "kind",
    "method",
    "amount",
    "currency",
    "reference",
    "taken_by",
    "appointment_id",
    "entry_id",
    "stripe_checkout_session",
    "stripe_payment_intent",
    "stripe_refund",
    "correction",
];

/// Spreadsheets run a cell that starts with one of these as a formula; a
/// patient named "=HYPERLINK(…)" must stay text (OWASP's CSV injection).
fn text_cell(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    }
}

/// A signed amount in major units with the currency's decimals: "-30.00".
pub(crate) fn decimal(minor: i64, exponent: u8) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if exponent == 0 {
        return format!("{sign}{abs}");
    }
    let per = 10_u64.pow(u32::from(exponent));
    format!("{sign}{}.{:0width$}", abs / per, abs % per, width = usize::from(exponent))
}

impl Clinicdesk {
    /// The CSV text of `range`.
    pub async fn money_csv(&self, range: ExportRange) -> Result<(String, usize)> {
        let mut conn = self.db.acquire().await?;
        let first = day_context(&mut db::Exec::from(&mut conn), range.from, self.now()).await?;
        let last = day_context(&mut db::Exec::from(&mut conn), range.to, self.now()).await?;
        let rows = db::money_rows::between(
            &mut *conn,
            &range.from.to_string(),
            &range.to.to_string(),
            &first.from_at,
            &last.to_at,
        )
        .await?;
        let exponent = first.currency.exponent();
        let mut out = csv::Writer::from_writer(Vec::with_capacity(64 + rows.len() * 160));
        let bad = |e: csv::Error| Error::Corrupt(format!("writing CSV: {e}"));
        out.write_record(HEADER).map_err(bad)?;
        for r in &rows {
            let at = db::parse_instant(&r.at)?.to_zoned(first.tz.clone());
            let day = if r.cash_day.is_empty() { at.date().to_string() } else { r.cash_day.clone() };
            let currency_exp = crate::domain::parse_currency(&r.currency).map(|c| c.exponent()).unwrap_or(exponent);
            out.write_record([
                day,
                at.date().to_string(),
                at.strftime("%H:%M:%S").to_string(),
                text_cell(&r.patient),
                text_cell(&r.practitioner),
                text_cell(&r.service),
                r.kind.as_str().to_string(),
                r.method.as_str().to_string(),
                decimal(signed(r), currency_exp),
                r.currency.clone(),
                text_cell(&reference(r).unwrap_or_default()),
                text_cell(&r.taken_by),
                r.appointment_id.to_string(),
                r.id.to_string(),
                r.checkout_session_id.clone().unwrap_or_default(),
                r.payment_intent_id.clone().unwrap_or_default(),
                r.stripe_refund_id.clone().unwrap_or_default(),
                if r.reversal { "yes" } else { "no" }.to_string(),
            ])
            .map_err(bad)?;
        }
        let bytes = out.into_inner().map_err(|e| Error::Corrupt(format!("writing CSV: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Corrupt(e.to_string()))?;
        Ok((text, rows.len()))
    }

    /// Writes the CSV of `range` into `folder` (the Downloads folder) as
    /// `clinicdesk-money-<from>-to-<to>.csv`, replacing an older export of
    /// the same days.
    pub async fn export_money(&self, range: ExportRange, folder: &Path) -> Result<Exported> {
        self.allow(crate::domain::Permission::Money)?;
        let (text, rows) = self.money_csv(range).await?;
        let name = if range.from == range.to {
            format!("clinicdesk-money-{}.csv", range.from)
        } else {
            format!("clinicdesk-money-{}-to-{}.csv", range.from, range.to)
        };
        tokio::fs::create_dir_all(folder).await?;
        let path = folder.join(name);
        // Written beside and renamed, so the accountant never opens half a file.
        let partial = path.with_extension("csv.partial");
        tokio::fs::write(&partial, text.as_bytes()).await?;
        tokio::fs::rename(&partial, &path).await?;
        Ok(Exported { path, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_keep_their_decimals_and_sign() {
        assert_eq!(decimal(-3000, 2), "-30.00");
        assert_eq!(decimal(5, 2), "0.05");
        assert_eq!(decimal(1500, 0), "1500");
        assert_eq!(decimal(-1, 3), "-0.001");
    }

    #[test]
    fn formulas_stay_text() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("-1+1"), "'-1+1");
        assert_eq!(text_cell("Mia Chen"), "Mia Chen");
    }
}
