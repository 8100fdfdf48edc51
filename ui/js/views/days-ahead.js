// The days next to the one on the front desk, read ahead while the person
// looks at it, so "Previous day" and "Next day" draw without waiting for
// core (12–16 ms for a full day of 20 practitioners, scripts/bench.sh).
// A kept answer is used only while nothing has changed since it was asked
// for: no command that may write was sent or ended (ipc.changeCount), no
// change was announced (the page calls clear()), and it is younger than the
// page's own refresh interval, so it is never staler than the day on screen.
// The kept days belong to one front desk page and go with it.

import * as ipc from '../ipc.js';

const MOST = 4;

export function createDaysAhead({ keptMs }) {
  const kept = new Map(); // date → { at, changes, answer: Promise }

  const usable = (entry) =>
    entry && entry.changes === ipc.changeCount() && performance.now() - entry.at < keptMs;

  function keep(date, answer) {
    const entry = { at: performance.now(), changes: ipc.changeCount(), answer };
    kept.delete(date);
    kept.set(date, entry);
    answer.catch(() => { if (kept.get(date) === entry) kept.delete(date); });
    while (kept.size > MOST) kept.delete(kept.keys().next().value);
  }

  return {
    /**
     * `{ answer, kept }`: the day's answer, the kept one while it is usable,
     * else core's (always core's with `{ fresh: true }`, and for "", today,
     * which changes at midnight).
     */
    get(date, { fresh = false } = {}) {
      const entry = date && !fresh ? kept.get(date) : null;
      if (usable(entry)) return { answer: entry.answer, kept: true };
      const answer = ipc.dayView(date);
      if (date) keep(date, answer);
      return { answer, kept: false };
    },
    /** Asks core, in the background, for those of `dates` not already kept. */
    readAhead(dates) {
      for (const date of dates) if (date && !usable(kept.get(date))) keep(date, ipc.dayView(date));
    },
    /** Something changed: nothing kept is shown again. */
    clear() { kept.clear(); },
  };
}
