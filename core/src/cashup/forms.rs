//! What the end-of-day page sends, as typed, and what it becomes parsed.

use crate::account::forms::Text;
use crate::domain::appointment_type::amount_error;
use crate::domain::DecimalAmount;
use crate::error::{Error, FieldErrors, Invalid};
use jiff::civil;
use serde::Deserialize;

/// A cash-up day: a date in the clinic's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CashDay(pub civil::Date);

impl TryFrom<&str> for CashDay {
    type Error = Invalid;
    fn try_from(text: &str) -> Result<Self, Invalid> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Invalid::new("required", "Choose a day."));
        }
        text.parse::<civil::Date>()
            .map(CashDay)
            .map_err(|_| Invalid::new("invalid_date", "Enter a date such as 2026-11-27."))
    }
}

/// The day a command names, refused at the `day` field when it isn't a date.
impl TryFrom<String> for CashDay {
    type Error = Error;
    fn try_from(text: String) -> Result<Self, Error> {
        CashDay::try_from(text.as_str()).map_err(|e| Error::Validation(vec![e.at("day")]))
    }
}

impl std::fmt::Display for CashDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The till's figures: the float at the start, what was counted, a note.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TillForm {
    pub float: String,
    pub counted: String,
    pub note: String,
}

impl std::fmt::Debug for TillForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TillForm").field("float", &self.float).field("counted", &self.counted).finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct TillDraft {
    pub float: DecimalAmount,
    pub counted: Option<DecimalAmount>,
    pub note: Option<Text>,
}

impl TryFrom<TillForm> for TillDraft {
    type Error = Error;
    fn try_from(form: TillForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let float_text = if form.float.trim().is_empty() { "0" } else { form.float.as_str() };
        let float = errors.check("float", DecimalAmount::try_from(float_text).map_err(amount_error));
        let counted = if form.counted.trim().is_empty() {
            Some(None)
        } else {
            errors.check("counted", DecimalAmount::try_from(form.counted.as_str()).map_err(amount_error)).map(Some)
        };
        let note = errors.check("note", Text::parse(&form.note, 500, "")).flatten();
        errors.finish()?;
        match (float, counted) {
            (Some(float), Some(counted)) => Ok(TillDraft { float, counted, note }),
            _ => Err(Error::Corrupt("a field failed without an error".into())),
        }
    }
}

/// "Export": the first and last day, inclusive.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExportForm {
    pub from: String,
    pub to: String,
}

/// At most this many days in one export (five years).
pub const MAX_EXPORT_DAYS: i32 = 5 * 366;

#[derive(Debug, Clone, Copy)]
pub struct ExportRange {
    pub from: CashDay,
    pub to: CashDay,
}

impl TryFrom<ExportForm> for ExportRange {
    type Error = Error;
    fn try_from(form: ExportForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let from = errors.check("from", CashDay::try_from(form.from.as_str()));
        let to = errors.check("to", CashDay::try_from(form.to.as_str()));
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                errors.push(Invalid::new("before_start", "The last day can't be before the first.").at("to"));
            } else if (to.0 - from.0).get_days() >= MAX_EXPORT_DAYS {
                errors.push(Invalid::new("range_too_long", "Export at most five years at a time.").at("to"));
            }
        }
        errors.finish()?;
        match (from, to) {
            (Some(from), Some(to)) => Ok(ExportRange { from, to }),
            _ => Err(Error::Corrupt("a field failed without an error".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn till(float: &str, counted: &str) -> Result<TillDraft, Error> {
        TillDraft::try_from(TillForm { float: float.into(), counted: counted.into(), note: String::new() })
    }

    #[test]
    fn counted_cash_must_be_an_amount() {
        let e = till("200", "abc").unwrap_err();
        assert_eq!(e.field_errors()[0].field, "counted");
        assert_eq!(e.field_errors()[0].code, "not_an_amount");
        let e = till("-5", "").unwrap_err();
        assert_eq!((e.field_errors()[0].field.as_str(), e.field_errors()[0].code), ("float", "negative"));
        let ok = till("", "").unwrap();
        assert!(ok.counted.is_none());
    }

    #[test]
    fn an_export_ends_after_it_starts() {
        let e = ExportRange::try_from(ExportForm { from: "2026-11-27".into(), to: "2026-11-01".into() }).unwrap_err();
        assert_eq!((e.field_errors()[0].field.as_str(), e.field_errors()[0].code), ("to", "before_start"));
        let e = ExportRange::try_from(ExportForm { from: "27/11".into(), to: String::new() }).unwrap_err();
        assert_eq!(e.field_errors().len(), 2);
        assert!(ExportRange::try_from(ExportForm { from: "2026-11-01".into(), to: "2026-11-01".into() }).is_ok());
    }
}
