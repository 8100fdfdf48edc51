// Front desk → End of day: a day's takings by method and practitioner, the
// till (float, counted, difference), closing the day, the day's money lines,
// and the CSV for the accountant. A closed day shows its frozen figures and
// any later change to its money.

import { h, field, busy, showFieldErrors, clearFieldErrors, toast, toastError, confirmDialog } from '../dom.js';
import { formatMinor, formatDate, currencySymbol } from '../format.js';
import * as ipc from '../ipc.js';
import { METHOD_WORDS } from './account-words.js';
import { STATE_WORDS } from './appointment-panel.js';

const KIND_WORDS = { payment: 'Payment', refund: 'Refund' };

function shiftDay(day, by) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

export async function render(root, params, app) {
  ipc.setWindowTitle('End of day — Clinicdesk');
  const wanted = new URLSearchParams(location.hash.split('?')[1] || '').get('day');
  let report = await ipc.cashUp(wanted || null);
  const page = h('div', { class: 'page page-wide' });
  root.append(page);

  const show = (r) => {
    report = r;
    page.replaceChildren(...view(r));
  };

  function money(minor) {
    return formatMinor(minor, report.figures.currency, report.figures.exponent);
  }

  function view(r) {
    const f = r.figures;
    const dateInput = h('input', { class: 'input desk-jump', type: 'date', value: r.day, 'aria-label': 'Day', 'data-testid': 'eod-date' });
    dateInput.addEventListener('change', () => dateInput.value && go(dateInput.value));
    const head = h('div', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'crumbs' }, 'Front desk'),
        h('h1', {}, 'End of day'),
        h('p', { class: 'muted' }, formatDate(r.day, 'long'))),
      h('div', { class: 'desk-nav no-print' },
        h('button', { class: 'btn btn-icon', type: 'button', 'aria-label': 'Previous day', onclick: () => go(shiftDay(r.day, -1)) }, '‹'),
        h('button', { class: 'btn', type: 'button', onclick: () => go(r.today), disabled: r.day === r.today }, 'Today'),
        h('button', { class: 'btn btn-icon', type: 'button', 'aria-label': 'Next day', onclick: () => go(shiftDay(r.day, 1)) }, '›'),
        dateInput,
        h('button', { class: 'btn', type: 'button', onclick: () => window.print() }, 'Print'),
        h('button', { class: 'btn', type: 'button', 'data-testid': 'eod-pdf', onclick: (e) => busy(e.currentTarget, async () => {
          try { toast(`Saved to ${await ipc.saveCashUpPdf(r.day)}`); } catch (error) { toastError(error); }
        }) }, 'Save PDF')));

    const status = r.closed
      ? h('p', { class: 'callout', 'data-testid': 'eod-status' },
        h('strong', {}, 'Closed'), ` on ${r.closed.at} at the workstation “${r.closed.by}”. These figures don't change; money recorded later counts on the day it is recorded.`)
      : r.future
        ? h('p', { class: 'callout', 'data-testid': 'eod-status' }, 'This day hasn\'t begun yet.')
        : h('p', { class: 'callout callout-warning', 'data-testid': 'eod-status' },
          h('strong', {}, 'Open'), ' — count the till and close the day when the desk is done.');

    const later = r.later.length
      ? h('section', { class: 'card card-body eod-later', 'data-testid': 'eod-later', 'aria-labelledby': 'eod-later-title' },
        h('h2', { id: 'eod-later-title' }, 'Changed after closing'),
        h('p', { class: 'muted small' }, 'Recorded after this day was closed, on the day shown; this day\'s figures above stay as they were.'),
        h('ul', { class: 'plain-list' }, r.later.map((l) => h('li', {},
          `${formatDate(l.recordedOn, 'medium')}: ${l.correction ? 'correction of a ' : ''}${KIND_WORDS[l.kind].toLowerCase()} `,
          `${METHOD_WORDS[l.method]}, ${l.patient}, `, h('strong', { class: 'num' }, money(l.amount))))))
      : null;

    const methods = h('table', { class: 'table-compact eod-table', 'aria-label': 'Takings by method', 'data-testid': 'eod-methods' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Method'), h('th', { class: 'num' }, 'Taken'), h('th', { class: 'num' }, 'Refunded'), h('th', { class: 'num' }, 'Net'))),
      h('tbody', {}, f.methods.map((m) => h('tr', { 'data-testid': `eod-method-${m.method}`, class: m.entries ? '' : 'muted' },
        h('td', {}, METHOD_WORDS[m.method]), h('td', { class: 'num' }, money(m.taken)),
        h('td', { class: 'num' }, money(m.refunded)), h('td', { class: 'num' }, money(m.net))))),
      h('tfoot', {}, h('tr', {}, h('th', {}, 'Total'), h('th', { class: 'num' }, money(f.total.taken)),
        h('th', { class: 'num' }, money(f.total.refunded)), h('th', { class: 'num', 'data-testid': 'eod-total' }, money(f.total.net)))));

    const practitioners = f.practitioners.length
      ? h('table', { class: 'table-compact eod-table', 'aria-label': 'Takings by practitioner' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Practitioner'), h('th', { class: 'num' }, 'Taken'), h('th', { class: 'num' }, 'Refunded'), h('th', { class: 'num' }, 'Net'))),
        h('tbody', {}, f.practitioners.map((p) => h('tr', {},
          h('td', {}, p.name), h('td', { class: 'num' }, money(p.taken)), h('td', { class: 'num' }, money(p.refunded)), h('td', { class: 'num' }, money(p.net))))))
      : h('p', { class: 'muted small' }, 'No money was taken or refunded on this day.');

    const states = f.states.length
      ? h('ul', { class: 'eod-states', 'aria-label': 'Appointments by state' },
        f.states.map((s) => h('li', {}, h('span', { class: 'eod-count' }, String(s.count)), ' ', STATE_WORDS[s.state] || s.state)))
      : h('p', { class: 'muted small' }, 'No appointments on this day.');

    const lines = f.lines.length
      ? h('div', { class: 'table-scroll' }, h('table', { class: 'table-compact eod-lines', 'aria-label': 'The day\'s payments and refunds', 'data-testid': 'eod-lines' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Patient'), h('th', {}, 'Service'), h('th', {}, 'What'), h('th', {}, 'Reference'), h('th', { class: 'num' }, 'Amount'))),
        h('tbody', {}, f.lines.map((l) => h('tr', {},
          h('td', { class: 'nowrap' }, l.recordedOn ? `${formatDate(l.recordedOn, 'short')} ${l.time}` : l.time),
          h('td', { class: 'truncate', title: l.patient }, l.patient),
          h('td', { class: 'truncate', title: `${l.service}, ${l.practitioner}` }, `${l.service}, ${l.practitioner}`),
          h('td', {}, `${l.correction ? 'Correction: ' : ''}${KIND_WORDS[l.kind]} · ${METHOD_WORDS[l.method]}`),
          h('td', { class: 'truncate', title: l.reference || '' }, l.reference || ''),
          h('td', { class: 'num' }, money(l.amount)))))))
      : null;

    return [head, status, later,
      h('div', { class: 'eod-grid' },
        h('section', { class: 'card card-body', 'aria-labelledby': 'eod-methods-title' },
          h('h2', { id: 'eod-methods-title' }, 'Takings by method'), methods),
        tillCard(r)),
      h('div', { class: 'eod-grid' },
        h('section', { class: 'card card-body', 'aria-labelledby': 'eod-prac-title' }, h('h2', { id: 'eod-prac-title' }, 'By practitioner'), practitioners),
        h('section', { class: 'card card-body', 'aria-labelledby': 'eod-states-title' }, h('h2', { id: 'eod-states-title' }, 'Appointments'), states)),
      lines ? h('section', { class: 'card card-body', 'aria-labelledby': 'eod-lines-title' }, h('h2', { id: 'eod-lines-title' }, 'Payments and refunds'), lines) : null,
      exportCard(r)];
  }

  function tillCard(r) {
    const t = r.figures.till;
    const symbol = currencySymbol(r.figures.currency);
    const dd = (testid) => h('dd', { class: 'num', 'data-testid': testid });
    const cells = { float: dd('eod-float'), expected: dd('eod-expected'), counted: dd('eod-counted'), difference: dd('eod-difference') };
    // Shows the till for a float and a count (minor units; null when not counted).
    const fillTill = (float, counted) => {
      const expected = float + t.cashTaken - t.cashRefunded;
      cells.float.textContent = money(float);
      cells.expected.textContent = money(expected);
      cells.counted.textContent = counted === null ? '—' : money(counted);
      const difference = counted === null ? null : counted - expected;
      cells.difference.textContent = difference === null ? '—' : money(difference);
      cells.difference.classList.toggle('eod-out', Boolean(difference));
    };
    fillTill(t.float, t.counted ?? null);
    const summary = h('dl', { class: 'eod-till', 'data-testid': 'eod-till' },
      h('dt', {}, 'Float at the start'), cells.float,
      h('dt', {}, 'Cash taken'), h('dd', { class: 'num' }, money(t.cashTaken)),
      h('dt', {}, 'Cash refunded'), h('dd', { class: 'num' }, money(t.cashRefunded ? -t.cashRefunded : 0)),
      h('dt', {}, 'Expected in the till'), cells.expected,
      h('dt', {}, 'Counted'), cells.counted,
      h('dt', {}, 'Difference'), cells.difference);
    if (r.closed || r.future) {
      return h('section', { class: 'card card-body', 'aria-labelledby': 'eod-till-title' },
        h('h2', { id: 'eod-till-title' }, 'Cash in the till'), summary,
        r.note ? h('p', { class: 'small' }, h('strong', {}, 'Note: '), r.note) : null);
    }
    const input = (value) => {
      const el = h('input', { class: 'input', type: 'text', inputmode: 'decimal', autocomplete: 'off', value });
      el.wrapper = h('div', { class: 'affix' }, h('span', { class: 'affix-text' }, symbol), el);
      return el;
    };
    const major = (minor) => (minor === null || minor === undefined ? '' : (minor / 10 ** r.figures.exponent).toFixed(r.figures.exponent));
    const float = input(major(t.float));
    const counted = input(major(t.counted));
    const note = h('input', { class: 'input', type: 'text', maxlength: 500, value: r.note || '' });
    const save = h('button', { class: 'btn', type: 'submit' }, 'Save');
    const close = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'eod-close' }, 'Close the day');
    const form = h('form', { novalidate: true, 'aria-label': 'Cash in the till' },
      h('div', { class: 'eod-till-fields' },
        field({ id: 'float', label: 'Float at the start', input: float }),
        field({ id: 'counted', label: 'Counted', input: counted })),
      field({ id: 'note', label: 'Note', input: note, help: 'Needed when the till is over or short.' }),
      h('div', { class: 'form-actions' }, save, close));
    const values = () => ({ float: float.value, counted: counted.value, note: note.value });
    // The sums follow what is typed; Rust checks the amounts when saved.
    // Digits to integer minor units ("12.5" → 1250), never through a float.
    const minor = (text) => {
      const m = /^(\d{1,12})(?:\.(\d*))?$/.exec(String(text).trim());
      if (!m) return null;
      const exp = r.figures.exponent;
      const cents = (m[2] || '').padEnd(exp, '0');
      if (cents.length > exp) return null;
      return Number(m[1]) * 10 ** exp + Number(cents || '0');
    };
    const preview = () => fillTill(minor(float.value) ?? 0, minor(counted.value));
    float.addEventListener('input', preview);
    counted.addEventListener('input', preview);
    const ctx = { currency: r.figures.currency, exponent: r.figures.exponent };
    const fail = (error) => {
      if (error.code === 'validation') showFieldErrors(form, error.fields, ctx);
      else toastError(error);
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      await busy(save, async () => {
        try {
          show(await ipc.saveTill(r.day, values()));
          toast('Till saved');
        } catch (error) { fail(error); }
      });
    });
    close.addEventListener('click', async () => {
      clearFieldErrors(form);
      const ok = await confirmDialog({
        title: `Close ${formatDate(r.day, 'medium')}?`,
        body: 'Its figures are kept as they are now and don\'t change. Money recorded after this counts on the next open day.',
        confirm: 'Close the day',
      });
      if (!ok) return;
      await busy(close, async () => {
        try {
          show(await ipc.closeDay(r.day, values()));
          toast('Day closed');
        } catch (error) { fail(error); }
      });
    });
    return h('section', { class: 'card card-body', 'aria-labelledby': 'eod-till-title' },
      h('h2', { id: 'eod-till-title' }, 'Cash in the till'), summary, form);
  }

  function exportCard(r) {
    const from = h('input', { class: 'input', type: 'date', value: r.day });
    const to = h('input', { class: 'input', type: 'date', value: r.day });
    const go = h('button', { class: 'btn', type: 'submit' }, 'Export CSV');
    const result = h('p', { class: 'small', 'data-testid': 'eod-exported', hidden: true });
    const form = h('form', { class: 'no-print', novalidate: true, 'aria-label': 'Export for the accountant' },
      h('div', { class: 'eod-export' },
        field({ id: 'from', label: 'From', input: from }),
        field({ id: 'to', label: 'To', input: to }),
        h('div', { class: 'eod-export-go' }, go)),
      result);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      await busy(go, async () => {
        try {
          const done = await ipc.exportMoney(from.value, to.value);
          result.textContent = `Saved ${done.rows} ${done.rows === 1 ? 'entry' : 'entries'} to ${done.path}`;
          result.hidden = false;
        } catch (error) {
          if (error.code === 'validation') showFieldErrors(form, error.fields);
          else toastError(error);
        }
      });
    });
    return h('section', { class: 'card card-body no-print', 'aria-labelledby': 'eod-export-title' },
      h('h2', { id: 'eod-export-title' }, 'For the accountant'),
      h('p', { class: 'muted small' }, 'One row per payment, refund or correction, with the method, the reference and Stripe\'s ids. Saved in your Downloads folder.'),
      form);
  }

  async function go(day) {
    try {
      show(await ipc.cashUp(day));
      history.replaceState(null, '', `#/end-of-day?day=${day}`);
    } catch (error) { toastError(error); }
  }

  show(report);
}
