// The one place that turns error codes from Rust into words for people.
// Rust sends a plain fallback message too; codes listed here get wording that
// can use the user's locale (amounts via Intl).

import { formatMinor } from './format.js';

const general = {
  internal: 'Something went wrong. Your saved data is safe; the details were written to the log.',
  not_found: 'That item no longer exists. It may have been changed on another workstation.',
  no_backend: 'Clinicdesk must run inside its app window.',
  database_too_new: null, // Rust's message names the versions; keep it.
  invalid_transition: 'That can\'t be done to this appointment now — it may have just changed (for example, the patient paid). Its latest state is shown.',
  // stripe_unavailable / stripe_timeout / stripe_unreachable: Rust's messages already say what to try; keep them.
  locked: 'Clinicdesk is locked. Choose your name and enter your PIN.',
  // forbidden, pin_locked_out: Rust's messages say what the role may do, or how long to wait; keep them.
  owner_exists: 'This clinic already has an owner: sign in with your PIN.',
  no_mail_app: 'No email app is set up on this computer. Copy the link and send it another way.',
  // payment_processing, already_paid, no_return_url, stripe_not_ready: Rust's messages say why and what to do; keep them.
};

/**
 * Codes that can arrive at a field or on their own. Rust's own words are kept
 * where they already say more than we could (in_past, outside_hours with the
 * day's hours, no_such_time with the time, stripe_not_ready per action).
 */
const booking = {
  slot_taken: 'That slot was just taken — pick another time.',
};

/**
 * Words for one field error. `ctx` gives { currency, exponent } for amounts.
 */
export function fieldMessage(error, ctx = {}) {
  const p = error.params || {};
  const money = (minor) => (ctx.currency ? formatMinor(minor, ctx.currency, ctx.exponent ?? 2) : String(minor));
  switch (error.code) {
    case 'below_minimum_charge':
      return `Online payment must be at least ${money(p.minimumMinor)} (Stripe's minimum for ${ctx.currency}); this would take ${money(p.amountMinor)}.`;
    case 'above_price':
      return `The amount taken online can't be more than the price (${money(p.priceMinor)}).`;
    case 'too_large':
      return p.maxMinor !== undefined ? `Enter an amount of at most ${money(p.maxMinor)}.` : 'That amount is too large.';
    case 'exceeds_balance':
      return p.owingMinor !== undefined ? `That is more than is owing (${money(p.owingMinor)}).` : error.message;
    case 'exceeds_refundable':
      return `At most ${money(p.leftMinor)} of this payment is left to refund.`;
    case 'would_overpay':
      return `This would leave ${money(p.byMinor)} paid too much.`;
    case 'exceeds_surplus':
      return `At most ${money(p.surplusMinor)} was paid beyond what is charged.`;
    case 'explain_difference':
      return `The till is ${p.differenceMinor < 0 ? 'short' : 'over'} by ${money(Math.abs(p.differenceMinor))}: say why before closing the day.`;
    case 'not_positive':
      return 'Enter an amount more than zero.';
    case 'url_not_https':
      return 'Use an https:// address: patients are sent there from Stripe\'s payment page.';
    case 'name_taken':
      return ctx.kind === 'practitioner'
        ? 'Another practitioner already has this name. Add something that tells them apart, such as a middle initial.'
        : error.message;
    default:
      return booking[error.code] || error.message;
  }
}

/** Words for an error that is not about one field. */
export function errorMessage(error) {
  if (!error) return general.internal;
  const text = general[error.code] || booking[error.code];
  return text || error.message || general.internal;
}
