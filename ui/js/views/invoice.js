// One invoice, as the patient will read it, with what the desk can do:
// print, save the PDF, email it (the PDF attached, the payment link in the
// body), issue a draft, void. The payment link and its QR code are for the
// balance due; the page refreshes when a payment arrives.

import { h, busy, toast, toastError, confirmDialog, textDialog } from '../dom.js';
import { formatMoney, formatDate } from '../format.js';
import * as ipc from '../ipc.js';
import { METHOD_WORDS } from './account-words.js';
import { statusBadge } from './invoice-dialog.js';

const negative = (m) => ({ ...m, minor: -m.minor });

export async function render(root, [id]) {
  const invoiceId = Number(id);
  const page = h('div', { class: 'page page-wide' });
  root.append(page);
  let invoice = await ipc.getInvoice(invoiceId);

  const act = (label, testid, work, cls = 'btn') => {
    const button = h('button', { type: 'button', class: cls, 'data-testid': testid }, label);
    button.addEventListener('click', () => busy(button, async () => {
      try { await work(); } catch (error) { toastError(error); }
    }));
    return button;
  };

  function actions(inv) {
    const list = [];
    if (inv.state === 'draft') {
      list.push(act('Issue invoice', 'issue-invoice', async () => show(await ipc.issueInvoice(inv.id)), 'btn btn-primary'));
      list.push(act('Delete draft', 'delete-draft', async () => {
        if (!(await confirmDialog({ title: 'Delete this draft?', body: 'It has no number yet, so nothing is lost but the draft.', confirm: 'Delete draft', danger: true }))) return;
        await ipc.deleteDraftInvoice(inv.id);
        location.hash = '#/invoices';
      }, 'btn btn-danger'));
    } else {
      list.push(act('Email to patient', 'email-invoice', async () => {
        const sent = await ipc.emailInvoice(inv.id);
        toast(`Sent to ${sent.recipient}.`);
      }, 'btn btn-primary'));
    }
    list.push(act('Save PDF', 'save-invoice-pdf', async () => toast(`Saved ${await ipc.saveInvoicePdf(inv.id)}`)));
    list.push(h('button', { type: 'button', class: 'btn', onclick: () => window.print() }, 'Print'));
    if (inv.state === 'issued') {
      list.push(act('Void…', 'void-invoice', async () => {
        const done = await textDialog({
          title: `Void invoice ${inv.number}?`,
          body: 'It keeps its number and says VOID; payments already made stay on the appointments. Its payment link stops working.',
          field: 'reason', label: 'Why', confirm: 'Void invoice',
          submit: (reason) => ipc.voidInvoice(inv.id, reason),
        });
        if (done) show(done);
      }, 'btn btn-danger'));
    }
    return h('div', { class: 'invoice-actions no-print' }, list);
  }

  function linkBox(inv) {
    if (inv.link) {
      const copy = act('Copy link', 'copy-invoice-link', async () => {
        await navigator.clipboard.writeText(inv.link.url);
        toast('Link copied.');
      }, 'btn btn-sm no-print');
      const qr = h('div', { class: 'invoice-qr', 'aria-hidden': 'true' });
      qr.innerHTML = inv.link.qrSvg; // made in Rust from the link only
      return h('div', { class: 'invoice-link', 'data-testid': 'invoice-link' }, qr,
        h('div', {}, h('strong', {}, `Pay ${formatMoney(inv.link.amount)} online`),
          h('p', { class: 'small' }, 'Scan the code, or open:'),
          h('p', { class: 'mono small', 'data-testid': 'invoice-link-url' }, inv.link.url), copy));
    }
    if (inv.linkProblem) {
      return h('p', { class: 'callout callout-warning no-print', 'data-testid': 'invoice-link-problem' }, inv.linkProblem.message);
    }
    return null;
  }

  function view(inv) {
    const title = inv.number ? `Invoice ${inv.number}` : 'Draft invoice';
    ipc.setWindowTitle(`${title} — Clinicdesk`);
    const head = h('div', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'crumbs no-print' }, h('a', { href: '#/invoices' }, 'Invoices')),
        h('h1', { 'data-testid': 'invoice-number' }, title, ' ', statusBadge(inv)),
        h('p', { class: 'muted' }, `${inv.patientName} · issued ${formatDate(inv.issueDate, 'medium')} · due ${formatDate(inv.dueDate, 'medium')}`)),
      actions(inv));
    const lines = h('table', { 'aria-label': 'Lines', 'data-testid': 'invoice-lines' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Date'), h('th', {}, 'Service'), h('th', {}, 'Practitioner'), h('th', { class: 'num' }, 'Amount'))),
      h('tbody', {}, inv.lines.map((l) => h('tr', {},
        h('td', {}, formatDate(l.serviceDate, 'medium')),
        h('td', {}, l.description),
        h('td', {}, l.practitioner, l.providerNumber ? h('div', { class: 'muted small' }, `Provider no. ${l.providerNumber}`) : null),
        h('td', { class: 'num' }, formatMoney(l.kind === 'discount' ? negative(l.amount) : l.amount))))));
    const row = (label, value, strong = false, testid) => h('tr', testid ? { 'data-testid': testid } : {},
      h('th', { scope: 'row' }, label), h('td', { class: 'num' }, strong ? h('strong', {}, value) : value));
    const totals = h('table', { class: 'invoice-totals', 'aria-label': 'Totals' }, h('tbody', {},
      row('Charges', formatMoney(inv.charges)),
      inv.discounts.minor ? row('Discounts', formatMoney(negative(inv.discounts))) : null,
      row('Total', formatMoney(inv.total), true),
      inv.payments.map((p) => row(`${p.amount.minor < 0 ? 'Refunded' : 'Paid'} ${formatDate(p.date, 'medium')} · ${METHOD_WORDS[p.method]}`, formatMoney(negative(p.amount)))),
      row('Balance due', formatMoney(inv.balanceDue), true, 'invoice-balance')));
    return [head,
      inv.voidReason ? h('p', { class: 'callout callout-danger' }, `VOID — ${inv.voidReason}`) : null,
      h('section', { class: 'card card-body invoice-sheet' },
        h('p', { class: 'muted small' }, 'Bill to'),
        h('p', {}, h('strong', {}, inv.patientName), inv.patientEmail ? h('span', { class: 'muted' }, ` · ${inv.patientEmail}`) : null),
        h('div', { class: 'table-scroll' }, lines),
        totals,
        linkBox(inv),
        inv.note ? h('p', {}, inv.note) : null)];
  }

  function show(inv) {
    invoice = inv;
    page.replaceChildren(...view(inv).filter(Boolean));
  }
  show(invoice);

  // A payment through the link (read by the payment watch) shows at once.
  const unlisten = ipc.onAppointmentsChanged(async ({ ids }) => {
    if (!ids.some((a) => invoice.appointments.includes(a))) return;
    try { show(await ipc.getInvoice(invoiceId)); } catch (error) { toastError(error); }
  });
  return () => unlisten.then((f) => f());
}
