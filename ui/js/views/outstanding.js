// Owing: the patients who owe, aged by how long ago the appointment was
// (0–30, 31–60, 61–90 and over 90 days), largest totals first.

import { h, toastError } from '../dom.js';
import { formatMinor, formatDate } from '../format.js';
import * as ipc from '../ipc.js';
import { openPatientDialog } from './patients.js';
import { openInvoiceDialog } from './invoice-dialog.js';

const AGES = ['0–30 days', '31–60 days', '61–90 days', 'Over 90 days'];

export async function render(root, params, app) {
  ipc.setWindowTitle('Owing — Clinicdesk');
  const o = await ipc.outstandingBalances();
  const money = (minor) => formatMinor(minor, o.currency, o.exponent);
  const head = h('div', { class: 'page-head' },
    h('div', {},
      h('p', { class: 'crumbs' }, 'Front desk'),
      h('h1', {}, 'Owing'),
      h('p', { class: 'muted' }, `Balances of appointments that have happened, as of ${formatDate(o.asOf, 'long')}.`)),
    h('div', { class: 'owing-total', 'data-testid': 'owing-total' }, h('span', { class: 'muted small' }, 'Owed in all'), h('strong', {}, money(o.total))));

  const buckets = h('div', { class: 'owing-buckets', 'aria-label': 'Owed by age' },
    o.buckets.map((minor, i) => h('div', { class: `card card-body owing-bucket ${i === 3 && minor ? 'owing-old' : ''}`, 'data-testid': `owing-bucket-${i}` },
      h('span', { class: 'muted small' }, AGES[i]), h('strong', { class: 'num' }, money(minor)))));

  const table = o.patients.length
    ? h('div', { class: 'table-scroll' }, h('table', { 'aria-label': 'Patients who owe', 'data-testid': 'owing-patients' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Patient'), h('th', { class: 'num' }, 'Appointments'),
        AGES.map((a) => h('th', { class: 'num' }, a)), h('th', { class: 'num' }, 'Total'), h('th', {}, ''))),
      h('tbody', {}, o.patients.map((p) => h('tr', { 'data-testid': `owing-patient-${p.patientId}` },
        h('td', { class: 'truncate', title: p.email ? `${p.name} · ${p.email}` : p.name }, p.name),
        h('td', { class: 'num' }, String(p.appointments)),
        p.buckets.map((b) => h('td', { class: `num ${b ? '' : 'muted'}` }, money(b))),
        h('td', { class: 'num' }, h('strong', {}, money(p.total))),
        h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'btn btn-sm', onclick: () => open(p.patientId) }, 'Open'),
          h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': `invoice-patient-${p.patientId}`, onclick: () => invoice(p) }, 'Send an invoice'))))),
      ))
    : h('div', { class: 'empty', 'data-testid': 'owing-empty' }, h('p', {}, h('strong', {}, 'Nobody owes anything.')),
      h('p', { class: 'muted' }, 'Appointments with a balance show here once they have happened.'));

  async function invoice(p) {
    try {
      const made = await openInvoiceDialog({ patientId: p.patientId, patientName: p.name, app });
      if (made) app.navigate(`#/invoices/${made.id}`);
    } catch (error) { toastError(error); }
  }

  async function open(id) {
    try {
      const patient = await ipc.getPatient(id);
      await openPatientDialog({ patient });
    } catch (error) { toastError(error); }
  }

  root.append(h('div', { class: 'page page-wide' }, head, buckets,
    h('section', { class: 'card' }, table),
    o.more ? h('p', { class: 'muted small' }, 'The 200 largest balances are listed; the totals count everyone.') : null));
}
