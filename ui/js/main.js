// Start-up and navigation. Views live in views/; each renders into #content.

// Kept for the end-to-end tests' failure reports (and the curious).
window.__errors = [];
window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason && (e.reason.message || e.reason.code || e.reason))));

import * as ipc from './ipc.js';
import { h, confirmDialog, toastError } from './dom.js';
import { errorMessage } from './errors.js';
// Views load when first visited: start-up parses only main.js, its helpers
// and the first screen, which keeps the window quick to become usable.
const routes = [
  { pattern: /^#\/front-desk$/, view: () => import('./views/front-desk.js'), nav: 'front-desk' },
  { pattern: /^#\/end-of-day(\?day=[0-9-]+)?$/, view: () => import('./views/end-of-day.js'), nav: 'end-of-day' },
  { pattern: /^#\/outstanding$/, view: () => import('./views/outstanding.js'), nav: 'outstanding' },
  { pattern: /^#\/invoices$/, view: () => import('./views/invoices.js'), nav: 'invoices' },
  { pattern: /^#\/invoices\/(\d+)$/, view: () => import('./views/invoice.js'), nav: 'invoices' },
  { pattern: /^#\/patients$/, view: () => import('./views/patients.js'), nav: 'patients' },
  { pattern: /^#\/settings\/clinic$/, view: () => import('./views/clinic.js'), nav: 'clinic' },
  { pattern: /^#\/settings\/appointment-types$/, view: () => import('./views/appointment-types.js'), nav: 'appointment-types' },
  { pattern: /^#\/settings\/appointment-types\/(new|\d+)$/, view: () => import('./views/appointment-type-editor.js'), nav: 'appointment-types' },
  { pattern: /^#\/settings\/practitioners$/, view: () => import('./views/practitioners.js'), nav: 'practitioners' },
  { pattern: /^#\/settings\/email$/, view: () => import('./views/email-settings.js'), nav: 'email' },
  { pattern: /^#\/settings\/backups$/, view: () => import('./views/backups.js'), nav: 'backups' },
  { pattern: /^#\/settings\/integrations$/, view: () => import('./views/integrations.js'), nav: 'integrations' },
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
  try {
    const view = await match.r.view();
    const result = await view.render(content, match.m.slice(1), app);
    if (typeof result === 'function') current.cleanup = result;
  } catch (error) {
    content.replaceChildren(h('div', { class: 'page' }, h('div', { class: 'card card-body', role: 'alert' }, errorMessage(error))));
    toastError(error);
  }
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

function showFatal(error, dataDir) {
  const fatal = document.getElementById('fatal');
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

async function start() {
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
  document.getElementById('app-version').textContent = `Version ${info.version}`;
  // Listen first: the background check may finish while the rest loads.
  await ipc.onStripeStatus((status) => app.setStripe(status));
  await ipc.onBackupStatus(showBackupBanner);
  ipc.backupStatus().then(showBackupBanner, () => {});
  const [options, , stripe] = await Promise.all([ipc.settingsOptions(), app.refreshSettings(), ipc.stripeStatus()]);
  app.options = options;
  app.setStripe(stripe);
  app.dataDir = info.dataDir;
  document.getElementById('frame').hidden = false;
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
  ipc.uiReady().catch(() => {});
}

start();
