// Settings → Data: where this workstation keeps the clinic. "This computer
// only" (the default) or "Clinic server" (PostgreSQL, shared by the clinic's
// workstations). "Test connection" says what is wrong in words; then "Move
// this clinic to the server" (an empty database) or "Work on this server"
// (one that already holds the clinic). A change restarts Clinicdesk.

import { h, field, busy, showFieldErrors, clearFieldErrors, confirmDialog, toastError } from '../dom.js';
import { errorMessage } from '../errors.js';
import { formatTimestamp, formatMinor } from '../format.js';
import * as ipc from '../ipc.js';
import { restartSoon } from '../restart.js';

const TLS = [
  ['require', 'Encrypted'],
  ['verify-full', 'Encrypted, and check the server\'s certificate'],
  ['disable', 'Not encrypted (only for a server on this computer)'],
];

export async function render(root, _params, app) {
  ipc.setWindowTitle('Data — Clinicdesk');
  const place = await ipc.dataLocation();
  const timeZone = app?.settings?.timeZone;
  const saved = place.server;
  const input = (attrs = {}) => h('input', { class: 'input', type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs });
  const host = input({ placeholder: 'clinic-server or 192.168.1.20', value: saved?.host || '' });
  const port = input({ inputmode: 'numeric', value: String(saved?.port ?? 5432) });
  const database = input({ value: saved?.database || 'clinicdesk' });
  const user = input({ value: saved?.user || '' });
  const password = input({ type: 'password', autocomplete: 'new-password', placeholder: saved ? 'Saved on this computer — leave empty to keep it' : '' });
  const tls = h('select', { class: 'input' }, TLS.map(([v, label]) => h('option', { value: v, selected: (saved?.tls || 'require') === v }, label)));
  const caFile = input({ placeholder: '/etc/ssl/clinic-ca.pem', value: saved?.caFile || '' });
  const caField = field({ id: 'caFile', label: 'CA certificate file', input: caFile, className: 'span-2',
    help: 'The certificate of the authority that signed the server\'s certificate, as a file on this computer.' });
  const showCa = () => { caField.hidden = tls.value !== 'verify-full'; };
  tls.addEventListener('change', showCa);
  showCa();

  const choice = (value, label, help) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'dataPlace', value, checked: (value === 'server') === place.onServer, 'data-testid': `place-${value}` }),
    h('div', {}, h('strong', {}, label), h('span', {}, help)));
  const choices = h('div', { class: 'choices data-choices', role: 'radiogroup', 'aria-label': 'Where the clinic\'s data is' },
    choice('local', 'This computer only', 'The clinic\'s data is a file on this computer. Nothing to install; one workstation.'),
    choice('server', 'Clinic server', 'A PostgreSQL database server on the clinic\'s network, shared by the front desk, a second desk and the practitioners\' rooms.'));

  const test = h('button', { type: 'submit', class: 'btn', 'data-testid': 'test-server' }, 'Test connection');
  const result = h('div', { class: 'stack-sm', 'data-testid': 'server-result', 'aria-live': 'polite', hidden: true });
  const serverForm = h('form', { class: 'card card-body stack', novalidate: true, 'aria-label': 'Clinic server' },
    h('h2', {}, 'Clinic server'),
    h('div', { class: 'form-grid' },
      field({ id: 'host', label: 'Server', input: host, help: 'The server computer\'s name or address on the clinic\'s network.' }),
      field({ id: 'port', label: 'Port', input: port, help: 'PostgreSQL\'s port, usually 5432.' }),
      field({ id: 'database', label: 'Database', input: database, help: 'Empty, to move this clinic in; or the one that holds it.' }),
      field({ id: 'user', label: 'User name', input: user }),
      field({ id: 'password', label: 'Password', input: password, help: 'Kept in this computer\'s keychain, not in the clinic\'s data.' }),
      field({ id: 'tls', label: 'Connection', input: tls }),
      caField),
    h('div', { class: 'form-actions' }, test),
    result);

  const form = () => ({ host: host.value, port: port.value, database: database.value, user: user.value,
    password: password.value || null, tls: tls.value, caFile: caFile.value || null });

  function say(text, { warning = false, testid } = {}) {
    return h('p', { class: `callout${warning ? ' callout-warning' : ''}`, role: warning ? 'alert' : null, 'data-testid': testid }, text);
  }

  function restarting(text) {
    result.replaceChildren(say(`${text} Clinicdesk restarts now…`, { testid: 'server-switched' }));
    for (const el of serverForm.querySelectorAll('input, select, button')) el.disabled = true;
    restartSoon();
  }

  async function moveHere() {
    const yes = await confirmDialog({
      title: `Move this clinic to ${host.value.trim()}?`,
      body: `Every appointment, payment, invoice and the audit log are copied into the database "${database.value.trim()}" in one step, then the row counts and money totals are compared on both sides. The copy on this computer is kept as it is. From then on every workstation pointed at the server works on the same clinic. Clinicdesk restarts when it is done.`,
      confirm: 'Move to the server',
    });
    if (!yes) return;
    const moved = await ipc.moveToServer(form());
    const paid = moved.money.payments;
    const currency = app?.settings?.currency;
    const exponent = app?.options?.currencies?.find((c) => c.code === currency)?.exponent ?? 2;
    const money = currency && paid > 0 ? ` Payments of ${formatMinor(paid, currency, exponent)} match on both sides.` : '';
    restarting(`Moved: ${moved.rows.toLocaleString()} rows in ${moved.tables} tables, checked.${money}`);
  }

  async function join(found) {
    const name = found.clinic ? `"${found.clinic}"` : 'the clinic';
    const yes = await confirmDialog({
      title: `Work on ${name} on the server?`,
      body: `From now on this workstation works on ${name} on ${host.value.trim()}, like the other workstations pointed at it. This computer's own data stays here, unused. Clinicdesk restarts; then sign in with your PIN for that clinic.`,
      confirm: 'Work on this server',
    });
    if (!yes) return;
    await ipc.useServer(form());
    restarting(`This workstation now works on ${name} on the server.`);
  }

  function found(f) {
    const holds = f.clinic !== null && f.clinic !== undefined;
    const what = holds ? `It holds the clinic "${f.clinic || 'not named yet'}".` : 'The database is empty: this clinic can move in.';
    const lines = [say(`Connected to PostgreSQL ${f.serverVersion}. ${what}`, { testid: 'server-found' })];
    let action = null;
    if (!holds && !place.onServer) {
      action = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'move-to-server' }, 'Move this clinic to the server');
      action.addEventListener('click', () => busy(action, () => moveHere().catch(failed)));
    } else if (holds && !(f.current && !password.value)) {
      action = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'use-server' }, 'Work on this server');
      action.addEventListener('click', () => busy(action, () => join(f).catch(failed)));
    } else if (!holds) {
      lines.push(say('This workstation already works on a clinic server. To move the clinic to another server, copy its database there with PostgreSQL\'s own tools (pg_dump, pg_restore).'));
    } else {
      lines.push(say('This workstation already works on this server.'));
    }
    result.replaceChildren(...lines, action ? h('div', { class: 'form-actions' }, action) : '');
    result.hidden = false;
  }

  function failed(error) {
    if (error.fields && showFieldErrors(serverForm, error.fields, {})) {
      result.hidden = true;
      return;
    }
    result.replaceChildren(say(errorMessage(error), { warning: true, testid: 'server-problem' }));
    result.hidden = false;
  }

  serverForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(serverForm);
    // The last answer goes at once: what shows next is this test's.
    result.replaceChildren();
    result.hidden = true;
    await busy(test, async () => {
      try {
        found(await ipc.testServer(form()));
      } catch (error) { failed(error); }
    });
  });

  // Back to this computer's own file (only when on the server).
  const local = h('section', { class: 'card card-body stack', 'aria-label': 'This computer only' });
  function showLocal() {
    if (!place.onServer) {
      local.replaceChildren(h('h2', {}, 'This computer only'),
        h('p', {}, 'The clinic\'s data is in ', h('code', {}, place.dataFile || ''), '. Backups are in Settings → Backups.'));
      return;
    }
    const back = h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'use-this-computer' }, 'Use this computer only…');
    back.addEventListener('click', () => busy(back, async () => {
      const yes = await confirmDialog({
        title: 'Work on this computer\'s own data again?',
        body: `This computer's own data is as it was on ${formatTimestamp(place.since, timeZone)}, when this workstation began working on the server. Nothing is copied back from the server: what was done since stays there, and is not on this computer. Clinicdesk restarts.`,
        confirm: 'Use this computer only',
        danger: true,
      });
      if (!yes) return;
      try {
        await ipc.useThisComputer();
        local.replaceChildren(say('This workstation goes back to its own data. Clinicdesk restarts now…', { testid: 'server-switched' }));
        restartSoon();
      } catch (error) { toastError(error); }
    }));
    local.replaceChildren(h('h2', {}, 'This computer only'),
      h('p', {}, 'This computer\'s own copy is kept in ', h('code', {}, place.dataFile || ''), ', as it was when this workstation began working on the server.'),
      h('div', {}, back));
  }
  showLocal();

  const status = place.onServer
    ? say(`This workstation works on the clinic server ${saved.user}@${saved.host}:${saved.port}, database "${saved.database}", since ${formatTimestamp(place.since, timeZone)}.`, { testid: 'data-place' })
    : say('The clinic\'s data is on this computer only.', { testid: 'data-place' });

  const showChoice = () => {
    const server = choices.querySelector('input:checked')?.value === 'server';
    serverForm.hidden = !server;
    local.hidden = server && !place.onServer;
  };
  choices.addEventListener('change', showChoice);
  showChoice();

  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', {},
      h('p', { class: 'crumbs' }, 'Settings'),
      h('h1', {}, 'Data'),
      h('p', { class: 'muted' }, 'Where this workstation keeps the clinic\'s data.'))),
    status,
    h('section', { class: 'card card-body' }, choices),
    serverForm, local));
}
