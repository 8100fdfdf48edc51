// The "Account" section of the appointment panel: every entry with its
// signed amount, the totals, the balance in words, and the buttons that
// take money, discount, refund and correct.

import { h, busy, toast, toastError } from '../dom.js';
import { formatMoney, formatShortTimestamp } from '../format.js';
import * as ipc from '../ipc.js';
import { accountWords, ACCOUNT_BADGE, entryWords, signedAmount, REFUND_STATUS_WORDS } from './account-words.js';
import { takePaymentDialog, receiptDialog, discountDialog, refundDialog, correctDialog } from './account-dialogs.js';

/** Money that lowers the balance, shown with its minus (and no "-0"). */
const negate = (m) => ({ ...m, minor: m.minor ? -m.minor : 0 });

/**
 * `reload()` re-reads the appointment after a change; `onlineAvailable`
 * says whether a payment link can be made now.
 */
export function accountSection(a, { reload, onlineAvailable }) {
  const account = a.account;
  if (!account) return null;
  const actions = new Set(account.actions || []);

  async function run(button, dialog, done) {
    let result;
    try {
      result = await dialog();
    } catch (error) {
      toastError(error);
      return;
    }
    if (!result) { button.focus(); return; }
    await busy(button, async () => {
      if (done) await done(result);
      if (result.problem) toast(result.problem.message, { error: true });
      await reload();
    });
  }

  const buttons = [];
  if (actions.has('take_payment')) {
    const take = h('button', { type: 'button', class: 'btn btn-primary btn-sm', 'data-testid': 'take-payment' }, 'Take payment');
    take.addEventListener('click', () => run(take, () => takePaymentDialog(a, { onlineAvailable }), async (taken) => {
      if (taken.receipt) {
        toast(`${formatMoney(taken.receipt.amount)} taken`);
        await receiptDialog(taken.receipt);
      } else if (!taken.problem) {
        toast('Payment link created');
      }
    }));
    buttons.push(take);
  }
  if (actions.has('add_discount')) {
    const discount = h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': 'add-discount' }, 'Add discount');
    discount.addEventListener('click', async () => {
      let concessions = [];
      try { concessions = await ipc.listConcessions(false); } catch (error) { toastError(error); return; }
      run(discount, () => discountDialog(a, concessions), () => toast('Discount added'));
    });
    buttons.push(discount);
  }

  const rows = account.entries.map((e) => {
    const cell = h('div', { class: 'entry-actions' });
    for (const action of e.actions || []) {
      const label = { refund: 'Refund', correct: 'Correct', waive: 'Waive' }[action];
      const button = h('button', { type: 'button', class: 'btn btn-sm btn-quiet', 'data-testid': `entry-${action}-${e.id}` }, label);
      button.addEventListener('click', () => run(button,
        () => (action === 'refund' ? refundDialog(a, e) : correctDialog(a, e, { waive: action === 'waive' })),
        () => toast(action === 'refund' ? 'Refund recorded' : action === 'waive' ? 'Fee waived' : 'Entry corrected')));
      cell.append(button);
    }
    if (e.kind === 'payment' && !e.reverses) {
      const receipt = h('button', { type: 'button', class: 'btn btn-sm btn-quiet', 'data-testid': `entry-receipt-${e.id}` }, 'Receipt');
      receipt.addEventListener('click', async () => {
        try { await receiptDialog(await ipc.paymentReceipt(e.id)); } catch (error) { toastError(error); }
      });
      cell.append(receipt);
    }
    const notes = [e.note, e.refundStatus ? REFUND_STATUS_WORDS[e.refundStatus] : null]
      .filter(Boolean);
    return h('tr', { class: e.reversed ? 'is-reversed' : '', 'data-testid': `entry-${e.id}` },
      h('td', {}, h('span', { class: 'entry-what' }, entryWords(e)),
        notes.map((n) => h('span', { class: 'entry-note' }, n)),
        h('span', { class: 'entry-when' }, formatShortTimestamp(e.at, a.timeZone)),
        cell.childElementCount ? cell : null),
      h('td', { class: 'num' }, formatMoney(signedAmount(e))));
  });

  const totals = h('dl', { class: 'account-totals', 'data-testid': 'account-totals' },
    h('dt', {}, 'Charged'), h('dd', {}, formatMoney(account.charges)),
    account.discounts.minor ? [h('dt', {}, 'Discounts'), h('dd', {}, formatMoney(negate(account.discounts)))] : null,
    h('dt', {}, 'Paid'), h('dd', {}, formatMoney(negate(account.payments))),
    account.refunds.minor ? [h('dt', {}, 'Refunded'), h('dd', {}, formatMoney(account.refunds))] : null,
    h('dt', { class: 'total' }, 'Balance'), h('dd', { class: 'total', 'data-testid': 'account-balance' }, formatMoney(account.balance)));

  return h('section', { class: 'panel-section', 'aria-labelledby': 'panel-account-title', 'data-testid': 'account' },
    h('div', { class: 'account-summary' },
      h('h3', { id: 'panel-account-title' }, 'Account'),
      h('span', { class: `badge ${ACCOUNT_BADGE[account.status] || 'badge-muted'}`, 'data-testid': 'account-status' },
        accountWords(account.status, account.balance))),
    account.waitingOnline
      ? h('p', { class: 'small muted' }, `${formatMoney(account.waitingOnline)} is waiting on a payment link.`)
      : null,
    rows.length
      ? h('table', { class: 'table-compact account-entries', 'aria-label': 'Account entries' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Entry'), h('th', { class: 'num' }, 'Amount'))),
        h('tbody', {}, rows))
      : h('p', { class: 'muted small' }, 'Nothing charged or paid yet.'),
    totals,
    buttons.length ? h('div', { class: 'row' }, buttons) : null);
}
