// The front desk's grid of one day, drawn in windows: only the slots and
// appointments in view (and a few rows and a column beyond) are in the page.
// A full day of 20 practitioners is ~6,000 elements; one screen of it is a
// tenth of that, and WebKit's style, layout and paint cost follows the
// element count. Time labels and column heads are always there (they are
// few), so the grid is its full size and scrolls as one.

import { h } from '../dom.js';
import { appointmentBadges } from './appointment-panel.js';

/** Rows and columns drawn beyond the visible ones, so scrolling shows no gaps. */
const MORE_ROWS = 6;
const MORE_COLS = 1;

export function createDayGrid(scroller) {
  let grid = null;
  let items = []; // every slot and appointment of the day, in tab order
  let startingAt = []; // [rowPos] → the items whose first row it is
  let longest = 1; // the most rows one item spans
  let slotAt = []; // [rowPos][col] → the free slot's item, or null under an appointment
  let byTestId = new Map();
  const mounted = new Set();
  let heads = [];
  let rowCount = 0;
  let shown = null; // the window drawn: { r0, r1, c0, c1 }
  let tabbable = null; // the one slot in the tab order (arrow keys move it)
  let geometry = null;
  let frame = 0;

  /**
   * Draws `v` (a day_view answer with at least one practitioner and the
   * rows it shows): the fixed parts at once, the items as descriptions,
   * built when they come into view. Returns how many appointments have no
   * column here.
   */
  function draw(v, { now, current }) {
    const cols = v.practitioners.length;
    rowCount = v.rows.length;
    items = [];
    byTestId = new Map();
    mounted.clear();
    shown = null;
    geometry = null;
    tabbable = null;
    heads = v.practitioners.map((p, col) => h('div', { class: 'desk-col-head', vars: { '--c': col + 2 }, 'data-testid': `practitioner-col-${p.id}` }, p.name));
    grid = h('div', { class: 'desk-grid', vars: { '--desk-cols': cols, '--desk-rows': Math.max(rowCount, 1) } },
      h('div', { class: 'desk-corner' }, h('span', { class: 'visually-hidden' }, 'Time')),
      heads);

    const posOf = new Map(v.rows.map((r, pos) => [r.index, pos]));
    const occupied = v.rows.map(() => new Array(cols).fill(false));
    const columnOf = new Map(v.practitioners.map((p, col) => [String(p.id), col]));
    const appointments = [];
    let hidden = 0;
    longest = 1;
    for (const a of v.appointments) {
      const col = columnOf.get(String(a.practitionerId)) ?? -1;
      if (col < 0 || rowCount === 0) { hidden++; continue; }
      const pos = Math.max(0, Math.min(posOf.get(a.row) ?? a.row, rowCount - 1));
      const span = Math.max(1, Math.min(a.rowSpan || 1, rowCount - pos));
      for (let r = pos; r < pos + span; r++) occupied[r][col] = true;
      longest = Math.max(longest, span);
      appointments.push({ testId: `appointment-${a.id}`, pos, span, col, make: () => appointmentCard(a, pos, span, col, now) });
    }

    const labels = [];
    const seen = new Set(); // on a clocks-back day a label repeats; its second slots get "-2" in their test ids
    slotAt = v.rows.map((r, pos) => {
      const labelKey = seen.has(r.label) ? `${r.label}-2` : r.label;
      seen.add(r.label);
      const rowClass = `${r.withinHours ? '' : ' is-outside'}${r.past ? ' is-past' : ''}${/:00$/.test(r.label) ? ' is-hour' : ''}`;
      labels.push(h('div', { class: `desk-time${rowClass}${pos === current ? ' is-now' : ''}`, vars: { '--r': pos + 2 }, 'data-row-pos': pos, 'data-label': labelKey },
        h('span', {}, r.label)));
      return v.practitioners.map((p, col) => {
        if (occupied[pos][col]) return null;
        const item = { testId: `slot-${p.id}-${labelKey}`, pos, span: 1, col, make: () => h('button', {
          type: 'button',
          class: `slot${rowClass}`,
          vars: { '--r': pos + 2, '--c': col + 2 },
          tabindex: '-1',
          'aria-label': `Book ${p.name} at ${r.label}`,
          'data-testid': `slot-${p.id}-${labelKey}`,
          'data-label': r.label,
          dataset: { pos, col },
        }) };
        items.push(item);
        return item;
      });
    });
    items.push(...appointments);
    startingAt = v.rows.map(() => []);
    items.forEach((item, order) => {
      item.order = order;
      item.el = null;
      startingAt[item.pos].push(item);
      byTestId.set(item.testId, item);
    });
    if (current >= 0) {
      const start = Date.parse(v.rows[current].startsAt);
      const fraction = Math.min(1, Math.max(0, (now - start) / (v.slotMinutes * 60_000)));
      labels.push(h('div', { class: 'desk-now', 'aria-hidden': 'true', vars: { '--r': current + 2, '--f': fraction.toFixed(3) } }));
    }
    grid.append(...labels);
    scroller.replaceChildren(grid);
    return { hidden };
  }

  /** Where rows and columns are, read from the fixed parts (cheap: they are few). */
  function measure() {
    const corner = grid.firstElementChild;
    const rowHeight = parseFloat(getComputedStyle(grid).getPropertyValue('--slot-height')) || 30;
    return {
      top: corner.offsetHeight,
      rowHeight,
      lefts: heads.map((el) => el.offsetLeft),
      widths: heads.map((el) => el.offsetWidth),
    };
  }

  function element(item) {
    if (!item.el) item.el = item.make();
    return item.el;
  }

  /** Puts `item` in the page, in its tab order among the items there. */
  function mount(item) {
    if (mounted.has(item)) return item.el;
    const el = element(item);
    let next = null;
    for (const other of mounted) if (other.order > item.order && (!next || other.order < next.order)) next = other;
    grid.insertBefore(el, next ? next.el : null);
    mounted.add(item);
    return el;
  }

  /**
   * Draws what is in view now and takes away what is far out of it. With
   * `{ margin: false }` only what is in view: a new day is painted sooner,
   * and the rows and column beyond follow in the next frame.
   */
  function update({ margin = true } = {}) {
    frame = 0;
    if (!grid || !grid.isConnected || rowCount === 0) return;
    geometry ??= measure();
    const g = geometry;
    const top = scroller.scrollTop - g.top;
    const moreRows = margin ? MORE_ROWS : 0;
    const moreCols = margin ? MORE_COLS : 0;
    const r0 = Math.max(0, Math.floor(top / g.rowHeight) - moreRows);
    const r1 = Math.min(rowCount - 1, Math.ceil((top + scroller.clientHeight) / g.rowHeight) + moreRows);
    const left = scroller.scrollLeft;
    const right = left + scroller.clientWidth;
    let c0 = g.lefts.findIndex((l, c) => l + g.widths[c] > left);
    if (c0 < 0) c0 = g.lefts.length - 1;
    let c1 = c0;
    while (c1 + 1 < g.lefts.length && g.lefts[c1 + 1] < right) c1++;
    c0 = Math.max(0, c0 - moreCols);
    c1 = Math.min(g.lefts.length - 1, c1 + moreCols);
    if (shown && shown.r0 === r0 && shown.r1 === r1 && shown.c0 === c0 && shown.c1 === c1) return;
    shown = { r0, r1, c0, c1 };
    const inView = (item) => item.col >= c0 && item.col <= c1 && item.pos <= r1 && item.pos + item.span - 1 >= r0;
    const focused = document.activeElement;
    for (const item of [...mounted]) {
      if (inView(item) || item === tabbable || item.el === focused) continue;
      item.el.remove();
      mounted.delete(item);
    }
    // New items in order: when nothing is mounted past them, one fragment.
    const adding = [];
    for (let r = Math.max(0, r0 - longest + 1); r <= r1; r++) {
      for (const item of startingAt[r]) if (!mounted.has(item) && inView(item)) adding.push(item);
    }
    adding.sort((a, b) => a.order - b.order);
    if (mounted.size === 0) {
      const fragment = document.createDocumentFragment();
      for (const item of adding) { fragment.append(element(item)); mounted.add(item); }
      grid.append(fragment);
    } else {
      for (const item of adding) mount(item);
    }
    grid.dataset.firstRow = r0;
    grid.dataset.lastRow = r1;
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(() => update());
  }
  scroller.addEventListener('scroll', schedule, { passive: true });
  const resized = new ResizeObserver(() => { geometry = null; shown = null; schedule(); });
  resized.observe(scroller);

  return {
    draw,
    /** Draws what is in view; the margin around it follows in a later frame. */
    show() {
      update({ margin: false });
      if (!frame) frame = requestAnimationFrame(() => requestAnimationFrame(() => update()));
    },
    /** The free slot at a row and column, or null. */
    slotAt: (pos, col) => slotAt[pos]?.[col] ?? null,
    rows: () => slotAt.length,
    cols: () => slotAt[0]?.length ?? 0,
    /** The element with this test id, put in the page if it was out of view. */
    find(testId) {
      const item = grid && byTestId.get(testId);
      return item ? mount(item) : null;
    },
    /** Makes `item` the slot that Tab reaches, keeping it in the page. */
    makeTabbable(item) {
      if (tabbable?.el) tabbable.el.tabIndex = -1;
      tabbable = item;
      mount(item).tabIndex = 0;
      return item.el;
    },
    itemOf: (el) => byTestId.get(el?.dataset?.testid) ?? null,
    /** When the page is left: nothing more to watch or draw. */
    destroy() {
      resized.disconnect();
      scroller.removeEventListener('scroll', schedule);
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      grid = null;
    },
  };
}

/**
 * One column head, time label, slot and card of each height, for
 * js/warm.js to lay out once before the first day is drawn.
 */
export function sampleGrid() {
  const a = { id: 0, state: 'booked', startLabel: '09:00', endLabel: '09:15', endsAt: '', patientName: 'Sam Taylor',
    typeName: 'Review', colour: '#0f766e', payment: null, account: { status: 'paid', balance: '0' } };
  const owing = { ...a, state: 'completed', account: { status: 'part_paid', balance: { minor: 4500, currency: 'USD', exponent: 2 } } };
  return h('div', { class: 'desk-grid', vars: { '--desk-cols': 1, '--desk-rows': 3 } },
    h('div', { class: 'desk-col-head' }, 'Dr Mia Lee'),
    h('div', { class: 'desk-time is-hour' }, h('span', {}, '09:00')),
    h('button', { type: 'button', class: 'slot' }, '+ 09:00'),
    appointmentCard(a, 0, 1, 0, 0), appointmentCard(owing, 1, 2, 0, 0));
}

function appointmentCard(a, pos, span, col, now) {
  const badges = appointmentBadges(a);
  const label = `${a.startLabel}–${a.endLabel}, ${a.patientName}, ${a.typeName}, ${badges.map((b) => b.text).join(', ')}`;
  const past = Date.parse(a.endsAt) <= now;
  return h('button', {
    type: 'button',
    class: `appt appt-${a.state}${span === 1 ? ' is-compact' : span === 2 ? ' is-short' : ''}${past ? ' is-past' : ''}`,
    vars: { '--r': pos + 2, '--span': span, '--c': col + 2, '--type-colour': a.colour },
    'aria-label': label,
    title: label,
    'data-testid': `appointment-${a.id}`,
    'data-appointment-id': a.id,
  },
  h('span', { class: 'appt-time' }, `${a.startLabel}–${a.endLabel}`),
  h('span', { class: 'appt-patient' }, a.patientName),
  h('span', { class: 'appt-type' }, a.typeName),
  h('span', { class: 'appt-badges' }, badges.map((b) => h('span', { class: `badge ${b.cls}`, 'data-testid': 'appointment-badge' }, b.text))));
}
