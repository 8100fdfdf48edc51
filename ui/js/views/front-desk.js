// The front desk: one day, a column per practitioner, a row per slot.
// Empty slots book; appointments open the panel on the right.

import { h, toast, toastError } from '../dom.js';
import { formatDate } from '../format.js';
import * as ipc from '../ipc.js';
import { openBookingDialog } from './booking-dialog.js';
import { createAppointmentPanel, appointmentBadges } from './appointment-panel.js';
import { createNeedsAttention } from './needs-attention.js';

const REFRESH_MS = 60_000;
/** The day being looked at, kept while visiting other pages ("" = today). */
const DATE_KEY = 'frontDesk.date';

export async function render(root, _params, app) {
  ipc.setWindowTitle('Front desk — Clinicdesk');
  let view = null; // the last day_view answer
  let wanted = sessionStorage.getItem(DATE_KEY) || '';
  let seq = 0;
  let alive = true;
  let slotAt = []; // [rowPos][col] → the empty slot's button, or null where an appointment sits
  let opener = null; // what opened the panel, for focus on close

  const title = h('h1', { id: 'day-title', tabindex: '-1', 'data-testid': 'day-title' });
  const todayBadge = h('span', { class: 'badge badge-accent', 'data-testid': 'today-badge', hidden: true }, 'Today');
  const prev = h('button', { type: 'button', class: 'btn btn-prev', 'data-testid': 'prev-day' }, 'Previous day');
  const today = h('button', { type: 'button', class: 'btn', 'data-testid': 'today' }, 'Today');
  const next = h('button', { type: 'button', class: 'btn btn-next', 'data-testid': 'next-day' }, 'Next day');
  const jump = h('input', { class: 'input desk-jump', type: 'date', id: 'jump-date', 'aria-label': 'Go to date', 'data-testid': 'jump-date' });
  const newAppointment = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'new-appointment' }, 'New appointment');
  const notices = h('div', { class: 'desk-notices', 'aria-live': 'polite' });
  const scroller = h('div', { class: 'desk-scroll', role: 'region', 'aria-labelledby': 'day-title', 'data-testid': 'day-grid' });
  const panel = createAppointmentPanel({
    app,
    onChanged: () => refresh(),
    onClosed: (id) => {
      page.classList.remove('has-panel');
      const block = scroller.querySelector(`[data-testid="appointment-${CSS.escape(String(id))}"]`);
      (block || (opener?.isConnected ? opener : null) || title).focus?.();
      opener = null;
    },
  });

  const attention = createNeedsAttention({
    onOpen: (id) => {
      opener = null;
      page.classList.add('has-panel');
      panel.open(id, { focus: true });
    },
  });

  const page = h('div', { class: 'desk', 'data-testid': 'front-desk' },
    h('div', { class: 'desk-head' },
      h('div', { class: 'desk-title' }, title, todayBadge),
      h('div', { class: 'desk-nav', role: 'group', 'aria-label': 'Choose the day' }, prev, today, next, jump),
      newAppointment),
    notices,
    attention.element,
    scroller,
    panel.element);
  root.append(page);

  let drawn = 0;
  async function load(date, { keepScroll = false } = {}) {
    const mine = ++seq;
    const started = performance.now();
    const data = await ipc.dayView(date);
    const answered = performance.now();
    if (!alive || mine !== seq) return; // left the page, or a newer day was asked for
    const sameDay = view && view.date === data.date;
    const scroll = { top: scroller.scrollTop, left: scroller.scrollLeft };
    const active = document.activeElement;
    const focusedTestId = active && scroller.contains(active) ? active.dataset.testid : null;
    view = data;
    wanted = data.date === data.today ? '' : data.date;
    sessionStorage.setItem(DATE_KEY, wanted);
    draw();
    const built = performance.now();
    if (keepScroll && sameDay) {
      scroller.scrollTop = scroll.top;
      scroller.scrollLeft = scroll.left;
    } else {
      scrollToStart();
    }
    if (focusedTestId) {
      const again = scroller.querySelector(`[data-testid="${CSS.escape(focusedTestId)}"]`);
      if (again) {
        if (again.classList.contains('slot')) makeTabbable(again);
        again.focus({ preventScroll: true });
      }
    }
    const kind = drawn++ === 0 ? 'open' : keepScroll ? 'refresh' : 'switch';
    const laidOut = performance.now(); // scrolling to the first row laid the grid out
    timePaint(`day-view-${kind}`, started, {
      date: data.date, appointments: data.appointments.length,
      ask: answered - started, build: built - answered, layout: laidOut - built,
    });
  }

  /** Re-reads the day shown (or today, if today is shown), keeping the scroll position. */
  function refresh() {
    attention.refresh();
    return load(wanted, { keepScroll: true }).catch(() => {
      // A background refresh that fails is retried by the next one; the grid keeps what it has.
    });
  }

  const go = (date) => load(date).catch(toastError);
  prev.addEventListener('click', () => view && go(view.previous));
  next.addEventListener('click', () => view && go(view.next));
  today.addEventListener('click', () => go(''));
  jump.addEventListener('change', () => { if (jump.value) go(jump.value); });
  newAppointment.addEventListener('click', () => book({ date: view?.date ?? '' }, newAppointment));

  function rowPos(index) {
    const pos = view.rows.findIndex((r) => r.index === index);
    return pos >= 0 ? pos : index;
  }

  function nowPos() {
    if (view.date !== view.today) return -1;
    const now = Date.now();
    const ms = view.slotMinutes * 60_000;
    return view.rows.findIndex((r) => {
      const start = Date.parse(r.startsAt);
      return start <= now && now < start + ms;
    });
  }

  function draw() {
    const v = view;
    const dayWords = formatDate(v.date);
    title.textContent = dayWords;
    todayBadge.hidden = v.date !== v.today;
    jump.value = v.date;
    slotAt = [];

    const noticeParts = [];
    if (v.closed) noticeParts.push(h('p', { class: 'callout', 'data-testid': 'closed-notice' }, 'The clinic is closed on this day'));
    notices.replaceChildren(...noticeParts);

    if (v.practitioners.length === 0) {
      newAppointment.hidden = true;
      scroller.classList.add('is-empty');
      scroller.replaceChildren(h('div', { class: 'empty', 'data-testid': 'desk-empty' },
        h('p', {}, h('strong', {}, 'Add your practitioners in ',
          h('a', { href: '#/settings/practitioners' }, 'Settings → Practitioners'), ' to start booking')),
        h('p', { class: 'muted' }, 'Each practitioner gets a column here; click a free time to book it.'),
        h('a', { class: 'btn btn-primary', href: '#/settings/practitioners' }, 'Add practitioners')));
      return;
    }
    newAppointment.hidden = false;
    scroller.classList.remove('is-empty');

    const cols = v.practitioners.length;
    const grid = h('div', { class: 'desk-grid', vars: { '--desk-cols': cols, '--desk-rows': Math.max(v.rows.length, 1) } },
      h('div', { class: 'desk-corner' }, h('span', { class: 'visually-hidden' }, 'Time')),
      v.practitioners.map((p, col) => h('div', { class: 'desk-col-head', vars: { '--c': col + 2 }, 'data-testid': `practitioner-col-${p.id}` }, p.name)));

    // Appointments first, so the slots they cover are known.
    const blocks = [];
    const occupied = v.rows.map(() => new Array(cols).fill(false));
    const now = Date.now();
    let hidden = 0;
    const columnOf = new Map(v.practitioners.map((p, col) => [String(p.id), col]));
    for (const a of v.appointments) {
      const col = columnOf.get(String(a.practitionerId)) ?? -1;
      if (col < 0 || v.rows.length === 0) { hidden++; continue; }
      const pos = Math.max(0, Math.min(rowPos(a.row), v.rows.length - 1));
      const span = Math.max(1, Math.min(a.rowSpan || 1, v.rows.length - pos));
      for (let r = pos; r < pos + span; r++) occupied[r][col] = true;
      const badges = appointmentBadges(a);
      const label = `${a.startLabel}–${a.endLabel}, ${a.patientName}, ${a.typeName}, ${badges.map((b) => b.text).join(', ')}`;
      const past = Date.parse(a.endsAt) <= now;
      const block = h('button', {
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
      blocks.push(block);
    }
    if (hidden) {
      notices.append(h('p', { class: 'callout callout-warning', 'data-testid': 'hidden-appointments' },
        `${hidden} appointment${hidden === 1 ? ' is' : 's are'} with a practitioner not shown here.`));
    }

    const current = nowPos();
    const cells = [];
    const seen = new Set(); // on a clocks-back day a label repeats; its second slots get "-2" in their test ids
    v.rows.forEach((r, pos) => {
      const labelKey = seen.has(r.label) ? `${r.label}-2` : r.label;
      seen.add(r.label);
      const isHour = /:00$/.test(r.label);
      const rowClass = `${r.withinHours ? '' : ' is-outside'}${r.past ? ' is-past' : ''}${isHour ? ' is-hour' : ''}`;
      cells.push(h('div', { class: `desk-time${rowClass}${pos === current ? ' is-now' : ''}`, vars: { '--r': pos + 2 }, 'data-row-pos': pos },
        h('span', {}, r.label)));
      slotAt[pos] = v.practitioners.map((p, col) => {
        if (occupied[pos][col]) return null;
        const slot = h('button', {
          type: 'button',
          class: `slot${rowClass}`,
          vars: { '--r': pos + 2, '--c': col + 2 },
          tabindex: '-1',
          'aria-label': `Book ${p.name} at ${r.label}`,
          'data-testid': `slot-${p.id}-${labelKey}`,
          'data-label': r.label,
          dataset: { pos, col },
        });
        cells.push(slot);
        return slot;
      });
    });
    if (current >= 0) {
      const start = Date.parse(v.rows[current].startsAt);
      const fraction = Math.min(1, Math.max(0, (now - start) / (v.slotMinutes * 60_000)));
      cells.push(h('div', { class: 'desk-now', 'aria-hidden': 'true', vars: { '--r': current + 2, '--f': fraction.toFixed(3) } }));
    }
    grid.append(...cells, ...blocks);
    scroller.replaceChildren(grid);
    if (v.rows.length === 0) {
      scroller.append(h('p', { class: 'empty muted' }, 'There are no times to show on this day.'));
    }
    const first = slotAt[startPos()]?.find(Boolean) || slotAt.flat().find(Boolean);
    if (first) first.tabIndex = 0;
  }

  /** The row to show first: now on today, else the first row within opening hours. */
  function startPos() {
    const current = nowPos();
    if (current >= 0) return Math.max(0, current - 1);
    const open = view.rows.findIndex((r) => r.withinHours);
    return open >= 0 ? open : 0;
  }

  function scrollToStart() {
    if (!view || view.practitioners.length === 0) return;
    const label = scroller.querySelector(`[data-row-pos="${startPos()}"]`);
    const head = scroller.querySelector('.desk-col-head');
    scroller.scrollLeft = 0;
    scroller.scrollTop = label ? Math.max(0, label.offsetTop - (head ? head.offsetHeight : 0)) : 0;
  }

  // One listener for the whole grid (a full day is thousands of buttons).
  scroller.addEventListener('click', (event) => {
    const block = event.target.closest?.('.appt');
    if (block) {
      opener = block;
      page.classList.add('has-panel');
      panel.open(Number(block.dataset.appointmentId), { focus: true });
      return;
    }
    const slot = event.target.closest?.('.slot');
    if (slot && view) {
      const p = view.practitioners[Number(slot.dataset.col)];
      book({ practitionerId: p.id, date: view.date, time: slot.dataset.label }, slot);
    }
  });

  // Arrow keys move between free slots; only one slot is in the tab order.
  function makeTabbable(slot) {
    for (const el of scroller.querySelectorAll('.slot[tabindex="0"]')) el.tabIndex = -1;
    slot.tabIndex = 0;
  }
  scroller.addEventListener('keydown', (event) => {
    const slot = event.target.closest?.('.slot');
    if (!slot) return;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    let pos = Number(slot.dataset.pos);
    let col = Number(slot.dataset.col);
    for (;;) {
      pos += move[0];
      col += move[1];
      if (pos < 0 || pos >= slotAt.length || col < 0 || col >= (slotAt[0]?.length ?? 0)) return;
      const target = slotAt[pos][col];
      if (target) {
        makeTabbable(target);
        target.focus();
        return;
      }
    }
  });
  scroller.addEventListener('focusin', (event) => {
    if (event.target.classList?.contains('slot')) makeTabbable(event.target);
  });

  let booking = false; // one booking dialog at a time, even on a double click
  async function book(prefill, from) {
    if (booking) return;
    booking = true;
    let appointment;
    try {
      appointment = await openBookingDialog(app, { ...prefill, slotMinutes: view?.slotMinutes });
    } catch (error) {
      toastError(error);
      return;
    } finally {
      booking = false;
    }
    if (!appointment) {
      if (from?.isConnected) from.focus();
      return;
    }
    toast(`Booked ${appointment.patient?.fullName ?? 'the appointment'} at ${appointment.startLabel}`);
    try {
      if (view && appointment.localDate && appointment.localDate !== view.date) await load(appointment.localDate);
      else await load(wanted, { keepScroll: true });
    } catch (error) { toastError(error); }
    if (!alive) return;
    opener = null;
    page.classList.add('has-panel');
    panel.show(appointment);
  }

  // Esc closes the panel from anywhere on the page (dialogs handle their own Esc).
  const onKey = (event) => {
    if (event.key === 'Escape' && !document.querySelector('dialog[open]') && !panel.element.hidden) {
      event.preventDefault();
      panel.close();
    }
  };
  document.addEventListener('keydown', onKey);

  const unlisten = ipc.onAppointmentsChanged((payload) => {
    if (!alive) return;
    refresh();
    panel.refresh(payload?.ids || []);
  });
  const timer = setInterval(() => {
    refresh();
    if (panel.currentId !== null) panel.refresh([panel.currentId]);
  }, REFRESH_MS);

  const cleanup = () => {
    alive = false;
    clearInterval(timer);
    document.removeEventListener('keydown', onKey);
    unlisten.then((stop) => stop()).catch(() => {});
  };

  attention.refresh();
  try {
    try {
      await load(wanted);
    } catch (error) {
      if (!wanted) throw error;
      // The remembered day could not be shown; today can.
      sessionStorage.removeItem(DATE_KEY);
      wanted = '';
      await load('');
    }
  } catch (error) {
    cleanup();
    throw error;
  }
  return cleanup;
}

/**
 * Records, as a User Timing measure, from `started` until the browser has
 * painted what was just drawn (the frame after the next animation frame):
 * the time a person waits. scripts/bench.sh reads these through WebDriver.
 */
function timePaint(name, started, detail) {
  requestAnimationFrame(() => setTimeout(() => {
    if (performance.getEntriesByType('measure').length > 200) performance.clearMeasures();
    performance.measure(name, { start: started, end: performance.now(), detail });
  }));
}
