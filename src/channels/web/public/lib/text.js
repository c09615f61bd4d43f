/**
 * The page's Chinese text (from prompts/messages/web.yaml, embedded by the server).
 * @type {Record<string, string>}
 */
const table = JSON.parse(document.getElementById('gb-text')?.textContent || '{}');

/**
 * Looks up `key` and fills `{name}` placeholders.
 * @param {string} key
 * @param {Record<string, string | number | null | undefined>} [vars]
 * @returns {string}
 */
export function t(key, vars = {}) {
  const text = table[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    const value = vars[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/**
 * The words to show for a caught error: its message (the server's Chinese text for an HttpError).
 * @param {unknown} err
 * @returns {string}
 */
export function errorText(err) {
  return err instanceof Error ? err.message : String(err);
}
