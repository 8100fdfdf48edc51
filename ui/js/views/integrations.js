import { h } from '../dom.js';
import { setWindowTitle } from '../ipc.js';

export async function render(root) {
  setWindowTitle('Integrations — Clinicdesk');
  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', {},
      h('p', { class: 'crumbs' }, 'Settings'),
      h('h1', {}, 'Integrations'),
      h('p', { class: 'muted' }, 'Services Clinicdesk works with.'))),
    h('section', { class: 'card card-body', 'aria-labelledby': 'stripe-title' },
      h('h2', { id: 'stripe-title' }, 'Stripe'),
      h('p', { 'data-testid': 'stripe-status' }, 'Stripe: not connected'),
      h('p', { class: 'muted small' }, 'Online payments at booking need a Stripe account. Connecting one comes in the next version.'))));
}
