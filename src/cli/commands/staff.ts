/**
 * `guanbot staff add|list|role|department|disable|enable|passwd`: web console
 * accounts with their role (管理员, 编辑, 经办人, 只读) and department.
 * Passwords are typed twice on a TTY (no echo) or piped with --password-stdin.
 */
import type { Command } from 'commander';
import type { Role } from '../../channels/web/staff/roles.ts';
import { messages } from '../../messages/index.ts';
import { CliError } from '../errors.ts';
import type { StaffStore } from '../../channels/web/staff/index.ts';

const t = messages('web');

/** Chinese role names by code (web.yaml `staff.roles`). */
const roleLabels = (): Record<Role, string> => ({ admin: t('staff.roles.admin'), editor: t('staff.roles.editor'), handler: t('staff.roles.handler'), viewer: t('staff.roles.viewer') });

/** The role typed after --role (管理员 or admin), refused clearly when unknown. */
async function roleOf(text: string): Promise<Role> {
  const { parseRole } = await import('../../channels/web/staff/roles.ts');
  const role = parseRole(text, roleLabels());
  if (!role) throw new CliError(t('staff.rule.badRole'));
  return role;
}

/** The staff store (argon2, SQLite), imported when a command runs. */
const loadStaff = () => import('../../channels/web/staff/index.ts');

async function readNewPassword(fromStdin: boolean): Promise<string> {
  const [{ MIN_PASSWORD_LENGTH }, { promptHidden, readFirstLine }] = await Promise.all([loadStaff(), import('../../channels/web/cli/read-password.ts')]);
  if (fromStdin) return readFirstLine();
  if (!process.stdin.isTTY) throw new CliError(t('staff.cli.needTty'));
  const first = await promptHidden(t('staff.cli.passwordPrompt', { min: MIN_PASSWORD_LENGTH }));
  const second = await promptHidden(t('staff.cli.passwordAgain'));
  if (first !== second) throw new CliError(t('staff.cli.mismatch'));
  return first;
}

async function withStore<T>(fn: (store: StaffStore) => Promise<T> | T): Promise<T> {
  const [{ openStaffStore, AccountRuleError, MIN_PASSWORD_LENGTH }, { loadConfig }] = await Promise.all([loadStaff(), import('../../config.ts')]);
  const store = openStaffStore(loadConfig().dbPath);
  return Promise.resolve()
    .then(() => fn(store))
    .catch((err) => {
      if (err instanceof AccountRuleError) throw new CliError(t(`staff.rule.${err.rule}`, { min: MIN_PASSWORD_LENGTH }));
      throw err;
    })
    .finally(() => store.close());
}

export function register(program: Command): void {
  const staff = program.command('staff').description(t('staff.cli.description'));

  staff
    .command('add <name>')
    .description(t('staff.cli.addDescription'))
    .option('--role <role>', t('staff.cli.roleOption'))
    .option('--department <department>', t('staff.cli.departmentOption'))
    .option('--password-stdin', t('staff.cli.passwordStdinOption'))
    .action(async (name: string, opts: { passwordStdin?: boolean; role?: string; department?: string }) => {
      const chosen = opts.role === undefined ? undefined : await roleOf(opts.role);
      // Without --role: the first account of a county administers it; later ones get the desk only (经办人).
      const role: Role = chosen ?? (await withStore((store) => (store.accounts.list().length === 0 ? 'admin' : 'handler')));
      const password = await readNewPassword(!!opts.passwordStdin);
      const account = await withStore(async (store) => {
        const added = await store.accounts.add(name, password, { role, department: opts.department });
        store.audit.record('cli', 'staff.add', { target: name, detail: { role: t(`staff.roles.${role}`), department: added.department } });
        return added;
      });
      const department = account.department ? t('staff.cli.departmentSuffix', { department: account.department }) : '';
      process.stdout.write(`${t('staff.cli.addedWithRole', { name, role: t(`staff.roles.${role}`), department })}\n`);
    });

  staff
    .command('role <name> <role>')
    .description(t('staff.cli.roleDescription'))
    .action(async (name: string, roleText: string) => {
      const role = await roleOf(roleText);
      await withStore((store) => {
        store.accounts.setRole(name, role);
        store.audit.record('cli', 'staff.role', { target: name, detail: { role: t(`staff.roles.${role}`) } });
      });
      process.stdout.write(`${t('staff.cli.roleChanged', { name, role: t(`staff.roles.${role}`), summary: t(`staff.roleSummary.${role}`) })}\n`);
    });

  staff
    .command('department <name> [department]')
    .description(t('staff.cli.departmentDescription'))
    .action((name: string, department: string | undefined) =>
      withStore((store) => {
        const account = store.accounts.setDepartment(name, department ?? null);
        store.audit.record('cli', 'staff.department', { target: name, detail: { department: account.department ?? t('staff.cli.noDepartment') } });
        process.stdout.write(`${account.department ? t('staff.cli.departmentChanged', { name, department: account.department }) : t('staff.cli.departmentCleared', { name })}\n`);
      }),
    );

  staff
    .command('passwd <name>')
    .description(t('staff.cli.passwdDescription'))
    .option('--password-stdin', t('staff.cli.passwordStdinOption'))
    .action(async (name: string, opts: { passwordStdin?: boolean }) => {
      const password = await readNewPassword(!!opts.passwordStdin);
      // Every session of the account ends with the old password.
      const { sessionsEnded } = await withStore(async (store) => {
        const change = await store.accounts.setPassword(name, password);
        store.audit.record('cli', 'staff.passwd', { target: name, detail: { sessionsEnded: change.sessionsEnded } });
        return change;
      });
      process.stdout.write(`${t('staff.cli.passwordChanged', { name, sessions: sessionsEnded })}\n`);
    });

  staff
    .command('list')
    .description(t('staff.cli.listDescription'))
    .action(() =>
      withStore((store) => {
        const accounts = store.accounts.list();
        if (accounts.length === 0) {
          process.stdout.write(`${t('staff.cli.none')}\n`);
          return;
        }
        process.stdout.write(`${t('staff.cli.listHeader')}\n`);
        for (const a of accounts) {
          const state = a.disabled
            ? t('staff.cli.stateDisabled')
            : a.throttledAddresses > 0
              ? t('staff.cli.stateThrottled', { count: a.throttledAddresses })
              : t('staff.cli.stateActive');
          const row = {
            name: a.name,
            state,
            role: t(`staff.roles.${a.role}`),
            department: a.department ?? t('staff.cli.noDepartment'),
            created: a.createdAt.slice(0, 10),
            lastLogin: a.lastLoginAt?.slice(0, 16).replace('T', ' ') ?? t('staff.cli.never'),
          };
          process.stdout.write(`${t('staff.cli.listRow', row)}\n`);
        }
      }),
    );

  staff
    .command('disable <name>')
    .description(t('staff.cli.disableDescription'))
    .action((name: string) =>
      withStore((store) => {
        if (!store.accounts.disable(name)) throw new CliError(t('staff.rule.unknown'));
        store.audit.record('cli', 'staff.disable', { target: name });
        process.stdout.write(`${t('staff.cli.disabled', { name })}\n`);
      }),
    );

  staff
    .command('enable <name>')
    .description(t('staff.cli.enableDescription'))
    .action((name: string) =>
      withStore((store) => {
        if (!store.accounts.enable(name)) throw new CliError(t('staff.rule.unknown'));
        store.audit.record('cli', 'staff.enable', { target: name });
        process.stdout.write(`${t('staff.cli.enabled', { name })}\n`);
      }),
    );
}
