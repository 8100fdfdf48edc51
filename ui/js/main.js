// Start-up and navigation. Views live in views/; each renders into #content.

// Kept for the end-to-end tests' failure reports (and the curious).
window.__errors = [];
window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason && (e.reason.message || e.reason.code || e.reason))));

import * as ipc from './ipc.js';
import { h, field, busy, showFieldErrors, clearFieldErrors, confirmDialog, toast, toastError } from './dom.js';
import { errorMessage } from './errors.js';
import * as lock from './lock.js';
import { showAbout } from './about.js';
import { restartSoon } from './restart.js';
// Views load when first visited: start-up parses only main.js, its helpers
// and the first screen, which keeps the window quick to become usable.
const routes = [
  { pattern: /^#\/front-desk$/, view: () => import('./views/front-desk.js'), nav: 'front-desk' },
  { pattern: /^#\/end-of-day(\?day=[0-9-]+)?$/, view: () => import('./views/end-of-day.js'), nav: 'end-of-day' },
  { pattern: /^#\/outstanding$/, view: () => import('./views/outstanding.js'), nav: 'outstanding' },
  { pattern: /^#\/invoices$/, view: () => import('./views/invoices.js'), nav: 'invoices' },
  { pattern: /^#\/invoices\/(\d+)$/, view: () => import('./views/invoice.js'), nav: 'invoices' },
  { pattern: /^#\/patients$/, view: () => import('./views/patients.js'), nav: 'patients' },
  { pattern: /^#\/settings\/clinic$/, view: () => import('./views/clinic.js'), nav: 'clinic', owner: true },
  { pattern: /^#\/settings\/appointment-types$/, view: () => import('./views/appointment-types.js'), nav: 'appointment-types', owner: true },
  { pattern: /^#\/settings\/appointment-types\/(new|\d+)$/, view: () => import('./views/appointment-type-editor.js'), nav: 'appointment-types', owner: true },
  { pattern: /^#\/settings\/practitioners$/, view: () => import('./views/practitioners.js'), nav: 'practitioners', owner: true },
  { pattern: /^#\/settings\/email$/, view: () => import('./views/email-settings.js'), nav: 'email', owner: true },
  { pattern: /^#\/settings\/backups$/, view: () => import('./views/backups.js'), nav: 'backups', owner: true },
  { pattern: /^#\/settings\/data$/, view: () => import('./views/data.js'), nav: 'data', owner: true },
  { pattern: /^#\/settings\/integrations$/, view: () => import('./views/integrations.js'), nav: 'integrations', owner: true },
  { pattern: /^#\/settings\/staff$/, view: () => import('./views/staff.js'), nav: 'staff', owner: true },
  { pattern: /^#\/settings\/audit$/, view: () => import('./views/audit.js'), nav: 'audit', owner: true },
];

/** Shared by the views: the clinic's settings, refreshed when they change. */
export const app = {
  settings: null,
  options: null,
  /** Stripe's state (see core/src/stripe.rs StripeStatus). */
  stripe: null,
  setStripe(status) {
    app.stripe = status;
    showStripeBanner(status);
    document.dispatchEvent(new CustomEvent('stripe-status', { detail: status }));
  },
  /** Set by a view with unsaved changes; asked before navigating away. */
  leaveGuard: null,
  async refreshSettings() {
    app.settings = await ipc.getClinicSettings();
    return app.settings;
  },
  navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
};

let current = { hash: null, cleanup: null };

async function route() {
  const hash = location.hash || '';
  if (hash === current.hash) return;
  if (app.leaveGuard && app.leaveGuard()) {
    const leave = await confirmDialog({
      title: 'Discard your changes?',
      body: 'What you typed on this page has not been saved.',
      confirm: 'Discard changes',
      cancel: 'Keep editing',
      danger: true,
    });
    if (!leave) {
      history.replaceState(null, '', current.hash);
      return;
    }
  }
  app.leaveGuard = null;
  const match = routes.map((r) => ({ r, m: hash.match(r.pattern) })).find((x) => x.m);
  if (!match) {
    // First run (no clinic name yet) starts in Settings → Clinic; afterwards at the front desk.
    location.replace(app.settings && !app.settings.name ? '#/settings/clinic' : '#/front-desk');
    return;
  }
  if (current.cleanup) current.cleanup();
  current = { hash, cleanup: null };
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === match.r.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const content = document.getElementById('content');
  content.replaceChildren();
  // Core refuses what a role may not do; the window doesn't offer it either.
  if (match.r.owner && lock.signedIn && lock.signedIn.role !== 'owner') {
    content.replaceChildren(refusedPage({ code: 'forbidden', message: 'Settings are for the clinic\'s owner: your role can\'t change them.' }));
    return;
  }
  try {
    const view = await match.r.view();
    const result = await view.render(content, match.m.slice(1), app);
    // Locked while the page was loading: what it drew goes, and so do its timers.
    if (document.body.dataset.locked) {
      if (typeof result === 'function') result();
      content.replaceChildren();
      return;
    }
    if (typeof result === 'function') current.cleanup = result;
  } catch (error) {
    if (error && error.code === 'locked') return;
    if (error && error.code === 'forbidden') {
      content.replaceChildren(refusedPage(error));
      return;
    }
    content.replaceChildren(h('div', { class: 'page' }, h('div', { class: 'card card-body', role: 'alert' }, errorMessage(error))));
    toastError(error);
  }
}

/** A page this role may not open: core refused it; say so, and how to go on. */
function refusedPage(error) {
  const who = lock.signedIn;
  const switchUser = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'switch-user' }, 'Switch user');
  switchUser.addEventListener('click', () => lock.lock());
  return h('div', { class: 'page' }, h('div', { class: 'card card-body', role: 'alert', 'data-testid': 'refused' },
    h('h1', {}, 'Your role can\'t open this page'),
    h('p', {}, errorMessage(error)),
    who ? h('p', { class: 'muted' }, `Signed in as ${who.name} (${who.role}).`) : null,
    h('div', { class: 'form-actions' }, switchUser)));
}

/** A backup that failed (or a missing backup disk) stays on screen until one works. */
export function showBackupBanner(status) {
  const banner = document.getElementById('backup-banner');
  const problem = status?.problem;
  banner.hidden = !problem;
  if (problem) {
    banner.replaceChildren(h('span', {}, problem.message), ' ', h('a', { href: '#/settings/backups' }, 'Open Backups'));
  }
}

function showStripeBanner(status) {
  const banner = document.getElementById('banner');
  const show = status && (status.state === 'key_invalid' || status.state === 'keychain_unavailable');
  banner.hidden = !show;
  if (show) {
    banner.replaceChildren(h('span', {}, status.problem || 'Stripe needs attention.'), ' ',
      h('a', { href: '#/settings/integrations' }, 'Open Integrations'));
  }
}

/** Codes of a clinic server that could not be opened at start: it may come back, so the app tries again. */
const SERVER_CODES = ['server_unreachable', 'server_tls', 'server_authentication', 'server_database_missing',
  'server_too_old', 'server_schema_newer', 'server_refused', 'server_password_missing', 'connection_lost',
  'keychain_unavailable', 'keychain_locked'];
const RETRY_SECONDS = 15;

function showFatal(error, dataDir) {
  const fatal = document.getElementById('fatal');
  if (SERVER_CODES.includes(error.code)) {
    showServerFatal(fatal, error);
    return;
  }
  const tooNew = error.code === 'database_too_new';
  fatal.replaceChildren(
    h('h1', {}, tooNew ? 'This clinic data needs a newer Clinicdesk' : 'Clinicdesk could not open the clinic data'),
    h('p', {}, error.message.endsWith('.') ? error.message : `${error.message}.`),
    h('p', {}, tooNew
      ? 'Nothing has been changed. Install the latest version of Clinicdesk on this computer, then open it again.'
      : error.code === 'network_filesystem'
        ? 'Nothing has been created or changed. Keep the clinic data on this computer\'s own disk; backups can go to the share.'
        : 'Nothing has been changed. Check that the folder below exists and that you may write to it, then open Clinicdesk again.'),
    h('p', { class: 'muted' }, 'Data folder: ', h('code', {}, dataDir)),
  );
  fatal.hidden = false;
  ipc.setWindowTitle('Clinicdesk — cannot open data');
}

/** The clinic server could not be opened: say why, and try again by restarting (now, or by itself). */
function showServerFatal(fatal, error) {
  const again = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'retry-server' }, 'Try again now');
  const countdown = h('span', { class: 'muted', 'data-testid': 'retry-countdown' });
  const retry = () => { again.disabled = true; ipc.restartApp().catch(() => { again.disabled = false; }); };
  again.addEventListener('click', retry);
  // Only a server that may come back is retried by itself.
  const comesBack = ['server_unreachable', 'connection_lost', 'server_refused', 'keychain_locked', 'keychain_unavailable'].includes(error.code);
  let left = RETRY_SECONDS;
  if (comesBack) {
    const tick = setInterval(() => {
      left -= 1;
      countdown.textContent = `Trying again in ${left} s.`;
      if (left <= 0) { clearInterval(tick); retry(); }
    }, 1000);
    countdown.textContent = `Trying again in ${left} s.`;
  }
  // The keychain was reset, or the server's password changed: ask for it here.
  let passwordForm = null;
  if (['server_password_missing', 'server_authentication'].includes(error.code)) {
    const password = h('input', { class: 'input', type: 'password', autocomplete: 'off' });
    const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-server-password' }, 'Save and try again');
    passwordForm = h('form', { class: 'stack-sm', novalidate: true, 'aria-label': 'Server password' },
      field({ id: 'password', label: 'The clinic server\'s password', input: password,
        help: 'Ask whoever set up the clinic server. It is kept in this computer\'s keychain.' }),
      h('div', {}, save));
    passwordForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(passwordForm);
      await busy(save, async () => {
        try {
          await ipc.saveServerPassword(password.value);
          startingAgain(fatal, 'The password is saved.');
        } catch (e) {
          if (!e.fields || !showFieldErrors(passwordForm, e.fields, {})) {
            showFieldErrors(passwordForm, [{ field: 'password', code: e.code, message: errorMessage(e) }], {});
          }
        }
      });
    });
    again.className = 'btn';
  }
  // (replaceChildren writes a null out as text.)
  fatal.replaceChildren(...[
    h('h1', {}, 'Clinicdesk can\'t open the clinic server'),
    h('p', { 'data-testid': 'fatal-message' }, error.code === 'connection_lost'
      ? 'The connection to the clinic server was lost while Clinicdesk was opening.'
      : error.message.endsWith('.') ? error.message : `${error.message}.`),
    h('p', {}, 'Nothing has been changed on this computer. This workstation opens the clinic as soon as it can reach the server.'),
    passwordForm,
    h('div', { class: 'row' }, again, countdown),
    localEscape(),
  ].filter(Boolean));
  fatal.hidden = false;
  ipc.setWindowTitle('Clinicdesk — cannot reach the clinic server');
}

/** Says what was done from the start page, then (once it can be read, as Settings → Data does) starts again. */
function startingAgain(fatal, done) {
  fatal.replaceChildren(
    h('h1', {}, 'Starting Clinicdesk again'),
    h('p', { 'data-testid': 'start-page-done' }, done),
    h('p', { class: 'muted' }, 'Clinicdesk restarts in a moment.'));
  restartSoon();
}

/**
 * The server is gone for longer than the clinic can wait: this workstation
 * works on its own data, as it was when it began working on the server.
 * Out of the way (a disclosure), and asked once more, since what is booked
 * here from then on is not on the server.
 */
function localEscape() {
  const go = h('button', { type: 'button', class: 'btn', 'data-testid': 'use-this-computer-from-start' }, 'Use this computer\'s data');
  go.addEventListener('click', async () => {
    const yes = await confirmDialog({
      title: 'Work on this computer\'s own data?',
      body: 'Clinicdesk opens the clinic as this computer last had it, when it began working on the clinic server. '
        + 'What was done on the server since is not in it, and what you do here from now on is not on the server. '
        + 'An owner can join the server again in Settings → Data once it is back.',
      confirm: 'Use this computer\'s data',
    });
    if (!yes) return;
    await busy(go, async () => {
      try {
        await ipc.useThisComputerFromStart();
        startingAgain(document.getElementById('fatal'), 'This workstation now works on this computer\'s own data.');
      } catch (e) {
        toastError(e);
      }
    });
  });
  return h('details', { class: 'disclosure fatal-escape', 'data-testid': 'local-escape' },
    h('summary', {}, 'The server will be away for a while?'),
    h('p', { class: 'muted' }, 'This workstation can work on its own copy of the clinic meanwhile. '
      + 'It holds the clinic as it was when this computer began working on the server.'),
    go);
}

/** On the clinic server: a banner while it can't be reached; what is on screen stays. */
function showServerBanner({ connected }) {
  const banner = document.getElementById('server-banner');
  banner.hidden = connected;
  if (!connected) {
    banner.replaceChildren(h('span', {}, 'The clinic server can\'t be reached. Clinicdesk keeps trying; what you type stays on screen, but nothing can be saved until the server is back.'));
  } else if (serverLost) {
    toast('Connected to the clinic server again');
  }
  serverLost = !connected;
}
let serverLost = false;

async function start() {
  // The first calls go together (each waits for the clinic to be open):
  // what the app is, the events it listens to, and who is signed in.
  const listening = Promise.all([
    ipc.onStripeStatus((status) => app.setStripe(status)),
    ipc.onBackupStatus(showBackupBanner),
    ipc.onServerConnection(showServerBanner),
  ]);
  const screenAsked = ipc.lockScreen().catch(() => null);
  let info;
  try {
    info = await ipc.appInfo();
  } catch (error) {
    showFatal(error, '');
    return;
  }
  if (info.startupError) {
    showFatal(info.startupError, info.dataDir);
    return;
  }
  const version = document.getElementById('app-version');
  version.textContent = `Version ${info.version} · About`;
  version.addEventListener('click', () => showAbout(info));
  app.info = info;
  await listening;
  document.getElementById('lock-button').addEventListener('click', () => lock.lock());
  lock.whenLocked(() => {
    if (current.cleanup) current.cleanup();
    current = { hash: null, cleanup: null };
    app.leaveGuard = null;
  });
  lock.install();
  lock.onSignedIn(enter);
  // Every start of the app is locked (core keeps who is signed in in memory
  // only); a reload of the window (Ctrl+R) keeps the person signed in.
  const screen = await screenAsked;
  if (screen && screen.signedIn) await lock.resume(screen.signedIn, screen.idleLockMinutes);
  else await lock.showLocked(screen);
  document.body.dataset.ready = 'true';
  ipc.uiReady().catch(() => {});
  // The front desk is prepared once the person starts signing in (a click
  // or key on the lock screen): start-up doesn't wait for it, and a lock
  // screen left waiting stays small.
  if (!screen?.signedIn) {
    const once = new AbortController();
    const warm = () => {
      once.abort();
      import('./warm.js').then((m) => m.warmUp(), () => {});
    };
    document.addEventListener('pointerdown', warm, { capture: true, signal: once.signal });
    document.addEventListener('keydown', warm, { capture: true, signal: once.signal });
  }
}

/** After each unlock: what this person may see, then the page they were on. */
async function enter(who) {
  document.getElementById('who-name').textContent = who.name;
  document.getElementById('who-name').title = `${who.name} (${who.role})`;
  for (const el of document.querySelectorAll('[data-owner-only]')) el.hidden = who.role !== 'owner';
  // On the clinic server backups are the server's: no Backups page here.
  for (const el of document.querySelectorAll('[data-local-only]')) el.hidden = Boolean(app.info?.onServer);
  for (const el of document.querySelectorAll('[data-money]')) el.parentElement.hidden = who.role === 'practitioner';
  if (!app.info?.onServer) ipc.backupStatus().then(showBackupBanner, () => {});
  try {
    const [options, , stripe] = await Promise.all([ipc.settingsOptions(), app.refreshSettings(), ipc.stripeStatus()]);
    app.options = options;
    app.setStripe(stripe);
  } catch (error) {
    toastError(error);
    return;
  }
  if (!hashListening) {
    window.addEventListener('hashchange', route);
    hashListening = true;
  }
  // The lock emptied the page: what was typed and not saved is gone.
  app.leaveGuard = null;
  current.hash = null;
  await route();
  document.body.dataset.signedIn = who.role;
}

let hashListening = false;

start();
