// While a person signs in, prepares what the front desk (the first page
// after the lock screen) needs: its module, parsed; its fonts; and the
// browser's number and date formatting. WebKit loads a font face the first
// time text uses it; the day's cards use sizes and weights the lock screen
// doesn't, and loading them took ~50 ms of the first day view after signing
// in (scripts/bench.sh). The first currency formatter loads ICU's number
// data (13–25 ms here, whichever currency; later ones take under 1 ms): the
// sample's part-paid card formats one, as the day's cards format every
// balance owing.

import { h } from './dom.js';
import { formatDate } from './format.js';

export function warmUp() {
  setTimeout(async () => {
    import('./views/front-desk.js').catch(() => {});
    formatDate('2026-01-01');
    const { sampleGrid } = await import('./views/day-grid.js');
    const sample = h('div', { class: 'warm-up', 'aria-hidden': 'true' }, sampleGrid());
    document.body.append(sample);
    void sample.offsetHeight; // laid out (and so its fonts loaded), never painted
    sample.remove();
  }, 0);
}
