/**
 * What the chat remembers in this browser: an anonymous session id (so staff
 * replies and feedback belong together), the chosen character, the text size,
 * and the tickets issued here (to show staff replies when they arrive) —
 * and, for this tab only (sessionStorage), the conversation itself, so a
 * reload does not wipe it.
 */

/** @typedef {import('./api.js').Answer} Answer */
/** @typedef {import('./api.js').Persona} Persona */
/** @typedef {{ ticket: string; seenReply: boolean }} KnownTicket */
/** What the citizen did under an answer: the ticket it got, the action bar's outcome. */
/** @typedef {{ ticket?: string; done?: { action: string; status: string } }} AnswerState */
/**
 * One entry of the tab's conversation.
 * @typedef {{ type: 'user'; text: string } | { type: 'answer'; persona: Persona; result: Answer; state: AnswerState } | { type: 'staff'; ticket: string; reply: string }} HistoryEntry
 */
/** @typedef {Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>} SimpleStorage */

/**
 * @param {'localStorage' | 'sessionStorage'} name
 * @returns {SimpleStorage}
 */
function store(name) {
  /** @type {Map<string, string>} */
  const memory = new Map();
  try {
    const storage = window[name];
    const probe = '__guanbot__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    // Private mode or blocked storage: remember for this page only.
    return {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => {
        memory.set(k, String(v));
      },
      removeItem: (k) => {
        memory.delete(k);
      },
    };
  }
}

const s = store('localStorage');
const tab = store('sessionStorage');

/** @returns {string} */
function randomId() {
  if (crypto.randomUUID) return crypto.randomUUID().replace(/-/g, '');
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The anonymous id of this browser's conversation.
 * @returns {string}
 */
export function sessionId() {
  let id = s.getItem('guanbot.session');
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = randomId();
    s.setItem('guanbot.session', id);
  }
  return id;
}

/** @returns {Persona} */
export function savedPersona() {
  const p = s.getItem('guanbot.persona');
  return p === 'xiaoli' || p === 'xiaozhi' || p === 'duo' ? p : 'xiaoli';
}

/** @param {Persona} persona */
export function savePersona(persona) {
  s.setItem('guanbot.persona', persona);
}

/** @returns {KnownTicket[]} */
function readTickets() {
  try {
    /** @type {unknown} */
    const list = JSON.parse(s.getItem('guanbot.tickets') || '[]');
    return Array.isArray(list) ? list.filter((x) => x && typeof x.ticket === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Tickets issued in this browser, newest first: `{ticket, seenReply}`.
 * @returns {KnownTicket[]}
 */
export function tickets() {
  return readTickets();
}

/** @param {string} ticket */
export function rememberTicket(ticket) {
  const list = readTickets().filter((x) => x.ticket !== ticket);
  list.unshift({ ticket, seenReply: false });
  s.setItem('guanbot.tickets', JSON.stringify(list.slice(0, 10)));
}

/** @param {string} ticket */
export function markReplySeen(ticket) {
  const list = readTickets().map((x) => (x.ticket === ticket ? { ...x, seenReply: true } : x));
  s.setItem('guanbot.tickets', JSON.stringify(list));
}

/** @returns {boolean} */
export function savedLargeText() {
  return s.getItem('guanbot.largeText') === '1';
}

/** @param {boolean} on */
export function saveLargeText(on) {
  s.setItem('guanbot.largeText', on ? '1' : '0');
}

/** How many entries the tab keeps (the oldest go first). */
const HISTORY_MAX = 60;
const HISTORY_KEY = 'guanbot.history';

/**
 * This tab's conversation, oldest first: `{type: 'user', text}`, `{type: 'answer', persona, result, state}`
 * (state: what the citizen did under it) and `{type: 'staff', ticket, reply}`.
 * @returns {HistoryEntry[]}
 */
export function history() {
  try {
    /** @type {unknown} */
    const list = JSON.parse(tab.getItem(HISTORY_KEY) || '[]');
    return Array.isArray(list) ? list.filter((x) => x && typeof x.type === 'string') : [];
  } catch {
    return [];
  }
}

/** @param {HistoryEntry[]} list */
function saveHistory(list) {
  try {
    tab.setItem(HISTORY_KEY, JSON.stringify(list.slice(-HISTORY_MAX)));
  } catch {
    /* storage full: the conversation still shows on this page */
  }
}

/**
 * Appends an entry to this tab's conversation.
 * @param {HistoryEntry} entry
 */
export function remember(entry) {
  const list = history();
  list.push(entry);
  saveHistory(list);
}

/**
 * Merges `patch` into the answer entry whose result has this turn id or ticket.
 * @param {(result: Answer) => boolean} match
 * @param {AnswerState} patch
 */
export function updateAnswer(match, patch) {
  const list = history();
  // Not findLast: ES2023, missing from the older phone browsers the county's citizens still use.
  const entry = [...list].reverse().find((x) => x.type === 'answer' && match(x.result));
  if (entry?.type !== 'answer') return;
  entry.state = { ...entry.state, ...patch };
  saveHistory(list);
}
