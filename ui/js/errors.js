// The one place that turns error codes from Rust into words for people.
// Rust sends a plain fallback message too; codes listed here get wording that
// can use the user's locale (amounts via Intl).

import { formatMinor } from './format.js';

const general = {
  internal: 'Something went wrong. Your saved data is safe; the details were written to the log.',
  not_found: 'That item no longer exists. It may have been changed on another workstation.',
  no_backend: 'Clinicdesk must run inside its app window.',
  database_too_new: null, // Rust's message names the versions; keep it.
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
    default:
      return error.message;
  }
}

/** Words for an error that is not about one field. */
export function errorMessage(error) {
  if (!error) return general.internal;
  const text = general[error.code];
  return text || error.message || general.internal;
}
