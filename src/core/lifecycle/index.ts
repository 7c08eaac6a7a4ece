/** The way into core/lifecycle. */
export type { IRemains, LeaverReason, LifecycleWindow } from './types';
