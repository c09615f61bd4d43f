/**
 * One place where a failed console action ends up: its Chinese message in the
 * alert line above the panels, never an unhandled promise rejection.
 */
import { errorText, t } from '../lib/text.js';

const line = () => document.getElementById('console-error');

/**
 * Shows `err.message` (or a generic text) in the console's alert line.
 * @param {unknown} err
 */
export function reportError(err) {
  const box = line();
  if (!box) return;
  box.textContent = (err ? errorText(err) : '') || t('admin.actionFailed');
  box.hidden = false;
}

/** Hides the alert line (a new panel or action starts afresh). */
export function clearError() {
  const box = line();
  if (box) box.hidden = true;
}

/**
 * Runs an async action and reports its failure instead of leaving it unhandled.
 * @template {unknown[]} A
 * @param {(...args: A) => unknown} fn
 * @returns {(...args: A) => Promise<unknown>}
 */
export function guarded(fn) {
  return (...args) => Promise.resolve().then(() => fn(...args)).catch(reportError);
}
