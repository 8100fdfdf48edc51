// The account's dialogs: take payment (and its receipt), discount, refund,
// correct or waive, and the money question when cancelling or marking a
// no-show. Each sends what was typed to Rust, shows refusals at their
// fields, and resolves to Rust's answer (or null when cancelled).

import { h, field, formDialog, confirmDialog, busy, toastError } from '../dom.js';
import { errorMessage } from '../errors.js';
import { formatMoney, moneyInputValue, currencySymbol, formatDate, formatTimestamp } from '../format.js';
import * as ipc from '../ipc.js';
import { METHOD_WORDS, DESK_METHODS } from './account-words.js';

const ctxOf = (money) => ({ currency: money?.currency, exponent: money?.exponent });

function moneyInput(id, money, value) {
  const input = h('input', { class: 'input', inputmode: 'decimal', autocomplete: 'off', value: value ?? '', 'data-testid': id });
  input.wrapper = h('div', { class: 'affix narrow' }, h('span', { class: 'affix-text', 'aria-hidden': 'true' }, currencySymbol(money.currency)), input);
  return input;
}

function select(id, options, value) {
  const el = h('select', { class: 'input', 'data-testid': id },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return el;
}

/** "Take payment": amount (the balance, or less), then how. */
export async function takePaymentDialog(appointment, { onlineAvailable }) {
  const account = appointment.account;
  const amount = moneyInput('amount', account.payable, moneyInputValue(account.payable));
  const methods = [...DESK_METHODS, ...(onlineAvailable ? ['online'] : [])].map((m) => [m, METHOD_WORDS[m]]);
  const method = select('method', methods, 'card');
  const fundName = h('input', { class: 'input', 'data-testid': 'fund-name', autocomplete: 'off' });
  const claim = h('input', { class: 'input', 'data-testid': 'claim-reference', autocomplete: 'off' });
  const note = h('input', { class: 'input', 'data-testid': 'payment-note', autocomplete: 'off' });
  const fundFields = h('div', { class: 'form-row' },
    field({ id: 'fundName', label: 'Health fund', input: fundName }),
    field({ id: 'claimReference', label: 'Claim reference', input: claim }));
  const noteField = field({ id: 'note', label: 'Note', input: note, help: 'How it was paid, or the transfer\'s reference.' });
  const sync = () => {
    fundFields.hidden = method.value !== 'health_fund';
    noteField.hidden = !['other', 'bank_transfer'].includes(method.value);
  };
  method.addEventListener('change', sync);
  sync();
  const content = h('div', { class: 'stack-sm' },
    field({ id: 'amount', label: 'Amount', input: amount,
      help: account.waitingOnline
        ? `${formatMoney(account.balance)} is owing, of which ${formatMoney(account.waitingOnline)} waits on a payment link.`
        : `${formatMoney(account.balance)} is owing. Take less for a part payment.` }),
    field({ id: 'method', label: 'Paid by', input: method }),
    fundFields,
    noteField);
  return formDialog({
    title: 'Take payment',
    body: `${appointment.patient.fullName}: ${appointment.type.name}, ${formatDate(appointment.localDate, 'medium')} ${appointment.startLabel}`,
    content,
    confirm: 'Take payment',
    testid: 'take-payment',
    ctx: ctxOf(account.balance),
    dirty: () => amount.value !== moneyInputValue(account.payable) || Boolean(fundName.value || claim.value || note.value),
    submit: () => ipc.takePayment(appointment.id, {
      amount: amount.value, method: method.value, fundName: fundName.value, claimReference: claim.value, note: note.value,
    }),
  });
}

/** A receipt for a desk payment, ready to print. */
export function receiptDialog(receipt) {
  const row = (label, value) => (value ? [h('dt', {}, label), h('dd', {}, value)] : null);
  const body = h('div', { class: 'receipt', 'data-testid': 'receipt' },
    h('h3', {}, receipt.clinicName || 'Receipt'),
    h('p', { class: 'muted' }, `Receipt for payment #${receipt.entryId}`),
    h('dl', { class: 'facts' },
      row('Patient', receipt.patientName),
      row('For', `${receipt.service} with ${receipt.practitioner}, ${formatDate(receipt.appointmentDate, 'medium')} ${receipt.appointmentTime}`),
      row('Amount', formatMoney(receipt.amount)),
      row('Paid by', METHOD_WORDS[receipt.method] || receipt.method),
      row('Health fund', receipt.fundName),
      row('Claim reference', receipt.claimReference),
      row('Note', receipt.note),
      row('Taken', formatTimestamp(receipt.takenAt, receipt.timeZone)),
      row('Workstation', receipt.takenBy),
      row('Balance after', formatMoney(receipt.balanceAfter))));
  const print = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'print-receipt' }, 'Print');
  const close = h('button', { type: 'button', class: 'btn', 'data-testid': 'close-receipt' }, 'Done');
  const pdf = h('button', { type: 'button', class: 'btn', 'data-testid': 'receipt-pdf' }, 'Save PDF');
  const email = h('button', { type: 'button', class: 'btn', 'data-testid': 'email-receipt', disabled: !receipt.patientEmail,
    title: receipt.patientEmail ? `Send to ${receipt.patientEmail}` : 'This patient has no email address' }, 'Email to patient');
  const status = h('p', { class: 'small receipt-status', 'data-testid': 'receipt-status', 'aria-live': 'polite', hidden: true });
  const say = (text) => { status.textContent = text; status.hidden = false; };
  const dialog = h('dialog', { class: 'modal printable', 'aria-label': 'Receipt', 'data-testid': 'receipt-dialog' },
    h('div', { class: 'modal-body' }, body, status),
    h('div', { class: 'modal-actions' }, close, pdf, email, print));
  return new Promise((resolve) => {
    const done = () => { dialog.close(); dialog.remove(); resolve(); };
    close.addEventListener('click', done);
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(); });
    print.addEventListener('click', () => window.print());
    pdf.addEventListener('click', () => busy(pdf, async () => {
      try { say(`Saved to ${await ipc.saveReceiptPdf(receipt.entryId)}`); } catch (error) { toastError(error); }
    }));
    email.addEventListener('click', () => busy(email, async () => {
      try {
        const sent = await ipc.emailReceipt(receipt.entryId);
        say(`Emailed to ${sent.recipient}`);
      } catch (error) { say(errorMessage(error)); }
    }));
    document.body.append(dialog);
    dialog.showModal();
    print.focus();
  });
}

/** Runs `send(refundExcess)`; when Rust says the change would leave money paid too much, asks to refund it as well. */
async function withRefundOffer(send, money) {
  try {
    return await send(false);
  } catch (error) {
    const over = (error.fields || []).find((f) => f.code === 'would_overpay');
    if (!over) throw error;
    const by = { ...money, minor: over.params.byMinor };
    const ok = await confirmDialog({
      title: `Refund ${formatMoney(by)}?`,
      body: `This leaves ${formatMoney(by)} paid too much. Refund it to the patient, by the way it was paid, as well?`,
      confirm: `Refund ${formatMoney(by)}`,
    });
    if (!ok) throw error;
    return send(true);
  }
}

/** "Add discount": an amount, a percentage of the service, or a concession. */
export async function discountDialog(appointment, concessions) {
  const account = appointment.account;
  const kind = select('discount-kind', [['amount', 'An amount'], ['percent', 'A percentage of the service'],
    ...(concessions.length ? [['concession', 'A concession']] : [])], 'amount');
  const amount = moneyInput('discount-amount', account.balance, '');
  const percent = h('input', { class: 'input', inputmode: 'numeric', 'data-testid': 'discount-percent' });
  const concession = select('discount-concession', concessions.map((c) => [String(c.id), `${c.name} (${c.percent} %)`]), '');
  const reason = h('input', { class: 'input', 'data-testid': 'discount-reason' });
  const fields = {
    amount: field({ id: 'amount', label: 'Discount', input: amount }),
    percent: field({ id: 'percent', label: 'Percentage', input: percent }),
    concession: field({ id: 'concessionId', label: 'Concession', input: concession }),
  };
  const sync = () => { for (const [k, el] of Object.entries(fields)) el.hidden = k !== kind.value; };
  kind.addEventListener('change', sync);
  sync();
  const form = () => ({ kind: kind.value, amount: amount.value, percent: percent.value, concessionId: concession.value, reason: reason.value });
  return formDialog({
    title: 'Add a discount',
    body: `${formatMoney(account.balance)} is owing.`,
    content: h('div', { class: 'stack-sm' },
      field({ id: 'discountKind', label: 'Discount by', input: kind }),
      fields.amount, fields.percent, fields.concession,
      field({ id: 'reason', label: 'Reason', input: reason, help: 'Kept with the account.' })),
    confirm: 'Add discount',
    testid: 'discount',
    ctx: ctxOf(account.balance),
    dirty: () => Boolean(amount.value || percent.value || reason.value),
    submit: () => withRefundOffer((refundExcess) => ipc.addDiscount(appointment.id, { ...form(), refundExcess }), account.balance),
  });
}

/** "Refund" a payment: how much (what is left of it, or less), and why. */
export async function refundDialog(appointment, entry) {
  const amount = moneyInput('refund-amount', entry.refundable, moneyInputValue(entry.refundable));
  const reason = h('input', { class: 'input', 'data-testid': 'refund-reason' });
  return formDialog({
    title: `Refund ${METHOD_WORDS[entry.method] ? `a ${METHOD_WORDS[entry.method].toLowerCase()} payment` : 'a payment'}`,
    body: `${formatMoney(entry.refundable)} of this ${formatMoney(entry.amount)} payment can be refunded${entry.method === 'online' ? ', through Stripe to the patient\'s card' : ''}.`,
    content: h('div', { class: 'stack-sm' },
      field({ id: 'amount', label: 'Refund', input: amount }),
      field({ id: 'reason', label: 'Reason', input: reason })),
    confirm: 'Refund',
    testid: 'refund',
    ctx: ctxOf(entry.amount),
    dirty: () => Boolean(reason.value),
    submit: () => ipc.refundPayment(appointment.id, { paymentId: String(entry.id), amount: amount.value, reason: reason.value }),
  });
}

/** "Correct" an entry (a mistake), or "Waive" a fee. */
export async function correctDialog(appointment, entry, { waive }) {
  const reason = h('input', { class: 'input', 'data-testid': 'correction-reason' });
  return formDialog({
    title: waive ? `Waive the ${formatMoney(entry.amount)} fee?` : `Correct this ${formatMoney(entry.amount)} entry?`,
    body: waive ? 'The fee is no longer charged.' : 'The entry stays on the account, cancelled out by a correction.',
    content: field({ id: 'reason', label: 'Reason', input: reason }),
    confirm: waive ? 'Waive fee' : 'Correct entry',
    testid: 'correction',
    ctx: ctxOf(entry.amount),
    dirty: () => Boolean(reason.value),
    submit: () => withRefundOffer(
      (refundExcess) => ipc.correctEntry(appointment.id, { entryId: String(entry.id), reason: reason.value, refundExcess }),
      entry.amount),
  });
}

/** Cancelling or marking a no-show: the fee, and what was paid beyond it. */
export async function closeDialog(appointment, state) {
  const preview = await ipc.closePreview(appointment.id, state);
  const noShow = state === 'no_show';
  const parts = [];
  const waive = h('input', { type: 'checkbox', 'data-testid': 'waive-fee' });
  const waiveReason = h('input', { class: 'input', 'data-testid': 'waive-reason' });
  const waiveReasonField = field({ id: 'waiveReason', label: 'Why is it waived?', input: waiveReason });
  waiveReasonField.hidden = true;
  const surplusNow = () => (waive.checked ? preview.surplusIfWaived : preview.surplus);
  if (preview.fee) {
    const what = noShow ? 'no-show fee' : `late-cancellation fee (less than ${preview.lateCancelHours} hours' notice)`;
    parts.push(h('p', { 'data-testid': 'close-fee' }, `The ${what} of ${formatMoney(preview.fee)} is charged.`),
      h('label', { class: 'check' }, waive, ' Waive the fee'), waiveReasonField);
  }
  const refund = h('input', { type: 'radio', name: 'surplus', value: 'refund', checked: true, 'data-testid': 'surplus-refund' });
  const keep = h('input', { type: 'radio', name: 'surplus', value: 'keep', 'data-testid': 'surplus-keep' });
  const part = h('input', { type: 'radio', name: 'surplus', value: 'part', 'data-testid': 'surplus-part' });
  const partAmount = moneyInput('refund-amount', preview.paid, '');
  const partField = field({ id: 'refundAmount', label: 'Refund this much', input: partAmount, help: 'The rest is kept as the fee.' });
  const how = [...new Set(preview.refundMethods)].map((m) => METHOD_WORDS[m]?.toLowerCase() || m).join(', ');
  const legend = h('legend');
  const refundWords = h('span');
  const choices = h('fieldset', { class: 'choices', 'data-field': 'surplus' },
    legend,
    h('label', { class: 'choice' }, refund, refundWords),
    h('label', { class: 'choice' }, part, ' Refund part, keep the rest as the fee'),
    partField,
    h('label', { class: 'choice' }, keep, ` Keep it as the ${noShow ? 'no-show' : 'cancellation'} fee`),
    h('p', { class: 'field-error', id: 'surplus-error', hidden: true }));
  // Waiving the fee leaves more to refund or keep: the words follow.
  const syncSurplus = () => {
    const surplus = surplusNow();
    const feeTakes = preview.fee && !waive.checked ? `; the fee takes ${formatMoney(preview.fee)}` : '';
    legend.textContent = `${formatMoney(preview.paid)} was paid${feeTakes}. The other ${formatMoney(surplus)}:`;
    refundWords.textContent = ` Refund ${formatMoney(surplus)} (${how})`;
    choices.hidden = surplus.minor <= 0;
  };
  const syncPart = () => { partField.hidden = !part.checked; };
  for (const radio of [refund, part, keep]) radio.addEventListener('change', syncPart);
  syncPart();
  waive.addEventListener('change', () => { waiveReasonField.hidden = !waive.checked; syncSurplus(); });
  syncSurplus();
  if (preview.surplusIfWaived.minor > 0) parts.push(choices);
  if (!parts.length) parts.push(h('p', { class: 'muted' }, noShow ? 'No fee is charged.' : 'No fee is charged and nothing was paid.'));
  if (preview.blocked) parts.unshift(h('p', { class: 'callout callout-warning', role: 'alert', 'data-testid': 'close-blocked' }, preview.blocked));
  return formDialog({
    title: noShow ? 'Mark as a no-show?' : 'Cancel this appointment?',
    body: `${appointment.patient.fullName}: ${appointment.type.name}, ${formatDate(appointment.localDate, 'medium')} ${appointment.startLabel}.`,
    content: h('div', { class: 'stack-sm', 'data-testid': 'close-money' }, parts),
    confirm: noShow ? 'Mark no-show' : 'Cancel appointment',
    testid: 'close',
    ctx: ctxOf(preview.paid),
    blocked: Boolean(preview.blocked),
    submit: () => ipc.closeAppointment(appointment.id, state, {
      waiveFee: waive.checked,
      waiveReason: waiveReason.value,
      surplus: surplusNow().minor > 0 ? (keep.checked ? 'keep' : part.checked ? 'part' : 'refund') : '',
      refundAmount: part.checked ? partAmount.value : '',
    }),
  });
}
