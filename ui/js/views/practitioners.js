import { h, field, busy, showFieldErrors, clearFieldErrors, toast, toastError, formDialog } from '../dom.js';
import * as ipc from '../ipc.js';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export async function render(root, _params, app) {
  ipc.setWindowTitle('Practitioners — Clinicdesk');

  // Practitioners: a list with an add form above it; rename happens in the row.
  let practitioners = [];
  let editingId = null;
  const listHost = h('div', { class: 'table-scroll' });
  const count = h('p', { class: 'muted small', 'data-testid': 'practitioners-count' });
  const name = h('input', { class: 'input', type: 'text', autocomplete: 'off', placeholder: 'e.g. Dr Mia Lee' });
  const add = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'add-practitioner' }, 'Add practitioner');
  const addForm = h('form', { class: 'add-row', novalidate: true, 'aria-label': 'Add practitioner' },
    field({ id: 'name', label: 'Name', input: name, help: 'As it heads their column on the front desk.' }), add);

  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(addForm);
    await busy(add, async () => {
      try {
        const created = await ipc.createPractitioner({ name: name.value });
        name.value = '';
        toast(`Added ${created.name}`);
        await load();
        name.focus();
      } catch (error) {
        if (!error.fields || !showFieldErrors(addForm, error.fields, { kind: 'practitioner' })) toastError(error);
      }
    });
  });

  async function load() {
    practitioners = await ipc.listPractitioners(true);
    draw();
  }

  function draw() {
    const active = practitioners.filter((p) => p.active).length;
    const inactive = practitioners.length - active;
    count.textContent = `${active} active` + (inactive ? ` · ${inactive} inactive` : '');
    if (practitioners.length === 0) {
      listHost.replaceChildren(h('div', { class: 'empty', 'data-testid': 'practitioners-empty' },
        h('p', {}, h('strong', {}, 'No practitioners yet — add the first one above.')),
        h('p', { class: 'muted' }, 'Each practitioner gets a column on the front desk, where appointments are booked.')));
      return;
    }
    listHost.replaceChildren(h('table', { 'aria-label': 'Practitioners' },
      h('thead', {}, h('tr', {},
        h('th', {}, 'Name'),
        h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, practitioners.map(row))));
  }

  function row(p) {
    if (p.id === editingId) return renameRow(p);
    const rename = h('button', { type: 'button', class: 'btn btn-sm', 'aria-label': `Rename ${p.name}` }, 'Rename');
    rename.addEventListener('click', () => {
      editingId = p.id;
      draw();
      listHost.querySelector(`#rename-${p.id}`)?.focus();
    });
    const toggle = p.active
      ? h('button', { type: 'button', class: 'btn btn-sm btn-quiet', 'aria-label': `Deactivate ${p.name}` }, 'Deactivate')
      : h('button', { type: 'button', class: 'btn btn-sm', 'aria-label': `Activate ${p.name}` }, 'Activate');
    toggle.addEventListener('click', () => busy(toggle, async () => {
      try {
        const next = await ipc.setPractitionerActive(p.id, !p.active);
        toast(next.active ? `${next.name} is active again` : `${next.name} is now inactive`);
        await load();
        listHost.querySelector(`[aria-label="${CSS.escape(next.active ? 'Deactivate' : 'Activate')} ${CSS.escape(next.name)}"]`)?.focus();
      } catch (error) { toastError(error); }
    }));
    const provider = h('button', { type: 'button', class: 'btn btn-sm', 'aria-label': `Provider number of ${p.name}`, 'data-testid': 'provider-number' }, 'Provider no.');
    provider.addEventListener('click', async () => {
      const input = h('input', { class: 'input', type: 'text', autocomplete: 'off', value: p.providerNumber, 'data-testid': 'provider-number-input' });
      const saved = await formDialog({
        title: `Provider number of ${p.name}`,
        body: 'Printed beside their name on invoice lines, for health fund and Medicare claims. Leave empty for none.',
        content: field({ id: 'providerNumber', label: 'Provider number', input }),
        confirm: 'Save', testid: 'provider-number',
        dirty: () => input.value !== p.providerNumber,
        submit: () => ipc.setProviderNumber(p.id, input.value),
      });
      if (saved) { toast(`Saved ${saved.name}'s provider number`); await load(); }
    });
    return h('tr', { class: p.active ? '' : 'is-archived', 'data-testid': 'practitioner-row', 'data-practitioner-id': p.id },
      h('td', {}, h('div', { class: 'row' },
        h('strong', { 'data-testid': 'practitioner-name' }, p.name),
        p.providerNumber ? h('span', { class: 'muted small' }, `Provider no. ${p.providerNumber}`) : null,
        p.active ? null : h('span', { class: 'badge badge-muted', 'data-testid': 'inactive-badge' }, 'Inactive'))),
      h('td', { class: 'actions' }, provider, ' ', rename, ' ', toggle));
  }

  function renameRow(p) {
    const id = `rename-${p.id}`;
    const input = h('input', { class: 'input', type: 'text', id, value: p.name, autocomplete: 'off',
      'aria-label': `New name for ${p.name}`, 'aria-describedby': `${id}-error` });
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, 'Save name');
    const cancel = h('button', { type: 'button', class: 'btn btn-sm' }, 'Cancel');
    const form = h('form', { class: 'rename-form', novalidate: true, 'aria-label': `Rename ${p.name}` },
      h('div', { class: 'row' }, input, save, cancel),
      h('p', { class: 'field-error', id: `${id}-error`, hidden: true, 'data-testid': `error-${id}` }));
    const stop = () => {
      editingId = null;
      draw();
      listHost.querySelector(`[aria-label="Rename ${CSS.escape(p.name)}"]`)?.focus();
    };
    cancel.addEventListener('click', stop);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); stop(); }
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      await busy(save, async () => {
        try {
          const next = await ipc.updatePractitioner(p.id, { name: input.value });
          editingId = null;
          toast(`Renamed to ${next.name}`);
          await load();
        } catch (error) {
          // Rust reports the error at `name`; in this row the field is `rename-<id>`.
          const fields = (error.fields || []).map((f) => (f.field === 'name' ? { ...f, field: id } : f));
          if (!fields.length || !showFieldErrors(form, fields, { kind: 'practitioner' })) toastError(error);
        }
      });
    });
    return h('tr', { 'data-testid': 'practitioner-row', 'data-practitioner-id': p.id },
      h('td', { colspan: 2 }, form));
  }

  // Opening hours: one row per weekday.
  const hoursForm = h('form', { novalidate: true, 'aria-label': 'Opening hours', 'data-testid': 'hours-form' });
  const saveHours = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-hours' }, 'Save opening hours');
  const dayRows = WEEKDAYS.map((dayName, i) => {
    const weekday = i + 1;
    const open = h('input', { type: 'checkbox', 'aria-label': `Open on ${dayName}`, 'data-testid': `open-${weekday}` });
    const opens = h('input', { class: 'input', type: 'time', step: 300, id: `opens-${weekday}`,
      'aria-label': `Opens on ${dayName}`, 'aria-describedby': `opens-${weekday}-error` });
    const closes = h('input', { class: 'input', type: 'time', step: 300, id: `closes-${weekday}`,
      'aria-label': `Closes on ${dayName}`, 'aria-describedby': `closes-${weekday}-error` });
    const sync = () => {
      opens.disabled = !open.checked;
      closes.disabled = !open.checked;
    };
    open.addEventListener('change', () => {
      if (open.checked && !opens.value && !closes.value) {
        // Start from the nearest open day above, else a usual working day.
        const above = dayRows.slice(0, i).reverse().find((d) => d.open.checked && d.opens.value);
        opens.value = above ? above.opens.value : '09:00';
        closes.value = above ? above.closes.value : '17:00';
      }
      sync();
    });
    const element = h('div', { class: 'hours-row', 'data-weekday': weekday, 'data-testid': `hours-${weekday}` },
      h('span', { class: 'hours-day' }, dayName),
      h('label', { class: 'switch' }, open, 'Open'),
      h('div', { class: 'hours-time' }, opens,
        h('p', { class: 'field-error', id: `opens-${weekday}-error`, hidden: true, 'data-testid': `error-opens-${weekday}` })),
      h('span', { class: 'hours-to', 'aria-hidden': 'true' }, 'to'),
      h('div', { class: 'hours-time' }, closes,
        h('p', { class: 'field-error', id: `closes-${weekday}-error`, hidden: true, 'data-testid': `error-closes-${weekday}` })));
    return { weekday, open, opens, closes, sync, element };
  });
  hoursForm.append(
    h('div', { class: 'hours-grid' },
      h('div', { class: 'hours-row hours-head', 'aria-hidden': 'true' },
        h('span', {}, 'Day'), h('span', {}, ''), h('span', {}, 'Opens'), h('span', {}, ''), h('span', {}, 'Closes')),
      dayRows.map((d) => d.element)),
    h('div', { class: 'form-actions' }, saveHours));

  const hoursValues = () => dayRows.map((d) => ({
    weekday: d.weekday,
    open: d.open.checked,
    opens: d.open.checked ? d.opens.value : '',
    closes: d.open.checked ? d.closes.value : '',
  }));
  let hoursSnapshot = '';
  function fillHours(hours) {
    for (const day of hours.days || []) {
      const d = dayRows.find((r) => r.weekday === day.weekday);
      if (!d) continue;
      d.open.checked = Boolean(day.open);
      d.opens.value = day.opens || '';
      d.closes.value = day.closes || '';
      d.sync();
    }
    hoursSnapshot = JSON.stringify(hoursValues());
  }

  hoursForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(hoursForm);
    await busy(saveHours, async () => {
      try {
        fillHours(await ipc.saveOpeningHours(hoursValues()));
        toast('Opening hours saved');
      } catch (error) {
        if (!error.fields || !showFieldErrors(hoursForm, error.fields, {})) toastError(error);
      }
    });
  });

  app.leaveGuard = () => name.value.trim() !== '' || JSON.stringify(hoursValues()) !== hoursSnapshot;

  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', {},
      h('p', { class: 'crumbs' }, 'Settings'),
      h('h1', {}, 'Practitioners'),
      h('p', { class: 'muted' }, 'Who sees patients, and when the clinic is open.'))),
    h('section', { class: 'card', 'aria-labelledby': 'practitioners-title' },
      h('div', { class: 'toolbar' },
        h('h2', { id: 'practitioners-title' }, 'Practitioners'),
        count),
      h('div', { class: 'card-section' }, addForm),
      listHost),
    h('section', { class: 'card card-body', 'aria-labelledby': 'hours-title' },
      h('h2', { id: 'hours-title' }, 'Opening hours'),
      h('p', { class: 'help hours-help' }, app.settings?.allowOutsideHours
        ? 'The front desk shades the times outside these hours; bookings outside them are still allowed (Settings → Clinic).'
        : 'Appointments can be booked within these hours. To allow bookings outside them, change Settings → Clinic.'),
      hoursForm)));

  const [, hours] = await Promise.all([load(), ipc.getOpeningHours()]);
  fillHours(hours);
}
