// The only module that touches window.__TAURI__. Every command the UI uses
// has a named function here, so the Rust side's surface is visible at a glance.
// Errors arrive as { code, message, field?, fields? } (see src-tauri/src/error.rs).

const tauri = window.__TAURI__;

/**
 * The framework's own refusals (arguments it could not read into a command's
 * types) arrive as bare text; they become the app's shape here, so the window
 * never shows Rust's or Tauri's wording. The text goes to the console.
 */
function frameworkError(command, error) {
  const text = String(error);
  console.error(`${command}: ${text}`);
  if (/invalid args|invalid type|missing field|unknown variant|invalid value|expected/i.test(text)) {
    return { code: 'bad_request', message: 'Clinicdesk could not read what this screen sent. Reload the window (Ctrl+R) and try again.' };
  }
  return { code: 'internal', message: 'Something went wrong. Your saved data is safe; the details were written to the log.' };
}

/**
 * Commands that only read. Any other command may change what an answer kept
 * by a screen shows (js/views/days-ahead.js), so it counts as a change when
 * it is sent and again when it ends: a read that overlapped it is not kept.
 * A command missing here costs a kept answer, never a stale one.
 */
const READS = new Set(['day_view', 'keep_alive', 'needs_attention', 'list_appointment_types', 'list_practitioners',
  'list_concessions', 'search_patients', 'get_account', 'app_info', 'stripe_status']);
let changes = 0;

/** Goes up whenever a command that may change data is sent or ends. */
export const changeCount = () => changes;

function call(command, args = {}) {
  if (!tauri) return Promise.reject({ code: 'no_backend', message: 'Clinicdesk must run inside its app window.' });
  if (!READS.has(command)) {
    changes++;
    return invoke(command, args).finally(() => { changes++; });
  }
  return invoke(command, args);
}

function invoke(command, args) {
  return tauri.core.invoke(command, args).catch((error) => {
    const e = typeof error === 'object' && error && error.code ? error : frameworkError(command, error);
    // The app locked itself (idle time) or was never unlocked: the window
    // shows the lock screen, whatever screen asked.
    if (e.code === 'locked') window.dispatchEvent(new CustomEvent('clinicdesk:locked'));
    throw e;
  });
}

export const appInfo = () => call('app_info');
export const uiReady = () => call('ui_ready');
export const settingsOptions = () => call('settings_options');

export const lockScreen = () => call('lock_screen');
export const createOwner = (name, pin) => call('create_owner', { name, pin });
export const signIn = (staffId, pin) => call('sign_in', { staffId, pin });
export const lockNow = () => call('lock_now');
export const keepAlive = () => call('keep_alive');
export const listStaff = () => call('list_staff');
export const addStaff = (form) => call('add_staff', { form });
export const updateStaff = (id, form) => call('update_staff', { id, form });
export const setStaffPin = (id, pin) => call('set_staff_pin', { id, pin });
export const securitySettings = () => call('security_settings');
export const saveSecuritySettings = (form) => call('save_security_settings', { form });
export const auditLog = (filter) => call('audit_log', { filter });
export const getClinicSettings = () => call('get_clinic_settings');
export const saveClinicSettings = (form) => call('save_clinic_settings', { form });
export const listAppointmentTypes = (includeArchived) => call('list_appointment_types', { includeArchived });
export const getAppointmentType = (id) => call('get_appointment_type', { id });
export const createAppointmentType = (form) => call('create_appointment_type', { form });
export const updateAppointmentType = (id, form) => call('update_appointment_type', { id, form });
export const archiveAppointmentType = (id) => call('archive_appointment_type', { id });
export const restoreAppointmentType = (id) => call('restore_appointment_type', { id });
export const moveAppointmentType = (id, direction) => call('move_appointment_type', { id, direction });
export const previewPricing = (form) => call('preview_pricing', { form });
export const appointmentTypeHistory = (id) => call('appointment_type_history', { id });

export const listPractitioners = (includeInactive) => call('list_practitioners', { includeInactive });
export const createPractitioner = (form) => call('create_practitioner', { form });
export const updatePractitioner = (id, form) => call('update_practitioner', { id, form });
export const setPractitionerActive = (id, active) => call('set_practitioner_active', { id, active });
export const getOpeningHours = () => call('get_opening_hours');
export const saveOpeningHours = (days) => call('save_opening_hours', { form: { days } });

export const searchPatients = (query, page = 0) => call('search_patients', { query, page });
export const getPatient = (id) => call('get_patient', { id });
export const createPatient = (form) => call('create_patient', { form });
export const updatePatient = (id, form) => call('update_patient', { id, form });

export const dayView = (date) => call('day_view', { date });
export const getAppointment = (id) => call('get_appointment', { id });
export const bookAppointment = (form) => call('book_appointment', { form });
export const sendPaymentLink = (id) => call('send_payment_link', { id });
export const retryPaymentLink = (id) => call('retry_payment_link', { id });
export const releaseHold = (id) => call('release_hold', { id });
export const bookWithoutPayment = (id, reason) => call('book_without_payment', { id, reason });
export const setAppointmentState = (id, state) => call('set_appointment_state', { id, state });
export const emailPaymentLink = (id) => call('email_payment_link', { id });
export const closePreview = (id, state) => call('close_preview', { id, state });
export const closeAppointment = (id, state, form) => call('close_appointment', { id, state, form });

export const getAccount = (id) => call('get_account', { id });
export const takePayment = (id, form) => call('take_payment', { id, form });
export const addDiscount = (id, form) => call('add_discount', { id, form });
export const refundPayment = (id, form) => call('refund_payment', { id, form });
export const correctEntry = (id, form) => call('correct_entry', { id, form });
export const paymentReceipt = (entry) => call('payment_receipt', { entry });
export const patientAccount = (id) => call('patient_account', { id });

export const cashUp = (day) => call('cash_up', { day });
export const saveTill = (day, form) => call('save_till', { day, form });
export const closeDay = (day, form) => call('close_day', { day, form });
export const exportMoney = (from, to) => call('export_money', { form: { from, to } });
export const outstandingBalances = () => call('outstanding_balances');
export const saveCashUpPdf = (day) => call('save_cash_up_pdf', { day });

export const getClinicDetails = () => call('get_clinic_details');
export const saveClinicDetails = (form) => call('save_clinic_details', { form });
export const saveReceiptPdf = (entry) => call('save_receipt_pdf', { entry });
export const emailReceipt = (entry) => call('email_receipt', { entry });
export const listInvoices = (patient, page) => call('list_invoices', { patient, page });
export const getInvoice = (id) => call('get_invoice', { id });
export const invoiceCandidates = (patient) => call('invoice_candidates', { patient });
export const createInvoice = (form) => call('create_invoice', { form });
export const issueInvoice = (id) => call('issue_invoice', { id });
export const deleteDraftInvoice = (id) => call('delete_draft_invoice', { id });
export const voidInvoice = (id, reason) => call('void_invoice', { id, form: { reason } });
export const saveInvoicePdf = (id) => call('save_invoice_pdf', { id });
export const emailInvoice = (id) => call('email_invoice', { id });
export const setProviderNumber = (id, providerNumber) => call('set_provider_number', { id, providerNumber });
export const backupStatus = () => call('backup_status');
export const setBackupFolder = (folder) => call('set_backup_folder', { form: { folder } });
export const backUpNow = () => call('back_up_now');
export const restorePreview = (path) => call('restore_preview', { path });
export const restoreBackup = (path) => call('restore_backup', { path });

export const dataLocation = () => call('data_location');
export const testServer = (form) => call('test_server', { form });
export const moveToServer = (form) => call('move_to_server', { form });
export const useServer = (form) => call('use_server', { form });
export const useThisComputer = () => call('use_this_computer');
export const restartApp = () => call('restart_app');
export const saveServerPassword = (password) => call('save_server_password', { password });
export const useThisComputerFromStart = () => call('use_this_computer_from_start');
export const getMailServer = () => call('get_mail_server');
export const saveMailServer = (form) => call('save_mail_server', { form });
export const sendTestEmail = (to) => call('send_test_email', { form: { to } });

export const listConcessions = (includeArchived) => call('list_concessions', { includeArchived });
export const createConcession = (form) => call('create_concession', { form });
export const archiveConcession = (id) => call('archive_concession', { id });

export const stripeStatus = () => call('stripe_status');
export const connectStripe = (secretKey) => call('connect_stripe', { form: { secretKey } });
export const disconnectStripe = () => call('disconnect_stripe');
export const saveReturnUrl = (returnUrl) => call('save_return_url', { form: { returnUrl } });
export const otherAccountAttempts = () => call('other_account_attempts');
export const closeOtherAccountAttempts = () => call('close_other_account_attempts');

export const needsAttention = () => call('needs_attention');
export const resolveAttention = (id, note) => call('resolve_attention', { id, form: { note } });

/** Calls `handler(status)` whenever the app re-checks Stripe in the background. */
export function onStripeStatus(handler) {
  return tauri ? tauri.event.listen('stripe-status', (event) => handler(event.payload)) : Promise.resolve(() => {});
}

/** Calls `handler(status)` after each automatic backup (or failed one). */
export function onBackupStatus(handler) {
  return tauri ? tauri.event.listen('backup-status', (event) => handler(event.payload)) : Promise.resolve(() => {});
}

/** Calls `handler({ ids })` when the background payment check changed appointments. */
export function onAppointmentsChanged(handler) {
  return tauri ? tauri.event.listen('appointments-changed', (event) => handler(event.payload)) : Promise.resolve(() => {});
}

/** On the clinic server: calls `handler({ table })` when any workstation changed that table ("*": read everything again). */
export function onDataChanged(handler) {
  return tauri ? tauri.event.listen('data-changed', (event) => handler(event.payload)) : Promise.resolve(() => {});
}

/** On the clinic server: calls `handler({ connected })` when the server is lost, and when it is back. */
export function onServerConnection(handler) {
  return tauri ? tauri.event.listen('server-connection', (event) => handler(event.payload)) : Promise.resolve(() => {});
}

export function setWindowTitle(title) {
  document.title = title;
  tauri?.window?.getCurrentWindow().setTitle(title).catch(() => {});
}
