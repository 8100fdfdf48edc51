// Settings → Backups: where backups go (another disk, a USB stick, a synced
// folder), "Back up now", when the last good one was, and the backups kept.
// A failing backup also shows as a banner on every page (main.js).

import { h, field, busy, showFieldErrors, clearFieldErrors, toast, toastError, confirmDialog } from '../dom.js';
import { formatTimestamp } from '../format.js';
import * as ipc from '../ipc.js';
import { showBackupBanner } from '../main.js';

const REASON_WORDS = { daily: 'Daily', manual: 'Back up now', pre_migration: 'Before an upgrade' };

const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function size(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export async function render(root, _params, app) {
  ipc.setWindowTitle('Backups — Clinicdesk');
  const page = h('div', { class: 'page' });
  root.append(page);
  const timeZone = app?.settings?.timeZone;

  function view(s) {
    showBackupBanner(s);
    const folder = h('input', { class: 'input', type: 'text', autocomplete: 'off', spellcheck: 'false', value: s.folderIsDefault ? '' : s.folder,
      placeholder: s.folderIsDefault ? s.folder : '', 'data-testid': 'backup-folder' });
    const save = h('button', { type: 'submit', class: 'btn', 'data-testid': 'save-backup-folder' }, 'Use this folder');
    const form = h('form', { novalidate: true, 'aria-label': 'Backup folder', class: 'stack-sm' },
      field({ id: 'folder', label: 'Backup folder', input: folder,
        help: 'The full path of a folder on another disk, a USB stick or a synced folder. Empty: the data folder\'s backups, on this same disk.' }),
      h('div', {}, save));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      await busy(save, async () => {
        try {
          show(await ipc.setBackupFolder(folder.value));
          toast('Backup folder saved');
        } catch (error) {
          if (!error.fields || !showFieldErrors(form, error.fields, {})) toastError(error);
        }
      });
    });
    const now = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'back-up-now' }, 'Back up now');
    now.addEventListener('click', () => busy(now, async () => {
      try {
        const file = await ipc.backUpNow();
        toast(`Backed up: ${file.fileName}`);
      } catch (error) { toastError(error); }
      show(await ipc.backupStatus());
    }));
    const last = s.lastOkAt ? `Last good backup: ${formatTimestamp(s.lastOkAt, timeZone)}.` : 'No backup yet.';
    const list = s.files.length
      ? h('table', { 'aria-label': 'Backups', 'data-testid': 'backup-list' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Taken'), h('th', {}, 'Why'), h('th', { class: 'num' }, 'Size'), h('th', {}, ''))),
        h('tbody', {}, s.files.map((f, i) => h('tr', { title: f.path, 'data-testid': `backup-row-${i}` },
          h('td', {}, formatTimestamp(f.takenAt, timeZone)), h('td', {}, REASON_WORDS[f.reason] || f.reason), h('td', { class: 'num' }, size(f.bytes)),
          h('td', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': `restore-${i}`, onclick: () => restore(f) }, 'Restore…'))))))
      : h('p', { class: 'muted' }, 'No backups in this folder yet.');
    return [
      h('div', { class: 'page-head' }, h('div', {},
        h('p', { class: 'crumbs' }, 'Settings'), h('h1', {}, 'Backups'),
        h('p', { class: 'muted' }, 'A checked copy of the clinic\'s data, every day while Clinicdesk runs and before every upgrade. The last 14 days and 12 months are kept. The Stripe key and the mail password stay in this computer\'s keychain and are not in backups.'))),
      s.problem ? h('p', { class: 'callout callout-warning', role: 'alert', 'data-testid': 'backup-problem' }, s.problem.message) : null,
      s.folderIsDefault && !s.problem ? h('p', { class: 'callout', 'data-testid': 'backup-same-disk' }, 'Backups are on the same disk as the data: if the disk dies, both are lost. Choose a folder on another disk.') : null,
      h('section', { class: 'card card-body stack' }, form),
      h('section', { class: 'card card-body stack' },
        h('div', { class: 'row' }, now, h('span', { class: 'muted', 'data-testid': 'backup-last' }, last)),
        list),
    ].filter(Boolean);
  }

  async function restore(file) {
    try {
      const p = await ipc.restorePreview(file.path);
      const other = p.sameClinic ? '' : ` This backup is of another clinic's data ("${p.clinicName}").`;
      const yes = await confirmDialog({
        title: `Restore the backup of ${formatTimestamp(p.takenAt, timeZone)}?`,
        body: `It holds ${count(p.patients, 'patient', 'patients')}, ${count(p.appointments, 'appointment', 'appointments')} and ${count(p.payments, 'payment', 'payments')}.${other} What was recorded since then is set aside (kept, not deleted), and Clinicdesk restarts. Online payments made since the backup are found again from Stripe and listed under Needs attention.`,
        confirm: 'Restore and restart',
        danger: true,
      });
      if (!yes) return;
      await ipc.restoreBackup(file.path);
    } catch (error) { toastError(error); }
  }

  function show(s) { page.replaceChildren(...view(s)); }
  show(await ipc.backupStatus());
}
