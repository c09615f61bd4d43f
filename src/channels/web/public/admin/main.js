/** The staff console: login, tabs, and the panels' loaders. */
import { byId } from '../lib/dom.js';
import { errorText, t } from '../lib/text.js';
import { api, can, me, session, whenLoggedOut } from './api.js';
import { setupDesk } from './desk.js';
import { setupCorpus } from './corpus.js';
import { setupHitTest } from './hittest.js';
import { setupReport } from './report.js';
import { setupAudit } from './audit.js';
import { setupLog } from './log.js';
import { clearError, reportError } from './errors.js';

const loginView = byId('login-view', HTMLElement);
const appView = byId('app-view', HTMLElement);
const userBox = byId('user-box', HTMLElement);
const loginForm = byId('login-form', HTMLFormElement);
const loginError = byId('login-error', HTMLElement);

/** A panel's face: `load` runs each time its tab is shown. */
/** @typedef {{ load?: () => unknown }} Panel */
/** @type {Record<string, Panel>} */
const panels = {};
let started = false;
/**
 * The capability each tab needs; tabs the role may not use are not shown at all.
 * @type {Record<string, string>}
 */
const TAB_NEEDS = { desk: 'desk.read', corpus: 'corpus.read', hittest: 'hittest', report: 'report.read', audit: 'audit.read', log: 'log.read' };
/** @type {Record<string, () => Panel>} */
const SETUP = { desk: setupDesk, corpus: setupCorpus, hittest: setupHitTest, report: setupReport, audit: setupAudit, log: setupLog };

function showLogin() {
  appView.hidden = true;
  userBox.hidden = true;
  loginView.hidden = false;
  byId('login-name', HTMLInputElement).focus();
}

/** @param {string} name */
function showApp(name) {
  loginView.hidden = true;
  appView.hidden = false;
  userBox.hidden = false;
  const { roleLabel, department } = me();
  byId('user-name', HTMLElement).textContent = roleLabel
    ? t('admin.signedInAsRole', { name, role: roleLabel, department: department ? ` · ${department}` : '' })
    : t('admin.signedInAs', { name });
  const allowed = Object.entries(TAB_NEEDS)
    .filter(([, capability]) => can(capability))
    .map(([name]) => name);
  for (const [tabName, capability] of Object.entries(TAB_NEEDS)) {
    byId(`tab-${tabName}`, HTMLElement).hidden = !can(capability);
    if (!can(capability)) byId(`panel-${tabName}`, HTMLElement).hidden = true;
  }
  if (!started) {
    started = true;
    for (const tabName of allowed) {
      const setup = SETUP[tabName];
      if (setup) panels[tabName] = setup();
    }
  }
  const [first] = allowed;
  if (first) selectTab(first);
  else reportError(new Error(t('admin.noPanels')));
}

/**
 * Shows one tab panel (WAI-ARIA tabs pattern: arrow keys move between tabs).
 * @param {string} name
 */
function selectTab(name) {
  for (const tab of visibleTabs()) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    byId(tab.getAttribute('aria-controls') ?? '', HTMLElement).hidden = !on;
  }
  clearError();
  Promise.resolve()
    .then(() => panels[name]?.load?.())
    .catch(reportError);
}

/**
 * The tabs of the logged-in role, in order.
 * @returns {HTMLElement[]}
 */
const visibleTabs = () => [...document.querySelectorAll('[role="tab"]')].filter((tab) => tab instanceof HTMLElement).filter((tab) => !tab.hidden);
for (const tab of document.querySelectorAll('[role="tab"]')) {
  if (!(tab instanceof HTMLElement)) continue;
  tab.addEventListener('click', () => selectTab(tab.id.slice(4)));
  tab.addEventListener('keydown', (event) => {
    const tabs = visibleTabs();
    const i = tabs.indexOf(tab);
    const next = event.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : event.key === 'ArrowLeft' ? tabs[(i - 1 + tabs.length) % tabs.length] : null;
    if (next) {
      event.preventDefault();
      next.focus();
      selectTab(next.id.slice(4));
    }
  });
}

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  loginError.textContent = '';
  const data = new FormData(loginForm);
  try {
    await session();
    const { name } = /** @type {{ name: string }} */ (await api('login', { method: 'POST', body: { name: data.get('name'), password: data.get('password') } }));
    loginForm.reset();
    await session();
    showApp(name);
  } catch (err) {
    loginError.textContent = errorText(err);
  }
});

byId('logout', HTMLButtonElement).addEventListener('click', async () => {
  try {
    await api('logout', { method: 'POST', body: {} });
  } finally {
    location.reload();
  }
});

whenLoggedOut(showLogin);
// Last resort: whatever a panel forgot to catch is still shown, not lost in the console.
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  reportError(event.reason);
});

session()
  .then((name) => (name ? showApp(name) : showLogin()))
  .catch(showLogin);
