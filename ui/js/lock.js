// The lock: the first owner, choosing your name and PIN, the idle timer and
// "Lock". While locked the frame is hidden and emptied, so nothing of a
// patient is on screen or in the page behind the lock.

import { h, field, busy, showFieldErrors, clearFieldErrors, toastError } from './dom.js';
import { errorMessage } from './errors.js';
import * as ipc from './ipc.js';

const ROLE = { owner: 'Owner', receptionist: 'Receptionist', practitioner: 'Practitioner' };
// At most one keep-alive per half minute (a quarter of the idle time when
// that is shorter), however busy the mouse is.
const KEEP_ALIVE_MS = 30_000;

let idleMinutes = 5;
let idleTimer = null;
let lastKeepAlive = 0;
let onUnlock = () => {};
export let signedIn = null;

let onLocked = () => {};

/** Hides everything at once, tells core, then shows the lock (or the
 * first-owner form). Resolves when the lock screen is drawn. */
export async function lock(reason) {
  hideAll();
  await ipc.lockNow().catch(() => {});
  return draw(reason);
}

/** At start-up, when core is locked already (every start is): the lock
 * screen from the answer main.js asked for alongside its other first calls. */
export function showLocked(screen) {
  hideAll();
  return draw(undefined, screen);
}

function hideAll() {
  signedIn = null;
  clearTimeout(idleTimer);
  document.body.dataset.locked = 'true';
  delete document.body.dataset.signedIn;
  document.getElementById('frame').hidden = true;
  onLocked();
  document.getElementById('content').replaceChildren();
  for (const dialog of document.querySelectorAll('dialog')) dialog.remove();
  for (const t of document.querySelectorAll('#toasts > *')) t.remove();
}

/** `then` runs at each lock: the page's timers and listeners stop. */
export function whenLocked(then) {
  onLocked = then;
}

/** `then` runs after each unlock with who is signed in. */
export function onSignedIn(then) {
  onUnlock = then;
}

async function draw(reason, known = null) {
  const host = document.getElementById('lock');
  host.hidden = false;
  let screen = known;
  try {
    screen ??= await ipc.lockScreen();
  } catch (error) {
    host.replaceChildren(h('div', { class: 'lock-card', role: 'alert' }, errorMessage(error)));
    return;
  }
  idleMinutes = screen.idleLockMinutes;
  const card = h('div', { class: 'lock-card card card-body' },
    h('p', { class: 'lock-clinic muted' }, screen.clinicName || 'Clinicdesk'));
  host.replaceChildren(card);
  if (screen.needsOwner) card.append(...ownerForm());
  else card.append(...chooser(screen, reason));
  ipc.setWindowTitle('Locked — Clinicdesk');
}

function ownerForm() {
  const name = h('input', { class: 'input', type: 'text', autocomplete: 'name' });
  const pin = h('input', { class: 'input pin', type: 'password', inputmode: 'numeric', autocomplete: 'new-password', maxlength: 8 });
  const again = h('input', { class: 'input pin', type: 'password', inputmode: 'numeric', autocomplete: 'new-password', maxlength: 8 });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'create-owner' }, 'Create owner and start');
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Create the owner' },
    field({ id: 'name', label: 'Your name', input: name, help: 'The clinic\'s owner: you can do everything, and add your staff next.' }),
    field({ id: 'pin', label: 'PIN (4 to 8 digits)', input: pin, help: 'You unlock Clinicdesk with it. Don\'t use a birthday.' }),
    field({ id: 'pinAgain', label: 'PIN again', input: again }),
    h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    if (pin.value !== again.value) {
      showFieldErrors(form, [{ field: 'pinAgain', code: 'pin_mismatch', message: 'The two PINs differ: type the same PIN twice.' }]);
      return;
    }
    await busy(save, async () => {
      try {
        unlocked(await ipc.createOwner(name.value, pin.value));
      } catch (error) {
        if (!error.fields || !showFieldErrors(form, error.fields)) toastError(error);
      }
    });
  });
  setTimeout(() => name.focus(), 0);
  return [h('h1', {}, 'Welcome to Clinicdesk'),
    h('p', { class: 'muted' }, 'First, who owns this clinic? Your data stays as it is.'), form];
}

function chooser(screen, reason) {
  const pin = h('input', { class: 'input pin', type: 'password', inputmode: 'numeric', autocomplete: 'off', maxlength: 8 });
  const go = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'unlock' }, 'Unlock');
  const names = h('div', { class: 'lock-names', role: 'radiogroup', 'aria-label': 'Who are you?' });
  let chosen = null;
  const buttons = screen.members.map((m) => {
    const b = h('button', { type: 'button', class: 'lock-name', role: 'radio', 'aria-checked': 'false', 'data-testid': `who-${m.id}`, title: m.name },
      h('span', { class: 'truncate' }, m.name), h('span', { class: 'muted small' }, ROLE[m.role]));
    b.addEventListener('click', () => {
      chosen = m;
      for (const other of buttons) other.setAttribute('aria-checked', String(other === b));
      pin.value = '';
      pin.focus();
    });
    return b;
  });
  names.append(...buttons);
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Unlock' },
    names, field({ id: 'pin', label: 'PIN', input: pin }), h('div', { class: 'form-actions' }, go));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    if (!chosen) {
      showFieldErrors(form, [{ field: 'pin', code: 'choose_name', message: 'Choose your name first.' }]);
      return;
    }
    await busy(go, async () => {
      try {
        unlocked(await ipc.signIn(chosen.id, pin.value));
      } catch (error) {
        pin.value = '';
        if (error.fields) showFieldErrors(form, error.fields);
        else showFieldErrors(form, [{ field: 'pin', code: error.code, message: errorMessage(error) }]);
      }
    });
  });
  if (buttons.length === 1) setTimeout(() => buttons[0].click(), 0);
  const why = reason === 'idle' ? `Locked after ${idleMinutes} minutes without use.` : 'Locked.';
  return [h('h1', {}, 'Who is at the desk?'), h('p', { class: 'muted', 'data-testid': 'lock-reason' }, why), form];
}

/** The window was reloaded while someone was signed in. */
export async function resume(who, minutes) {
  idleMinutes = minutes;
  await unlocked(who);
}

function unlocked(who) {
  signedIn = who;
  document.getElementById('lock').hidden = true;
  document.getElementById('lock').replaceChildren();
  document.getElementById('frame').hidden = false;
  delete document.body.dataset.locked;
  armIdle();
  return onUnlock(who);
}

function armIdle() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => lock('idle'), idleMinutes * 60_000);
}

/** Any key or pointer movement while unlocked: the idle time starts again. */
function touched() {
  if (!signedIn) return;
  armIdle();
  const now = Date.now();
  if (now - lastKeepAlive > Math.min(KEEP_ALIVE_MS, (idleMinutes * 60_000) / 4)) {
    lastKeepAlive = now;
    ipc.keepAlive().catch(() => {});
  }
}

export function install() {
  for (const kind of ['pointerdown', 'pointermove', 'keydown', 'wheel']) {
    window.addEventListener(kind, touched, { passive: true, capture: true });
  }
  // Core refused a command because the app is locked (its own idle clock).
  window.addEventListener('clinicdesk:locked', () => { if (signedIn) lock('idle'); });
}

/** The owner changed the idle time. */
export function setIdleMinutes(minutes) {
  idleMinutes = minutes;
  armIdle();
}
