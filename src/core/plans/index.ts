/** The way into core/plans. */
export type { IBulkOutcome, IBulkPlan, IPlanStep, StepKind, StepMarker, StepResult } from './types';
