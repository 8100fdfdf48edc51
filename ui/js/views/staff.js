// Settings → Staff & lock (owner only): who works here, their role and PIN,
// how soon the app locks itself, and a receptionist's online refund limit.

import { h, field, busy, showFieldErrors, clearFieldErrors, toast, toastError, formDialog } from '../dom.js';
import { setIdleMinutes } from '../lock.js';
import * as ipc from '../ipc.js';

const ROLES = [['receptionist', 'Receptionist'], ['practitioner', 'Practitioner'], ['owner', 'Owner']];
const ROLE = Object.fromEntries(ROLES);

export async function render(root, _params, app) {
  ipc.setWindowTitle('Staff & lock — Clinicdesk');
  const [staff, security, practitioners] = await Promise.all([ipc.listStaff(), ipc.securitySettings(), ipc.listPractitioners(false)]);
  const currency = app.settings.currency;
  const exponent = (app.options.currencies.find((c) => c.code === currency) || {}).exponent ?? 2;
  const listHost = h('div', { class: 'table-scroll' });

  // Adding a member.
  const name = h('input', { class: 'input', type: 'text', autocomplete: 'off' });
  const role = h('select', { class: 'input' }, ROLES.map(([v, label]) => h('option', { value: v }, label)));
  const practitioner = h('select', { class: 'input' }, h('option', { value: '' }, 'Choose…'),
    practitioners.map((p) => h('option', { value: String(p.id) }, p.name)));
  const pin = h('input', { class: 'input pin', type: 'password', inputmode: 'numeric', autocomplete: 'new-password', maxlength: 8 });
  const practitionerField = field({ id: 'practitionerId', label: 'Their calendar', input: practitioner, help: 'A practitioner sees only their own column.' });
  const add = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'add-staff' }, 'Add staff member');
  const addForm = h('form', { class: 'card card-body stack', novalidate: true, 'aria-label': 'Add staff member' },
    h('h2', {}, 'Add a staff member'),
    h('div', { class: 'form-grid' },
      field({ id: 'name', label: 'Name', input: name }),
      field({ id: 'role', label: 'Role', input: role })),
    practitionerField,
    field({ id: 'pin', label: 'Their PIN (4 to 8 digits)', input: pin, help: 'Tell them in person; they can\'t see it again here.' }),
    h('div', { class: 'form-actions' }, add));
  const showPractitioner = () => { practitionerField.hidden = role.value !== 'practitioner'; };
  role.addEventListener('change', showPractitioner);
  showPractitioner();
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(addForm);
    await busy(add, async () => {
      try {
        await ipc.addStaff({ name: name.value, role: role.value, pin: pin.value,
          practitionerId: role.value === 'practitioner' && practitioner.value ? Number(practitioner.value) : null });
        toast(`Added ${name.value.trim()}`);
        name.value = '';
        pin.value = '';
        await reload();
      } catch (error) {
        if (!error.fields || !showFieldErrors(addForm, error.fields)) toastError(error);
      }
    });
  });

  // The lock and the refund limit.
  const idle = h('input', { class: 'input', type: 'text', inputmode: 'numeric', value: String(security.idleLockMinutes) });
  const limit = h('input', { class: 'input', type: 'text', inputmode: 'decimal',
    value: (security.receptionistRefundLimit.minor / 10 ** exponent).toFixed(exponent) });
  const saveSecurity = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-security' }, 'Save lock and limits');
  const securityForm = h('form', { class: 'card card-body stack', novalidate: true, 'aria-label': 'Lock and limits' },
    h('h2', {}, 'Lock and limits'),
    h('div', { class: 'form-grid' },
      field({ id: 'idleLockMinutes', label: 'Lock after (minutes without use)', input: idle, help: 'From 1 to 240. Anyone can also press Lock.' }),
      field({ id: 'receptionistRefundLimit', label: `A receptionist's online refund limit (${currency})`, input: limit,
        help: 'Refunds through Stripe above this need the owner. Desk refunds are not limited.' })),
    h('div', { class: 'form-actions' }, saveSecurity));
  securityForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(securityForm);
    await busy(saveSecurity, async () => {
      try {
        const saved = await ipc.saveSecuritySettings({ idleLockMinutes: idle.value, receptionistRefundLimit: limit.value });
        setIdleMinutes(saved.idleLockMinutes);
        toast('Saved');
      } catch (error) {
        if (!error.fields || !showFieldErrors(securityForm, error.fields, { currency, exponent })) toastError(error);
      }
    });
  });

  async function reload() {
    draw(await ipc.listStaff());
  }

  function draw(members) {
    listHost.replaceChildren(h('table', { 'aria-label': 'Staff' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Role'), h('th', {}, 'Status'),
        h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, members.map(row))));
  }

  function row(m) {
    const status = !m.active ? 'Inactive' : m.lockedOut ? 'Locked out (wrong PINs)' : 'Active';
    const newPin = h('button', { type: 'button', class: 'btn btn-sm', 'aria-label': `New PIN for ${m.name}` }, 'New PIN');
    newPin.addEventListener('click', () => {
      const input = h('input', { class: 'input pin', type: 'password', inputmode: 'numeric', autocomplete: 'new-password', maxlength: 8 });
      formDialog({
        title: `New PIN for ${m.name}`, testid: 'new-pin', confirm: 'Set PIN', focus: input,
        body: 'It replaces the old one at once, and ends a lockout.',
        content: field({ id: 'pin', label: 'New PIN (4 to 8 digits)', input }),
        dirty: () => Boolean(input.value),
        submit: async () => { await ipc.setStaffPin(m.id, input.value); toast(`New PIN set for ${m.name}`); await reload(); return true; },
      });
    });
    const toggle = h('button', { type: 'button', class: 'btn btn-sm', 'aria-label': `${m.active ? 'Make inactive' : 'Make active'}: ${m.name}` },
      m.active ? 'Make inactive' : 'Make active');
    toggle.addEventListener('click', () => busy(toggle, async () => {
      try {
        await ipc.updateStaff(m.id, { name: m.name, role: m.role, practitionerId: m.practitionerId, active: !m.active });
        await reload();
      } catch (error) {
        toastError(error.fields?.[0] ? { code: error.fields[0].code, message: error.fields[0].message } : error);
      }
    }));
    return h('tr', { class: m.active ? '' : 'staff-row-inactive', 'data-testid': `staff-${m.id}` },
      h('td', { title: m.name }, h('span', { class: 'truncate' }, m.name)),
      h('td', {}, ROLE[m.role]),
      h('td', {}, h('span', { class: 'badge' }, status)),
      h('td', { class: 'actions' }, newPin, ' ', toggle));
  }

  draw(staff);
  root.replaceChildren(h('div', { class: 'page stack' },
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Staff & lock'),
      h('p', { class: 'muted' }, 'Each person signs in with their own PIN, so the audit log says who did what. Receptionists take payments and refunds; practitioners see their own calendar and patients\' notes; only owners change settings.'))),
    h('div', { class: 'card' }, listHost), addForm, securityForm));
}
