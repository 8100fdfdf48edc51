// While a person signs in, prepares what the front desk (the first page
// after the lock screen) needs: its module, parsed, and its fonts. WebKit
// loads a font face the first time text uses it; the day's cards use
// sizes and weights the lock screen doesn't, and loading them took ~50 ms
// of the first day view after signing in (scripts/bench.sh).

import { h } from './dom.js';

export function warmUp() {
  setTimeout(() => {
    import('./views/front-desk.js').catch(() => {});
    const card = (compact) => h('button', { type: 'button', class: `appt${compact ? ' is-compact' : ''}` },
      h('span', { class: 'appt-time' }, '09:00–09:15'),
      h('span', { class: 'appt-patient' }, 'Sam Taylor'),
      h('span', { class: 'appt-type' }, 'Review'),
      h('span', { class: 'appt-badges' }, h('span', { class: 'badge badge-success' }, 'Paid')));
    const sample = h('div', { class: 'warm-up', 'aria-hidden': 'true' },
      h('div', { class: 'desk-grid', vars: { '--desk-cols': 1, '--desk-rows': 2 } },
        h('div', { class: 'desk-col-head' }, 'Dr Mia Lee'),
        h('div', { class: 'desk-time is-hour' }, h('span', {}, '09:00')),
        h('button', { type: 'button', class: 'slot' }, '+ 09:00'),
        card(true), card(false)));
    document.body.append(sample);
    void sample.offsetHeight; // laid out (and so its fonts loaded), never painted
    sample.remove();
  }, 0);
}
