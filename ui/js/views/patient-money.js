// A patient's money on the Patients page: each appointment with its
// balance, and what is owed in all.

import { h } from '../dom.js';
import { formatMoney, formatDate } from '../format.js';
import * as ipc from '../ipc.js';
import { accountWords, ACCOUNT_BADGE } from './account-words.js';
import { STATE_WORDS } from './appointment-panel.js';
import { openInvoiceDialog } from './invoice-dialog.js';
import { app } from '../main.js';

export function patientMoney(patientId, patientName = '') {
  const section = h('section', { class: 'patient-money', 'aria-labelledby': 'patient-money-title', 'data-testid': 'patient-money' },
    h('h3', { id: 'patient-money-title' }, 'Appointments and balances'),
    h('p', { class: 'muted small' }, 'Loading…'));
  async function invoice() {
    const made = await openInvoiceDialog({ patientId, patientName, app }).catch(() => null);
    if (!made) return;
    section.closest('dialog')?.close();
    app.navigate(`#/invoices/${made.id}`);
  }
  ipc.patientAccount(patientId).then((account) => {
    const rows = account.appointments.map((a) => h('tr', { 'data-testid': `patient-appointment-${a.id}` },
      h('td', { class: 'nowrap' }, `${formatDate(a.localDate, 'medium')} ${a.startLabel}`),
      h('td', {}, `${a.typeName}, ${a.practitioner}`),
      h('td', {}, STATE_WORDS[a.state] || a.state),
      h('td', { class: 'num' }, formatMoney(a.charged)),
      h('td', { class: 'num' }, formatMoney(a.paid)),
      h('td', {}, h('span', { class: `badge ${ACCOUNT_BADGE[a.status] || 'badge-muted'}` }, accountWords(a.status, a.balance)))));
    section.replaceChildren(
      h('div', { class: 'account-summary' },
        h('h3', { id: 'patient-money-title' }, 'Appointments and balances'),
        h('span', { class: 'owing', 'data-testid': 'patient-owing' },
          account.owing ? `Owes ${formatMoney(account.owing)}` : 'Owes nothing'),
        rows.length ? h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': 'patient-invoice', onclick: invoice }, 'Invoice…') : null),
      rows.length
        ? h('table', { class: 'table-compact', 'aria-label': 'Appointments and balances' },
          h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'What'), h('th', {}, 'State'),
            h('th', { class: 'num' }, 'Charged'), h('th', { class: 'num' }, 'Paid'), h('th', {}, 'Balance'))),
          h('tbody', {}, rows))
        : h('p', { class: 'muted small' }, 'No appointments yet.'),
      ...(account.more ? [h('p', { class: 'muted small' }, 'The latest 100 appointments are listed; what is owed counts them all.')] : []));
  }).catch(() => {
    section.replaceChildren(h('p', { class: 'callout callout-warning' }, 'The balances could not be loaded; try again.'));
  });
  return section;
}
