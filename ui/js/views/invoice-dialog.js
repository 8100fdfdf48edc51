// "New invoice" for a patient: choose the appointments (those owing are
// ticked), the issue date (today) and due date (the clinic's default when
// left empty), a note; issue now or keep as a draft. Refusals show at their
// fields and nothing is saved.

import { h, field, formDialog } from '../dom.js';
import { formatMoney, formatDate } from '../format.js';
import * as ipc from '../ipc.js';

/** Today in the clinic's time zone, as YYYY-MM-DD. */
export function clinicToday(timeZone) {
  // From the parts: a locale's own format (11/27/2026) is not a date input's value.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timeZone || undefined, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date());
  const part = (type) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export const STATUS_WORDS = { draft: 'Draft', issued: 'Due', part_paid: 'Part-paid', paid: 'Paid', void: 'Void' };
export const STATUS_BADGE = { draft: 'badge-muted', issued: 'badge-info', part_paid: 'badge-warning', paid: 'badge-success', void: 'badge-danger' };

export function statusBadge(invoice) {
  const overdue = invoice.overdue ? ' · overdue' : '';
  return h('span', { class: `badge ${STATUS_BADGE[invoice.status]}`, 'data-testid': 'invoice-status' }, STATUS_WORDS[invoice.status] + overdue);
}

/** Resolves to the new invoice, or null when cancelled. */
export async function openInvoiceDialog({ patientId, patientName, app }) {
  const [candidates, details] = await Promise.all([ipc.invoiceCandidates(patientId), ipc.getClinicDetails()]);
  const boxes = candidates.map((c) => {
    const box = h('input', { type: 'checkbox', value: String(c.appointmentId), checked: !c.invoicedAs && c.balance.minor > 0,
      disabled: Boolean(c.invoicedAs), 'data-testid': `invoice-appt-${c.appointmentId}` });
    const owing = c.balance.minor > 0 ? `${formatMoney(c.balance)} owing` : 'paid';
    return h('label', { class: 'check-row' }, box,
      h('span', { class: 'check-main' }, `${formatDate(c.localDate, 'medium')} ${c.startLabel} · ${c.typeName} · ${c.practitioner}`),
      h('span', { class: 'check-side muted small' }, c.invoicedAs ? `on ${c.invoicedAs}` : `${formatMoney(c.charged)} · ${owing}`));
  });
  const list = h('div', { class: 'check-list', 'data-error-for': 'appointments', tabindex: '-1', 'data-testid': 'invoice-appointments' },
    boxes.length ? boxes : h('p', { class: 'muted' }, 'This patient has no appointments with charges.'));
  const issueDate = h('input', { class: 'input', type: 'date', value: clinicToday(app?.settings?.timeZone), 'data-testid': 'issue-date' });
  const dueDate = h('input', { class: 'input', type: 'date', 'data-testid': 'due-date' });
  const note = h('textarea', { class: 'input', rows: 2, 'data-testid': 'invoice-note' });
  const draft = h('input', { type: 'checkbox', id: 'keepDraft', 'data-testid': 'keep-draft' });
  const appointmentsField = h('div', { class: 'field', 'data-field': 'appointments' },
    h('span', { class: 'label', id: 'appointments-label' }, 'Appointments'),
    list,
    h('p', { class: 'field-error', id: 'appointments-error', hidden: true, 'data-testid': 'error-appointments' }));
  list.id = 'appointments';
  const content = h('div', { class: 'stack-sm' },
    appointmentsField,
    h('div', { class: 'form-row' },
      field({ id: 'issueDate', label: 'Issue date', input: issueDate }),
      field({ id: 'dueDate', label: 'Due date', input: dueDate, help: `Empty: ${details.invoiceDueDays} days after the issue date.` })),
    field({ id: 'note', label: 'Note on the invoice', input: note, help: 'Optional, e.g. "Please quote the invoice number".' }),
    h('label', { class: 'check' }, draft, ' Keep as a draft (no number yet)'));
  const chosen = () => boxes.map((l) => l.querySelector('input')).filter((b) => b.checked && !b.disabled).map((b) => b.value);
  return formDialog({
    title: 'New invoice',
    body: patientName,
    content,
    confirm: 'Save invoice',
    testid: 'new-invoice',
    dirty: () => Boolean(note.value || dueDate.value),
    submit: () => ipc.createInvoice({
      patientId: String(patientId), appointmentIds: chosen(), issueDate: issueDate.value, dueDate: dueDate.value,
      note: note.value, issue: !draft.checked,
    }),
  });
}
