/** A small argument parser for the CLI's contract: commands, `--flag value` / `--flag=value`, switches. */
import { UsageError } from './errors';

/** The commands. */
export type CommandName = 'users' | 'impression' | 'joiners' | 'leavers' | 'offboard' | 'licences' | 'snapshot' | 'history' | 'dashboard' | 'report' | 'reports' | 'publish' | 'login' | 'logout' | 'schedule';
export const COMMANDS: readonly CommandName[] = ['users', 'impression', 'joiners', 'leavers', 'offboard', 'licences', 'snapshot', 'history', 'dashboard', 'report', 'reports', 'publish', 'login', 'logout', 'schedule'];

/** Flags every command takes; `true` marks a switch (no value). */
const COMMON: Record<string, boolean> = { 'graph-url': false, token: false, demo: true, json: true, quiet: true, verbose: true, help: true, log: false };

/** Flags per command (value flags). */
const PER_COMMAND: Record<CommandName, readonly string[]> = {
  users: ['out', 'licensed', 'mfa', 'inactive-days', 'guests', 'columns', 'cache'],
  impression: ['user', 'out', 'period'],
  joiners: ['days', 'out'],
  leavers: ['days', 'out'],
  offboard: ['user', 'steps', 'except', 'out'],
  licences: ['prices', 'out'],
  snapshot: ['site', 'to'],
  history: ['site', 'file', 'from', 'to', 'out'],
  dashboard: ['site', 'to'],
  login: ['client-id', 'tenant'],
  logout: [],
  report: ['period', 'date', 'days-back', 'from', 'from-days-back', 'to', 'to-days-back', 'out'],
  reports: [],
  publish: ['site', 'period', 'reports'],
  schedule: ['print']
};

/** Switches per command (no value). */
const PER_COMMAND_SWITCHES: Record<CommandName, readonly string[]> = {
  users: ['clicked', 'compromised', 'repeat-offenders', 'never-simulated', 'training-overdue', 'training-incomplete', 'mfa-not-enforced'],
  impression: [],
  joiners: [],
  leavers: [],
  offboard: ['apply'],
  licences: [],
  snapshot: [],
  history: [],
  dashboard: [],
  login: ['browser', 'allow-unencrypted-cache'],
  logout: [],
  report: [],
  reports: [],
  publish: [],
  schedule: []
};

const ALL_VALUE_FLAGS = new Set<string>(Object.values(PER_COMMAND).flat());
const ALL_SWITCHES = new Set<string>(Object.values(PER_COMMAND_SWITCHES).flat());

/** Positional arguments after the command. */
const POSITIONALS: Record<CommandName, number> = { users: 0, impression: 0, joiners: 0, leavers: 0, offboard: 0, licences: 0, snapshot: 0, history: 0, dashboard: 0, report: 1, reports: 0, publish: 0, login: 0, logout: 0, schedule: Infinity };

/** A parsed command line. */
export interface IParsedArgs {
  /** undefined with `--help` alone. */
  command: CommandName | undefined;
  positionals: string[];
  /** Value flags by name (without dashes). */
  values: Map<string, string>;
  /** Switches given. */
  switches: Set<string>;
}

/** Parse argv (without node and script); throws UsageError on anything outside the contract. */
export function parseArgs(argv: readonly string[]): IParsedArgs {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const words: string[] = [];
  const given: string[] = [];
  const addValue = (name: string, value: string | undefined): void => {
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value.`);
    // offboard takes several people: `--user a --user b` is `--user a,b` (a UPN holds no comma).
    if (values.has(name) && name === 'user' && words[0]?.toLowerCase() === 'offboard') {
      values.set(name, `${values.get(name) ?? ''},${value}`);
      return;
    }
    if (values.has(name)) throw new UsageError(`--${name} is given twice.`);
    values.set(name, value);
  };
  let flagsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (flagsDone || !arg.startsWith('-') || arg === '-') {
      words.push(arg);
      // `schedule [--print <kind>] <command line>`: what follows its own flags is another command, taken as is.
      if (words.length === 1 && arg.toLowerCase() === 'schedule') {
        const rest = argv.slice(i + 1);
        while (rest.length && /^--print(=|$)|^--help$|^-h$/i.test(rest[0] ?? '')) {
          const flag = rest.shift() ?? '';
          if (/^(-h|--help)$/i.test(flag)) switches.add('help');
          else if (flag.includes('=')) addValue('print', flag.slice(flag.indexOf('=') + 1));
          else addValue('print', rest.shift());
          given.push(flag === '-h' ? 'help' : flag.slice(2).split('=')[0]?.toLowerCase() ?? '');
        }
        if (rest[0] === '--') rest.shift();
        words.push(...rest);
        break;
      }
      continue;
    }
    if (arg === '--') {
      flagsDone = true;
      continue;
    }
    if (arg === '-h') {
      switches.add('help');
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.`);
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)).toLowerCase();
    if (!name || !(name in COMMON || ALL_VALUE_FLAGS.has(name) || ALL_SWITCHES.has(name))) throw new UsageError(`Unknown option ${eq > 0 ? arg.slice(0, eq) : arg}.`);
    given.push(name);
    if (COMMON[name] === true || ALL_SWITCHES.has(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value.`);
      switches.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    addValue(name, value);
  }

  const first = words.shift();
  let command: CommandName | undefined;
  if (first === undefined || first === 'help') {
    if (!switches.has('help') && first !== 'help') throw new UsageError('No command given.');
    switches.add('help');
    command = undefined;
  } else {
    command = COMMANDS.find(c => c === first.toLowerCase());
    if (!command) throw new UsageError(`Unknown command "${first}".`);
  }

  // Every flag must belong to this command (or be common): a typo must not be ignored in a script.
  const perCommand = (c: CommandName): readonly string[] => [...PER_COMMAND[c], ...PER_COMMAND_SWITCHES[c]];
  const allowed = new Set<string>([...Object.keys(COMMON), ...(command ? perCommand(command) : COMMANDS.flatMap(perCommand))]);
  for (const name of given) {
    if (!allowed.has(name)) throw new UsageError(`--${name} does not apply to "${command ?? ''}".`);
  }
  if (command && words.length > POSITIONALS[command]) throw new UsageError(`Unexpected argument "${words[POSITIONALS[command]] ?? ''}".`);
  return { command, positionals: words, values, switches };
}
