/**
 * The staff member behind a command-line desk action (`--as NAME`): it must be
 * an existing, enabled account whose role allows the action, exactly as a
 * console login would be judged, so the audit log names a real operator.
 */
import type { Translate } from '../text.ts';
import type { StaffAccount, StaffAccounts } from './accounts.ts';
import { may, ROLES_FOR, type Capability } from './roles.ts';

/** Why the operator was refused, in Chinese, with what to do instead. */
export class OperatorError extends Error {}

/** The account acting as `name` with `capability`; throws OperatorError otherwise. */
export function resolveOperator(accounts: StaffAccounts, t: Translate, name: string | undefined, capability: Capability): StaffAccount {
  const all = accounts.list().filter((a) => !a.disabled);
  if (all.length === 0) throw new OperatorError(t('staff.operator.noAccounts'));
  const wanted = name?.trim();
  const known = all.map((a) => a.name).join('、');
  if (!wanted) throw new OperatorError(t('staff.operator.missing', { names: known }));
  const account = accounts.get(wanted);
  if (!account) throw new OperatorError(t('staff.operator.unknown', { name: wanted, names: known }));
  if (account.disabled) throw new OperatorError(t('staff.operator.disabled', { name: wanted }));
  if (!may(account.role, capability)) {
    throw new OperatorError(
      t('staff.operator.forbidden', {
        name: wanted,
        role: t(`staff.roles.${account.role}`),
        allowed: ROLES_FOR[capability].map((r) => t(`staff.roles.${r}`)).join('、'),
      }),
    );
  }
  return account;
}
