//! An appointment's account: entries never edited or deleted, and the rules
//! that keep it balanced. Pure (no database), so the same checks run in the
//! write transaction and in the property test.
//!
//! Balance = charges − discounts − payments + refunds, each net of the
//! entries that reverse it. A write may not take the balance below zero, nor
//! refund a payment beyond what is left of it.

use crate::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Charge,
    Discount,
    Payment,
    Refund,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Charge => "charge",
            EntryKind::Discount => "discount",
            EntryKind::Payment => "payment",
            EntryKind::Refund => "refund",
        }
    }

    pub fn parse(text: &str) -> Option<EntryKind> {
        [EntryKind::Charge, EntryKind::Discount, EntryKind::Payment, EntryKind::Refund]
            .into_iter()
            .find(|k| k.as_str() == text)
    }

    /// How the kind moves the balance: +1 owes more, −1 owes less.
    pub fn sign(self) -> i64 {
        match self {
            EntryKind::Charge | EntryKind::Refund => 1,
            EntryKind::Discount | EntryKind::Payment => -1,
        }
    }
}

/// What a charge is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeFor {
    Service,
    CancellationFee,
    NoShowFee,
}

impl ChargeFor {
    pub fn as_str(self) -> &'static str {
        match self {
            ChargeFor::Service => "service",
            ChargeFor::CancellationFee => "cancellation_fee",
            ChargeFor::NoShowFee => "no_show_fee",
        }
    }

    pub fn parse(text: &str) -> Option<ChargeFor> {
        [ChargeFor::Service, ChargeFor::CancellationFee, ChargeFor::NoShowFee].into_iter().find(|k| k.as_str() == text)
    }
}

/// How money was paid (and so how it is refunded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// A card through Stripe (a payment link).
    Online,
    /// Card at the desk (EFTPOS).
    Card,
    Cash,
    HealthFund,
    BankTransfer,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 6] = [
        PaymentMethod::Online,
        PaymentMethod::Card,
        PaymentMethod::Cash,
        PaymentMethod::HealthFund,
        PaymentMethod::BankTransfer,
        PaymentMethod::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Online => "online",
            PaymentMethod::Card => "card",
            PaymentMethod::Cash => "cash",
            PaymentMethod::HealthFund => "health_fund",
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

impl TryFrom<&str> for PaymentMethod {
    type Error = Invalid;
    fn try_from(text: &str) -> Result<Self, Invalid> {
        PaymentMethod::parse(text.trim()).ok_or_else(|| {
            Invalid::new(
                "invalid_choice",
                "Choose how it was paid: online, card at the desk, cash, health fund, bank transfer or other.",
            )
        })
    }
}

/// One entry as the ledger counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerEntry {
    pub id: EntryId,
    pub kind: EntryKind,
    /// Always positive; the kind gives the direction.
    pub amount_minor: i64,
    /// For a refund: the payment it returns money from.
    pub refund_of: Option<EntryId>,
    /// For a correction: the entry it cancels out.
    pub reverses: Option<EntryId>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub charges: i64,
    pub discounts: i64,
    pub payments: i64,
    pub refunds: i64,
}

impl Totals {
    /// Counts one entry; a reversal takes its amount off its kind's total.
    pub fn add(&mut self, kind: EntryKind, amount_minor: i64, reversal: bool) {
        let signed = if reversal { -amount_minor } else { amount_minor };
        match kind {
            EntryKind::Charge => self.charges += signed,
            EntryKind::Discount => self.discounts += signed,
            EntryKind::Payment => self.payments += signed,
            EntryKind::Refund => self.refunds += signed,
        }
    }

    pub fn balance(&self) -> i64 {
        self.charges - self.discounts - self.payments + self.refunds
    }

    /// The account in a word, as the calendar shows it.
    pub fn status(&self) -> AccountStatus {
        let balance = self.balance();
        let paid = self.payments - self.refunds;
        match balance {
            b if b < 0 => AccountStatus::Credit,
            b if b > 0 && paid > 0 => AccountStatus::PartPaid,
            b if b > 0 => AccountStatus::Owing,
            _ if paid == 0 && self.refunds > 0 => AccountStatus::Refunded,
            _ if paid > 0 => AccountStatus::Paid,
            _ => AccountStatus::Settled,
        }
    }
}

/// An account in a word: Paid, Part-paid (… owing), Owing, Refunded; a
/// credit (more paid than charged, to refund) or nothing to pay at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Nothing charged and nothing paid (a free visit, a cancellation
    /// without a fee).
    Settled,
    Owing,
    PartPaid,
    Paid,
    Refunded,
    Credit,
}

/// Why the ledger refuses a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// More than what is owing (`owing` minor units).
    ExceedsBalance {
        owing: i64,
    },
    /// More than is left to refund of that payment.
    ExceedsRefundable {
        left: i64,
    },
    /// The balance would go below zero by `by`: refund it as well.
    WouldOverpay {
        by: i64,
    },
    NotAPayment,
    AlreadyReversed,
    /// A correction can't itself be reversed (make the entry again instead).
    IsAReversal,
    /// A payment that has refunds can't be reversed; reverse them first.
    HasRefunds,
    NotPositive,
}

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub entries: Vec<LedgerEntry>,
}

impl Ledger {
    pub fn new(entries: Vec<LedgerEntry>) -> Ledger {
        Ledger { entries }
    }

    fn get(&self, id: EntryId) -> Option<&LedgerEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn is_reversed(&self, id: EntryId) -> bool {
        self.entries.iter().any(|e| e.reverses == Some(id))
    }

    /// Each kind's total, net of the entries that reverse it.
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for e in &self.entries {
            t.add(e.kind, e.amount_minor, e.reverses.is_some());
        }
        t
    }

    pub fn balance(&self) -> i64 {
        self.totals().balance()
    }

    /// What is left to refund of a payment: its amount less the refunds of
    /// it that stand (nothing, once the payment itself is reversed).
    pub fn refundable(&self, payment: EntryId) -> i64 {
        let Some(p) = self.get(payment).filter(|p| p.kind == EntryKind::Payment && p.reverses.is_none()) else {
            return 0;
        };
        if self.is_reversed(payment) {
            return 0;
        }
        let refunded: i64 = self
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Refund && e.reverses.is_none() && e.refund_of == Some(payment))
            .filter(|e| !self.is_reversed(e.id))
            .map(|e| e.amount_minor)
            .sum();
        p.amount_minor - refunded
    }

    pub fn check_payment(&self, amount: i64) -> Result<(), Refusal> {
        if amount <= 0 {
            return Err(Refusal::NotPositive);
        }
        let owing = self.balance();
        if amount > owing {
            return Err(Refusal::ExceedsBalance { owing: owing.max(0) });
        }
        Ok(())
    }

    /// A discount may not take the balance below zero; by how much it would
    /// is `WouldOverpay`, to be refunded with it.
    pub fn check_discount(&self, amount: i64) -> Result<(), Refusal> {
        if amount <= 0 {
            return Err(Refusal::NotPositive);
        }
        let after = self.balance() - amount;
        if after < 0 {
            return Err(Refusal::WouldOverpay { by: -after });
        }
        Ok(())
    }

    pub fn check_refund(&self, payment: EntryId, amount: i64) -> Result<(), Refusal> {
        if amount <= 0 {
            return Err(Refusal::NotPositive);
        }
        if !self.get(payment).is_some_and(|p| p.kind == EntryKind::Payment && p.reverses.is_none()) {
            return Err(Refusal::NotAPayment);
        }
        let left = self.refundable(payment);
        if amount > left {
            return Err(Refusal::ExceedsRefundable { left });
        }
        Ok(())
    }

    /// A correction: the entry stops counting. Reversing a charge or a
    /// refund lowers the balance, which may not go below zero.
    pub fn check_reversal(&self, id: EntryId) -> Result<(), Refusal> {
        let Some(e) = self.get(id) else { return Err(Refusal::NotAPayment) };
        if e.reverses.is_some() {
            return Err(Refusal::IsAReversal);
        }
        if self.is_reversed(id) {
            return Err(Refusal::AlreadyReversed);
        }
        if e.kind == EntryKind::Payment && self.refundable(id) != e.amount_minor {
            return Err(Refusal::HasRefunds);
        }
        let after = self.balance() - e.kind.sign() * e.amount_minor;
        if after < 0 {
            return Err(Refusal::WouldOverpay { by: -after });
        }
        Ok(())
    }

    /// Adds an entry the checks allowed (or a fact from outside, such as a
    /// payment Stripe reports): the caller has checked what it must.
    pub fn push(&mut self, entry: LedgerEntry) {
        self.entries.push(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Charge(i64),
        Discount(i64),
        Pay(i64),
        /// Refund `amount` from the n-th entry (taken modulo the count).
        Refund(usize, i64),
        Reverse(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (1..50_000i64).prop_map(Op::Charge),
            (1..20_000i64).prop_map(Op::Discount),
            (1..30_000i64).prop_map(Op::Pay),
            (0..40usize, 1..30_000i64).prop_map(|(i, a)| Op::Refund(i, a)),
            (0..40usize).prop_map(Op::Reverse),
        ]
    }

    fn entry(id: i64, kind: EntryKind, amount: i64) -> LedgerEntry {
        LedgerEntry { id: EntryId(id), kind, amount_minor: amount, refund_of: None, reverses: None }
    }

    proptest! {
        /// Whatever the desk tries, what the ledger accepts keeps the balance
        /// equal to the formula and never negative, and no payment is ever
        /// refunded beyond its amount.
        #[test]
        fn accepted_entries_keep_the_account_balanced(ops in prop::collection::vec(op(), 1..60)) {
            let mut ledger = Ledger::default();
            let mut next = 1;
            for op in ops {
                let n = ledger.entries.len().max(1);
                let accepted = match op {
                    Op::Charge(a) => Some(entry(next, EntryKind::Charge, a)),
                    Op::Discount(a) => ledger.check_discount(a).ok().map(|_| entry(next, EntryKind::Discount, a)),
                    Op::Pay(a) => ledger.check_payment(a).ok().map(|_| entry(next, EntryKind::Payment, a)),
                    Op::Refund(i, a) => ledger.entries.get(i % n).map(|e| e.id).and_then(|p| {
                        ledger.check_refund(p, a).ok().map(|_| LedgerEntry { refund_of: Some(p), ..entry(next, EntryKind::Refund, a) })
                    }),
                    Op::Reverse(i) => ledger.entries.get(i % n).copied().and_then(|e| {
                        ledger.check_reversal(e.id).ok().map(|_| LedgerEntry { reverses: Some(e.id), ..entry(next, e.kind, e.amount_minor) })
                    }),
                };
                if let Some(e) = accepted {
                    ledger.push(e);
                    next += 1;
                }
                // The formula, from the entries themselves (not through Totals).
                let sum = |kind: EntryKind| -> i64 {
                    ledger.entries.iter().filter(|e| e.kind == kind)
                        .map(|e| if e.reverses.is_some() { -e.amount_minor } else { e.amount_minor }).sum()
                };
                let formula = sum(EntryKind::Charge) - sum(EntryKind::Discount) - sum(EntryKind::Payment) + sum(EntryKind::Refund);
                prop_assert_eq!(ledger.balance(), formula);
                prop_assert!(ledger.balance() >= 0, "balance {} after {:?}", ledger.balance(), ledger.entries);
                for p in ledger.entries.iter().filter(|e| e.kind == EntryKind::Payment && e.reverses.is_none()) {
                    let refunded: i64 = ledger.entries.iter()
                        .filter(|r| r.kind == EntryKind::Refund && r.refund_of == Some(p.id) && r.reverses.is_none() && !ledger.is_reversed(r.id))
                        .map(|r| r.amount_minor).sum();
                    prop_assert!(refunded <= p.amount_minor, "payment {:?} refunded {}", p, refunded);
                    prop_assert!(ledger.refundable(p.id) >= 0);
                }
            }
        }
    }

    #[test]
    fn statuses_in_words() {
        let t = |charges, discounts, payments, refunds| Totals { charges, discounts, payments, refunds }.status();
        assert_eq!(t(12000, 0, 0, 0), AccountStatus::Owing);
        assert_eq!(t(12000, 0, 6000, 0), AccountStatus::PartPaid);
        assert_eq!(t(12000, 2000, 10000, 0), AccountStatus::Paid);
        assert_eq!(t(0, 0, 3000, 3000), AccountStatus::Refunded);
        assert_eq!(t(2000, 0, 3000, 1000), AccountStatus::Paid);
        assert_eq!(t(0, 0, 3000, 0), AccountStatus::Credit);
        assert_eq!(t(0, 0, 0, 0), AccountStatus::Settled);
        assert_eq!(t(9000, 9000, 0, 0), AccountStatus::Settled);
    }

    #[test]
    fn a_deposit_then_a_health_fund_claim_then_the_gap() {
        let mut l = Ledger::default();
        l.push(entry(1, EntryKind::Charge, 12000));
        l.check_payment(6000).unwrap();
        l.push(entry(2, EntryKind::Payment, 6000));
        assert_eq!(l.check_payment(6001), Err(Refusal::ExceedsBalance { owing: 6000 }));
        l.push(entry(3, EntryKind::Payment, 4500));
        l.push(entry(4, EntryKind::Payment, 1500));
        assert_eq!(l.balance(), 0);
        assert_eq!(l.check_discount(1000), Err(Refusal::WouldOverpay { by: 1000 }));
        assert_eq!(l.check_refund(EntryId(2), 6001), Err(Refusal::ExceedsRefundable { left: 6000 }));
        assert_eq!(l.check_reversal(EntryId(1)), Err(Refusal::WouldOverpay { by: 12000 }));
    }
}
