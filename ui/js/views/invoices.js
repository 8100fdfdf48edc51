// Front desk → Invoices: every invoice, drafts first then newest number,
// a page at a time, with its status (due, part-paid, paid, void, overdue).

import { h } from '../dom.js';
import { formatMoney, formatDate } from '../format.js';
import * as ipc from '../ipc.js';
import { statusBadge } from './invoice-dialog.js';

export async function render(root) {
  ipc.setWindowTitle('Invoices — Clinicdesk');
  let page = 0;
  const host = h('div', { class: 'page page-wide' });
  root.append(host);

  async function show() {
    const list = await ipc.listInvoices(null, page);
    const head = h('div', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'crumbs' }, 'Front desk'),
        h('h1', {}, 'Invoices'),
        h('p', { class: 'muted' }, 'Start an invoice from Owing, or from a patient (Patients → the patient → Invoice).')));
    const body = list.invoices.length
      ? h('div', { class: 'table-scroll' }, h('table', { 'aria-label': 'Invoices', 'data-testid': 'invoice-list' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Number'), h('th', {}, 'Patient'), h('th', {}, 'Issued'), h('th', {}, 'Due'),
          h('th', {}, 'Status'), h('th', { class: 'num' }, 'Total'), h('th', { class: 'num' }, 'Balance due'))),
        h('tbody', {}, list.invoices.map((i) => h('tr', { 'data-testid': `invoice-row-${i.id}` },
          h('td', {}, h('a', { href: `#/invoices/${i.id}` }, i.number || 'Draft')),
          h('td', { class: 'truncate', title: i.patientName }, i.patientName),
          h('td', {}, formatDate(i.issueDate, 'medium')),
          h('td', {}, formatDate(i.dueDate, 'medium')),
          h('td', {}, statusBadge(i)),
          h('td', { class: 'num' }, formatMoney(i.total)),
          h('td', { class: 'num' }, h('strong', {}, formatMoney(i.balanceDue))))))))
      : h('div', { class: 'empty', 'data-testid': 'invoices-empty' }, h('p', {}, h('strong', {}, 'No invoices yet.')));
    const pager = (list.page > 0 || list.more) ? h('div', { class: 'pager' },
      h('button', { class: 'btn', type: 'button', disabled: list.page === 0, onclick: () => { page -= 1; show(); } }, 'Newer'),
      h('span', { class: 'muted small' }, `Page ${list.page + 1}`),
      h('button', { class: 'btn', type: 'button', disabled: !list.more, onclick: () => { page += 1; show(); } }, 'Older')) : null;
    host.replaceChildren(head, h('section', { class: 'card' }, body), pager);
  }
  await show();
}
