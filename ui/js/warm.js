// While a person signs in, prepares what the front desk (the first page
// after the lock screen) needs: its module, parsed, and its fonts. WebKit
// loads a font face the first time text uses it; the day's cards use
// sizes and weights the lock screen doesn't, and loading them took ~50 ms
// of the first day view after signing in (scripts/bench.sh).

import { h } from './dom.js';

export function warmUp() {
  setTimeout(async () => {
    import('./views/front-desk.js').catch(() => {});
    const { sampleGrid } = await import('./views/day-grid.js');
    const sample = h('div', { class: 'warm-up', 'aria-hidden': 'true' }, sampleGrid());
    document.body.append(sample);
    void sample.offsetHeight; // laid out (and so its fonts loaded), never painted
    sample.remove();
  }, 0);
}
