/**
 * Who may do what: the four staff roles and the one table that maps each
 * capability of the console (and of the CLI desk commands) to the roles that
 * have it. Routes and commands name a capability, never a role, so changing
 * who may do something is an edit here only.
 */

/** Role codes as stored on the account; staff read them as 管理员, 编辑, 经办人, 只读 (web.yaml `staff.roles`). */
export const ROLES = ['admin', 'editor', 'handler', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What a request or command does, as far as permission is concerned. */
export const CAPABILITY = {
  /** The desk queue and one item in full (the unmasked question). */
  deskRead: 'desk.read',
  /** Reply, assign (to a person or a department), close, single and bulk. */
  deskAct: 'desk.act',
  /** Publish an answered item as an FAQ entry (writes the corpus). */
  faqPromote: 'faq.promote',
  /** The corpus list, one document and its chunks. */
  corpusRead: 'corpus.read',
  /** Upload, edit, delete documents and rebuild the index. */
  corpusWrite: 'corpus.write',
  /** Hit testing: what the bot would answer. */
  hitTest: 'hittest',
  /** The weekly report and its export. */
  reportRead: 'report.read',
  /** The conversation log (every citizen turn). */
  logRead: 'log.read',
  /** The staff audit log and its export. */
  auditRead: 'audit.read',
  /** Staff accounts and settings. */
  accountsManage: 'accounts.manage',
} as const;
export type Capability = (typeof CAPABILITY)[keyof typeof CAPABILITY];

/** Routes anyone may call (login, logout, the session probe). */
export const OPEN_ACCESS = 'open' as const;
/** What a console route declares in its `config.access`. */
export type Access = Capability | typeof OPEN_ACCESS;

const ALL: readonly Role[] = ROLES;

/** The one map of capability → roles. 管理员 everything; 编辑 corpus and desk; 经办人 the desk; 只读 report and logs. */
export const ROLES_FOR: Readonly<Record<Capability, readonly Role[]>> = {
  'desk.read': ['admin', 'editor', 'handler'],
  'desk.act': ['admin', 'editor', 'handler'],
  'faq.promote': ['admin', 'editor'],
  'corpus.read': ['admin', 'editor'],
  'corpus.write': ['admin', 'editor'],
  hittest: ['admin', 'editor', 'handler'],
  'report.read': ALL,
  'log.read': ALL,
  'audit.read': ['admin', 'viewer'],
  'accounts.manage': ['admin'],
};

/** Every capability, in declaration order. */
export const CAPABILITIES: readonly Capability[] = Object.values(CAPABILITY);

/** True when `role` has `capability`. */
export function may(role: Role, capability: Capability): boolean {
  return ROLES_FOR[capability].includes(role);
}

/** The capabilities of `role` (sent to the console so it shows only what the role may use). */
export function capabilitiesOf(role: Role): Capability[] {
  return CAPABILITIES.filter((c) => may(role, c));
}

/** True for a stored or typed role code. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True for a declared capability. */
export function isCapability(value: unknown): value is Capability {
  return typeof value === 'string' && (CAPABILITIES as readonly string[]).includes(value);
}

/**
 * The role a staff member typed: the Chinese name (管理员) or the code (admin).
 * `labels` maps codes to Chinese names (web.yaml `staff.roles`). Undefined when unknown.
 */
export function parseRole(text: string, labels: Readonly<Record<Role, string>>): Role | undefined {
  const value = text.trim();
  if (isRole(value)) return value;
  return ROLES.find((r) => labels[r] === value);
}
