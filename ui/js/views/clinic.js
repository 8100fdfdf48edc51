import { h, field, busy, showFieldErrors, clearFieldErrors, toast, toastError, confirmDialog } from '../dom.js';
import * as ipc from '../ipc.js';
import { facts } from '../about.js';

const SLOT_CHOICES = [5, 10, 15, 20, 30, 60];

export async function render(root, _params, app) {
  ipc.setWindowTitle('Clinic — Clinicdesk');
  const s = await app.refreshSettings();

  const name = h('input', { class: 'input', type: 'text', autocomplete: 'organization', value: s.name, placeholder: 'e.g. Harbourside Physiotherapy' });
  const timeZone = h('select', { class: 'input' },
    app.options.timeZones.map((tz) => h('option', { value: tz, selected: tz === s.timeZone }, tz.replaceAll('_', ' '))));
  const currency = h('select', { class: 'input narrow', disabled: s.currencyLocked },
    app.options.currencies.map((c) => h('option', { value: c.code, selected: c.code === s.currency }, c.code)));
  const slotMinutes = h('select', { class: 'input narrow' },
    SLOT_CHOICES.map((m) => h('option', { value: String(m), selected: m === (s.slotMinutes ?? 15) }, `${m} minutes`)));
  const holdMinutes = h('input', { class: 'input', type: 'number', inputmode: 'numeric', min: 30, max: 1440, step: 1, value: String(s.holdMinutes ?? 60) });
  holdMinutes.wrapper = h('div', { class: 'affix narrow' }, holdMinutes, h('span', { class: 'affix-text' }, 'minutes'));
  const lateCancelHours = h('input', { class: 'input', type: 'number', inputmode: 'numeric', min: 0, max: 168, step: 1, value: String(s.lateCancelHours ?? 24) });
  lateCancelHours.wrapper = h('div', { class: 'affix narrow' }, lateCancelHours, h('span', { class: 'affix-text' }, 'hours'));
  const allowOutsideHours = h('input', { type: 'checkbox', id: 'allowOutsideHours', checked: Boolean(s.allowOutsideHours), 'aria-describedby': 'allowOutsideHours-help' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save clinic settings');

  const form = h('form', { class: 'card card-body', novalidate: true, 'aria-label': 'Clinic settings' },
    h('div', { class: 'form-grid' },
      field({ id: 'name', label: 'Clinic name', input: name, className: 'span-2', help: 'Shown to patients on payment pages and emails.' }),
      field({ id: 'timeZone', label: 'Time zone', input: timeZone, help: 'Appointments are shown in this time zone.' }),
      field({ id: 'currency', label: 'Currency', input: currency,
        help: s.currencyLocked
          ? `Prices are stored in ${s.currency}, so the currency can't change once appointment types exist.`
          : 'Prices and payments use this currency.' }),
      h('section', { class: 'field span-2 section-title', 'aria-labelledby': 'booking-title' },
        h('h2', { id: 'booking-title' }, 'Booking')),
      field({ id: 'slotMinutes', label: 'Slot length', input: slotMinutes,
        help: 'The rows of the front desk calendar; appointments start on these times.' }),
      field({ id: 'holdMinutes', label: 'Payment hold', input: holdMinutes,
        help: 'How long a slot is held for a patient to pay online: 30 minutes to 24 hours.' }),
      field({ id: 'lateCancelHours', label: 'Late cancellation', input: lateCancelHours,
        help: 'Cancelling with less notice than this charges the type\'s cancellation fee (0 to 168 hours).' }),
      h('div', { class: 'field span-2', 'data-field': 'allowOutsideHours' },
        h('label', { class: 'switch' }, allowOutsideHours, 'Allow bookings outside opening hours'),
        h('p', { class: 'help', id: 'allowOutsideHours-help' }, 'When off, the front desk can only book within the opening hours set in Settings → Practitioners.'))),
    h('div', { class: 'form-actions' }, save));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    await busy(save, async () => {
      const send = (confirmTimeZoneChange) => ipc.saveClinicSettings({
        name: name.value,
        timeZone: timeZone.value,
        currency: currency.value,
        slotMinutes: slotMinutes.value,
        holdMinutes: holdMinutes.value,
        allowOutsideHours: allowOutsideHours.checked,
        lateCancelHours: lateCancelHours.value,
        confirmTimeZoneChange,
      });
      try {
        try {
          app.settings = await send(false);
        } catch (error) {
          // A new time zone moves existing appointments on the clock: ask first.
          if (error.code !== 'time_zone_shift') throw error;
          const yes = await confirmDialog({ title: 'Change the time zone?', body: error.message, confirm: 'Change time zone', danger: true });
          if (!yes) return;
          app.settings = await send(true);
        }
        toast('Clinic settings saved');
      } catch (error) {
        if (!error.fields || !showFieldErrors(form, error.fields, {})) toastError(error);
      }
    });
  });

  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', {},
      h('p', { class: 'crumbs' }, 'Settings'),
      h('h1', {}, 'Clinic'),
      h('p', { class: 'muted' }, 'Your clinic\'s name, time zone, currency and how booking works.'))),
    form,
    detailsCard(),
    concessionsCard(),
    h('section', { class: 'card card-body', 'aria-labelledby': 'data-title' },
      h('h2', { id: 'data-title' }, 'This installation'),
      h('div', { 'data-testid': 'installation' }, facts(app.info)))));
  if (!s.name) name.focus();
}

/** Settings → Clinic → Concessions: standing discounts offered at the desk. */
function concessionsCard() {
  const list = h('ul', { class: 'plain-list', 'data-testid': 'concession-list' });
  const name = h('input', { class: 'input', autocomplete: 'off', placeholder: 'e.g. Pensioner' });
  const percent = h('input', { class: 'input', inputmode: 'numeric', placeholder: '20' });
  percent.wrapper = h('div', { class: 'affix narrow' }, percent, h('span', { class: 'affix-text' }, '%'));
  const add = h('button', { type: 'submit', class: 'btn', 'data-testid': 'add-concession' }, 'Add concession');
  const form = h('form', { novalidate: true, 'aria-label': 'Add a concession', class: 'form-grid' },
    field({ id: 'concessionName', label: 'Concession', input: name }),
    field({ id: 'concessionPercent', label: 'Discount', input: percent }),
    h('div', { class: 'span-2' }, add));
  const draw = (items) => list.replaceChildren(...items.filter((c) => !c.archived).map((c) => {
    const archive = h('button', { type: 'button', class: 'btn btn-sm btn-quiet' }, 'Archive');
    archive.addEventListener('click', () => busy(archive, async () => {
      try { draw(await ipc.archiveConcession(c.id)); } catch (error) { toastError(error); }
    }));
    return h('li', { 'data-testid': 'concession-row' }, `${c.name} — ${c.percent} % `, archive);
  }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    await busy(add, async () => {
      try {
        draw(await ipc.createConcession({ name: name.value, percent: percent.value }));
        name.value = '';
        percent.value = '';
        toast('Concession added');
      } catch (error) {
        const fields = (error.fields || []).map((f) => ({ ...f, field: f.field === 'name' ? 'concessionName' : 'concessionPercent' }));
        if (!fields.length || !showFieldErrors(form, fields, {})) toastError(error);
      }
    });
  });
  ipc.listConcessions(false).then(draw).catch(toastError);
  return h('section', { class: 'card card-body stack', 'aria-labelledby': 'concessions-title' },
    h('h2', { id: 'concessions-title' }, 'Concessions'),
    h('p', { class: 'muted' }, 'Discounts the front desk can give by name, as a percentage of the service (e.g. Pensioner 20 %).'),
    list, form);
}

/** Settings → Clinic → On receipts and invoices: what documents say about the clinic. */
function detailsCard() {
  const input = (attrs = {}) => h('input', { class: 'input', type: 'text', autocomplete: 'off', ...attrs });
  const legalName = input({ placeholder: 'e.g. Harbourside Physiotherapy Pty Ltd' });
  const address = h('textarea', { class: 'input', rows: 3 });
  const phone = input({ inputmode: 'tel' });
  const email = input({ type: 'email' });
  const taxNumber = input({ placeholder: 'e.g. ABN 12 345 678 901' });
  const footer = h('textarea', { class: 'input', rows: 3, placeholder: 'Bank details, payment terms, a thank-you' });
  const paper = h('select', { class: 'input narrow' }, h('option', { value: 'a4' }, 'A4'), h('option', { value: 'letter' }, 'US Letter'));
  const invoicePrefix = input({ placeholder: 'e.g. INV-', 'data-testid': 'invoice-prefix' });
  const invoiceDueDays = input({ inputmode: 'numeric', class: 'input narrow', 'data-testid': 'invoice-due-days' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-details' }, 'Save details');
  const form = h('form', { novalidate: true, 'aria-label': 'On receipts and invoices', class: 'form-grid' },
    field({ id: 'legalName', label: 'Legal name', input: legalName, className: 'span-2', help: 'Printed at the top; the clinic\'s name is used when empty.' }),
    field({ id: 'address', label: 'Address', input: address, className: 'span-2' }),
    field({ id: 'phone', label: 'Phone', input: phone }),
    field({ id: 'email', label: 'Email', input: email }),
    field({ id: 'taxNumber', label: 'Tax or business number', input: taxNumber, help: 'Printed as you type it, e.g. "ABN 12 345 678 901".' }),
    field({ id: 'paper', label: 'Paper', input: paper }),
    field({ id: 'invoicePrefix', label: 'Invoice number prefix', input: invoicePrefix, help: 'Numbers run on without gaps: INV-000001, INV-000002…' }),
    field({ id: 'invoiceDueDays', label: 'Invoices due after (days)', input: invoiceDueDays, help: '0 for due on the day issued.' }),
    field({ id: 'footer', label: 'Footer', input: footer, className: 'span-2' }),
    h('div', { class: 'span-2' }, save));
  const fill = (d) => {
    legalName.value = d.legalName; address.value = d.address; phone.value = d.phone; email.value = d.email;
    taxNumber.value = d.taxNumber; footer.value = d.footer; paper.value = d.paper;
    invoicePrefix.value = d.invoicePrefix; invoiceDueDays.value = String(d.invoiceDueDays);
  };
  ipc.getClinicDetails().then(fill, toastError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    await busy(save, async () => {
      try {
        fill(await ipc.saveClinicDetails({ legalName: legalName.value, address: address.value, phone: phone.value,
          email: email.value, taxNumber: taxNumber.value, footer: footer.value, paper: paper.value,
          invoicePrefix: invoicePrefix.value, invoiceDueDays: invoiceDueDays.value }));
        toast('Details for receipts and invoices saved');
      } catch (error) {
        if (!error.fields || !showFieldErrors(form, error.fields, {})) toastError(error);
      }
    });
  });
  return h('section', { class: 'card card-body', 'aria-labelledby': 'details-title', 'data-testid': 'clinic-details' },
    h('h2', { id: 'details-title' }, 'On receipts and invoices'),
    h('p', { class: 'muted small' }, 'What receipts, invoices and end-of-day reports say about the clinic.'),
    form);
}
