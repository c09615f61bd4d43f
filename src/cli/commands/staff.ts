/**
 * `guanbot staff add|list|disable|enable|passwd`: web console accounts.
 * Passwords are typed twice on a TTY (no echo) or piped with --password-stdin.
 */
import type { Command } from 'commander';
import { messages } from '../../messages/index.ts';
import { CliError } from '../errors.ts';
import type { StaffStore } from '../../channels/web/staff/index.ts';

const t = messages('web');

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
    .option('--password-stdin', t('staff.cli.passwordStdinOption'))
    .action(async (name: string, opts: { passwordStdin?: boolean }) => {
      const password = await readNewPassword(!!opts.passwordStdin);
      await withStore(async (store) => {
        await store.accounts.add(name, password);
        store.audit.record('cli', 'staff.add', { target: name });
      });
      process.stdout.write(`${t('staff.cli.added', { name })}\n`);
    });

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
        for (const a of accounts) {
          const state = a.disabled
            ? t('staff.cli.stateDisabled')
            : a.throttledAddresses > 0
              ? t('staff.cli.stateThrottled', { count: a.throttledAddresses })
              : t('staff.cli.stateActive');
          process.stdout.write(`${t('staff.cli.listLine', { name: a.name, state, created: a.createdAt.slice(0, 10), lastLogin: a.lastLoginAt?.slice(0, 16).replace('T', ' ') ?? t('staff.cli.never') })}\n`);
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
