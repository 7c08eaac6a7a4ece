import * as React from 'react';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import type { UserList } from '../../../core/directory';
import { isPassingFailure } from '../../../core/graph';
import { securityTileView } from '../model/securityTile';
import type { ISecurityTileView, SecuritySource } from '../model/securityTile';
import type { ISecurityTile } from '../model/tiles';
import { ChartPanel } from '../parts/ChartPanel';
import { TileFrame } from './TileFrame';
import { SectionMessage } from '../../common/SectionMessage';
import { useServices } from '../../common/services';
import { useQuery } from '../../common/useQuery';

/** Props of SecurityTile. */
export interface ISecurityTileProps {
  /** Which tile. */
  tile: ISecurityTile;
  /** The version the Users list is read at (the app bumps it when an impression applies changes). */
  directoryVersion: number;
  /** Chart height in pixels. */
  chartHeight?: number;
}

const fmt = new Intl.NumberFormat('en-US');
const SOURCES: ReadonlyArray<{ key: SecuritySource; reading: string }> = [
  { key: 'attackSimulation', reading: 'Reading the attack simulation reports…' },
  { key: 'mfaEnforcement', reading: 'Reading security defaults and Conditional Access policies…' }
];

/** Each security join on its own: still reading, or why it could not be read (Try again where that may pass). */
const SourceNotes: React.FC<{ view: ISecurityTileView; list: UserList }> = ({ view, list }) => (
  <>
    {SOURCES.map(({ key, reading }) => {
      const s = view.sources[key];
      if (s.status === 'error') {
        return <div key={key} data-testid={`security-error-${key}`}><SectionMessage error={s.error} topic={key} onRetry={isPassingFailure(s.error) ? () => list.retryJoin(key) : undefined} /></div>;
      }
      return s.status === 'loading' || s.status === 'off'
        ? <div key={key} data-testid={`security-loading-${key}`}><ProgressIndicator description={reading} styles={{ root: { padding: 0 } }} /></div>
        : null;
    })}
  </>
);

/** Where the figures come from: the directory read now, not a dated report. */
const SourceNote: React.FC<{ users: number }> = ({ users }) => {
  const theme = useTheme();
  return <Text variant="small" data-testid="security-users" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>{`${fmt.format(users)} users, read live`}</Text>;
};

/** Security readiness over every user: the Users list of the session with its attack simulation and MFA enforcement joins. */
export const SecurityTile: React.FC<ISecurityTileProps> = ({ tile, directoryVersion, chartHeight = 200 }) => {
  const { sessions } = useServices();
  const list = sessions.users(directoryVersion);
  const state = useQuery(list);
  // Asked for while the tile shows; the list forgets the asking when its last watcher leaves (never un-asked
  // here: the Users view may ask for the same join).
  React.useEffect(() => list.want('attackSimulation', true), [list]);
  React.useEffect(() => list.want('mfaEnforcement', true), [list]);
  const view = React.useMemo(() => securityTileView(state), [state]);
  return (
    <TileFrame tile={tile} headline={view.headline && { value: view.headline.value, label: view.headline.label, hover: view.headline.detail }}>
      {state.status === 'error' && <div data-testid="security-error-users"><SectionMessage error={state.error} topic="users" onRetry={() => list.retry()} /></div>}
      {state.status === 'loading' && (
        <div role="status" data-testid="security-users-loading">
          <ProgressIndicator label="Reading every user" description={`${fmt.format(state.users.length)} users read so far…`} />
        </div>
      )}
      <SourceNotes view={view} list={list} />
      {view.model && (
        <ChartPanel model={view.model} title={`${tile.title}, share of users`} height={chartHeight} controls="bottom"
          note={<SourceNote users={state.users.length} />} />
      )}
    </TileFrame>
  );
};
