/** What every command gets from the shell, and what it hands back for the --json summary. */
import type { SectionTopic } from '../core/graph';
import type { IParsedArgs } from './args';
import type { ReportStore } from '../core/reports';
import type { IConnection } from './connect';
import type { Progress } from './progress';
import type { ISignInDeps } from './signin';

/** The shell's side of a command run. */
export interface ICommandContext {
  args: IParsedArgs;
  /** Working directory, for relative --out paths. */
  cwd: string;
  /**
   * UTC today as YYYY-MM-DD, for `--date` and activity ages: report days are Graph's UTC days, so the
   * 30-day window counts from today in UTC wherever the machine is (a local day would let UTC-11 ask for
   * a day Graph has already dropped, and UTC+14 for one that has not begun in UTC).
   */
  today: string;
  /** The clock (ICliIo.now, else the machine's): the instant a workbook says it was generated. */
  now: () => Date;
  progress: Progress;
  /** Whether --json was given (the summary replaces nothing on stdout but the command's own output). */
  json: boolean;
  /** Writes to stdout. */
  stdout: (text: string) => void;
  /** The process environment (AZURE_*, the config folder of `login`). */
  env: Record<string, string | undefined>;
  /** The saved sign-in's folder, secret store and credentials (tests: fakes); unset: the machine's. */
  signIn?: ISignInDeps;
  /** Sign in (or start the demo tenant); call it only after every flag is checked. */
  connect: () => Promise<IConnection>;
  /** What a Graph failure is about now, so the error line names the right scope or role. */
  topic: { current: SectionTopic };
  /**
   * Follow another report store of this run as the connection's is followed: its waits for Graph's report
   * limit said on stderr and written to --log (publish reads through a store of its own).
   */
  watchReports: (store: ReportStore) => void;
}

/** The result of a command, for the summary line. */
export interface ICommandResult {
  /** Absolute path of the file written. */
  output?: string;
  rows?: number;
  sheets?: string[];
  requests?: number;
  warnings: string[];
  /** The command printed its own stdout (reports): no summary line. */
  printed?: boolean;
  /**
   * A run that finished but not wholly (publish: some reports not published, those that were kept): the exit
   * code (EXIT.partial, or the failure's own when nothing was done) and the error line saying so.
   */
  exitCode?: number;
  error?: string;
  /** More fields for the --json summary (publish: `reports`, one per read). */
  details?: Record<string, unknown>;
}
