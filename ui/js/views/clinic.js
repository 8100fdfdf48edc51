import { h, field, busy, showFieldErrors, clearFieldErrors, toast, toastError } from '../dom.js';
import * as ipc from '../ipc.js';

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
      h('div', { class: 'field span-2', 'data-field': 'allowOutsideHours' },
        h('label', { class: 'switch' }, allowOutsideHours, 'Allow bookings outside opening hours'),
        h('p', { class: 'help', id: 'allowOutsideHours-help' }, 'When off, the front desk can only book within the opening hours set in Settings → Practitioners.'))),
    h('div', { class: 'form-actions' }, save));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    await busy(save, async () => {
      try {
        app.settings = await ipc.saveClinicSettings({
          name: name.value,
          timeZone: timeZone.value,
          currency: currency.value,
          slotMinutes: slotMinutes.value,
          holdMinutes: holdMinutes.value,
          allowOutsideHours: allowOutsideHours.checked,
        });
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
    h('section', { class: 'card card-body', 'aria-labelledby': 'data-title' },
      h('h2', { id: 'data-title' }, 'Data on this computer'),
      h('dl', { class: 'facts' }, h('dt', {}, 'Data folder'), h('dd', {}, app.dataDir)))));
  if (!s.name) name.focus();
}
