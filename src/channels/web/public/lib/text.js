/** The page's Chinese text (from prompts/messages/web.yaml, embedded by the server). */
const table = JSON.parse(document.getElementById('gb-text')?.textContent || '{}');

/** Looks up `key` and fills `{name}` placeholders. */
export function t(key, vars = {}) {
  const text = table[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (vars[name] === undefined || vars[name] === null ? whole : String(vars[name])));
}
