import { h, field, busy, showFieldErrors, clearFieldErrors, confirmDialog, toast, toastError } from '../dom.js';
import { formatMoney, currencySymbol, moneyInputValue } from '../format.js';
import * as ipc from '../ipc.js';
import { inactiveNotice } from './appointment-types.js';

const COLOURS = [
  ['#0f766e', 'Teal'], ['#2563eb', 'Blue'], ['#7c3aed', 'Violet'], ['#db2777', 'Pink'],
  ['#dc2626', 'Red'], ['#ea580c', 'Orange'], ['#ca8a04', 'Amber'], ['#16a34a', 'Green'], ['#475569', 'Slate'],
];

const MODES = [
  ['disabled', 'Disabled', 'Patients don\'t pay online when booking this type.'],
  ['allowed', 'Allowed', 'Booked at once; the patient may pay online.'],
  ['required', 'Required', 'The slot is held until the patient has paid online.'],
];

export async function render(root, [idParam], app) {
  const isNew = idParam === 'new';
  const settings = app.settings;
  const existing = isNew ? null : await ipc.getAppointmentType(Number(idParam));
  const currency = existing ? existing.price.currency : settings.currency;
  const exponent = existing ? existing.price.exponent : (app.options.currencies.find((c) => c.code === currency)?.exponent ?? 2);
  const title = isNew ? 'New appointment type' : existing.name;
  ipc.setWindowTitle(`${isNew ? 'New appointment type' : `Edit ${existing.name}`} — Clinicdesk`);

  const rule = existing?.online.rule;
  const initial = {
    name: existing?.name ?? '',
    description: existing?.description ?? '',
    durationMinutes: existing ? String(existing.durationMinutes) : '30',
    price: existing ? moneyInputValue(existing.price) : '',
    colour: existing?.colour ?? COLOURS[0][0],
    onlineMode: existing?.online.mode ?? 'disabled',
    amountRule: rule?.kind ?? 'full',
    fixedAmount: rule?.kind === 'fixed' ? moneyInputValue(rule.amount) : '',
    percentage: rule?.kind === 'percent' ? String(rule.percent) : '50',
  };

  const symbol = currencySymbol(currency);
  const name = h('input', { class: 'input', type: 'text', value: initial.name, autocomplete: 'off' });
  const description = h('textarea', { class: 'input', rows: 2 }, initial.description);
  const duration = h('input', { class: 'input', type: 'text', inputmode: 'numeric', value: initial.durationMinutes });
  duration.wrapper = h('div', { class: 'affix narrow' }, duration, h('span', { class: 'affix-text' }, 'minutes'));
  const price = h('input', { class: 'input', type: 'text', inputmode: 'decimal', value: initial.price, placeholder: exponent ? '0.00' : '0' });
  price.wrapper = h('div', { class: 'affix narrow' }, h('span', { class: 'affix-text', 'aria-hidden': 'true' }, symbol), price);
  price.setAttribute('aria-label', `Price in ${currency}`);

  const feeInput = (value, label) => {
    const input = h('input', { class: 'input', type: 'text', inputmode: 'decimal', value, 'aria-label': label, placeholder: 'None' });
    input.wrapper = h('div', { class: 'affix narrow' }, h('span', { class: 'affix-text', 'aria-hidden': 'true' }, symbol), input);
    return input;
  };
  const cancellationFee = feeInput(existing?.cancellationFee ? moneyInputValue(existing.cancellationFee) : '', `Late-cancellation fee in ${currency}`);
  const noShowFee = feeInput(existing?.noShowFee ? moneyInputValue(existing.noShowFee) : '', `No-show fee in ${currency}`);

  const colourInputs = COLOURS.map(([value, label]) =>
    h('label', { class: 'swatch-choice', title: label },
      h('input', { type: 'radio', name: 'colour', value, 'aria-label': label, checked: value === initial.colour, 'data-error-for': 'colour' }),
      h('span', { vars: { '--swatch': value } })));
  if (!COLOURS.some(([v]) => v === initial.colour)) {
    colourInputs.push(h('label', { class: 'swatch-choice', title: 'Current colour' },
      h('input', { type: 'radio', name: 'colour', value: initial.colour, 'aria-label': 'Current colour', checked: true }),
      h('span', { vars: { '--swatch': initial.colour } })));
  }

  const modeInputs = MODES.map(([value, label, help]) =>
    h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'onlineMode', value, checked: value === initial.onlineMode, 'data-error-for': 'onlineMode', 'data-testid': `mode-${value}` }),
      h('div', {}, h('strong', {}, label), h('span', {}, help))));

  const fixedAmount = h('input', { class: 'input', type: 'text', inputmode: 'decimal', value: initial.fixedAmount, 'aria-label': `Fixed amount in ${currency}`, placeholder: exponent ? '0.00' : '0' });
  const percentage = h('input', { class: 'input', type: 'text', inputmode: 'numeric', value: initial.percentage, 'aria-label': 'Percentage of the price' });
  const ruleRadio = (value, label) =>
    h('input', { type: 'radio', name: 'amountRule', value, checked: value === initial.amountRule, 'data-error-for': 'amountRule', 'aria-label': label, 'data-testid': `rule-${value}` });
  const errorSlot = (id) => h('p', { class: 'field-error', id: `${id}-error`, hidden: true, 'data-testid': `error-${id}` });
  fixedAmount.id = 'fixedAmount';
  fixedAmount.setAttribute('aria-describedby', 'fixedAmount-error');
  percentage.id = 'percentage';
  percentage.setAttribute('aria-describedby', 'percentage-error');

  const preview = h('p', { class: 'preview', 'data-testid': 'online-preview', 'aria-live': 'polite' });
  const inactiveHost = h('div');
  const ruleSection = h('fieldset', { class: 'field', 'data-testid': 'amount-rule' },
    h('legend', {}, 'Amount taken online'),
    h('div', { class: 'rule-row' },
      h('label', { class: 'choice' }, ruleRadio('full', 'Full price'), h('strong', {}, 'Full price'))),
    h('div', { class: 'rule-row' },
      h('label', { class: 'choice' }, ruleRadio('fixed', 'Fixed amount'), h('strong', {}, 'Fixed amount')),
      h('div', { class: 'affix narrow' }, h('span', { class: 'affix-text', 'aria-hidden': 'true' }, symbol), fixedAmount)),
    errorSlot('fixedAmount'),
    h('div', { class: 'rule-row' },
      h('label', { class: 'choice' }, ruleRadio('percent', 'Percentage'), h('strong', {}, 'Percentage of the price')),
      h('div', { class: 'affix narrow' }, percentage, h('span', { class: 'affix-text', 'aria-hidden': 'true' }, '%'))),
    errorSlot('percentage'),
    errorSlot('amountRule'),
    preview,
    inactiveHost);

  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-type' }, 'Save appointment type');
  const cancel = h('button', { type: 'button', class: 'btn' }, 'Cancel');

  const form = h('form', { novalidate: true, 'aria-label': title, 'data-testid': 'type-form' },
    h('div', { class: 'card card-body' },
      h('div', { class: 'form-grid' },
        field({ id: 'name', label: 'Name', input: name, className: 'span-2', help: 'As receptionists and patients see it, e.g. "Initial consultation".' }),
        field({ id: 'description', label: 'Description', input: description, className: 'span-2', help: 'Optional. Up to 2,000 characters.' }),
        field({ id: 'durationMinutes', label: 'Duration', input: duration, help: 'From 5 to 720 minutes.' }),
        field({ id: 'price', label: 'Price', input: price, help: `In ${currency}. Use 0 for free appointments.` }),
        h('fieldset', { class: 'field span-2' }, h('legend', {}, 'Colour in the calendar'),
          h('div', { class: 'swatches', role: 'radiogroup', 'aria-label': 'Colour' }, colourInputs), errorSlot('colour')),
        h('section', { class: 'field span-2 section-title', 'aria-labelledby': 'online-title' },
          h('h2', { id: 'online-title' }, 'Online payments'),
          h('p', { class: 'help' }, 'Whether patients pay online when they book this type, and how much.'),
          h('div', { class: 'choices choices-3', role: 'radiogroup', 'aria-labelledby': 'online-title' }, modeInputs),
          errorSlot('onlineMode')),
        h('div', { class: 'span-2' }, ruleSection),
        h('section', { class: 'field span-2 section-title', 'aria-labelledby': 'fees-title' },
          h('h2', { id: 'fees-title' }, 'Fees'),
          h('p', { class: 'help' }, 'Optional. Charged when a patient cancels late (Settings → Clinic sets how late) or doesn\'t come; a deposit paid covers the fee first.')),
        field({ id: 'cancellationFee', label: 'Late-cancellation fee', input: cancellationFee, help: 'Leave empty for none.' }),
        field({ id: 'noShowFee', label: 'No-show fee', input: noShowFee, help: 'Leave empty for none.' }))),
    h('div', { class: 'form-actions' },
      existing ? h('span', { class: 'spacer small muted' }, existing.archived ? 'This type is archived.' : '') : null,
      cancel, save));

  const values = () => ({
    name: name.value,
    description: description.value,
    durationMinutes: duration.value,
    price: price.value,
    colour: form.querySelector('input[name="colour"]:checked')?.value ?? '',
    onlineMode: form.querySelector('input[name="onlineMode"]:checked')?.value ?? '',
    amountRule: form.querySelector('input[name="amountRule"]:checked')?.value ?? '',
    fixedAmount: fixedAmount.value,
    percentage: percentage.value,
    cancellationFee: cancellationFee.value,
    noShowFee: noShowFee.value,
  });
  const snapshot = JSON.stringify(values());
  let saved = false;
  const dirty = () => !saved && JSON.stringify(values()) !== snapshot;
  app.leaveGuard = dirty;

  // The preview asks Rust, so it shows exactly what saving would charge.
  let previewSeq = 0;
  async function refresh() {
    const v = values();
    ruleSection.hidden = v.onlineMode === 'disabled';
    fixedAmount.disabled = v.amountRule !== 'fixed';
    percentage.disabled = v.amountRule !== 'percent';
    if (ruleSection.hidden) return;
    inactiveHost.replaceChildren(app.stripe?.paymentsActive ? '' : inactiveNotice(app));
    const seq = ++previewSeq;
    try {
      const p = await ipc.previewPricing(v);
      if (seq !== previewSeq) return;
      preview.textContent = p.onlineAmount
        ? `Patients pay ${formatMoney(p.onlineAmount)} of ${formatMoney(p.price)} online.`
        : '';
      preview.hidden = !p.onlineAmount;
    } catch {
      if (seq !== previewSeq) return;
      preview.textContent = 'Enter a valid price and amount to see what patients pay online.';
      preview.hidden = false;
    }
  }
  form.addEventListener('input', refresh);
  form.addEventListener('change', refresh);

  async function leave() {
    if (dirty()) {
      const discard = await confirmDialog({
        title: 'Discard your changes?',
        body: 'What you typed for this appointment type has not been saved.',
        confirm: 'Discard changes',
        cancel: 'Keep editing',
        danger: true,
      });
      if (!discard) return;
    }
    saved = true;
    app.navigate('#/settings/appointment-types');
  }
  cancel.addEventListener('click', leave);
  const onKey = (event) => {
    if (event.key === 'Escape' && !document.querySelector('dialog[open]')) {
      event.preventDefault();
      leave();
    }
  };
  document.addEventListener('keydown', onKey);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    await busy(save, async () => {
      try {
        const v = values();
        const result = isNew ? await ipc.createAppointmentType(v) : await ipc.updateAppointmentType(existing.id, v);
        saved = true;
        toast(`Saved “${result.name}”`);
        app.navigate('#/settings/appointment-types');
      } catch (error) {
        if (!error.fields || !showFieldErrors(form, error.fields, { currency, exponent })) toastError(error);
      }
    });
  });

  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', {},
      h('p', { class: 'crumbs' }, 'Settings › ', h('a', { href: '#/settings/appointment-types' }, 'Appointment types')),
      h('h1', {}, title))),
    form));
  await refresh();
  name.focus();
  return () => document.removeEventListener('keydown', onKey);
}
