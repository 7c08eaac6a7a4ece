/**
 * The `m365-impressions` shell: parse, run one command over the core, print a summary, map failures to
 * the exit codes of the contract. Node lives here and in the files beside it, never in src/core.
 */
import type { SectionTopic } from '../core/graph';
import { parseArgs } from './args';
import type { CommandName, IParsedArgs } from './args';
import type { IConnection } from './connect';
import type { ICommandContext, ICommandResult } from './context';
import { CliError, EXIT, describeError, exitCodeOf, redact } from './errors';
import { Progress, announceReportWaits } from './progress';
import type { IReportWaitSource, ITextStream } from './progress';
import type { ISignInDeps } from './signin';
import { USAGE } from './usage';
import { RunLog, loggedArgs, logPathOf } from './log';

/** What the shell needs from its process. */
export interface ICliIo {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: ITextStream;
  stderr: ITextStream;
  stdinIsTTY: boolean;
  cwd: string;
  now?: () => Date;
  /** The saved sign-in's folder, secret store and credentials (tests: fakes); unset: the machine's. */
  signIn?: ISignInDeps;
}

// Loaded on demand: `reports` and usage errors start without the Graph client or SheetJS.
const COMMANDS: Record<CommandName, () => Promise<(ctx: ICommandContext) => Promise<ICommandResult>>> = {
  users: async () => (await import('./commands/users')).usersCommand,
  impression: async () => (await import('./commands/impression')).impressionCommand,
  joiners: async () => (await import('./commands/lifecycle')).joinersCommand,
  leavers: async () => (await import('./commands/lifecycle')).leaversCommand,
  offboard: async () => (await import('./commands/offboard')).offboardCommand,
  licences: async () => (await import('./commands/licences')).licencesCommand,
  snapshot: async () => (await import('./commands/history')).snapshotCommand,
  history: async () => (await import('./commands/history')).historyCommand,
  dashboard: async () => (await import('./commands/dashboard')).dashboardCommand,
  report: async () => (await import('./commands/report')).reportCommand,
  schedule: async () => (await import('./commands/schedule')).scheduleCommand,
  reports: async () => (await import('./commands/reports')).reportsCommand,
  publish: async () => (await import('./commands/publish')).publishCommand,
  login: async () => (await import('./commands/login')).loginCommand,
  logout: async () => (await import('./commands/login')).logoutCommand
};

/** Run the CLI once; resolves to the exit code (never rejects). */
export async function run(io: ICliIo): Promise<number> {
  const started = Date.now();
  const wants = (flag: string): boolean => io.argv.includes(`--${flag}`);
  // Known before parsing, so even a usage error honours them.
  const json = wants('json');
  const verbose = wants('verbose');
  const progress = new Progress(io.stderr, wants('quiet'));
  let parsed: IParsedArgs | undefined;
  let connection: IConnection | undefined;
  const topic: { current: SectionTopic } = { current: 'users' };
  const secrets: string[] = [];
  // --log: the run as JSON lines, redacted as stderr is (the same secrets, as they become known).
  const clock = io.now ?? ((): Date => new Date());
  let log: RunLog | undefined;
  const openLog = (value: string | undefined, command: string | null): void => {
    log = RunLog.open(value, io.cwd, clock, secrets, message => progress.error(`m365-impressions: ${message}`));
    progress.listener = (kind, text) => log?.write({ event: kind, text });
    log?.write({ event: 'start', command, args: loggedArgs(io.argv) });
  };
  const summary = (fields: Record<string, unknown>): void => {
    if (json) io.stdout.write(redact(JSON.stringify({ command: parsed?.command ?? null, ...fields }), secrets) + '\n');
  };

  try {
    parsed = parseArgs(io.argv);
    const args = parsed;
    // The token passed on the command line must not come back in any message.
    const flagToken = args.values.get('token');
    if (flagToken) secrets.push(flagToken);
    if (io.env.GRAPH_TOKEN) secrets.push(io.env.GRAPH_TOKEN);
    if (io.env.SHAREPOINT_TOKEN) secrets.push(io.env.SHAREPOINT_TOKEN);
    if (io.env.AZURE_CLIENT_SECRET) secrets.push(io.env.AZURE_CLIENT_SECRET);
    progress.secrets = secrets;
    openLog(args.values.get('log'), args.command ?? null);
    if (args.switches.has('help') || !args.command) {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    const command = args.command;
    const now = io.now ?? ((): Date => new Date());
    const watchReports = (store: IReportWaitSource & Parameters<RunLog['followReports']>[0]): void => {
      announceReportWaits(store, progress);
      log?.followReports(store);
    };
    const ctx: ICommandContext = {
      args,
      cwd: io.cwd,
      today: now().toISOString().slice(0, 10),
      now,
      progress,
      json,
      stdout: text => io.stdout.write(text),
      env: io.env,
      signIn: io.signIn,
      topic,
      watchReports,
      connect: async () => {
        const { connect } = await import('./connect');
        connection = await connect({
          graphUrl: args.values.get('graph-url'),
          token: flagToken,
          demo: args.switches.has('demo'),
          env: io.env,
          stdinIsTTY: io.stdinIsTTY,
          prompt: text => progress.error(text),
          watch: log?.watch,
          signIn: io.signIn,
          clock: () => now().getTime(),
          onDemo: (url, users) => progress.step(`Demo tenant (Graph simulator) at ${url} with ${users} users`)
        });
        for (const s of connection.auth.secrets) if (!secrets.includes(s)) secrets.push(s);
        watchReports(connection.reports);
        if (verbose) progress.step(`Signed in with ${args.switches.has('demo') ? 'the demo token' : connection.auth.kind}; Graph at ${connection.graphUrl}`);
        return connection;
      }
    };
    const result = await (await COMMANDS[command]())(ctx);
    // A command that finished only in part (publish) says so with its own code, keeping what it did.
    const code = result.exitCode ?? EXIT.ok;
    const failed = code !== EXIT.ok ? { exitCode: code, error: result.error ?? 'Done in part.' } : {};
    if (failed.error !== undefined) progress.error(`m365-impressions: ${failed.error}`);
    log?.write({ event: 'result', ok: code === EXIT.ok, ...failed, output: result.output ?? null, rows: result.rows ?? 0, requests: result.requests ?? 0, warnings: result.warnings.length, seconds: Math.round((Date.now() - started) / 10) / 100 });
    if (!result.printed) {
      summary({
        ok: code === EXIT.ok,
        ...failed,
        output: result.output ?? null,
        rows: result.rows ?? 0,
        sheets: result.sheets ?? [],
        requests: result.requests ?? 0,
        seconds: Math.round((Date.now() - started) / 10) / 100,
        warnings: result.warnings,
        ...result.details
      });
    }
    return code;
  } catch (e) {
    // A credential that failed inside a request looks like a network failure to the graph client.
    const failure = connection?.auth.failure ?? e;
    const code = exitCodeOf(failure);
    const line = describeError(failure, topic.current);
    progress.error(`m365-impressions: ${line}`);
    if (failure instanceof CliError && failure.showUsage) progress.raw(`\n${USAGE}`);
    if (verbose && failure instanceof Error && failure.stack) progress.raw(redact(failure.stack, secrets) + '\n');
    summary({ ok: false, exitCode: code, error: line, seconds: Math.round((Date.now() - started) / 10) / 100 });
    if (!log) {
      // A usage error came before the log was opened: it is logged all the same (a scheduled run's typo shows there).
      try {
        openLog(logPathOf(io.argv), parsed?.command ?? null);
      } catch {
        // the log itself is what failed; stderr said so
      }
    }
    log?.write({ event: 'result', ok: false, exitCode: code, error: line, seconds: Math.round((Date.now() - started) / 10) / 100 });
    return code;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
