import { h, field, busy, showFieldErrors, clearFieldErrors, confirmDialog, toast, toastError } from '../dom.js';
import { errorMessage } from '../errors.js';
import { formatDate } from '../format.js';
import * as ipc from '../ipc.js';
import { patientMoney } from './patient-money.js';
import { signedIn } from '../lock.js';

const SEARCH_DELAY_MS = 150;

/** Guesses form fields from what was typed into a search box ("Mia Lee", "0412…", "mia@…"). */
export function guessFromQuery(query) {
  const q = (query || '').trim();
  if (!q) return {};
  if (q.includes('@')) return { email: q };
  if (/^[+\d][\d\s()\-.]*$/.test(q)) return { phone: q };
  const parts = q.split(/\s+/);
  return parts.length > 1 ? { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] } : { firstName: q };
}

/**
 * The patient form, for a new patient or an existing one. Used by the
 * Patients page (in a dialog) and by the booking dialog (inline).
 * Returns { element, focus, dirty }; calls onSaved(patient) or onCancel().
 */
export function patientForm({ patient = null, initial = {}, onSaved, onCancel, submitLabel }) {
  const start = {
    firstName: patient?.firstName ?? initial.firstName ?? '',
    lastName: patient?.lastName ?? initial.lastName ?? '',
    email: patient?.email ?? initial.email ?? '',
    phone: patient?.phone ?? initial.phone ?? '',
    dateOfBirth: patient?.dateOfBirth ?? initial.dateOfBirth ?? '',
    notes: patient?.notes ?? initial.notes ?? '',
  };
  const firstName = h('input', { class: 'input', type: 'text', autocomplete: 'off', value: start.firstName });
  const lastName = h('input', { class: 'input', type: 'text', autocomplete: 'off', value: start.lastName });
  const email = h('input', { class: 'input', type: 'email', autocomplete: 'off', value: start.email });
  const phone = h('input', { class: 'input', type: 'tel', autocomplete: 'off', value: start.phone });
  const dateOfBirth = h('input', { class: 'input', type: 'date', value: start.dateOfBirth });
  const notes = h('textarea', { class: 'input', rows: 2 }, start.notes);
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-patient' },
    submitLabel || (patient ? 'Save patient' : 'Add patient'));
  const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-patient' }, 'Cancel');

  const form = h('form', { class: 'patient-form', novalidate: true, 'aria-label': patient ? `Edit ${patient.fullName}` : 'New patient', 'data-testid': 'patient-form' },
    h('div', { class: 'form-grid' },
      field({ id: 'firstName', label: 'First name', input: firstName }),
      field({ id: 'lastName', label: 'Last name', input: lastName }),
      field({ id: 'email', label: 'Email', input: email, help: 'For payment links and reminders.' }),
      field({ id: 'phone', label: 'Phone', input: phone }),
      field({ id: 'dateOfBirth', label: 'Date of birth', input: dateOfBirth, help: 'Optional; tells patients with the same name apart.' }),
      field({ id: 'notes', label: 'Notes', input: notes, className: 'span-2', help: 'Optional. Seen only by clinic staff.' })),
    h('div', { class: 'dialog-actions' }, cancel, save));

  const values = () => ({
    firstName: firstName.value,
    lastName: lastName.value,
    email: email.value,
    phone: phone.value,
    dateOfBirth: dateOfBirth.value,
    notes: notes.value,
  });
  const snapshot = JSON.stringify(values());
  let saved = false;
  const dirty = () => !saved && JSON.stringify(values()) !== snapshot;

  cancel.addEventListener('click', () => onCancel && onCancel());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    event.stopPropagation();
    clearFieldErrors(form);
    form.querySelector('[data-testid="form-message"]')?.remove();
    await busy(save, async () => {
      try {
        const result = patient ? await ipc.updatePatient(patient.id, values()) : await ipc.createPatient(values());
        saved = true;
        if (onSaved) await onSaved(result);
      } catch (error) {
        if (!error.fields || !showFieldErrors(form, error.fields, {})) {
          // Inside a modal a toast can't be dismissed; say it in the form.
          form.querySelector('.dialog-actions').before(
            h('p', { class: 'callout callout-warning', role: 'alert', 'data-testid': 'form-message' }, errorMessage(error)));
        }
      }
    });
  });

  const focus = () => {
    const first = [firstName, lastName, email, phone].find((input) => !input.value) || firstName;
    first.focus();
  };
  return { element: form, focus, dirty };
}

/** Asks before throwing away what was typed into a dialog. */
export function confirmDiscard(what) {
  return confirmDialog({
    title: 'Discard your changes?',
    body: `What you typed ${what} has not been saved.`,
    confirm: 'Discard changes',
    cancel: 'Keep editing',
    danger: true,
  });
}

/** The patient form in a modal; resolves the saved patient, or null. */
export function openPatientDialog({ patient = null, initial = {} } = {}) {
  return new Promise((resolve) => {
    const titleText = patient ? `Edit ${patient.fullName}` : 'New patient';
    const dialog = h('dialog', { class: 'modal modal-wide', 'aria-labelledby': 'patient-dialog-title', 'data-testid': 'patient-dialog' });
    let finished = false;
    const done = (result) => {
      if (finished) return;
      finished = true;
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    dialog.addEventListener('close', () => done(null));
    const form = patientForm({
      patient,
      initial,
      onSaved: (saved) => done(saved),
      onCancel: () => tryClose(),
    });
    async function tryClose() {
      if (form.dirty() && !(await confirmDiscard('for this patient'))) return;
      done(null);
    }
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); tryClose(); });
    dialog.append(h('div', { class: 'modal-body' }, h('h2', { id: 'patient-dialog-title' }, titleText), form.element,
      // A practitioner's role has no money: no balances, no invoices.
      patient && signedIn?.role !== 'practitioner' ? patientMoney(patient.id, `${patient.firstName} ${patient.lastName}`) : null));
    document.body.append(dialog);
    dialog.showModal();
    form.focus();
  });
}

export async function render(root, _params) {
  ipc.setWindowTitle('Patients — Clinicdesk');
  const search = h('input', { class: 'input', type: 'search', id: 'patients-search-input', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Name, email or phone', 'data-testid': 'patients-search' });
  const addButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'patients-new' }, 'New patient');
  const tableHost = h('div', { class: 'table-scroll' });
  const status = h('p', { class: 'muted small', 'aria-live': 'polite', 'data-testid': 'patients-count' });
  const more = h('button', { type: 'button', class: 'btn', hidden: true, 'data-testid': 'patients-more' }, 'Load more');

  let items = [];
  let page = 0;
  let hasMore = false;
  let seq = 0;
  let timer = null;

  async function load({ append = false } = {}) {
    const query = search.value.trim();
    const want = append ? page + 1 : 0;
    const mine = ++seq;
    const result = await ipc.searchPatients(query, want);
    if (mine !== seq) return; // A newer search has started; this answer is stale.
    page = result.page ?? want;
    hasMore = Boolean(result.hasMore);
    items = append ? items.concat(result.items) : result.items;
    draw(query);
  }

  function draw(query) {
    more.hidden = !hasMore;
    status.textContent = items.length === 0 ? '' : `${items.length}${hasMore ? '+' : ''} patient${items.length === 1 ? '' : 's'}`;
    if (items.length === 0) {
      tableHost.replaceChildren(h('div', { class: 'empty', 'data-testid': 'patients-empty' },
        query
          ? h('p', {}, h('strong', {}, `No patient matches “${query}”.`))
          : h('p', {}, h('strong', {}, 'No patients yet — add your first one.')),
        h('p', { class: 'muted' }, query
          ? 'Search by first or last name, email, or phone number. Or add them as a new patient.'
          : 'Patients are also added while booking an appointment at the front desk.')));
      return;
    }
    tableHost.replaceChildren(h('table', { 'aria-label': 'Patients', class: 'table-clickable' },
      h('thead', {}, h('tr', {},
        h('th', {}, 'Name'), h('th', {}, 'Date of birth'), h('th', {}, 'Email'), h('th', {}, 'Phone'))),
      h('tbody', {}, items.map((p) => {
        const open = h('button', { type: 'button', class: 'link-button truncate', 'aria-label': `Edit ${p.fullName}`, title: p.fullName, 'data-testid': 'patient-name' }, p.fullName);
        const tr = h('tr', { 'data-testid': `patient-row-${p.id}`, 'data-patient-id': p.id },
          h('td', { class: 'name-cell' }, open),
          h('td', { class: 'nowrap' }, p.dateOfBirth ? formatDate(p.dateOfBirth, 'medium') : h('span', { class: 'muted' }, '—')),
          h('td', {}, p.email || h('span', { class: 'muted' }, '—')),
          h('td', { class: 'nowrap' }, p.phone || h('span', { class: 'muted' }, '—')));
        tr.addEventListener('click', () => edit(p));
        return tr;
      }))));
  }

  async function edit(p) {
    const saved = await openPatientDialog({ patient: p });
    if (!saved) return;
    toast(`Saved ${saved.fullName}`);
    const i = items.findIndex((x) => x.id === saved.id);
    if (i >= 0) items[i] = saved;
    draw(search.value.trim());
    tableHost.querySelector(`[data-testid="patient-row-${saved.id}"] button`)?.focus();
  }

  addButton.addEventListener('click', async () => {
    const saved = await openPatientDialog({ initial: guessFromQuery(search.value) });
    if (!saved) return;
    toast(`Added ${saved.fullName}`);
    search.value = saved.fullName;
    try { await load(); } catch (error) { toastError(error); }
  });

  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => load().catch(toastError), SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(timer);
      load().catch(toastError);
    }
  });
  more.addEventListener('click', () => busy(more, () => load({ append: true }).catch(toastError)));

  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' },
      h('div', {},
        h('h1', {}, 'Patients'),
        h('p', { class: 'muted' }, 'Everyone who has booked, with how to reach them.')),
      addButton),
    h('div', { class: 'card' },
      h('div', { class: 'toolbar' },
        h('div', { class: 'field search-field' },
          h('label', { for: 'patients-search-input' }, 'Search patients'),
          search),
        status),
      tableHost,
      h('div', { class: 'load-more' }, more))));

  await load();
  search.focus();
  return () => clearTimeout(timer);
}
