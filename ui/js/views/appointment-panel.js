// The appointment panel: a drawer on the right of the front desk with one
// appointment, its payment (link, QR code, history) and what can be done next.

import { h, field, busy, confirmDialog, textDialog, toast, toastError } from '../dom.js';
import { errorMessage } from '../errors.js';
import { formatMoney, formatDate, formatTimestamp } from '../format.js';
import * as ipc from '../ipc.js';
import { accountSection } from './account-section.js';
import { signedIn } from '../lock.js';
import { closeDialog } from './account-dialogs.js';
import { accountWords, ACCOUNT_BADGE } from './account-words.js';

export const STATE_WORDS = {
  awaiting_payment: 'Awaiting payment',
  booked: 'Booked',
  arrived: 'Arrived',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
  expired: 'Expired',
};

const STATE_BADGE = {
  awaiting_payment: 'badge-warning',
  booked: 'badge-muted',
  arrived: 'badge-accent',
  completed: 'badge-muted',
  cancelled: 'badge-muted',
  no_show: 'badge-danger',
  expired: 'badge-muted',
};

/** Words for a payment's status (the summary's or a history row's). */
export const PAYMENT_WORDS = {
  none: 'No online payment',
  creating: 'Payment link not created yet',
  open: 'Link sent',
  processing: 'Bank payment processing',
  paid: 'Paid',
  failed: 'Payment failed',
  expired: 'Link expired',
  abandoned: 'Link cancelled',
  closed: 'No longer followed',
  mismatch: 'Payment needs checking',
  cancelled: 'Cancelled',
};

/** Why a new payment link may be needed, when Rust sent no problem message. */
const RETRY_REASON = {
  creating: 'The payment link has not been created yet: Stripe did not answer.',
  failed: 'The online payment failed.',
  expired: 'The payment link expired before the patient paid.',
};

const PAYMENT_BADGE = {
  creating: 'badge-warning',
  open: 'badge-info',
  processing: 'badge-info',
  paid: 'badge-success',
  failed: 'badge-danger',
  expired: 'badge-muted',
  mismatch: 'badge-warning',
};

const words = (map, key) => map[key] || String(key || '').replaceAll('_', ' ');

/** "Paid A$30.00 online" for a paid PaymentSummary. */
export function paidText(payment) {
  return `Paid ${formatMoney(payment.paidAmount || payment.amount)} online`;
}

/** The badges an appointment shows in the day grid: words, not colour alone. */
export function appointmentBadges(a) {
  const status = a.payment?.status;
  const waiting = a.state === 'awaiting_payment' || a.state === 'booked';
  if (status === 'creating' && waiting) return [{ text: 'Retry payment link', cls: 'badge-warning' }];
  if (status === 'processing' && waiting) return [{ text: 'Bank payment processing', cls: 'badge-info' }];
  if (status === 'mismatch' && waiting) return [{ text: 'Payment needs checking', cls: 'badge-warning' }];
  if (a.state === 'awaiting_payment') return [{ text: 'Awaiting payment', cls: 'badge-warning' }];
  const badges = a.state === 'booked' ? [] : [{ text: words(STATE_WORDS, a.state), cls: STATE_BADGE[a.state] || 'badge-muted' }];
  if (status === 'open') badges.push({ text: 'Link sent', cls: 'badge-info' });
  // The account in words once money moved, or once it is owed after the visit.
  const acct = a.account;
  const moneyMoved = acct && ['paid', 'part_paid', 'refunded', 'credit'].includes(acct.status);
  const owedAfter = acct?.status === 'owing' && ['completed', 'no_show', 'cancelled'].includes(a.state);
  if (moneyMoved || owedAfter) badges.push({ text: accountWords(acct.status, acct.balance), cls: ACCOUNT_BADGE[acct.status] || 'badge-muted' });
  if (!badges.length) badges.push({ text: 'Booked', cls: 'badge-muted' });
  return badges;
}

/** SVG markup from Rust as an element: parsed, never run, sized by CSS. */
function qrImage(markup) {
  const doc = new DOMParser().parseFromString(markup || '', 'image/svg+xml');
  const svg = doc.documentElement;
  if (!svg || svg.nodeName.toLowerCase() !== 'svg' || doc.querySelector('parsererror')) return null;
  for (const bad of svg.querySelectorAll('script, foreignObject')) bad.remove();
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
  }
  if (!svg.hasAttribute('viewBox')) {
    const w = parseFloat(svg.getAttribute('width'));
    const hgt = parseFloat(svg.getAttribute('height'));
    if (w && hgt) svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  }
  svg.setAttribute('width', '180');
  svg.setAttribute('height', '180');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'QR code for the payment link');
  svg.setAttribute('data-testid', 'payment-qr');
  svg.setAttribute('focusable', 'false');
  return document.importNode(svg, true);
}

/**
 * The panel. `onChanged()` is called after an action changed the
 * appointment (so the grid can refresh); `onClosed(id)` after closing.
 */
export function createAppointmentPanel({ app, onChanged, onClosed }) {
  let current = null; // the Appointment shown
  let currentId = null;
  let seq = 0;
  const element = h('aside', { class: 'appt-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'appt-panel-title',
    'data-testid': 'appointment-panel', tabindex: '-1', hidden: true });
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !document.querySelector('dialog[open]')) {
      event.preventDefault();
      close();
    }
  });

  function close() {
    if (element.hidden) return;
    const id = currentId;
    element.hidden = true;
    element.replaceChildren();
    current = null;
    currentId = null;
    seq++;
    if (onClosed) onClosed(id);
  }

  /**
   * Opens (or switches to) the appointment with this id, asking Rust for it.
   * `focus`: move focus into the panel (when a person opened it), else keep it where it is.
   */
  async function open(id, { focus = false } = {}) {
    currentId = id;
    const mine = ++seq;
    if (element.hidden || !current || String(current.id) !== String(id)) {
      element.replaceChildren(h('div', { class: 'panel-loading muted', role: 'status' }, 'Loading appointment…'));
      element.hidden = false;
      if (focus) element.focus();
    }
    try {
      const appointment = await ipc.getAppointment(id);
      if (mine !== seq) return;
      show(appointment, { focus: focus || element.contains(document.activeElement) });
    } catch (error) {
      if (mine !== seq) return;
      current = null;
      element.replaceChildren(
        h('div', { class: 'panel-head' }, h('h2', { id: 'appt-panel-title' }, 'Appointment'), closeButton()),
        h('div', { class: 'panel-body' }, h('p', { class: 'callout callout-warning', role: 'alert' }, errorMessage(error))));
    }
  }

  /** Re-asks Rust if the panel shows one of these ids (from appointments-changed). */
  function refresh(ids) {
    if (currentId === null || element.hidden) return;
    if (!ids || ids.some((id) => String(id) === String(currentId))) open(currentId, { focus: false });
  }

  function closeButton() {
    return h('button', { type: 'button', class: 'btn btn-quiet btn-icon panel-close', 'aria-label': 'Close appointment',
      'data-testid': 'close-panel', onclick: close }, h('span', { 'aria-hidden': 'true' }, '×'));
  }

  /**
   * Shows an Appointment already in hand (after booking or an action).
   * Focus stays on the same control if it was in the panel; `focus` moves it to the title otherwise.
   */
  function show(a, { focus = true } = {}) {
    const wasInside = element.contains(document.activeElement) && document.activeElement !== element;
    const focusedTestId = wasInside ? document.activeElement.dataset?.testid : null;
    current = a;
    currentId = a.id;
    seq++;
    element.hidden = false;
    element.replaceChildren(...draw(a));
    const title = element.querySelector('#appt-panel-title');
    if (focusedTestId) (element.querySelector(`[data-testid="${CSS.escape(focusedTestId)}"]`) || title).focus();
    else if (wasInside || focus) title.focus();
  }

  async function act(button, work, success) {
    await busy(button, async () => {
      try {
        const next = await work();
        if (!next) return;
        if (success) toast(success(next));
        show(next);
        if (onChanged) onChanged();
      } catch (error) {
        toastError(error);
        // The appointment may have moved on meanwhile (paid, expired): show what is true now.
        if (error.code === 'invalid_transition' || error.code === 'not_found') {
          open(currentId, { focus: true });
          if (onChanged) onChanged();
        }
      }
    });
  }

  function draw(a) {
    const patient = a.patient || {};
    const payment = a.payment;
    const status = payment?.status;
    const online = a.onlineAmount || payment?.amount;
    const actions = new Set(a.actions || []);
    const paid = status === 'paid';
    const when = `${formatDate(a.localDate)}, ${a.startLabel}–${a.endLabel}`;
    const stateBadge = h('span', { class: `badge ${STATE_BADGE[a.state] || 'badge-muted'}`, 'data-testid': 'state-badge' }, words(STATE_WORDS, a.state));

    const head = h('div', { class: 'panel-head' },
      h('div', { class: 'panel-title' },
        h('h2', { id: 'appt-panel-title', tabindex: '-1' }, patient.fullName || 'Appointment'),
        h('p', { class: 'muted' }, `${a.type?.name ?? ''} with ${a.practitioner?.name ?? ''}`),
        h('div', { class: 'badges' }, stateBadge)),
      closeButton());

    const dash = h('span', { class: 'muted' }, '—');
    const facts = h('dl', { class: 'facts panel-facts', 'data-testid': 'appointment-facts' },
      h('dt', {}, 'When'), h('dd', { 'data-testid': 'appointment-when' }, when),
      h('dt', {}, 'Practitioner'), h('dd', {}, a.practitioner?.name ?? ''),
      h('dt', {}, 'Type'), h('dd', {}, h('span', { class: 'type-name' },
        h('span', { class: 'swatch', vars: { '--swatch': a.type?.colour }, 'aria-hidden': 'true' }), a.type?.name ?? '')),
      h('dt', {}, 'Phone'), h('dd', {}, patient.phone || dash.cloneNode(true)),
      h('dt', {}, 'Email'), h('dd', {}, patient.email || dash.cloneNode(true)),
      patient.dateOfBirth ? [h('dt', {}, 'Date of birth'), h('dd', {}, formatDate(patient.dateOfBirth, 'medium'))] : null,
      h('dt', {}, 'Price'), h('dd', { 'data-testid': 'appointment-price' }, formatMoney(a.price)),
      h('dt', {}, 'Online'), h('dd', { 'data-testid': 'appointment-online' },
        a.paymentMode === 'disabled' || !online ? 'Not taken online'
          : `${formatMoney(online)} ${a.paymentMode === 'required' ? '(online payment required)' : '(online payment allowed)'}`),
      a.overrideReason ? [h('dt', {}, 'Booked without payment'), h('dd', { 'data-testid': 'override-reason-text' }, a.overrideReason)] : null);

    const sections = [facts];
    const paymentParts = [];

    if (a.link) {
      const url = h('input', { class: 'input', type: 'text', readonly: true, value: a.link.url, 'data-testid': 'payment-link' });
      const copy = h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': 'copy-link' }, 'Copy link');
      copy.addEventListener('click', () => copyLink(a.link.url, url));
      const emailButton = actions.has('email_payment_link')
        ? h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': 'email-link' }, 'Email to patient')
        : null;
      emailButton?.addEventListener('click', () => busy(emailButton, async () => {
        try {
          await ipc.emailPaymentLink(a.id);
          toast('Your email app has the message ready to send');
        } catch (error) { toastError(error); }
      }));
      const qr = qrImage(a.link.qrSvg);
      paymentParts.push(
        h('p', { class: 'payment-waiting', 'data-testid': 'payment-waiting' }, `Waiting for payment of ${formatMoney(payment?.amount || online)}`),
        h('div', { class: 'payment-link' },
          qr ? h('div', { class: 'qr' }, qr) : null,
          h('div', { class: 'payment-link-side' },
            field({ id: 'payment-link', label: 'Payment link', input: url,
              help: 'The patient can scan the code with a phone, or open the link.' }),
            h('div', { class: 'row' }, copy, emailButton),
            !emailButton && !patient.email ? h('p', { class: 'help' }, 'Add an email address to the patient to email the link.') : null,
            a.link.expiresLabel
              ? h('p', { class: 'small muted', 'data-testid': 'hold-expires' },
                `${a.state === 'awaiting_payment' ? 'Hold expires' : 'Link expires'} at ${a.link.expiresLabel}`)
              : null)));
    }
    if (a.paymentProblem || actions.has('retry_payment_link')) {
      const retry = actions.has('retry_payment_link')
        ? h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': 'retry-link' }, 'Retry payment link')
        : null;
      retry?.addEventListener('click', () => act(retry, () => ipc.retryPaymentLink(a.id),
        (next) => (next.link ? 'Payment link created' : 'Stripe still didn\'t answer; the slot stays held')));
      const info = a.paymentProblem?.code === 'payment_processing';
      paymentParts.push(h('div', { class: `callout ${info ? '' : 'callout-warning'} payment-problem`, role: 'status', 'data-testid': 'payment-problem' },
        h('p', {}, a.paymentProblem?.message || RETRY_REASON[status] || 'The payment link is not working. Create a new one for the patient.'),
        retry ? h('div', { class: 'row' }, retry) : null));
    }
    if (payment && status !== 'none') {
      const badge = h('span', { class: `badge ${PAYMENT_BADGE[status] || 'badge-muted'}`, 'data-testid': 'payment-state' },
        paid ? paidText(payment) : words(PAYMENT_WORDS, status));
      paymentParts.unshift(h('div', { class: 'badges' }, badge));
    }
    if ((a.payments || []).length) {
      paymentParts.push(h('table', { class: 'table-compact', 'aria-label': 'Payments', 'data-testid': 'payments-history' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Created'), h('th', { class: 'num' }, 'Amount'), h('th', {}, 'Status'))),
        h('tbody', {}, a.payments.map((p) => h('tr', {},
          h('td', {}, formatTimestamp(p.createdAt, a.timeZone)),
          h('td', { class: 'num' }, formatMoney(p.amount)),
          h('td', {}, words(PAYMENT_WORDS, p.status)))))));
    }
    // The account, before the details: money is what the desk handles here.
    const accountPart = accountSection(a, {
      reload: async () => {
        await open(a.id, { focus: false });
        if (onChanged) onChanged();
      },
      onlineAvailable: Boolean(app?.stripe?.paymentsActive),
    });
    // A practitioner's role takes no money: the account stays with the desk.
    if (accountPart && signedIn?.role !== 'practitioner') sections.unshift(accountPart);
    if (paymentParts.length) {
      // Before the details: a waiting link's QR code is what the patient at the desk needs.
      sections.unshift(h('section', { class: 'panel-section', 'aria-labelledby': 'panel-payment-title' },
        h('h3', { id: 'panel-payment-title' }, 'Online payment'), paymentParts));
    }

    const buttons = [];
    const add = (action, label, testid, handler, cls = 'btn') => {
      if (!actions.has(action)) return;
      const button = h('button', { type: 'button', class: cls, 'data-testid': testid }, label);
      button.addEventListener('click', () => handler(button));
      buttons.push(button);
    };
    const setState = (state, done) => (button) => act(button, () => ipc.setAppointmentState(a.id, state), () => done);
    add('arrive', 'Mark arrived', 'mark-arrived', setState('arrived', `${patient.fullName} has arrived`), 'btn btn-primary');
    add('complete', 'Mark completed', 'mark-completed', setState('completed', 'Marked completed'));
    const close = (state, done) => async (button) => {
      let next;
      try {
        next = await closeDialog(a, state);
      } catch (error) {
        toastError(error);
        return;
      }
      if (!next) { button.focus(); return; }
      toast(done);
      show(next);
      if (onChanged) onChanged();
    };
    add('no_show', 'No-show', 'mark-no-show', close('no_show', 'Marked as no-show'));
    add('send_payment_link', 'Send payment link', 'send-link', (button) =>
      act(button, () => ipc.sendPaymentLink(a.id), (next) => (next.link ? 'Payment link created' : 'Payment link requested')));
    add('book_without_payment', 'Book without payment', 'book-without-payment', async (button) => {
      const next = await textDialog({
        title: 'Book without online payment?',
        body: `${patient.fullName}'s appointment (${when}) is booked now, without waiting for the ${formatMoney(online)} online payment.`,
        field: 'reason',
        label: 'Reason for booking without payment',
        help: 'Kept with the appointment, e.g. "Paying at the desk".',
        confirm: 'Book without payment',
        submit: (reason) => ipc.bookWithoutPayment(a.id, reason),
      });
      if (!next) { button.focus(); return; }
      toast('Booked without online payment');
      show(next);
      if (onChanged) onChanged();
    });
    add('release_hold', 'Release hold', 'release-hold', async (button) => {
      const ok = await confirmDialog({
        title: 'Release the hold?',
        body: `Release the slot and cancel the ${formatMoney(payment?.amount || online)} payment link? ${patient.fullName}'s appointment (${when}) is cancelled and the link stops working.`,
        confirm: 'Release hold',
        cancel: 'Keep holding',
        danger: true,
      });
      if (ok) await act(button, () => ipc.releaseHold(a.id), () => 'Hold released; the slot is free');
    }, 'btn btn-danger');
    add('cancel', 'Cancel appointment', 'cancel-appointment', close('cancelled', 'Appointment cancelled'), 'btn btn-danger');
    // What can be done next comes first: it is what the front desk is here for.
    if (buttons.length) sections.unshift(h('div', { class: 'panel-actions', role: 'group', 'aria-label': 'Actions', 'data-testid': 'appointment-actions' }, buttons));

    return [head, h('div', { class: 'panel-body' }, sections)];
  }

  async function copyLink(text, input) {
    try {
      await navigator.clipboard.writeText(text);
      toast('Link copied');
    } catch {
      input.select();
      let copied = false;
      try { copied = document.execCommand('copy'); } catch { copied = false; }
      if (copied) toast('Link copied');
      else toast('Could not copy the link. It is selected: press Ctrl+C (⌘C on a Mac) to copy it.', { error: true });
    }
  }

  return {
    element,
    open,
    show,
    refresh,
    close,
    get currentId() { return currentId; },
  };
}
