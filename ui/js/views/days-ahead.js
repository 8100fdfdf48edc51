// The days next to the one on the front desk, read ahead while the person
// looks at it, so "Previous day" and "Next day" draw without waiting for
// core (12–25 ms for a full day of 20 practitioners, scripts/bench.sh).
// A kept answer is used only while nothing may have changed since it was
// asked for: no command that may write was sent or ended (ipc.changeCount),
// no change was announced (the page calls clear()), the computer's date is
// the same (an answer knows which day is today and which rows are past), and
// it is younger than the page's own refresh interval, by the wall clock and
// the page's clock both (the page's stops while the computer sleeps).
// The kept days belong to one front desk page and go with it.

import * as ipc from '../ipc.js';

const MOST = 4;

export function createDaysAhead({ keptMs }) {
  const kept = new Map(); // date → { at, wall, day, changes, answer: Promise }

  function usable(entry) {
    if (!entry || entry.changes !== ipc.changeCount()) return false;
    const wall = Date.now() - entry.wall;
    return performance.now() - entry.at < keptMs && wall >= 0 && wall < keptMs
      && new Date().toDateString() === entry.day;
  }

  function keep(date, answer) {
    const entry = {
      at: performance.now(), wall: Date.now(), day: new Date().toDateString(), changes: ipc.changeCount(), answer,
    };
    kept.delete(date);
    kept.set(date, entry);
    answer.catch(() => { if (kept.get(date) === entry) kept.delete(date); });
    while (kept.size > MOST) kept.delete(kept.keys().next().value);
  }

  function ask(date) {
    const answer = ipc.dayView(date);
    if (date) keep(date, answer);
    return answer;
  }

  return {
    /**
     * `{ answer, kept }`: the day's answer, the kept one while it is usable,
     * else core's (always core's with `{ fresh: true }`, and for "", today,
     * which changes at midnight). A kept answer that failed is asked again.
     */
    get(date, { fresh = false } = {}) {
      const entry = date && !fresh ? kept.get(date) : null;
      if (usable(entry)) return { answer: entry.answer.catch(() => ask(date)), kept: true };
      return { answer: ask(date), kept: false };
    },
    /** Asks core, in the background, for those of `dates` with no usable kept answer. */
    readAhead(dates) {
      for (const date of dates) if (date && !usable(kept.get(date))) ask(date);
    },
    /** Something changed: nothing kept is shown again. */
    clear() { kept.clear(); },
  };
}
