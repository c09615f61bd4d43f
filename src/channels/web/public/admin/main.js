/** The staff console: login, tabs, and the panels' loaders. */
import { t } from '../lib/text.js';
import { api, can, me, session, whenLoggedOut } from './api.js';
import { setupDesk } from './desk.js';
import { setupCorpus } from './corpus.js';
import { setupHitTest } from './hittest.js';
import { setupReport } from './report.js';
import { setupAudit } from './audit.js';
import { setupLog } from './log.js';
import { clearError, reportError } from './errors.js';

const loginView = document.getElementById('login-view');
const appView = document.getElementById('app-view');
const userBox = document.getElementById('user-box');
const loginForm = document.getElementById('login-form');
const loginError = document.getElementById('login-error');

const panels = {};
let started = false;
/** The capability each tab needs; tabs the role may not use are not shown at all. */
const TAB_NEEDS = { desk: 'desk.read', corpus: 'corpus.read', hittest: 'hittest', report: 'report.read', audit: 'audit.read', log: 'log.read' };
const SETUP = { desk: setupDesk, corpus: setupCorpus, hittest: setupHitTest, report: setupReport, audit: setupAudit, log: setupLog };

function showLogin() {
  appView.hidden = true;
  userBox.hidden = true;
  loginView.hidden = false;
  document.getElementById('login-name').focus();
}

function showApp(name) {
  loginView.hidden = true;
  appView.hidden = false;
  userBox.hidden = false;
  const { roleLabel, department } = me();
  document.getElementById('user-name').textContent = roleLabel
    ? t('admin.signedInAsRole', { name, role: roleLabel, department: department ? ` · ${department}` : '' })
    : t('admin.signedInAs', { name });
  const allowed = Object.keys(TAB_NEEDS).filter((name) => can(TAB_NEEDS[name]));
  for (const [tabName, capability] of Object.entries(TAB_NEEDS)) {
    document.getElementById(`tab-${tabName}`).hidden = !can(capability);
    if (!can(capability)) document.getElementById(`panel-${tabName}`).hidden = true;
  }
  if (!started) {
    started = true;
    for (const tabName of allowed) panels[tabName] = SETUP[tabName]();
  }
  if (allowed.length) selectTab(allowed[0]);
  else reportError(new Error(t('admin.noPanels')));
}

/** Shows one tab panel (WAI-ARIA tabs pattern: arrow keys move between tabs). */
function selectTab(name) {
  for (const tab of visibleTabs()) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
  }
  clearError();
  Promise.resolve()
    .then(() => panels[name]?.load?.())
    .catch(reportError);
}

/** The tabs of the logged-in role, in order. */
const visibleTabs = () => [...document.querySelectorAll('[role="tab"]')].filter((tab) => !tab.hidden);
for (const tab of document.querySelectorAll('[role="tab"]')) {
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
    const { name } = await api('login', { method: 'POST', body: { name: data.get('name'), password: data.get('password') } });
    loginForm.reset();
    await session();
    showApp(name);
  } catch (err) {
    loginError.textContent = err.message;
  }
});

document.getElementById('logout').addEventListener('click', async () => {
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
