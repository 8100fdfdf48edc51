import { h, busy, confirmDialog, toast, toastError } from '../dom.js';
import { formatMoney, formatDuration } from '../format.js';
import * as ipc from '../ipc.js';

/** The badge beside a type that takes online payments; words, not colour. */
export function onlineBadge(type) {
  if (type.online.mode === 'required') return h('span', { class: 'badge badge-required', 'data-testid': 'badge' }, 'Online payment required');
  if (type.online.mode === 'allowed') return h('span', { class: 'badge badge-allowed', 'data-testid': 'badge' }, 'Online payment allowed');
  return null;
}

/** Shown where online payment is set but can't be taken: Stripe is missing. */
export function inactiveNotice(app) {
  const text = app.stripe?.state === 'not_connected'
    ? 'Online payments are inactive until Stripe is connected.'
    : 'Online payments are inactive until Stripe works again.';
  return h('p', { class: 'callout callout-warning page-notice', 'data-testid': 'payments-inactive' },
    `${text} Types set to Allowed or Required keep their setting but take no payment for now. `,
    h('a', { href: '#/settings/integrations' }, 'Open Settings → Integrations'));
}

export function onlineDetail(type) {
  if (!type.onlineAmount) return 'Not taken online';
  const rule = type.online.rule;
  if (rule.kind === 'full') return `${formatMoney(type.onlineAmount)} (full price)`;
  if (rule.kind === 'percent') return `${formatMoney(type.onlineAmount)} (${rule.percent}%)`;
  return `${formatMoney(type.onlineAmount)} deposit`;
}

export async function render(root, _params, app) {
  ipc.setWindowTitle('Appointment types — Clinicdesk');
  let showArchived = sessionStorage.getItem('types.showArchived') === '1';
  const tableHost = h('div', { class: 'table-scroll' });
  const noticeHost = h('div');
  const toggle = h('input', { type: 'checkbox', checked: showArchived, 'data-testid': 'show-archived' });
  const add = h('a', { class: 'btn btn-primary', href: '#/settings/appointment-types/new', 'data-testid': 'add-type' }, 'Add appointment type');

  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'crumbs' }, 'Settings'),
        h('h1', {}, 'Appointment types'),
        h('p', { class: 'muted' }, 'What patients can book, how long it takes, what it costs and whether it is paid online.')),
      add),
    noticeHost,
    h('div', { class: 'card' },
      h('div', { class: 'toolbar' },
        h('p', { class: 'muted small', id: 'types-count' }),
        h('label', { class: 'switch' }, toggle, 'Show archived')),
      tableHost)));

  async function load() {
    const types = await ipc.listAppointmentTypes(showArchived);
    draw(types);
  }

  function draw(types) {
    const active = types.filter((t) => !t.archived);
    const inactive = !app.stripe?.paymentsActive;
    const takesOnline = active.some((t) => t.online.mode !== 'disabled');
    noticeHost.replaceChildren(inactive && takesOnline ? inactiveNotice(app) : '');
    const archived = types.filter((t) => t.archived).length;
    document.getElementById('types-count').textContent =
      `${active.length} active type${active.length === 1 ? '' : 's'}` + (showArchived ? ` · ${archived} archived` : '');
    if (types.length === 0) {
      tableHost.replaceChildren(h('div', { class: 'empty' },
        h('p', {}, h('strong', {}, 'No appointment types yet — add your first one.')),
        h('p', { class: 'muted' }, 'For example "Initial consultation, 60 minutes, A$120".'),
        h('a', { class: 'btn btn-primary', href: '#/settings/appointment-types/new' }, 'Add appointment type')));
      return;
    }
    const rows = types.map((t) => {
      const index = active.indexOf(t);
      const up = h('button', { type: 'button', class: 'btn btn-quiet btn-icon', 'aria-label': `Move ${t.name} up`, disabled: t.archived || index === 0 }, '↑');
      const down = h('button', { type: 'button', class: 'btn btn-quiet btn-icon', 'aria-label': `Move ${t.name} down`, disabled: t.archived || index === active.length - 1 }, '↓');
      for (const [button, direction] of [[up, 'up'], [down, 'down']]) {
        button.addEventListener('click', () => busy(button, async () => {
          try {
            await ipc.moveAppointmentType(t.id, direction);
            await load();
            root.querySelector(`[aria-label="Move ${CSS.escape(t.name)} ${direction}"]`)?.focus();
          } catch (error) { toastError(error); }
        }));
      }
      const archiveButton = t.archived
        ? h('button', { type: 'button', class: 'btn btn-sm', 'aria-label': `Restore ${t.name}` }, 'Restore')
        : h('button', { type: 'button', class: 'btn btn-sm btn-quiet', 'aria-label': `Archive ${t.name}` }, 'Archive');
      archiveButton.addEventListener('click', () => (t.archived ? restore(t, archiveButton) : archive(t, archiveButton)));
      const badge = onlineBadge(t);
      return h('tr', { class: t.archived ? 'is-archived' : '', 'data-testid': 'type-row', 'data-type-id': t.id },
        h('td', {}, h('span', { class: 'order' }, up, down)),
        h('td', {}, h('div', { class: 'type-name' },
          h('span', { class: 'swatch', vars: { '--swatch': t.colour }, 'aria-hidden': 'true' }),
          h('div', {},
            h('strong', { 'data-testid': 'type-name' }, t.name),
            t.archived ? h('span', { class: 'badge badge-muted' }, 'Archived') : null,
            t.description ? h('div', { class: 'desc', title: t.description }, t.description) : null))),
        h('td', { class: 'num' }, formatDuration(t.durationMinutes)),
        h('td', { class: 'num', 'data-testid': 'type-price' }, formatMoney(t.price)),
        h('td', {}, badge ? h('div', { class: 'badges' }, badge,
          inactive ? h('span', { class: 'badge badge-muted', 'data-testid': 'inactive-badge' }, 'Inactive') : null) : null,
          h('div', { class: 'small muted', 'data-testid': 'online-detail' }, onlineDetail(t))),
        h('td', { class: 'actions' },
          h('a', { class: 'btn btn-sm', href: `#/settings/appointment-types/${t.id}`, 'aria-label': `Edit ${t.name}` }, 'Edit'),
          ' ', archiveButton));
    });
    tableHost.replaceChildren(h('table', { 'aria-label': 'Appointment types' },
      h('thead', {}, h('tr', {},
        h('th', {}, h('span', { class: 'visually-hidden' }, 'Order')),
        h('th', {}, 'Appointment type'),
        h('th', { class: 'num' }, 'Duration'),
        h('th', { class: 'num' }, 'Price'),
        h('th', {}, 'Online payment'),
        h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, rows)));
  }

  async function archive(t, button) {
    const ok = await confirmDialog({
      title: `Archive “${t.name}”?`,
      body: 'It will no longer be offered for new bookings. Existing bookings keep it, and you can restore it at any time.',
      confirm: 'Archive type',
    });
    if (!ok) return;
    await busy(button, async () => {
      try {
        await ipc.archiveAppointmentType(t.id);
        toast(`Archived “${t.name}”`);
        await load();
      } catch (error) { toastError(error); }
    });
  }

  async function restore(t, button) {
    await busy(button, async () => {
      try {
        await ipc.restoreAppointmentType(t.id);
        toast(`Restored “${t.name}”`);
        await load();
      } catch (error) { toastError(error); }
    });
  }

  toggle.addEventListener('change', async () => {
    showArchived = toggle.checked;
    sessionStorage.setItem('types.showArchived', showArchived ? '1' : '0');
    try { await load(); } catch (error) { toastError(error); }
  });

  await load();
}
