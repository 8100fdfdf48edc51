// The front desk: one day, a column per practitioner, a row per slot.
// Empty slots book; appointments open the panel on the right.

import { h, toast, toastError } from '../dom.js';
import { formatDate } from '../format.js';
import * as ipc from '../ipc.js';
import { openBookingDialog } from './booking-dialog.js';
import { createAppointmentPanel } from './appointment-panel.js';
import { createDayGrid } from './day-grid.js';
import { createDaysAhead } from './days-ahead.js';
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
  const dayGrid = createDayGrid(scroller);
  const ahead = createDaysAhead({ keptMs: REFRESH_MS });
  const panel = createAppointmentPanel({
    app,
    onChanged: () => refresh(),
    onClosed: (id) => {
      page.classList.remove('has-panel');
      const block = dayGrid.find(`appointment-${id}`);
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
  let heading = null; // the day a click asked for, until it is drawn
  async function load(date, { keepScroll = false } = {}) {
    const mine = ++seq;
    if (!keepScroll) heading = date;
    const started = performance.now();
    const { answer, kept } = ahead.get(date, { fresh: keepScroll }); // a refresh reads again
    let data;
    try {
      data = await answer;
    } catch (error) {
      if (mine === seq) heading = null;
      throw error;
    }
    const answered = performance.now();
    if (!alive || mine !== seq) return; // left the page, or a newer day was asked for
    heading = null;
    const sameDay = view && view.date === data.date;
    const scroll = { top: scroller.scrollTop, left: scroller.scrollLeft };
    const active = document.activeElement;
    const focusedTestId = active && scroller.contains(active) ? active.dataset.testid : null;
    view = data;
    wanted = data.date === data.today ? '' : data.date;
    sessionStorage.setItem(DATE_KEY, wanted);
    const first = draw();
    const built = performance.now();
    if (keepScroll && sameDay) {
      scroller.scrollTop = scroll.top;
      scroller.scrollLeft = scroll.left;
    } else {
      scrollToStart();
    }
    dayGrid.show();
    if (first) dayGrid.makeTabbable(first);
    if (focusedTestId) {
      const again = dayGrid.find(focusedTestId);
      if (again) {
        if (again.classList.contains('slot')) dayGrid.makeTabbable(dayGrid.itemOf(again));
        again.focus({ preventScroll: true });
      }
    }
    void scroller.scrollHeight; // lays the window out, for the measure below
    const kind = drawn++ === 0 ? 'open' : keepScroll ? 'refresh' : 'switch';
    const laidOut = performance.now();
    timePaint(`day-view-${kind}`, started, {
      date: data.date, appointments: data.appointments.length, kept,
      ask: answered - started, build: built - answered, layout: laidOut - built,
    }, () => {
      // After the day is painted: the days either side, for the day buttons.
      if (alive && mine === seq) ahead.readAhead([data.previous, data.next]);
    });
  }

  /**
   * Re-reads the day shown (or today, if today is shown), keeping the scroll
   * position; while a clicked day is on its way, that day instead, so the
   * refresh doesn't undo the click.
   */
  function refresh() {
    attention.refresh();
    return load(heading ?? wanted, { keepScroll: true }).catch(() => {
      // A background refresh that fails is retried by the next one; the grid keeps what it has.
    });
  }

  const go = (date) => load(date).catch(toastError);
  prev.addEventListener('click', () => view && go(view.previous));
  next.addEventListener('click', () => view && go(view.next));
  today.addEventListener('click', () => go(''));
  jump.addEventListener('change', () => { if (jump.value) go(jump.value); });
  newAppointment.addEventListener('click', () => book({ date: view?.date ?? '' }, newAppointment));

  function nowPos() {
    if (view.date !== view.today) return -1;
    const now = Date.now();
    const ms = view.slotMinutes * 60_000;
    return view.rows.findIndex((r) => {
      const start = Date.parse(r.startsAt);
      return start <= now && now < start + ms;
    });
  }

  /** Draws the day in `view`; returns the free slot Tab should reach first. */
  function draw() {
    const v = view;
    title.textContent = formatDate(v.date);
    todayBadge.hidden = v.date !== v.today;
    jump.value = v.date;

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
      return null;
    }
    newAppointment.hidden = false;
    scroller.classList.remove('is-empty');

    const { hidden } = dayGrid.draw(v, { now: Date.now(), current: nowPos() });
    if (hidden) {
      notices.append(h('p', { class: 'callout callout-warning', 'data-testid': 'hidden-appointments' },
        `${hidden} appointment${hidden === 1 ? ' is' : 's are'} with a practitioner not shown here.`));
    }
    if (v.rows.length === 0) {
      scroller.append(h('p', { class: 'empty muted' }, 'There are no times to show on this day.'));
      return null;
    }
    const row = (pos) => Array.from({ length: dayGrid.cols() }, (_, col) => dayGrid.slotAt(pos, col)).find(Boolean);
    for (let pos = startPos(); pos < dayGrid.rows(); pos++) if (row(pos)) return row(pos);
    for (let pos = 0; pos < dayGrid.rows(); pos++) if (row(pos)) return row(pos);
    return null;
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
      if (pos < 0 || pos >= dayGrid.rows() || col < 0 || col >= dayGrid.cols()) return;
      const target = dayGrid.slotAt(pos, col);
      if (target) {
        dayGrid.makeTabbable(target).focus();
        return;
      }
    }
  });
  scroller.addEventListener('focusin', (event) => {
    const item = event.target.classList?.contains('slot') ? dayGrid.itemOf(event.target) : null;
    if (item) dayGrid.makeTabbable(item);
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
    ahead.clear();
    refresh();
    panel.refresh(payload?.ids || []);
  });
  // On the clinic server: another workstation's change, shown within moments.
  // A booking touches a few tables at once: one refresh for them all.
  const SHOWN = ['*', 'appointments', 'account_entries', 'checkout_attempts', 'patients', 'practitioners',
    'appointment_types', 'opening_hours', 'attention_items', 'clinic'];
  let pending = null;
  const unlistenData = ipc.onDataChanged(({ table }) => {
    if (!alive || !SHOWN.includes(table)) return;
    ahead.clear();
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      if (!alive) return;
      refresh();
      if (panel.currentId !== null) panel.refresh([panel.currentId]);
    }, 150);
  });
  const timer = setInterval(() => {
    refresh();
    if (panel.currentId !== null) panel.refresh([panel.currentId]);
  }, REFRESH_MS);

  const cleanup = () => {
    alive = false;
    dayGrid.destroy();
    clearInterval(timer);
    document.removeEventListener('keydown', onKey);
    unlisten.then((stop) => stop()).catch(() => {});
    unlistenData.then((stop) => stop()).catch(() => {});
    clearTimeout(pending);
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
 * painted what was just drawn: the time a person waits. WebKit paints on
 * other threads after the frame's script and layout, and begins the next
 * frame only once that one is painted, so the measure ends when the second
 * animation frame begins. scripts/bench.sh reads these through WebDriver.
 */
function timePaint(name, started, detail, then) {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    if (performance.getEntriesByType('measure').length > 200) performance.clearMeasures();
    performance.measure(name, { start: started, end: performance.now(), detail });
    then();
  }));
}
