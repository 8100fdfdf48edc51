// Words for an appointment's account, in one place: its status, each
// entry, each payment method. Rust sends kinds and amounts; these say them.

import { formatMoney } from '../format.js';

export const METHOD_WORDS = {
  online: 'Online (card)',
  card: 'Card at the desk',
  cash: 'Cash',
  health_fund: 'Health fund',
  bank_transfer: 'Bank transfer',
  other: 'Other',
};

/** The desk's methods, in the order the take-payment dialog offers them. */
export const DESK_METHODS = ['card', 'cash', 'health_fund', 'bank_transfer', 'other'];

const negate = (m) => (m ? { ...m, minor: -m.minor } : m);

/** "Paid", "Part-paid (A$60.00 owing)", … for an account or a summary. */
export function accountWords(status, balance) {
  switch (status) {
    case 'paid': return 'Paid';
    case 'part_paid': return `Part-paid (${formatMoney(balance)} owing)`;
    case 'owing': return `Owing ${formatMoney(balance)}`;
    case 'refunded': return 'Refunded';
    case 'credit': return `Credit ${formatMoney(negate(balance))} to refund`;
    default: return 'Nothing to pay';
  }
}

export const ACCOUNT_BADGE = {
  paid: 'badge-success',
  part_paid: 'badge-warning',
  owing: 'badge-warning',
  refunded: 'badge-muted',
  credit: 'badge-danger',
  settled: 'badge-muted',
};

const CHARGE_WORDS = { service: 'Service', cancellation_fee: 'Cancellation fee', no_show_fee: 'No-show fee' };

/** What one entry is, in words. */
export function entryWords(e) {
  let what;
  switch (e.kind) {
    case 'charge': what = CHARGE_WORDS[e.chargeFor] || 'Charge'; break;
    case 'discount':
      what = e.concession ? `Discount: ${e.concession} (${e.percent} %)` : e.percent ? `Discount (${e.percent} %)` : 'Discount';
      break;
    case 'payment':
      what = `Payment: ${METHOD_WORDS[e.method] || e.method}${e.fundName ? `, ${e.fundName}` : ''}${e.claimReference ? ` (claim ${e.claimReference})` : ''}`;
      break;
    case 'refund': what = `Refund: ${METHOD_WORDS[e.method] || e.method}`; break;
    default: what = e.kind;
  }
  return e.reverses ? `Correction: ${what.toLowerCase()}` : what;
}

/** The entry's amount with the sign it has on the balance. */
export function signedAmount(e) {
  const owesMore = e.kind === 'charge' || e.kind === 'refund';
  const sign = (owesMore ? 1 : -1) * (e.reverses ? -1 : 1);
  return { ...e.amount, minor: sign * e.amount.minor };
}

/** An online refund's progress, as its line says it. */
export const REFUND_STATUS_WORDS = {
  creating: 'Refund being sent to Stripe',
  pending: 'Refund pending at Stripe',
  succeeded: 'Refunded by Stripe',
  failed: 'Refund failed',
  canceled: 'Refund cancelled',
};
