// Small DOM helpers shared by the views: building elements, field errors,
// busy buttons, toasts and confirmation dialogs.

import { errorMessage, fieldMessage } from './errors.js';

/** h('button', { class: 'btn', onclick }, 'Save') → element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'vars') for (const [k, v] of Object.entries(value)) el.style.setProperty(k, v);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A labelled field: label above, help and error below, linked by aria. */
export function field({ id, label, input, help, className = '' }) {
  const helpId = help ? `${id}-help` : null;
  const errorId = `${id}-error`;
  input.id = id;
  input.setAttribute('aria-describedby', [helpId, errorId].filter(Boolean).join(' '));
  return h('div', { class: `field ${className}`, 'data-field': id },
    h('label', { for: id }, label),
    input.wrapper || input,
    help ? h('p', { class: 'help', id: helpId }, help) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true, 'data-testid': `error-${id}` }));
}

/** Shows Rust's field errors at their fields; returns true if any matched. */
export function showFieldErrors(root, errors, ctx) {
  clearFieldErrors(root);
  let first = null;
  for (const error of errors || []) {
    const slot = root.querySelector(`#${CSS.escape(error.field)}-error`);
    if (!slot) continue;
    slot.textContent = fieldMessage(error, ctx);
    slot.hidden = false;
    for (const input of root.querySelectorAll(`[data-error-for="${CSS.escape(error.field)}"], #${CSS.escape(error.field)}`)) {
      input.setAttribute('aria-invalid', 'true');
    }
  }
  // Focus the first invalid field in the order the form shows them.
  for (const slot of root.querySelectorAll('.field-error:not([hidden])')) {
    const name = slot.id.replace(/-error$/, '');
    first = root.querySelector(`#${CSS.escape(name)}:not([type="hidden"])`) ||
      root.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (first) break;
  }
  if (first) first.focus();
  return Boolean(first) || root.querySelector('.field-error:not([hidden])') !== null;
}

export function clearFieldErrors(root) {
  for (const slot of root.querySelectorAll('.field-error')) { slot.hidden = true; slot.textContent = ''; }
  for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** Marks a button busy while `work` runs; returns work's result. */
export async function busy(button, work) {
  button.disabled = true;
  button.classList.add('is-busy');
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.classList.remove('is-busy');
    button.removeAttribute('aria-busy');
  }
}

/** Success toasts fade; error toasts stay until dismissed. */
export function toast(message, { error = false } = {}) {
  // Nothing of the clinic shows over the lock (a reply that came back late).
  if (document.body.dataset.locked) return;
  const host = document.getElementById('toasts');
  const el = h('div', { class: `toast${error ? ' toast-error' : ''}`, role: error ? 'alert' : 'status', 'data-testid': 'toast' },
    h('span', {}, message));
  if (error) el.append(h('button', { type: 'button', onclick: () => el.remove() }, 'Dismiss'));
  else setTimeout(() => el.remove(), 3500);
  host.append(el);
}

export function toastError(error) {
  toast(errorMessage(error), { error: true });
}

/** A modal question; resolves true when the person confirms. */
export function confirmDialog({ title, body, confirm, cancel = 'Cancel', danger = false }) {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: `btn ${danger ? 'btn-danger btn-solid' : 'btn-primary'}`, 'data-testid': 'confirm-yes' }, confirm);
    const no = h('button', { type: 'button', class: 'btn', 'data-testid': 'confirm-no' }, cancel);
    const dialog = h('dialog', { class: 'modal', 'aria-labelledby': 'confirm-title' },
      h('div', { class: 'modal-body' }, h('h2', { id: 'confirm-title' }, title), h('p', { class: 'muted' }, body)),
      h('div', { class: 'modal-actions' }, no, yes));
    const close = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    yes.addEventListener('click', () => close(true));
    no.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(false); });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

/**
 * A modal form. `content` is the form's fields (built with `field()`);
 * `submit()` does the work and resolves to its result, which closes the
 * dialog; a field error is shown at its field (words from errors.js with
 * `ctx`) and the dialog stays open with what was typed. `dirty()` says
 * whether closing should ask first. Resolves to submit's result, or null.
 */
export function formDialog({ title, body, content, confirm, submit, testid, ctx = {}, dirty = () => false, focus, blocked = false }) {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': `confirm-${testid}`, disabled: blocked }, confirm);
    const no = h('button', { type: 'button', class: 'btn', 'data-testid': `cancel-${testid}` }, 'Cancel');
    const message = h('div');
    const titleId = `${testid}-title`;
    const form = h('form', { novalidate: true, 'aria-labelledby': titleId },
      h('div', { class: 'modal-body' },
        h('h2', { id: titleId }, title),
        body ? h('p', { class: 'muted' }, body) : null,
        content,
        message),
      h('div', { class: 'modal-actions' }, no, yes));
    const dialog = h('dialog', { class: 'modal', 'aria-labelledby': titleId, 'data-testid': `${testid}-dialog` }, form);
    let finished = false;
    const done = (result) => {
      if (finished) return;
      finished = true;
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    dialog.addEventListener('close', () => done(null));
    const tryClose = async () => {
      if (dirty() && !(await confirmDialog({
        title: 'Discard what you typed?', body: 'What you typed has not been saved.', confirm: 'Discard', cancel: 'Keep editing', danger: true,
      }))) return;
      done(null);
    };
    no.addEventListener('click', tryClose);
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); tryClose(); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      message.replaceChildren();
      await busy(yes, async () => {
        try {
          done(await submit());
        } catch (error) {
          if (!error.fields || !showFieldErrors(form, error.fields, ctx)) {
            message.replaceChildren(h('p', { class: 'callout callout-warning', role: 'alert', 'data-testid': `${testid}-message` }, errorMessage(error)));
          }
        }
      });
    });
    document.body.append(dialog);
    dialog.showModal();
    (focus || form.querySelector('input,select,textarea'))?.focus();
  });
}

/** A modal asking for one text (a reason, a note); see `formDialog`. */
export function textDialog({ title, body, field: id, label, help, confirm, submit }) {
  const text = h('textarea', { class: 'input', rows: 3, 'data-testid': id });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); text.form?.requestSubmit(); }
  });
  return formDialog({
    title, body, confirm, testid: id,
    content: field({ id, label, input: text, help }),
    submit: () => submit(text.value),
    dirty: () => Boolean(text.value.trim()),
    focus: text,
  });
}
