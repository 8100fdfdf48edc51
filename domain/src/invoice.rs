//! Invoices: the stored state (draft, issued, void), the status a patient
//! reads (part-paid and paid come from the money, never stored), the lines'
//! kinds and the invoice link's life at Stripe.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InvoiceId(pub i64);

/// What is stored. Paid and part-paid are read from the accounts, so they
/// can't drift from the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceState {
    Draft,
    Issued,
    Void,
}

impl InvoiceState {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceState::Draft => "draft",
            InvoiceState::Issued => "issued",
            InvoiceState::Void => "void",
        }
    }

    pub fn parse(text: &str) -> Option<InvoiceState> {
        [InvoiceState::Draft, InvoiceState::Issued, InvoiceState::Void].into_iter().find(|s| s.as_str() == text)
    }
}

/// What the invoice says at the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Draft,
    Issued,
    PartPaid,
    Paid,
    Void,
}

impl InvoiceStatus {
    /// From the stored state, the balance due and what has been paid
    /// (payments less refunds).
    pub fn of(state: InvoiceState, balance_due: i64, paid: i64) -> InvoiceStatus {
        match state {
            InvoiceState::Draft => InvoiceStatus::Draft,
            InvoiceState::Void => InvoiceStatus::Void,
            InvoiceState::Issued if balance_due <= 0 => InvoiceStatus::Paid,
            InvoiceState::Issued if paid > 0 => InvoiceStatus::PartPaid,
            InvoiceState::Issued => InvoiceStatus::Issued,
        }
    }

    /// What is due: the lines' total less what was paid, but never more than
    /// the appointments' accounts still owe (a charge reversed after the
    /// invoice was issued, a cancellation, is not asked for).
    pub fn balance_due(total: i64, paid: i64, accounts_owe: i64) -> i64 {
        (total - paid).min(accounts_owe).max(0)
    }

    pub fn label(self) -> &'static str {
        match self {
            InvoiceStatus::Draft => "DRAFT",
            InvoiceStatus::Issued => "DUE",
            InvoiceStatus::PartPaid => "PART-PAID",
            InvoiceStatus::Paid => "PAID",
            InvoiceStatus::Void => "VOID",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Charge,
    Discount,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Charge => "charge",
            LineKind::Discount => "discount",
        }
    }

    pub fn parse(text: &str) -> Option<LineKind> {
        [LineKind::Charge, LineKind::Discount].into_iter().find(|k| k.as_str() == text)
    }
}

/// An invoice link at Stripe: being made, payable, paid, being made
/// inactive (its amount no longer the balance due), inactive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    Creating,
    Refused,
    Active,
    Paid,
    Retiring,
    Retired,
}

impl LinkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Creating => "creating",
            LinkStatus::Refused => "refused",
            LinkStatus::Active => "active",
            LinkStatus::Paid => "paid",
            LinkStatus::Retiring => "retiring",
            LinkStatus::Retired => "retired",
        }
    }

    pub fn parse(text: &str) -> Option<LinkStatus> {
        [
            LinkStatus::Creating,
            LinkStatus::Refused,
            LinkStatus::Active,
            LinkStatus::Paid,
            LinkStatus::Retiring,
            LinkStatus::Retired,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// Shares a payment out over the appointments' balances, in order; what is
/// left after every balance is met goes to the last (a credit to refund).
pub fn share_out(amount: i64, owing: &[i64]) -> Vec<i64> {
    let mut left = amount;
    let mut shares: Vec<i64> = owing
        .iter()
        .map(|&o| {
            let share = o.max(0).min(left);
            left -= share;
            share
        })
        .collect();
    if let Some(last) = shares.last_mut() {
        *last += left;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn status_comes_from_the_money() {
        assert_eq!(InvoiceStatus::of(InvoiceState::Issued, 100, 0), InvoiceStatus::Issued);
        assert_eq!(InvoiceStatus::of(InvoiceState::Issued, 60, 40), InvoiceStatus::PartPaid);
        assert_eq!(InvoiceStatus::of(InvoiceState::Issued, 0, 100), InvoiceStatus::Paid);
        assert_eq!(InvoiceStatus::of(InvoiceState::Void, 100, 0), InvoiceStatus::Void);
        // Two appointments of 100 invoiced, one cancelled afterwards: 100 due.
        assert_eq!(InvoiceStatus::balance_due(200, 0, 100), 100);
        assert_eq!(InvoiceStatus::balance_due(200, 150, 100), 50);
        assert_eq!(InvoiceStatus::balance_due(200, 250, 0), 0);
    }

    proptest! {
        #[test]
        fn a_payment_is_shared_out_whole(amount in 1i64..1_000_000, owing in prop::collection::vec(-500i64..50_000, 1..8)) {
            let shares = share_out(amount, &owing);
            prop_assert_eq!(shares.iter().sum::<i64>(), amount);
            prop_assert!(shares.iter().all(|s| *s >= 0));
            // Every appointment but the last gets at most what it owes.
            for (s, o) in shares.iter().zip(&owing).take(owing.len() - 1) {
                prop_assert!(*s <= (*o).max(0));
            }
        }
    }
}
