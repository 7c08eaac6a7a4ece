/**
 * The tenant-wide security reads of one session, shared: the Users list's joins, the readiness tile and
 * every impression ask here, so the three attack simulation reports and the MFA enforcement model (the
 * policies with their groups' and roles' members) are read once, not once per user opened. As in the
 * report store, a read is never cancelled for everyone because one asker left; an asker's own signal only
 * stops its wait. A failed read is not kept: the next ask (a Try again) reads again.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { abortError } from '../graph/abort';
import { loadAttackSimulationJoin } from './simulations';
import type { ISecurityTrainingIndex } from './simulations';
import { loadMfaEnforcement } from './loadEnforcement';
import type { IEnforcementModel } from './enforcement';

/** Wait for a shared read, or stop waiting (not the read) when `signal` aborts. */
function waitFor<T>(read: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return read;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => reject(abortError());
    signal.addEventListener('abort', stop, { once: true });
    read.then(
      value => { signal.removeEventListener('abort', stop); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', stop); reject(error); }
    );
  });
}

/** One session's attack simulation and MFA enforcement reads. */
export class SecurityReads {
  private attack: Promise<ISecurityTrainingIndex> | undefined;
  private enforcement: Promise<IEnforcementModel> | undefined;
  /** Reads that reached Graph (not answered from this session's memory), for tests and benchmarks. */
  public readonly stats = { attackSimulation: 0, mfaEnforcement: 0 };

  public constructor(private readonly gateway: GraphGateway) {}

  /** The three attack simulation reports, indexed by user id. */
  public attackSimulation(signal?: AbortSignal): Promise<ISecurityTrainingIndex> {
    if (!this.attack) {
      this.stats.attackSimulation++;
      const read = loadAttackSimulationJoin(this.gateway);
      this.attack = read;
      read.catch(() => { if (this.attack === read) this.attack = undefined; });
    }
    return waitFor(this.attack, signal);
  }

  /** Security defaults and the Conditional Access policies with the members of the groups and roles they name. */
  public mfaEnforcement(signal?: AbortSignal): Promise<IEnforcementModel> {
    if (!this.enforcement) {
      this.stats.mfaEnforcement++;
      const read = loadMfaEnforcement(this.gateway);
      this.enforcement = read;
      read.catch(() => { if (this.enforcement === read) this.enforcement = undefined; });
    }
    return waitFor(this.enforcement, signal);
  }

  /** Forget both ("Clear cached data"): the next ask reads again. */
  public forget(): void {
    this.attack = undefined;
    this.enforcement = undefined;
  }

  /** The directory changed (an impression's Finish): a group or role a policy names may have, so enforcement is read again. */
  public forgetEnforcement(): void {
    this.enforcement = undefined;
  }
}
