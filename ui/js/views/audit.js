// Settings → Audit log (owner only): every change, who made it and on which
// workstation; filtered by person, dates and kind, newest first, a page at a time.

import { h, field, busy, showFieldErrors, clearFieldErrors, toastError } from '../dom.js';
import * as ipc from '../ipc.js';

const KIND = {
  appointment: 'Appointments and money', appointment_type: 'Appointment types', cash_day: 'End of day', clinic: 'Clinic settings',
  concession: 'Concessions', invoice: 'Invoices', patient: 'Patients', practitioner: 'Practitioners', staff: 'Staff and sign-ins',
  stripe: 'Stripe', backups: 'Backups',
};

const KIND_ONE = {
  appointment: 'Appointment', appointment_type: 'Appointment type', cash_day: 'Day', clinic: 'Clinic', concession: 'Concession',
  invoice: 'Invoice', patient: 'Patient', practitioner: 'Practitioner', staff: 'Staff', stripe: 'Stripe', backups: 'Backups',
};

/** "wrong_pin" → "Wrong PIN". */
function action(text) {
  const words = text.replaceAll('_', ' ').replace(/\bpin\b/g, 'PIN');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export async function render(root, _params, app) {
  ipc.setWindowTitle('Audit log — Clinicdesk');
  const staff = await ipc.listStaff();
  const who = h('select', { class: 'input' }, h('option', { value: '' }, 'Everyone'),
    staff.map((s) => h('option', { value: String(s.id) }, s.name)));
  const from = h('input', { class: 'input', type: 'date' });
  const to = h('input', { class: 'input', type: 'date' });
  const kind = h('select', { class: 'input' }, h('option', { value: '' }, 'Everything'));
  const show = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'audit-filter' }, 'Show');
  const filters = h('form', { class: 'card card-body audit-filters', novalidate: true, 'aria-label': 'Filter the audit log' },
    field({ id: 'staffId', label: 'Person', input: who }),
    field({ id: 'from', label: 'From', input: from }),
    field({ id: 'to', label: 'To', input: to }),
    field({ id: 'kind', label: 'Kind', input: kind }),
    show);
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'btn', 'data-testid': 'audit-more', hidden: true }, 'Older entries');
  const empty = h('p', { class: 'empty', hidden: true }, 'Nothing matches these filters.');
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: app.settings.timeZone });
  let next = null;

  const filter = () => ({ staffId: who.value ? Number(who.value) : null, from: from.value, to: to.value, kind: kind.value });

  async function load(append) {
    const page = await ipc.auditLog({ ...filter(), before: append ? next : null });
    if (!append) {
      body.replaceChildren();
      const chosen = kind.value;
      kind.replaceChildren(h('option', { value: '' }, 'Everything'),
        page.kinds.map((k) => h('option', { value: k, selected: k === chosen }, KIND[k] || k)));
    }
    body.append(...page.entries.map(row));
    next = page.nextBefore;
    more.hidden = next === null || next === undefined;
    empty.hidden = body.children.length > 0;
  }

  function row(e) {
    const change = [e.beforeJson && `before ${e.beforeJson}`, e.afterJson && `after ${e.afterJson}`].filter(Boolean).join(' · ');
    return h('tr', { 'data-testid': 'audit-row' },
      h('td', {}, when.format(new Date(e.at))),
      h('td', { title: e.staffName || '' }, h('span', { class: 'truncate' }, e.staffName || 'Clinicdesk (automatic)')),
      h('td', { class: 'truncate', title: e.workstation }, e.workstation),
      h('td', {}, record(e)),
      h('td', {}, action(e.action)),
      h('td', { class: 'audit-change', title: change }, change.length > 160 ? `${change.slice(0, 160)}…` : change));
  }

  const names = new Map(staff.map((s) => [String(s.id), s.name]));
  /** "Staff: Rita Reyes", "Appointment 12". */
  function record(e) {
    const kind = KIND_ONE[e.entity] || e.entity;
    return e.entity === 'staff' && names.has(e.entityId) ? `${kind}: ${names.get(e.entityId)}` : `${kind} ${e.entityId}`;
  }

  filters.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(filters);
    await busy(show, async () => {
      try { await load(false); } catch (error) {
        if (!error.fields || !showFieldErrors(filters, error.fields)) toastError(error);
      }
    });
  });
  more.addEventListener('click', () => busy(more, () => load(true).catch(toastError)));

  await load(false);
  root.replaceChildren(h('div', { class: 'page stack' },
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Audit log'),
      h('p', { class: 'muted' }, 'Every change in this clinic\'s data: when, by whom, on which computer. Entries can\'t be changed or deleted.'))),
    filters,
    h('div', { class: 'card table-scroll' }, h('table', { 'aria-label': 'Audit log' },
      h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'Who'), h('th', {}, 'Workstation'), h('th', {}, 'Record'),
        h('th', {}, 'Action'), h('th', {}, 'Details'))),
      body)),
    empty, more));
}
