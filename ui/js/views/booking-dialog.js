// The booking dialog: patient, practitioner, type, date and time. Opened
// from an empty slot on the front desk (prefilled) or from "New appointment".

import { h, field, busy, showFieldErrors, clearFieldErrors } from '../dom.js';
import { errorMessage } from '../errors.js';
import { formatMoney, formatDuration, formatHold, formatDate } from '../format.js';
import * as ipc from '../ipc.js';
import { patientForm, guessFromQuery, confirmDiscard } from './patients.js';

const SEARCH_DELAY_MS = 150;

function typeOption(t, selected) {
  const online = t.online?.mode === 'required' ? ' — online payment required'
    : t.online?.mode === 'allowed' ? ' — online payment allowed' : '';
  return h('option', { value: String(t.id), selected }, `${t.name} (${formatDuration(t.durationMinutes)})${online}`);
}

function patientDetails(p) {
  return [p.dateOfBirth ? `born ${formatDate(p.dateOfBirth, 'medium')}` : '', p.phone, p.email].filter(Boolean).join(' · ');
}

/**
 * Opens the dialog; `prefill` is { practitionerId, date, time, slotMinutes }.
 * Resolves the booked Appointment, or null if the person closed it.
 */
export async function openBookingDialog(app, prefill = {}) {
  const [allPractitioners, allTypes, concessions] = await Promise.all([
    ipc.listPractitioners(false), ipc.listAppointmentTypes(false), ipc.listConcessions(false)]);
  const practitioners = allPractitioners.filter((p) => p.active !== false);
  const types = allTypes.filter((t) => !t.archived);
  const slotMinutes = Number(prefill.slotMinutes || app.settings?.slotMinutes || 15);

  return new Promise((resolve) => {
    let selected = null; // the chosen Patient
    let results = [];
    let searchSeq = 0;
    let searchTimer = null;
    let newPatient = null; // the inline patient form, while open

    // Patient: type to search, pick a result, or add a new patient.
    const patientInput = h('input', { class: 'input', type: 'text', autocomplete: 'off', spellcheck: 'false',
      placeholder: 'Type a name, email or phone', 'aria-controls': 'patient-results', 'data-testid': 'patient-search' });
    const newPatientButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'new-patient' }, 'New patient');
    const resultsList = h('div', { class: 'combo-results', id: 'patient-results', role: 'group', 'aria-label': 'Matching patients', hidden: true, 'data-testid': 'patient-results' });
    const searchStatus = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
    const chosen = h('p', { class: 'help chosen-patient', 'data-testid': 'selected-patient', hidden: true });
    patientInput.wrapper = h('div', { class: 'combo' },
      h('div', { class: 'combo-row' }, patientInput, newPatientButton),
      resultsList, searchStatus, chosen);

    const practitioner = h('select', { class: 'input' },
      h('option', { value: '' }, 'Choose a practitioner'),
      practitioners.map((p) => h('option', { value: String(p.id), selected: String(p.id) === String(prefill.practitionerId ?? '') }, p.name)));
    const type = h('select', { class: 'input' },
      h('option', { value: '' }, 'Choose an appointment type'),
      types.map((t) => typeOption(t, types.length === 1)));
    const explain = h('p', { class: 'booking-explain span-2', id: 'booking-explain', 'aria-live': 'polite', 'data-testid': 'booking-explain', hidden: true });
    const date = h('input', { class: 'input', type: 'date', value: prefill.date || '' });
    const time = h('input', { class: 'input', type: 'time', step: slotMinutes * 60, value: prefill.time || '' });

    const reason = h('textarea', { class: 'input', rows: 2, 'data-testid': 'override-reason' });
    const reasonField = field({ id: 'overrideReason', label: 'Reason for booking without payment', input: reason,
      help: 'Kept with the appointment, e.g. "Paying at the desk" or "Card declined online".' });
    const overrideDetails = h('details', { class: 'disclosure', 'data-testid': 'override-details' },
      h('summary', {}, 'Book without online payment…'));
    const overrideHost = h('div', { class: 'span-2 stack-sm' });

    // A discount given while booking: the online amount is worked out from
    // the discounted price.
    const discountKind = h('select', { class: 'input', 'data-testid': 'discount-kind' },
      h('option', { value: 'amount' }, 'An amount'), h('option', { value: 'percent' }, 'A percentage'),
      concessions.length ? h('option', { value: 'concession' }, 'A concession') : null);
    const discountAmount = h('input', { class: 'input', inputmode: 'decimal', 'data-testid': 'discount-amount' });
    const discountPercent = h('input', { class: 'input', inputmode: 'numeric', 'data-testid': 'discount-percent' });
    const discountConcession = h('select', { class: 'input', 'data-testid': 'discount-concession' },
      concessions.map((c) => h('option', { value: String(c.id) }, `${c.name} (${c.percent} %)`)));
    const discountReason = h('input', { class: 'input', 'data-testid': 'discount-reason' });
    const discountFields = {
      amount: field({ id: 'discountAmount', label: 'Discount', input: discountAmount }),
      percent: field({ id: 'discountPercent', label: 'Percentage off', input: discountPercent }),
      concession: field({ id: 'discountConcessionId', label: 'Concession', input: discountConcession }),
    };
    const syncDiscount = () => { for (const [k, el] of Object.entries(discountFields)) el.hidden = k !== discountKind.value; };
    discountKind.addEventListener('change', syncDiscount);
    syncDiscount();
    const discountDetails = h('details', { class: 'disclosure span-2', 'data-testid': 'discount-details' },
      h('summary', {}, 'Give a discount…'),
      h('div', { class: 'form-grid' },
        field({ id: 'discountKind', label: 'Discount by', input: discountKind }),
        discountFields.amount, discountFields.percent, discountFields.concession,
        field({ id: 'discountReason', label: 'Reason', input: discountReason, className: 'span-2' })));

    const message = h('div', { 'data-testid': 'booking-message' });
    const book = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'book-button' }, 'Book appointment');
    const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-booking' }, 'Cancel');

    const missing = [];
    if (practitioners.length === 0) {
      missing.push(h('p', { class: 'callout callout-warning' }, 'No practitioners yet — add them in Settings → Practitioners first.'));
    }
    if (types.length === 0) {
      missing.push(h('p', { class: 'callout callout-warning' }, 'No appointment types yet — add one in Settings → Appointment types first.'));
    }

    const form = h('form', { novalidate: true, 'aria-labelledby': 'booking-title', 'data-testid': 'booking-form' },
      missing,
      h('div', { class: 'form-grid booking-grid' },
        field({ id: 'patientId', label: 'Patient', input: patientInput, className: 'span-2' }),
        field({ id: 'practitionerId', label: 'Practitioner', input: practitioner }),
        field({ id: 'appointmentTypeId', label: 'Appointment type', input: type }),
        explain,
        field({ id: 'date', label: 'Date', input: date }),
        field({ id: 'time', label: 'Time', input: time, help: `On the ${slotMinutes}-minute grid, in the clinic's time zone.` }),
        discountDetails,
        overrideHost),
      message,
      h('div', { class: 'dialog-actions' }, cancel, book));
    type.setAttribute('aria-describedby', `${type.getAttribute('aria-describedby')} booking-explain`);

    const patientHost = h('div', { 'data-testid': 'booking-new-patient', hidden: true });
    const heading = h('h2', { id: 'booking-title' }, 'New appointment');
    const dialog = h('dialog', { class: 'modal modal-wide', 'aria-labelledby': 'booking-title', 'data-testid': 'booking-dialog' },
      h('div', { class: 'modal-body' }, heading, form, patientHost));

    // What the chosen type means for payment, and the "without payment" reason.
    const chosenType = () => types.find((t) => String(t.id) === type.value) || null;
    const paymentsActive = () => Boolean(app.stripe?.paymentsActive);
    const reasonWanted = () => {
      const t = chosenType();
      return Boolean(t && t.online?.mode === 'required' && (!paymentsActive() || overrideDetails.open));
    };
    function updatePayment() {
      const t = chosenType();
      const mode = t?.online?.mode ?? 'disabled';
      let text = '';
      if (mode === 'required' && paymentsActive()) {
        text = overrideDetails.open
          ? 'Booked at once, without online payment.'
          : `The slot will be held for ${formatHold(app.settings?.holdMinutes ?? 60)} until the patient pays ${formatMoney(t.onlineAmount)} online.`;
      } else if (mode === 'allowed') {
        text = paymentsActive()
          ? 'Booked at once; you can send a payment link.'
          : 'Booked at once. Payment links can be sent once Stripe works again.';
      }
      explain.textContent = text;
      explain.hidden = !text;
      reason.required = false;
      reason.removeAttribute('aria-required');
      overrideHost.hidden = mode !== 'required';
      if (mode !== 'required') {
        overrideHost.replaceChildren();
      } else if (!paymentsActive()) {
        reason.required = true;
        reason.setAttribute('aria-required', 'true');
        overrideHost.replaceChildren(
          h('p', { class: 'callout callout-warning', 'data-testid': 'stripe-not-ready' },
            'Online payment can\'t be taken right now: Stripe is not connected or not working (see Settings → Integrations). ' +
            `You can still book without the ${formatMoney(t.onlineAmount)} online payment — say why below.`),
          reasonField);
      } else {
        overrideDetails.append(reasonField);
        overrideHost.replaceChildren(overrideDetails);
      }
    }
    type.addEventListener('change', updatePayment);
    overrideDetails.addEventListener('toggle', () => {
      updatePayment();
      if (overrideDetails.open) reason.focus();
    });
    const onStripe = () => updatePayment();
    document.addEventListener('stripe-status', onStripe);

    // Patient search.
    function select(p) {
      selected = p;
      patientInput.value = p.fullName;
      resultsList.hidden = true;
      const details = patientDetails(p);
      chosen.textContent = details ? `${p.fullName} · ${details}` : p.fullName;
      chosen.hidden = false;
      clearFieldErrors(patientInput.closest('.field'));
    }
    function drawResults(query) {
      resultsList.replaceChildren();
      if (!query) { resultsList.hidden = true; searchStatus.textContent = ''; return; }
      if (results.length === 0) {
        resultsList.append(h('p', { class: 'combo-empty muted' }, `No patient matches “${query}”. Use New patient to add them.`));
      }
      for (const p of results) {
        const option = h('button', { type: 'button', class: 'combo-option', 'data-testid': `patient-result-${p.id}` },
          h('strong', {}, p.fullName), h('span', { class: 'muted small' }, patientDetails(p)));
        option.addEventListener('click', () => { select(p); practitioner.value ? type.focus() : practitioner.focus(); });
        resultsList.append(option);
      }
      resultsList.hidden = false;
      searchStatus.textContent = `${results.length} patient${results.length === 1 ? '' : 's'} found`;
    }
    async function search() {
      const query = patientInput.value.trim();
      const mine = ++searchSeq;
      if (!query) { results = []; drawResults(''); return; }
      try {
        const page = await ipc.searchPatients(query, 0);
        if (mine !== searchSeq) return; // a newer search is on its way
        results = page.items;
        drawResults(query);
      } catch (error) {
        if (mine !== searchSeq) return;
        showMessage(errorMessage(error));
      }
    }
    patientInput.addEventListener('input', () => {
      if (selected && patientInput.value !== selected.fullName) {
        selected = null;
        chosen.hidden = true;
      }
      clearTimeout(searchTimer);
      searchTimer = setTimeout(search, SEARCH_DELAY_MS);
    });
    patientInput.addEventListener('keydown', (event) => {
      const options = [...resultsList.querySelectorAll('.combo-option')];
      if (event.key === 'ArrowDown' && !resultsList.hidden && options.length) {
        event.preventDefault();
        options[0].focus();
      } else if (event.key === 'Enter' && !selected && patientInput.value.trim()) {
        // Enter picks the first match rather than submitting without a patient.
        event.preventDefault();
        clearTimeout(searchTimer);
        search().then(() => resultsList.querySelector('.combo-option')?.click());
      }
    });
    resultsList.addEventListener('keydown', (event) => {
      const options = [...resultsList.querySelectorAll('.combo-option')];
      const i = options.indexOf(document.activeElement);
      if (i < 0) return;
      if (event.key === 'ArrowDown') { event.preventDefault(); options[Math.min(i + 1, options.length - 1)].focus(); }
      if (event.key === 'ArrowUp') { event.preventDefault(); (i === 0 ? patientInput : options[i - 1]).focus(); }
    });

    // New patient, inline: the booking form steps aside until it is saved.
    function openNewPatient() {
      newPatient = patientForm({
        initial: guessFromQuery(selected ? '' : patientInput.value),
        submitLabel: 'Add patient',
        onSaved: (p) => { closeNewPatient(); select(p); practitioner.value ? type.focus() : practitioner.focus(); },
        onCancel: () => leaveNewPatient(),
      });
      patientHost.replaceChildren(h('p', { class: 'crumbs' }, 'New appointment › New patient'), newPatient.element);
      patientHost.hidden = false;
      form.hidden = true;
      heading.textContent = 'New patient';
      newPatient.focus();
    }
    function closeNewPatient() {
      newPatient = null;
      patientHost.replaceChildren();
      patientHost.hidden = true;
      form.hidden = false;
      heading.textContent = 'New appointment';
    }
    async function leaveNewPatient() {
      if (newPatient?.dirty() && !(await confirmDiscard('for this patient'))) return;
      closeNewPatient();
      newPatientButton.focus();
    }
    newPatientButton.addEventListener('click', openNewPatient);

    // Messages that are not about one field stay in the dialog (a toast
    // behind a modal could not be dismissed).
    function showMessage(text) {
      message.replaceChildren(h('p', { class: 'callout callout-warning', role: 'alert' }, text));
    }

    const values = () => ({
      patientId: selected ? String(selected.id) : '',
      practitionerId: practitioner.value,
      appointmentTypeId: type.value,
      date: date.value,
      time: time.value,
      overrideReason: reasonWanted() ? reason.value : '',
      discount: discountDetails.open
        ? { kind: discountKind.value, amount: discountAmount.value, percent: discountPercent.value,
          concessionId: discountConcession.value, reason: discountReason.value }
        : { kind: 'none' },
    });
    const snapshot = JSON.stringify({ ...values(), typed: '' });
    const dirty = () => JSON.stringify({ ...values(), typed: patientInput.value, overrideReason: reason.value }) !== snapshot;

    let finished = false;
    function done(result) {
      if (finished) return;
      finished = true;
      clearTimeout(searchTimer);
      document.removeEventListener('stripe-status', onStripe);
      dialog.close();
      dialog.remove();
      resolve(result);
    }
    // Should the webview close the dialog by itself (a second Esc), nothing is booked.
    dialog.addEventListener('close', () => done(null));
    async function tryClose() {
      if (newPatient) { await leaveNewPatient(); return; }
      if (dirty() && !(await confirmDiscard('for this appointment'))) return;
      done(null);
    }
    cancel.addEventListener('click', tryClose);
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); tryClose(); });
    reason.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(book); }
    });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      message.replaceChildren();
      await busy(book, async () => {
        try {
          done(await ipc.bookAppointment(values()));
        } catch (error) {
          const fields = error.fields || [];
          if (fields.some((f) => f.field === 'overrideReason') && overrideDetails.isConnected) overrideDetails.open = true;
          if (fields.some((f) => f.field.startsWith('discount'))) discountDetails.open = true;
          const ctx = { currency: app.settings?.currency, exponent: app.options?.currencies?.find((c) => c.code === app.settings?.currency)?.exponent ?? 2 };
          if (!fields.length || !showFieldErrors(form, fields, ctx)) showMessage(errorMessage(error));
        }
      });
    });

    updatePayment();
    document.body.append(dialog);
    dialog.showModal();
    patientInput.focus();
  });
}
