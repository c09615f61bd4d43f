/**
 * What the chat remembers in this browser: an anonymous session id (so staff
 * replies and feedback belong together), the chosen character, and the
 * tickets issued here (to show staff replies when they arrive).
 */
const memory = new Map();

function store() {
  try {
    const probe = '__guanbot__';
    localStorage.setItem(probe, '1');
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    // Private mode or blocked storage: remember for this page only.
    return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, String(v)), removeItem: (k) => memory.delete(k) };
  }
}

const s = store();

function randomId() {
  if (crypto.randomUUID) return crypto.randomUUID().replace(/-/g, '');
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The anonymous id of this browser's conversation. */
export function sessionId() {
  let id = s.getItem('guanbot.session');
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = randomId();
    s.setItem('guanbot.session', id);
  }
  return id;
}

export function savedPersona() {
  const p = s.getItem('guanbot.persona');
  return p === 'xiaoli' || p === 'xiaozhi' || p === 'duo' ? p : 'xiaoli';
}

export function savePersona(persona) {
  s.setItem('guanbot.persona', persona);
}

function readTickets() {
  try {
    const list = JSON.parse(s.getItem('guanbot.tickets') || '[]');
    return Array.isArray(list) ? list.filter((x) => x && typeof x.ticket === 'string') : [];
  } catch {
    return [];
  }
}

/** Tickets issued in this browser, newest first: `{ticket, seenReply}`. */
export function tickets() {
  return readTickets();
}

export function rememberTicket(ticket) {
  const list = readTickets().filter((x) => x.ticket !== ticket);
  list.unshift({ ticket, seenReply: false });
  s.setItem('guanbot.tickets', JSON.stringify(list.slice(0, 10)));
}

export function markReplySeen(ticket) {
  const list = readTickets().map((x) => (x.ticket === ticket ? { ...x, seenReply: true } : x));
  s.setItem('guanbot.tickets', JSON.stringify(list));
}
