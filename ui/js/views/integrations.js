import { h, field, busy, showFieldErrors, clearFieldErrors, confirmDialog, toast, toastError } from '../dom.js';
import { formatTimestamp, formatMoney, formatDate } from '../format.js';
import * as ipc from '../ipc.js';

// Exactly what Clinicdesk calls today (README, "Connecting Stripe").
const PERMISSIONS = ['Checkout Sessions: Write', 'Events: Read', 'Account: Read'];

const STATE_TEXT = {
  not_connected: 'Not connected',
  connected: 'Connected',
  key_invalid: 'Key no longer valid',
  keychain_unavailable: 'Keychain unavailable',
};

export async function render(root, _params, app) {
  ipc.setWindowTitle('Integrations — Clinicdesk');
  const card = h('section', { class: 'card card-body stack', 'aria-labelledby': 'stripe-title', 'data-testid': 'stripe-card' });
  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', {},
      h('p', { class: 'crumbs' }, 'Settings'),
      h('h1', {}, 'Integrations'),
      h('p', { class: 'muted' }, 'Services Clinicdesk works with.'))),
    card));

  let replacing = false;

  function connectForm(status) {
    const key = h('input', { class: 'input', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: 'rk_live_… or sk_live_…' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, status.account ? 'Replace key' : 'Connect Stripe');
    const cancel = status.account
      ? h('button', { type: 'button', class: 'btn', onclick: () => { replacing = false; draw(app.stripe); } }, 'Cancel')
      : null;
    const form = h('form', { novalidate: true, 'aria-label': 'Connect Stripe', class: 'stack' },
      field({ id: 'secretKey', label: 'Stripe secret key', input: key,
        help: 'We recommend a restricted key (rk_…) with only the permissions below. The key is kept in this computer\'s keychain, never in the clinic database.' }),
      h('div', {}, h('p', { class: 'help' }, 'Permissions the restricted key needs:'),
        h('ul', { class: 'permissions help' }, PERMISSIONS.map((p) => h('li', {}, p)))),
      h('div', { class: 'row' }, submit, cancel));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      await busy(submit, async () => {
        try {
          const next = await ipc.connectStripe(key.value);
          key.value = '';
          replacing = false;
          app.setStripe(next);
          toast(`Connected to ${next.account.displayName || next.account.accountId}`);
        } catch (error) {
          if (!error.fields || !showFieldErrors(form, error.fields, {})) {
            showFormMessage(form, error.message);
          }
        }
      });
    });
    return form;
  }

  /** "After paying, patients go to": Checkout's success page. */
  function returnUrlForm(status) {
    const input = h('input', { class: 'input', type: 'text', inputmode: 'url', autocomplete: 'url', spellcheck: 'false',
      value: status.returnUrl || '', placeholder: 'https://www.yourclinic.com.au' });
    const save = h('button', { type: 'submit', class: 'btn' }, 'Save page');
    const form = h('form', { novalidate: true, 'aria-label': 'After paying', class: 'stack return-url', 'data-testid': 'return-url-form' },
      h('h3', {}, 'After paying, patients go to'),
      field({ id: 'returnUrl', label: 'Page after paying', input,
        help: 'Stripe sends patients here when they have paid online: your website\'s home page or a thank-you page (a Facebook or Google business page works too). Filled in from your Stripe account\'s website when it has one.' }),
      h('div', { class: 'row' }, save));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      await busy(save, async () => {
        try {
          app.setStripe(await ipc.saveReturnUrl(input.value));
          toast('Saved: patients go there after paying');
        } catch (error) {
          if (!error.fields || !showFieldErrors(form, error.fields, {})) showFormMessage(form, error.message);
        }
      });
    });
    return form;
  }

  /** Links made with a previous account or mode: this key can't read them. */
  function otherAccountSection(status) {
    const list = h('ul', { class: 'plain-list small', 'data-testid': 'other-account-list' });
    const close = h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'close-other-account' }, 'Close these links');
    const section = h('div', { class: 'callout callout-warning stack', 'data-testid': 'other-account-links' },
      h('p', {}, h('strong', {}, `${status.otherAccountAttempts} payment link${status.otherAccountAttempts === 1 ? ' was' : 's were'} made with another Stripe account or mode. `),
        'This key can\'t check them, so Clinicdesk leaves them alone; their slots stay held until the links run out. ' +
        'Look for payments in that account\'s Dashboard, then close them here to free their slots now.'),
      list,
      h('div', { class: 'row' }, close));
    ipc.otherAccountAttempts().then((items) => {
      list.replaceChildren(...items.map((i) => h('li', {},
        `${i.appointment ? `${i.appointment.patientName}, ${formatDate(i.appointment.localDate)} ${i.appointment.startLabel}` : `Appointment ${i.appointmentId}`} — ` +
        `${formatMoney(i.amount)}, ${i.stripeAccountId || 'unknown account'} (${i.livemode ? 'live' : 'test'} mode)`)));
    }).catch(() => {});
    close.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: 'Close these payment links?',
        body: 'Clinicdesk stops following them and frees the slots they hold. A patient who already paid through one is not refunded: check the other account\'s Dashboard.',
        confirm: 'Close these links',
        danger: true,
      });
      if (!ok) return;
      await busy(close, async () => {
        try {
          const closed = await ipc.closeOtherAccountAttempts();
          app.setStripe(await ipc.stripeStatus());
          toast(`${closed} payment link${closed === 1 ? '' : 's'} closed`);
        } catch (error) { toastError(error); }
      });
    });
    return section;
  }

  function showFormMessage(form, message) {
    form.querySelector('[data-testid="connect-message"]')?.remove();
    form.append(h('p', { class: 'callout callout-warning', role: 'alert', 'data-testid': 'connect-message' }, message));
  }

  function draw(status) {
    const tz = app.settings.timeZone;
    const a = status.account;
    const parts = [
      h('div', { class: 'row' },
        h('h2', { id: 'stripe-title' }, 'Stripe'),
        h('span', { class: `badge ${status.state === 'connected' ? 'badge-success' : 'badge-muted'}`, 'data-testid': 'stripe-state' }, STATE_TEXT[status.state]),
        a ? h('span', { class: `badge ${a.livemode ? 'badge-live' : 'badge-test'}`, 'data-testid': 'stripe-mode' }, a.livemode ? 'Live mode' : 'Test mode') : null),
    ];
    if (status.problem) parts.push(h('p', { class: 'callout callout-warning', 'data-testid': 'stripe-problem' }, status.problem));
    if (!a) {
      parts.push(h('p', { class: 'muted', 'data-testid': 'stripe-status' }, 'Stripe: not connected. Connect the clinic\'s Stripe account to take payments online when patients book.'));
      parts.push(connectForm(status));
    } else {
      parts.push(h('dl', { class: 'facts', 'data-testid': 'stripe-account' },
        h('dt', {}, 'Account'), h('dd', { 'data-testid': 'stripe-account-name' }, a.displayName || '—'),
        h('dt', {}, 'Account ID'), h('dd', {}, a.accountId),
        h('dt', {}, 'Country'), h('dd', {}, a.country || '—'),
        h('dt', {}, 'Default currency'), h('dd', {}, (a.defaultCurrency || '—').toUpperCase()),
        h('dt', {}, 'Key'), h('dd', {}, `${a.keyHint}${a.restricted ? ' (restricted key)' : ''}`),
        h('dt', {}, 'Connected'), h('dd', {}, formatTimestamp(a.connectedAt, tz)),
        h('dt', {}, 'Last verified'), h('dd', {}, formatTimestamp(a.verifiedAt, tz))));
      if (status.currencyMismatch) {
        parts.push(h('p', { class: 'callout callout-warning', 'data-testid': 'currency-warning' },
          `This Stripe account's default currency is ${status.currencyMismatch.account}, but the clinic charges in ${status.currencyMismatch.clinic}. ` +
          'Payments will still be taken in the clinic\'s currency; Stripe may convert them for payout.'));
      }
      parts.push(returnUrlForm(status));
      if (status.otherAccountAttempts > 0) parts.push(otherAccountSection(status));
      if (replacing) {
        parts.push(connectForm(status));
      } else {
        const replace = h('button', { type: 'button', class: 'btn' }, 'Replace key');
        replace.addEventListener('click', () => { replacing = true; draw(app.stripe); card.querySelector('#secretKey')?.focus(); });
        const disconnect = h('button', { type: 'button', class: 'btn btn-danger' }, 'Disconnect Stripe');
        disconnect.addEventListener('click', () => doDisconnect(disconnect));
        parts.push(h('div', { class: 'row' }, replace, disconnect));
      }
    }
    card.replaceChildren(...parts);
  }

  async function doDisconnect(button) {
    const ok = await confirmDialog({
      title: 'Disconnect Stripe?',
      body: 'Appointment types set to Allowed or Required will not take online payments until you connect again (their settings are kept). The key is removed from this computer\'s keychain.',
      confirm: 'Disconnect Stripe',
      danger: true,
    });
    if (!ok) return;
    await busy(button, async () => {
      try {
        app.setStripe(await ipc.disconnectStripe());
        toast('Stripe disconnected');
      } catch (error) { toastError(error); }
    });
  }

  const onStatus = (event) => { if (!replacing) draw(event.detail); };
  document.addEventListener('stripe-status', onStatus);
  draw(app.stripe);
  return () => document.removeEventListener('stripe-status', onStatus);
}
