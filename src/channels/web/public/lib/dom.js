/**
 * Tiny DOM helpers. Text always goes in as text nodes (textContent), never as
 * HTML, so nothing a citizen or a document says can become markup.
 */

/** @typedef {Node | string | number | null | undefined | false} Child */

/**
 * Creates an element. props: class, text, dataset, on<event> handlers, other
 * attributes; children: nodes or strings (strings become text nodes).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [props]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * The element with this id, checked to be a `type` (HTMLInputElement, …): a page without it fails
 * at start with the id in the message, not later with "cannot read properties of null".
 * @template {Element} T
 * @param {string} id
 * @param {{ new (): T; prototype: T; name: string }} type
 * @returns {T}
 */
export function byId(id, type) {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return node;
}

/**
 * The first element under `root` matching `selector`, checked to be a `type`, like {@link byId}.
 * @template {Element} T
 * @param {string} selector
 * @param {{ new (): T; prototype: T; name: string }} type
 * @param {ParentNode} [root]
 * @returns {T}
 */
export function one(selector, type, root = document) {
  const node = root.querySelector(selector);
  if (!(node instanceof type)) throw new Error(`${selector} is missing or not a ${type.name}`);
  return node;
}

/**
 * Removes all children.
 * @template {Node} N
 * @param {N} node
 * @returns {N}
 */
export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/**
 * Only http(s) links become hrefs; anything else (javascript:, data:) is dropped.
 * @param {unknown} url
 * @returns {string | null}
 */
export function safeUrl(url) {
  try {
    const u = new URL(String(url), location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Formats an ISO time in the county's local time, e.g. 2024-11-28 14:05.
 * @param {string | null | undefined} iso
 * @returns {string}
 */
export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const parts = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d);
  /** @param {Intl.DateTimeFormatPartTypes} type */
  const get = (type) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
