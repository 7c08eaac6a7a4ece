import * as React from 'react';
import { Persona, PersonaSize } from '@fluentui/react/lib/Persona';
import { Link } from '@fluentui/react/lib/Link';
import type { IJoinSources, IUserRow, IUserColumn, PhotoLoader } from '../../core/directory';
import { JOINED_SOURCES, deviceCountsProblem, joinStateOf } from '../../core/directory';
import { neverSimulated } from '../../core/security';
import { ACTIVITY_CONCEALED } from '../../core/reports';
import { explainError } from '../../core/graph';

/** The photo loader of the list (one per view, batching the visible rows' photos). */
export const PhotoContext = React.createContext<PhotoLoader | undefined>(undefined);

/** The 24 px persona is taller than a text line: pulled up by the difference, the name lines up with the row's other cells. */
const PERSONA_STYLES = { root: { margin: '-4px 0' } };

/**
 * A persona whose photo is fetched when the row is rendered — the list virtualizes, so only visible rows ask.
 * Rows are keyed by position, so after a sort the same persona shows another user: a photo is only ever
 * shown for the user it was fetched for.
 */
const UserPersona: React.FC<{ row: IUserRow; onOpen?: () => void }> = ({ row, onOpen }) => {
  const photos = React.useContext(PhotoContext);
  const [photo, setPhoto] = React.useState<{ id: string; url: string } | undefined>(undefined);
  const id = row.user.id;
  React.useEffect(() => {
    let live = true;
    photos?.get(id).then(u => { if (live && u) setPhoto({ id, url: u }); }).catch(() => undefined);
    return () => { live = false; };
  }, [photos, id]);
  const url = photo?.id === id ? photo.url : undefined;
  const name = row.user.displayName || row.user.userPrincipalName;
  return (
    <Persona
      text={name}
      imageUrl={url}
      size={PersonaSize.size24}
      styles={PERSONA_STYLES}
      onRenderPrimaryText={() => (onOpen ? <Link onClick={onOpen} title={`Open ${name}'s impression`}>{name}</Link> : <span>{name}</span>)}
    />
  );
};

const date = (iso: string | null): string => (iso ? iso.slice(0, 10) : '');
const dateTime = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) : '');

const NEVER_SIMULATED = 'Never simulated: not in the attack simulation coverage report, or in it without a simulation.';

/** A security readiness cell: never simulated said so, and how MFA is enforced with why on hover. */
function securityCell(key: string, v: unknown, row: IUserRow): React.ReactNode | undefined {
  switch (key) {
    case 'simulations':
    case 'lastSimulation':
      if (key === 'lastSimulation' && v) return dateTime(String(v));
      return row.simulation !== undefined && neverSimulated(row.simulation) ? <span title={NEVER_SIMULATED}>Never</span> : undefined;
    case 'clicked':
    case 'compromised':
    case 'repeatOffences':
      // Never simulated: nothing clicked because nothing was sent, which a 0 would read as passed (the export keeps 0).
      return row.simulation !== undefined && neverSimulated(row.simulation) ? <span title={NEVER_SIMULATED} aria-label="Never simulated">—</span> : undefined;
    case 'mfaEnforcedBy': {
      const e = row.mfaEnforcement;
      const why = e?.kind === 'notEnforced' || e?.kind === 'unknown' ? e.why : e?.kind === 'conditional' ? `Only when: ${e.when.join(', ')} — ${e.policies.join('; ')}` : e?.kind === 'policies' || e?.kind === 'reportOnly' ? e.policies.join('; ') : undefined;
      return <span title={why}>{String(v ?? '')}</span>;
    }
    default:
      return undefined;
  }
}

/**
 * The Devices cell: the count, and when a part (Entra or Intune) could not be read, what the count leaves out on
 * hover and to screen readers; Unavailable when neither could.
 */
function devicesCell(v: unknown, joins: IJoinSources): React.ReactNode {
  const problem = joins.devices.status === 'ready' ? deviceCountsProblem(joins.devices.data) : undefined;
  if (v === null || v === undefined) return <span title={problem ? `${problem.detail} ${problem.action ?? ''}` : undefined}>Unavailable</span>;
  if (!problem) return String(v);
  const partial = joins.devices.status === 'ready' && joins.devices.data.problems.entra !== undefined ? 'Intune devices only' : 'Entra devices only';
  return <span title={`${problem.detail} ${problem.action ?? ''}`} aria-label={`${String(v)} (${partial})`}>{String(v)}*</span>;
}

/** One cell of the Users view. Unavailable data says so (never "No"), in the row's own text colour, with why on hover. */
export function renderUserCell(col: IUserColumn, row: IUserRow, ctx: { sourceState: IJoinSources; onOpenUser?: (id: string) => void }): React.ReactNode {
  const src = col.source === 'directory' ? undefined : JOINED_SOURCES[col.source];
  const state = joinStateOf(col.source, ctx.sourceState);
  if (src && state && state.status !== 'ready' && col.source !== 'licenses') {
    if (state.status === 'loading') return <span aria-label="Loading">…</span>;
    if (state.status === 'error') {
      const e = explainError(state.error, src.topic);
      return <span title={`${e.detail} ${e.action ?? ''}`}>Unavailable</span>;
    }
    return <span title="Shown once loaded">—</span>;
  }
  const v = col.value(row);
  switch (col.key) {
    case 'displayName':
      return <UserPersona row={row} onOpen={ctx.onOpenUser ? () => ctx.onOpenUser?.(row.user.id) : undefined} />;
    case 'accountEnabled':
    case 'inM365':
      return v === null || v === undefined ? '' : v ? 'Yes' : 'No';
    case 'createdDateTime':
      return date(typeof v === 'string' ? v : null);
    case 'lastSignIn':
      return v ? dateTime(String(v)) : 'Never';
    case 'simulations':
    case 'clicked':
    case 'compromised':
    case 'repeatOffences':
    case 'lastSimulation':
    case 'mfaEnforcedBy':
      return securityCell(col.key, v, row) ?? String(v ?? '');
    case 'devices':
      return devicesCell(v, ctx.sourceState);
    case 'lastActivity':
      if (v) return String(v);
      if (row.activity === null) return <span title="The active-user report has no row for this user: no licence for its workloads, a guest, or newer than the report.">Not in report</span>;
      if (row.activity === undefined) return <span title={ACTIVITY_CONCEALED}>Concealed</span>;
      return <span title="In the active-user report, with no activity in its 180 days.">No activity</span>;
    default:
      return Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v);
  }
}
