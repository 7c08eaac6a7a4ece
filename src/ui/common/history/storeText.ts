/** The history's states in words an admin can act on. */
import { StoreError } from '../../../core/history';
import type { IStoreLocation } from '../../../core/history';

/** Said where the history would be drawn and there is none yet. */
export const NO_HISTORY_YET = 'No history yet: the first snapshot is taken today.';

/** Where the history lives, in words ("in the list M365 Impressions history of https://…"). */
export function whereText(location: IStoreLocation | undefined): string {
  if (!location) return '';
  switch (location.kind) {
    case 'file': return `in the file ${location.where}`;
    case 'demo': return `in the demo tenant's SharePoint (${location.where})`;
    default: return `in the list "M365 Impressions history" of ${location.where}`;
  }
}

/** Whether a store failure means only that nothing was kept yet (the list is created on the first write). */
export function isNoHistoryYet(error: unknown): boolean {
  return error instanceof StoreError && error.kind === 'notFound';
}

/** Why the history could not be read, in words. */
export function readFailureText(error: unknown): string {
  if (error instanceof StoreError) {
    switch (error.kind) {
      case 'unreachable': return 'The history could not be reached (the site did not answer). Try again later.';
      case 'damaged': return `The history list holds data this version cannot read: ${error.message}`;
      case 'readOnly':
      case 'cannotCreate':
        return `You may not read the history: ${error.message}`;
      default: return error.message;
    }
  }
  return `The history could not be read: ${error instanceof Error ? error.message : String(error)}`;
}

/** Why the store refused today's snapshot, as the end of a sentence ("you may read the history but not add to it …"). */
export function refusalReason(error: unknown): string {
  if (error instanceof StoreError) {
    switch (error.kind) {
      case 'readOnly': return 'you may read the history but not add to it (a site member or owner may).';
      case 'cannotCreate': return "the history list does not exist yet and you may not create lists in this site (a site owner's first visit creates it).";
      case 'unreachable': return 'the site that keeps the history did not answer.';
      default: return error.message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/** Why today's snapshot was not kept, said once and quietly (the views work on without it). */
export function writeFailureText(error: unknown): string {
  return `Today's snapshot of tenant figures was not kept: ${refusalReason(error)}`;
}

/**
 * Said where the history would be drawn when there is none and today's snapshot was refused: no history is kept
 * yet, why, and where it would be kept (never "the first snapshot is taken today", which the refusal contradicts).
 */
export function noHistoryRefusedText(reason: string, location: IStoreLocation | undefined): string {
  const where = whereText(location);
  return `No history is kept yet: ${reason}${where ? ` It would be kept ${where}.` : ''}`;
}
