// Formatting for people: money and dates in the user's locale.

// The OS may report a locale Intl rejects (WebKit passes "C" through from a
// POSIX locale); then the runtime's default is used.
const locale = (() => {
  try {
    return Intl.getCanonicalLocales(navigator.language)[0];
  } catch {
    return undefined;
  }
})();
const formatters = new Map();

function currencyFormatter(currency) {
  if (!formatters.has(currency)) {
    formatters.set(currency, new Intl.NumberFormat(locale, { style: 'currency', currency }));
  }
  return formatters.get(currency);
}

/** Money arrives from Rust as { minor, currency, exponent }. */
export function formatMoney(money) {
  if (!money) return '';
  return currencyFormatter(money.currency).format(money.minor / 10 ** money.exponent);
}

/** An amount in minor units of a currency whose exponent we know. */
export function formatMinor(minor, currency, exponent) {
  return formatMoney({ minor, currency, exponent });
}

/** The symbol shown beside money inputs ("A$", "€", "¥"). */
export function currencySymbol(currency) {
  const part = currencyFormatter(currency).formatToParts(0).find((p) => p.type === 'currency');
  return part ? part.value : currency;
}

/** An amount as a person would type it back into a field ("90.00"). */
export function moneyInputValue(money) {
  if (!money) return '';
  const major = money.minor / 10 ** money.exponent;
  return major.toFixed(money.exponent);
}

export function formatDuration(minutes) {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

export function formatTimestamp(text, timeZone) {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** An instant as a short day and time in `timeZone` ("Nov 28, 2:21 PM"): account lines. */
export function formatShortTimestamp(text, timeZone) {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone }).format(date);
}

/**
 * A calendar date "YYYY-MM-DD" (already the clinic's local date) in words.
 * Formatted at UTC midnight in UTC, so no time zone can move it a day.
 * `long`: "Friday 27 November 2026" (in the user's locale); `medium`: "27 Nov 2026".
 */
export function formatDate(ymd, style = 'long') {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
  if (!m) return ymd || '';
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const options = style === 'long'
    ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
    : { day: 'numeric', month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
}

/** How long a payment hold lasts, in words: "60 minutes", "2 hours". */
export function formatHold(minutes) {
  const n = Number(minutes);
  if (n >= 120 && n % 60 === 0) return `${n / 60} hours`;
  return `${n} minutes`;
}
