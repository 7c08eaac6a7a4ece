import * as React from 'react';
import type { ISheetSpec } from '../../../core/export';
import { applyPlan, mergeOutcomes, retryFailed, toggleStep } from '../../../core/plans';
import type { IBulkOutcome, IBulkPlan, IOffboardScript, StepResult } from '../../../core/plans';
import { exportWorkbook } from '../exportWorkbook';
import { PlanScriptDialog } from './PlanScriptDialog';
import { useServices } from '../services';

/** What a view hands the plan panel: how to read the plan, and what Finish's record and script are. */
export interface IPlanSource {
  /** The panel's title ("Offboard Ann Lee", "Set up Sam like Ann"). */
  title: string;
  /** Reads what each person holds and builds the plan; nothing is written. */
  load: (signal: AbortSignal) => Promise<IBulkPlan>;
  /** The record workbook of a Finish (sheets and file name), offered once it has run. */
  exportRecord?: (plan: IBulkPlan, outcome: IBulkOutcome) => { sheets: ISheetSpec[]; fileName: string };
  /** Turns the plan's Intune device steps into retires or wipes (offboarding); absent: no such choice. */
  deviceAction?: (plan: IBulkPlan, action: 'retire' | 'wipe') => IBulkPlan;
  /** The same plan as an unattended script, and what it writes. */
  script?: (plan: IBulkPlan) => IOffboardScript;
}

/** Where the panel is: reading, failed to read, in review, applying, or done (with what is left to try again). */
export type PlanRunState =
  | { phase: 'loading' }
  | { phase: 'error'; error: unknown }
  | { phase: 'review'; plan: IBulkPlan }
  | { phase: 'applying'; plan: IBulkPlan; progress: ReadonlyMap<string, StepResult> }
  | { phase: 'done'; plan: IBulkPlan; outcome: IBulkOutcome; retry?: IBulkPlan };

/** The panel's state and actions. */
export interface IPlanRun {
  state: PlanRunState;
  notice?: string;
  clearNotice: () => void;
  reload: () => void;
  toggle: (key: string) => void;
  /** Retire or wipe the plan's Intune devices (offered when the source can). */
  setDevices?: (action: 'retire' | 'wipe') => void;
  finish: () => void;
  tryAgain: () => void;
  stop: () => void;
  exportRecord: () => Promise<void>;
  showScript: () => void;
  scriptDialog: React.ReactNode;
}

/** Reads, edits and applies one plan; a run stopped or unmounted stops sending and keeps what was answered. */
export function usePlanRun(source: IPlanSource, onApplied?: () => void): IPlanRun {
  const { gateway, scopes, signedIn } = useServices();
  const [state, setState] = React.useState<PlanRunState>({ phase: 'loading' });
  const [notice, setNotice] = React.useState<string | undefined>(undefined);
  const [script, setScript] = React.useState(false);
  const [attempt, setAttempt] = React.useState(0);
  const running = React.useRef<AbortController | undefined>(undefined);
  React.useEffect(() => {
    const ac = new AbortController();
    setState({ phase: 'loading' });
    source.load(ac.signal).then(plan => !ac.signal.aborted && setState({ phase: 'review', plan }), error => !ac.signal.aborted && setState({ phase: 'error', error }));
    return () => ac.abort();
  }, [source, attempt]);
  React.useEffect(() => () => running.current?.abort(), []);

  const apply = (plan: IBulkPlan, shown: IBulkPlan, earlier?: IBulkOutcome): void => {
    const ac = new AbortController();
    running.current = ac;
    setState({ phase: 'applying', plan: shown, progress: earlier?.results ?? new Map() });
    const onProgress = (_: unknown, results: ReadonlyMap<string, StepResult>): void => {
      if (!ac.signal.aborted) setState({ phase: 'applying', plan: shown, progress: earlier ? mergeOutcomes(earlier, { results, requests: 0, startedAt: '', finishedAt: '' }).results : results });
    };
    applyPlan(gateway, plan, { signal: ac.signal, onProgress, scopes, by: signedIn?.name }).then(outcome => {
      const all = earlier ? mergeOutcomes(earlier, outcome) : outcome;
      const retry = retryFailed(shown, all);
      if ([...outcome.results.values()].some(r => r.status === 'done')) onApplied?.();
      setState({ phase: 'done', plan: shown, outcome: all, retry: retry.steps.length ? retry : undefined });
    }, e => setNotice(`Finish stopped: ${e instanceof Error ? e.message : String(e)}`));
  };

  const exportRecord = async (): Promise<void> => {
    if (state.phase !== 'done' || !source.exportRecord) return;
    const { sheets, fileName } = source.exportRecord(state.plan, state.outcome);
    try {
      await exportWorkbook(sheets, fileName);
    } catch (e) {
      setNotice(`The export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const scripted = script && 'plan' in state && source.script ? source.script(state.plan) : undefined;
  return {
    state,
    notice,
    clearNotice: () => setNotice(undefined),
    reload: () => setAttempt(a => a + 1),
    toggle: key => state.phase === 'review' && setState({ phase: 'review', plan: toggleStep(state.plan, key) }),
    setDevices: source.deviceAction
      ? action => { if (state.phase === 'review' && source.deviceAction) setState({ phase: 'review', plan: source.deviceAction(state.plan, action) }); }
      : undefined,
    finish: () => state.phase === 'review' && apply(state.plan, state.plan),
    tryAgain: () => state.phase === 'done' && state.retry && apply(state.retry, state.plan, state.outcome),
    stop: () => running.current?.abort(),
    exportRecord,
    showScript: () => setScript(true),
    scriptDialog: scripted ? <PlanScriptDialog script={scripted} onDismiss={() => setScript(false)} /> : null
  };
}
