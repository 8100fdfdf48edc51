//! The end of day's figures, from the day's money entries. Pure (no
//! database), so the property test checks the very code the report uses.
//!
//! A payment adds to what its method took; a refund adds to what its method
//! gave back; a correction (an entry that reverses another) takes its
//! amount back out of the same column. Net = taken − refunded.

use super::{EntryKind, PaymentMethod};
use serde::{Deserialize, Serialize};

/// One payment or refund as the cash-up counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyLine {
    pub kind: EntryKind,
    pub method: PaymentMethod,
    /// Always positive, as stored.
    pub amount_minor: i64,
    /// A correction that cancels out an earlier entry.
    pub reversal: bool,
    pub practitioner_id: i64,
}

impl MoneyLine {
    /// (taken, refunded) this line adds.
    fn split(self) -> (i64, i64) {
        let signed = if self.reversal { -self.amount_minor } else { self.amount_minor };
        match self.kind {
            EntryKind::Payment => (signed, 0),
            EntryKind::Refund => (0, signed),
            EntryKind::Charge | EntryKind::Discount => (0, 0),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    pub taken: i64,
    pub refunded: i64,
    /// How many payments and refunds (corrections included).
    pub entries: i64,
}

impl Flow {
    pub fn net(self) -> i64 {
        self.taken - self.refunded
    }

    fn add(&mut self, line: MoneyLine) {
        let (taken, refunded) = line.split();
        self.taken += taken;
        self.refunded += refunded;
        self.entries += 1;
    }
}

/// The day's money, by method (all six, in `PaymentMethod::ALL`'s order),
/// by practitioner (by id) and in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayTotals {
    pub methods: Vec<(PaymentMethod, Flow)>,
    pub practitioners: Vec<(i64, Flow)>,
    pub all: Flow,
}

pub fn day_totals(lines: &[MoneyLine]) -> DayTotals {
    let mut methods: Vec<(PaymentMethod, Flow)> = PaymentMethod::ALL.iter().map(|m| (*m, Flow::default())).collect();
    let mut practitioners: std::collections::BTreeMap<i64, Flow> = Default::default();
    let mut all = Flow::default();
    for line in lines.iter().filter(|l| matches!(l.kind, EntryKind::Payment | EntryKind::Refund)) {
        if let Some((_, flow)) = methods.iter_mut().find(|(m, _)| *m == line.method) {
            flow.add(*line);
        }
        practitioners.entry(line.practitioner_id).or_default().add(*line);
        all.add(*line);
    }
    DayTotals { methods, practitioners: practitioners.into_iter().collect(), all }
}

/// The till: the float at the start, plus cash taken, less cash given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Till {
    pub float: i64,
    pub cash_taken: i64,
    pub cash_refunded: i64,
    pub expected: i64,
    pub counted: Option<i64>,
    /// Counted − expected: negative when cash is missing.
    pub difference: Option<i64>,
}

impl Till {
    pub fn new(float: i64, cash: Flow, counted: Option<i64>) -> Till {
        let expected = float + cash.taken - cash.refunded;
        Till {
            float,
            cash_taken: cash.taken,
            cash_refunded: cash.refunded,
            expected,
            counted,
            difference: counted.map(|c| c - expected),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: EntryKind, method: PaymentMethod, amount: i64, reversal: bool, practitioner: i64) -> MoneyLine {
        MoneyLine { kind, method, amount_minor: amount, reversal, practitioner_id: practitioner }
    }

    #[test]
    fn corrections_come_out_of_their_own_column() {
        use EntryKind::*;
        use PaymentMethod::*;
        let t = day_totals(&[
            line(Payment, Cash, 5000, false, 1),
            line(Payment, Cash, 2000, true, 1),
            line(Refund, Online, 3000, false, 2),
            line(Refund, Online, 1000, true, 2),
            line(Charge, Cash, 9999, false, 1),
        ]);
        let cash = t.methods.iter().find(|(m, _)| *m == Cash).unwrap().1;
        assert_eq!((cash.taken, cash.refunded, cash.entries), (3000, 0, 2));
        let online = t.methods.iter().find(|(m, _)| *m == Online).unwrap().1;
        assert_eq!((online.taken, online.refunded, online.net()), (0, 2000, -2000));
        assert_eq!(t.all.net(), 1000);
        assert_eq!(t.practitioners, vec![(1, cash), (2, online)]);
        assert_eq!(t.methods.len(), 6);
    }

    #[test]
    fn the_till_expects_float_plus_cash_net() {
        let till = Till::new(20000, Flow { taken: 15000, refunded: 5000, entries: 3 }, Some(29950));
        assert_eq!((till.expected, till.difference), (30000, Some(-50)));
        assert_eq!(Till::new(0, Flow::default(), None).difference, None);
    }
}
