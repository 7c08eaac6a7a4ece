import * as React from 'react';
import { applyChanges, emptyChangeSet } from '../../core/impression';
import type { IApplyOutcome, IChangeSet } from '../../core/impression';
import type { GraphGateway } from '../../core/graph';

/** What the impression's edit session needs from the view. */
export interface IStagedEditsOptions {
  /** The user (id or UPN) the view shows; another one starts afresh. */
  user: string | undefined;
  /** The user's id once the directory names it: the set is stamped with it. */
  userId: string | undefined;
  /** Tells the app whether changes are pending (it then asks before leaving). */
  onDirtyChange?: (dirty: boolean) => void;
  /** Tells the app that Finish applied at least one change to the directory. */
  onApplied?: () => void;
  /** Reads the directory again, after Finish applied something. */
  onReload: () => void;
}

/** The staged changes of one impression, and the Edit, Finish and Cancel that act on them. */
export interface IStagedEdits {
  changes: IChangeSet;
  /** Stages or drops an edit (each edit returns a new set). */
  setChanges: React.Dispatch<React.SetStateAction<IChangeSet>>;
  /** Whether changes are pending. */
  dirty: boolean;
  /** Whether the cards take edits. */
  editing: boolean;
  /** Starts editing (the Edit command). */
  edit: () => void;
  /** Whether Finish is sending the set. */
  applying: boolean;
  /** What the last Finish did, until dismissed or another user is shown. */
  outcome: IApplyOutcome | undefined;
  dismissOutcome: () => void;
  /** Sends the set; failures stay staged with their markers, so nothing typed is lost. */
  finish: () => Promise<void>;
  /** Drops the set and stops editing. */
  cancel: () => void;
}

/**
 * The edit session of the impression view: kept apart from the view so the view only lays out, and held in
 * React state because it is the viewer's unsent work, which no other view or the CLI shares.
 */
export function useStagedEdits(gateway: GraphGateway, { user, userId, onDirtyChange, onApplied, onReload }: IStagedEditsOptions): IStagedEdits {
  const [changes, setChanges] = React.useState<IChangeSet>(emptyChangeSet(''));
  const [editing, setEditing] = React.useState(false);
  const [applying, setApplying] = React.useState(false);
  const [outcome, setOutcome] = React.useState<IApplyOutcome | undefined>(undefined);

  // Another user (or none, or the same one picked again after "Another user") starts afresh: the pending
  // changes were discarded when the viewer chose to leave them.
  React.useEffect(() => {
    setChanges(emptyChangeSet(''));
    setEditing(false);
    setOutcome(undefined);
  }, [user]);
  // The set is stamped with the user's id once the directory names it; the same user read again after
  // Finish (or after a failed reload) keeps its set.
  React.useEffect(() => {
    if (userId !== undefined) setChanges(c => (c.userId === userId ? c : emptyChangeSet(userId)));
  }, [userId, user]);
  const dirty = changes.changes.length > 0;
  React.useEffect(() => { onDirtyChange?.(dirty); }, [dirty, onDirtyChange]);
  React.useEffect(() => {
    if (!dirty) return undefined;
    const warn = (e: BeforeUnloadEvent): void => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const finish = async (): Promise<void> => {
    setApplying(true);
    try {
      const out = await applyChanges(gateway, changes);
      setOutcome(out);
      setChanges(out.remaining); // failures keep their markers; nothing typed is lost
      if (out.results.some(r => r.ok)) {
        onReload();
        onApplied?.();
      }
      if (out.remaining.changes.length === 0) setEditing(false);
    } finally {
      setApplying(false);
    }
  };
  const cancel = (): void => {
    setChanges(emptyChangeSet(userId ?? ''));
    setEditing(false);
  };

  return {
    changes, setChanges, dirty, editing, edit: () => setEditing(true), applying, outcome, dismissOutcome: () => setOutcome(undefined), finish, cancel
  };
}
