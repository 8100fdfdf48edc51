// Settings → Email: the clinic's own mail server, for sending receipts. The
// password goes to the computer's keychain; it is never shown again.

import { h, field, busy, showFieldErrors, clearFieldErrors, toast, toastError } from '../dom.js';
import { errorMessage } from '../errors.js';
import * as ipc from '../ipc.js';

const SECURITY = [
  ['starttls', 'STARTTLS (usually port 587)'],
  ['tls', 'TLS (usually port 465)'],
  ['none', 'None — this computer only, for testing'],
];

export async function render(root) {
  ipc.setWindowTitle('Email — Clinicdesk');
  const saved = await ipc.getMailServer();
  const input = (attrs = {}) => h('input', { class: 'input', type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs });
  const host = input({ placeholder: 'smtp.example.com', value: saved?.host || '' });
  const port = input({ inputmode: 'numeric', value: String(saved?.port ?? 587) });
  const security = h('select', { class: 'input' }, SECURITY.map(([v, label]) => h('option', { value: v, selected: (saved?.security || 'starttls') === v }, label)));
  const username = input({ value: saved?.username || '' });
  const password = input({ type: 'password', autocomplete: 'new-password',
    placeholder: saved?.passwordSaved ? 'Saved — leave empty to keep it' : '' });
  const fromEmail = input({ type: 'email', value: saved?.fromEmail || '' });
  const fromName = input({ value: saved?.fromName || '' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-mail' }, 'Save');
  const form = h('form', { class: 'card card-body', novalidate: true, 'aria-label': 'Mail server' },
    h('div', { class: 'form-grid' },
      field({ id: 'host', label: 'Mail server', input: host, help: 'Your email provider\'s SMTP server.' }),
      field({ id: 'port', label: 'Port', input: port }),
      field({ id: 'security', label: 'Security', input: security, className: 'span-2' }),
      field({ id: 'username', label: 'User name', input: username }),
      field({ id: 'password', label: 'Password', input: password, help: 'Kept in this computer\'s keychain, not in the clinic\'s data.' }),
      field({ id: 'fromEmail', label: 'Send from', input: fromEmail, help: 'The address patients see, and reply to.' }),
      field({ id: 'fromName', label: 'Sender name', input: fromName })),
    h('div', { class: 'form-actions' }, save));

  const to = input({ type: 'email', placeholder: 'Leave empty to send to the "Send from" address' });
  const send = h('button', { type: 'submit', class: 'btn', 'data-testid': 'send-test-email' }, 'Send test email');
  const result = h('p', { class: 'small', 'data-testid': 'test-email-result', 'aria-live': 'polite', hidden: true });
  const testForm = h('form', { class: 'card card-body', novalidate: true, 'aria-label': 'Send a test email' },
    h('h2', {}, 'Try it'),
    h('div', { class: 'add-row test-row' }, field({ id: 'to', label: 'Send a test to', input: to }), h('div', { class: 'eod-export-go' }, send)),
    result);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    await busy(save, async () => {
      try {
        const s = await ipc.saveMailServer({ host: host.value, port: port.value, security: security.value, username: username.value,
          password: password.value, fromEmail: fromEmail.value, fromName: fromName.value });
        password.value = '';
        password.placeholder = s.passwordSaved ? 'Saved — leave empty to keep it' : '';
        toast('Mail server saved');
      } catch (error) {
        if (!error.fields || !showFieldErrors(form, error.fields, {})) toastError(error);
      }
    });
  });
  testForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(testForm);
    await busy(send, async () => {
      try {
        const sent = await ipc.sendTestEmail(to.value);
        result.textContent = `Sent to ${sent.recipient}. Check that it arrived.`;
        result.className = 'small callout';
      } catch (error) {
        if (error.fields && showFieldErrors(testForm, error.fields, {})) return;
        result.textContent = errorMessage(error);
        result.className = 'small callout callout-warning';
      }
      result.hidden = false;
    });
  });

  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', {},
      h('p', { class: 'crumbs' }, 'Settings'),
      h('h1', {}, 'Email'),
      h('p', { class: 'muted' }, 'The clinic\'s own mail server, for emailing receipts to patients.'))),
    form, testForm));
}
