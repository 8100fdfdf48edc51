// "Needs attention" on the front desk: online payments a person must look
// at. Rust sends the facts (kind, amounts, appointment); the words for each
// kind live here, in one place.

import { h, textDialog, toast } from '../dom.js';
import { formatMoney, formatDate } from '../format.js';
import * as ipc from '../ipc.js';

const money = (m) => (m ? formatMoney(m) : 'an online payment');

/** What happened and what to do, per kind. */
const KINDS = {
  amount_mismatch: (i) => ({
    title: `Stripe reports ${money(i.reported)}${i.reportedLivemode === true ? ' in live mode' : i.reportedLivemode === false ? ' in test mode' : ''} paid against the ${money(i.amount)} payment link`,
    todo: 'It is not counted as paid. Check the payment in the Stripe Dashboard: if it is right, book the appointment without payment and note why; if not, refund it there.',
  }),
  paid_after_cancel: (i) => ({
    title: `${money(i.amount)} was paid online after the appointment was cancelled`,
    todo: 'Rebook the patient, or refund the payment in the Stripe Dashboard.',
  }),
  paid_after_expiry: (i) => ({
    title: `${money(i.amount)} was paid online after the hold ran out and the slot was freed`,
    todo: 'Book the patient again (the slot may since have been taken), or refund the payment in the Stripe Dashboard.',
  }),
  paid_after_close: (i) => ({
    title: `${money(i.amount)} was paid on a payment link Clinicdesk had stopped following`,
    todo: 'Check the appointment is still wanted; refund the payment in the Stripe Dashboard if not.',
  }),
  async_payment_failed: (i) => ({
    title: `The patient's bank payment of ${money(i.amount)} failed`,
    todo: i.slotReleased
      ? 'The held slot was released. Contact the patient to pay another way or to book again.'
      : 'The appointment is still booked. Take payment another way.',
  }),
  processing_too_long: (i) => ({
    title: `A bank payment of ${money(i.amount)} has been processing for more than 5 days`,
    todo: 'Check it in the Stripe Dashboard, and contact the patient if it does not clear.',
  }),
  old_account_unverified: (i) => ({
    title: `A ${money(i.amount)} payment link made with the previous Stripe account ran out`,
    todo: `This key can't see that account. Look for a payment in its Dashboard${i.stripeAccountId ? ` (${i.stripeAccountId})` : ''}; the slot was freed.`,
  }),
  duplicate_link: (i) => ({
    title: `An older ${money(i.amount)} payment link of this appointment is no longer followed`,
    todo: 'Check in the Stripe Dashboard whether it was paid.',
  }),
  overpaid: (i) => ({
    title: `${money(i.amount)} was paid online, more than was owing`,
    todo: 'The extra is a credit on the account: refund it, or keep it towards the next visit.',
  }),
  refund_failed: (i) => ({
    title: `Stripe could not refund ${money(i.amount)}`,
    todo: 'The money is still with the clinic. Refund it another way, or try again.',
  }),
  paid_before_restore: (i) => ({
    title: `${money(i.amount)} was paid online through a link made after the restored backup was taken`,
    todo: 'The restored data doesn\'t know that payment. Find it in the Stripe Dashboard (the session is in the details), and record it on the right appointment.',
  }),
};

export function describe(item) {
  return (KINDS[item.kind] || ((i) => ({ title: `A payment of ${money(i.amount)} needs checking`, todo: '' })))(item);
}

/** The list, to place on the front desk; `onOpen(id)` opens an appointment. */
export function createNeedsAttention({ onOpen }) {
  const element = h('section', { class: 'attention', 'aria-labelledby': 'attention-title', 'data-testid': 'needs-attention', hidden: true });
  let items = [];
  let seq = 0;

  async function refresh() {
    const mine = ++seq;
    try {
      const next = await ipc.needsAttention();
      if (mine === seq) draw(next);
    } catch {
      // Retried with the next refresh; the list keeps what it shows.
    }
  }

  function draw(next) {
    items = next;
    element.hidden = items.length === 0;
    element.replaceChildren(
      h('h2', { id: 'attention-title', class: 'attention-title' },
        'Needs attention ', h('span', { class: 'badge badge-warning', 'data-testid': 'attention-count' }, String(items.length))),
      h('ul', { class: 'attention-list' }, items.map(row)));
  }

  function row(item) {
    const { title, todo } = describe(item);
    const a = item.appointment;
    const who = a ? `${a.patientName} · ${a.typeName} · ${formatDate(a.localDate)}, ${a.startLabel} · ${a.practitionerName}` : '';
    const open = a ? h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': `attention-open-${item.id}` }, 'Open appointment') : null;
    open?.addEventListener('click', () => onOpen(a.id));
    const done = h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': `attention-done-${item.id}` }, 'Mark as dealt with');
    done.addEventListener('click', () => resolve(item));
    return h('li', { class: 'attention-item', 'data-testid': `attention-${item.kind}` },
      h('p', { class: 'attention-what' }, h('strong', {}, title)),
      who ? h('p', { class: 'small muted' }, who) : null,
      todo ? h('p', { class: 'small' }, todo) : null,
      h('div', { class: 'row' }, open, done));
  }

  async function resolve(item) {
    const next = await textDialog({
      title: 'Mark as dealt with?',
      body: `${describe(item).title}. Say what was done; it is kept in the audit log.`,
      field: 'note',
      label: 'What was done',
      help: 'For example "Refunded in the Stripe Dashboard" or "Rebooked for Tuesday".',
      confirm: 'Mark as dealt with',
      submit: (note) => ipc.resolveAttention(item.id, note),
    });
    if (!next) return;
    draw(next);
    toast('Marked as dealt with');
  }

  return { element, refresh };
}
