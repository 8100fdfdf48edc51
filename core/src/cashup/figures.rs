//! A day's figures: what is shown for an open day, and frozen (as JSON) when
//! the day is closed. Amounts are minor units of `currency`.

use crate::db::{self, money_rows::MoneyRow, money_rows::StateCount};
use crate::domain::cashup::{day_totals, Flow, MoneyLine, Till};
use crate::domain::{Currency, EntryKind, PaymentMethod};
use crate::error::Result;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodFigures {
    pub method: PaymentMethod,
    #[serde(flatten)]
    pub flow: Flow,
    pub net: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PractitionerFigures {
    pub practitioner_id: i64,
    pub name: String,
    #[serde(flatten)]
    pub flow: Flow,
    pub net: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateFigures {
    /// An appointment state, as the UI names it ("no_show").
    pub state: String,
    pub count: i64,
}

/// One payment or refund of the day, signed: money in positive, out negative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneyLineView {
    pub entry_id: i64,
    pub appointment_id: i64,
    /// When it was recorded, in the clinic's zone ("14:05").
    pub time: String,
    /// The date it was recorded when that is not this day (it was recorded
    /// after its own day was closed).
    pub recorded_on: Option<String>,
    pub patient: String,
    pub practitioner: String,
    pub service: String,
    pub kind: EntryKind,
    pub correction: bool,
    pub method: PaymentMethod,
    pub amount: i64,
    pub reference: Option<String>,
    pub taken_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayFigures {
    pub currency: String,
    pub exponent: u8,
    pub methods: Vec<MethodFigures>,
    pub practitioners: Vec<PractitionerFigures>,
    pub total: MethodTotal,
    pub states: Vec<StateFigures>,
    pub till: Till,
    pub lines: Vec<MoneyLineView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodTotal {
    #[serde(flatten)]
    pub flow: Flow,
    pub net: i64,
}

/// The money line as the pure totals count it.
pub(crate) fn money_line(r: &MoneyRow) -> MoneyLine {
    MoneyLine {
        kind: r.kind,
        method: r.method,
        amount_minor: r.amount_minor,
        reversal: r.reversal,
        practitioner_id: r.practitioner_id,
    }
}

/// Money in positive, money out negative; a correction flips it.
pub(crate) fn signed_amount(kind: EntryKind, reversal: bool, amount_minor: i64) -> i64 {
    let sign = if kind == EntryKind::Refund { -1 } else { 1 };
    if reversal {
        -sign * amount_minor
    } else {
        sign * amount_minor
    }
}

pub(crate) fn signed(r: &MoneyRow) -> i64 {
    signed_amount(r.kind, r.reversal, r.amount_minor)
}

/// The reference a person would look for: a health fund's claim, a note.
pub(crate) fn reference(r: &MoneyRow) -> Option<String> {
    match (&r.fund_name, &r.claim_reference, &r.note) {
        (Some(fund), Some(claim), _) => Some(format!("{fund} {claim}")),
        (_, _, Some(note)) => Some(note.clone()),
        _ => None,
    }
}

pub(crate) struct Inputs<'a> {
    pub day: &'a str,
    pub currency: Currency,
    pub tz: &'a TimeZone,
    pub rows: &'a [MoneyRow],
    pub states: Vec<StateCount>,
    pub float: i64,
    pub counted: Option<i64>,
}

impl DayFigures {
    pub(crate) fn build(i: Inputs<'_>) -> Result<DayFigures> {
        let lines: Vec<MoneyLine> = i.rows.iter().map(money_line).collect();
        let totals = day_totals(&lines);
        let names: HashMap<i64, &str> = i.rows.iter().map(|r| (r.practitioner_id, r.practitioner.as_str())).collect();
        let cash = totals.methods.iter().find(|(m, _)| *m == PaymentMethod::Cash).map(|(_, f)| *f).unwrap_or_default();
        let mut views = Vec::with_capacity(i.rows.len());
        for r in i.rows {
            let at = db::parse_instant(&r.at)?.to_zoned(i.tz.clone());
            let recorded = at.date().to_string();
            views.push(MoneyLineView {
                entry_id: r.id,
                appointment_id: r.appointment_id,
                time: at.strftime("%H:%M").to_string(),
                recorded_on: (recorded != i.day).then_some(recorded),
                patient: r.patient.clone(),
                practitioner: r.practitioner.clone(),
                service: r.service.clone(),
                kind: r.kind,
                correction: r.reversal,
                method: r.method,
                amount: signed(r),
                reference: reference(r),
                taken_by: r.taken_by.clone(),
            });
        }
        let mut practitioners: Vec<PractitionerFigures> = totals
            .practitioners
            .iter()
            .map(|(id, flow)| PractitionerFigures {
                practitioner_id: *id,
                name: names.get(id).copied().unwrap_or("").to_string(),
                flow: *flow,
                net: flow.net(),
            })
            .collect();
        practitioners.sort_by(|a, b| a.name.cmp(&b.name).then(a.practitioner_id.cmp(&b.practitioner_id)));
        Ok(DayFigures {
            currency: i.currency.code().to_string(),
            exponent: i.currency.exponent(),
            methods: totals
                .methods
                .iter()
                .map(|(m, flow)| MethodFigures { method: *m, flow: *flow, net: flow.net() })
                .collect(),
            practitioners,
            total: MethodTotal { flow: totals.all, net: totals.all.net() },
            states: i
                .states
                .iter()
                .map(|s| StateFigures { state: s.state.as_str().to_string(), count: s.count })
                .collect(),
            till: Till::new(i.float, cash, i.counted),
            lines: views,
        })
    }
}
