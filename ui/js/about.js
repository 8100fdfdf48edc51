// The window's About box: what is installed, and where its data and logs are
// (what a support call asks first).
import { h } from './dom.js';

/** Version, data folder and log folder, as a definition list. */
export function facts(info) {
  return h('dl', { class: 'facts' },
    h('dt', {}, 'Version'), h('dd', { 'data-testid': 'version' }, info.version),
    h('dt', {}, 'Data folder'), h('dd', {}, info.dataDir),
    h('dt', {}, 'Log folder'), h('dd', {}, info.logDir));
}

export function showAbout(info) {
  const close = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'about-close' }, 'Close');
  const dialog = h('dialog', { class: 'modal', 'aria-labelledby': 'about-title', 'data-testid': 'about-dialog' },
    h('div', { class: 'modal-body about' },
      h('div', { class: 'about-head' },
        h('img', { src: 'img/logo.png', alt: '', width: 48, height: 48 }),
        h('div', {},
          h('h2', { id: 'about-title' }, `${info.name} ${info.version}`),
          h('p', { class: 'muted' }, 'Appointments and payments for health clinics.'))),
      facts(info),
      h('p', { class: 'muted small' },
        'Built with Tauri, SQLite (sqlx), hyper, rustls, krilla and other open-source software under the MIT, Apache-2.0 and ISC licences.')),
    h('div', { class: 'modal-actions' }, close));
  const done = () => { dialog.close(); dialog.remove(); };
  close.addEventListener('click', done);
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(); });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
