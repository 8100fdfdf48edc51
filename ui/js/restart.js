// After this workstation's data moved (Settings → Data, or the start page's
// way back to this computer), the app starts again on its new store; first a
// moment, so the words saying what happened can be read.

import * as ipc from './ipc.js';
import { toastError } from './dom.js';

const RESTART_AFTER_MS = 2500;

export function restartSoon() {
  setTimeout(() => ipc.restartApp().catch(toastError), RESTART_AFTER_MS);
}
