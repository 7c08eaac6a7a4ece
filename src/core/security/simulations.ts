/**
 * Attack simulation training per user: the three v1.0 report functions under /reports/security, each a
 * collection paged by @odata.nextLink, keyed by the user's Entra object id. Delegated scope
 * AttackSimulation.Read.All; the tenant needs Microsoft Defender for Office 365 Plan 2 (or Microsoft 365 E5).
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { isRecord } from '../graph/GraphError';

/** userTrainingStatusInfo.trainingStatus, as Graph documents it. */
export type TrainingStatus = 'unknown' | 'assigned' | 'inProgress' | 'completed' | 'overdue' | 'unknownFutureValue';

/** One user's simulation coverage (attackSimulationSimulationUserCoverage). */
export interface ISimulationFigures {
  simulationCount: number;
  clickCount: number;
  compromisedCount: number;
  latestSimulationDateTime: string | null;
}

/** One training assigned to a user (userTrainingStatusInfo). */
export interface ITraining {
  displayName: string;
  assignedDateTime: string | null;
  completionDateTime: string | null;
  status: TrainingStatus;
}

/** One user's trainings, counted. `assigned` counts every training; `notCompleted` = assigned - completed. */
export interface ITrainingSummary {
  assigned: number;
  completed: number;
  inProgress: number;
  overdue: number;
  notCompleted: number;
  trainings: ITraining[];
}

/** Per user id (lower-case GUID); users not in the coverage report are absent (never simulated / no training). */
export interface ISecurityTrainingIndex {
  simulations: Map<string, ISimulationFigures>;
  repeatOffences: Map<string, number>;
  trainings: Map<string, ITrainingSummary>;
}

/** The report functions' paths (v1.0). */
export const SIMULATION_COVERAGE_PATH = '/reports/security/getAttackSimulationSimulationUserCoverage';
export const TRAINING_COVERAGE_PATH = '/reports/security/getAttackSimulationTrainingUserCoverage';
export const REPEAT_OFFENDERS_PATH = '/reports/security/getAttackSimulationRepeatOffenders';

const STATUSES: readonly TrainingStatus[] = ['unknown', 'assigned', 'inProgress', 'completed', 'overdue', 'unknownFutureValue'];

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);
const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** The user id of an item's attackSimulationUser, lower-cased (the directory's ids are lower case); undefined without one. */
export function simulationUserId(raw: unknown): string | undefined {
  const user = isRecord(raw) && isRecord(raw.attackSimulationUser) ? raw.attackSimulationUser : undefined;
  return user && typeof user.userId === 'string' && user.userId ? user.userId.toLowerCase() : undefined;
}

/** One attackSimulationSimulationUserCoverage item as (user id, figures); undefined without a user id. */
export function toSimulationFigures(raw: unknown): [string, ISimulationFigures] | undefined {
  const id = simulationUserId(raw);
  if (!id || !isRecord(raw)) return undefined;
  return [id, {
    simulationCount: count(raw.simulationCount),
    clickCount: count(raw.clickCount),
    compromisedCount: count(raw.compromisedCount),
    latestSimulationDateTime: text(raw.latestSimulationDateTime)
  }];
}

/** One attackSimulationRepeatOffender item as (user id, repeat offences); undefined without a user id. */
export function toRepeatOffence(raw: unknown): [string, number] | undefined {
  const id = simulationUserId(raw);
  return id && isRecord(raw) ? [id, count(raw.repeatOffenceCount)] : undefined;
}

/** A trainingStatus value; anything Graph adds later reads as 'unknown' rather than a status we would miscount. */
export function toTrainingStatus(v: unknown): TrainingStatus {
  return STATUSES.find(s => s === v) ?? 'unknown';
}

/** Count a user's trainings. */
export function summarizeTrainings(trainings: ITraining[]): ITrainingSummary {
  let completed = 0;
  let inProgress = 0;
  let overdue = 0;
  for (const t of trainings) {
    if (t.status === 'completed') completed++;
    else if (t.status === 'inProgress') inProgress++;
    else if (t.status === 'overdue') overdue++;
  }
  return { assigned: trainings.length, completed, inProgress, overdue, notCompleted: trainings.length - completed, trainings };
}

/** One attackSimulationTrainingUserCoverage item as (user id, summary); undefined without a user id. */
export function toTrainingSummary(raw: unknown): [string, ITrainingSummary] | undefined {
  const id = simulationUserId(raw);
  if (!id || !isRecord(raw)) return undefined;
  const trainings: ITraining[] = (Array.isArray(raw.userTrainings) ? raw.userTrainings : []).filter(isRecord).map(t => ({
    displayName: text(t.displayName) ?? 'Untitled training',
    assignedDateTime: text(t.assignedDateTime),
    completionDateTime: text(t.completionDateTime),
    status: toTrainingStatus(t.trainingStatus)
  }));
  return [id, summarizeTrainings(trainings)];
}

/** Read every page of a report function into a map by user id. */
async function readByUser<T>(gateway: GraphGateway, path: string, parse: (raw: unknown) => [string, T] | undefined, signal?: AbortSignal): Promise<Map<string, T>> {
  const map = new Map<string, T>();
  for await (const page of gateway.pages<unknown>(path, { signal })) {
    for (const raw of page) {
      const entry = parse(raw);
      if (entry) map.set(entry[0], entry[1]);
    }
  }
  return map;
}

/** Simulation coverage of every simulated user (GET /reports/security/getAttackSimulationSimulationUserCoverage). */
export function loadSimulationCoverage(gateway: GraphGateway, signal?: AbortSignal): Promise<Map<string, ISimulationFigures>> {
  return readByUser(gateway, SIMULATION_COVERAGE_PATH, toSimulationFigures, signal);
}

/** Repeat offences of every user who fell for more than one simulation (GET .../getAttackSimulationRepeatOffenders). */
export function loadRepeatOffenders(gateway: GraphGateway, signal?: AbortSignal): Promise<Map<string, number>> {
  return readByUser(gateway, REPEAT_OFFENDERS_PATH, toRepeatOffence, signal);
}

/** Assigned trainings of every user who has any (GET .../getAttackSimulationTrainingUserCoverage). */
export function loadTrainingCoverage(gateway: GraphGateway, signal?: AbortSignal): Promise<Map<string, ITrainingSummary>> {
  return readByUser(gateway, TRAINING_COVERAGE_PATH, toTrainingSummary, signal);
}

/**
 * All three reports, side by side. A missing scope or licence refuses all three alike, so one failing
 * rejects the whole join with its error and stops the other two reads.
 */
export async function loadAttackSimulationJoin(gateway: GraphGateway, signal?: AbortSignal): Promise<ISecurityTrainingIndex> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });
  // The first failure stops the other two reads; Promise.all rejects with that failure, not their aborts.
  const guard = <T>(read: Promise<T>): Promise<T> => read.catch((e: unknown) => { stop(); throw e; });
  try {
    const [simulations, repeatOffences, trainings] = await Promise.all([
      guard(loadSimulationCoverage(gateway, controller.signal)),
      guard(loadRepeatOffenders(gateway, controller.signal)),
      guard(loadTrainingCoverage(gateway, controller.signal))
    ]);
    return { simulations, repeatOffences, trainings };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/** A user's training in a few words: "2 of 3 completed, 1 overdue"; undefined (not in the report) -> null. */
export function trainingText(t: ITrainingSummary | undefined): string | null {
  if (!t) return null;
  if (t.assigned === 0) return 'None assigned';
  const base = `${t.completed} of ${t.assigned} completed`;
  return t.overdue > 0 ? `${base}, ${t.overdue} overdue` : base;
}

/** A training's status in words, as the card and the Security sheet show it. */
export const TRAINING_STATUS_LABEL: Record<TrainingStatus, string> = {
  unknown: 'Unknown',
  assigned: 'Assigned',
  inProgress: 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
  unknownFutureValue: 'Unknown'
};

/**
 * Whether the user was never in a simulation (one rule for the Users list's filter and cells and the impression): not in the coverage report, or listed without any (Graph lists a
 * user with null counts and no date, as its own example shows).
 */
export function neverSimulated(simulation: ISimulationFigures | null): boolean {
  return !simulation || (simulation.simulationCount === 0 && !simulation.latestSimulationDateTime);
}
