import * as React from 'react';
import { Dialog, DialogFooter, DialogType } from '@fluentui/react/lib/Dialog';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Spinner, SpinnerSize } from '@fluentui/react/lib/Spinner';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { buildPublication } from '../../../core/history';
import type { IBuiltPublication, IPublication, IPublicationRead, IPublishedTile } from '../../../core/history';
import { explainError } from '../../../core/graph';
import type { ReportReadState } from '../../../core/reports';
import { useServices } from '../../common/services';
import { useQuery } from '../../common/useQuery';
import { findReport } from '../../../core/reports';
import { PUBLICATION_PARAM, PUBLICATION_SPECS, publicationEntries, storeProblem } from '../model/publication';
import { OVERVIEW_TILES } from '../model/tiles';

/** Props of PublishDialog. */
export interface IPublishDialogProps {
  /** Called with what was written, once the store has it. */
  onPublished: (publication: IPublication) => void;
  onDismiss: () => void;
}

const ENTRIES = publicationEntries();

/** The reads of a publication by report function (those that came back), and why the others did not. */
function readsOf(states: readonly ReportReadState[]): { get: (fn: string) => IPublicationRead | undefined; why: Map<string, string> } {
  const ready = new Map<string, IPublicationRead>();
  const why = new Map<string, string>();
  states.forEach((s, i) => {
    const fn = ENTRIES[i]?.fn;
    if (!fn) return;
    if (s.status === 'ready') ready.set(fn, { rows: s.result.rows, refreshDate: s.result.refreshDate });
    if (s.status === 'error') why.set(fn, explainError(s.error, 'reports').title);
  });
  return { get: fn => ready.get(fn), why };
}

/** Why Graph did not give a tile's report, in the words of its failure's title ("Microsoft Graph is busy"). */
function graphWhy(key: string, why: ReadonlyMap<string, string>): string | undefined {
  const spec = PUBLICATION_SPECS.find(t => t.key === key);
  return spec?.sources.map(s => why.get(s.fn)).find((w): w is string => !!w);
}

/**
 * A measure named as its tile draws it: a tile of several reports measuring the same column ("Storage Used (Byte)" of
 * OneDrive and of SharePoint) names each by its tile's name for it, or by its report's title.
 */
function measureName(tileKey: string, fn: string, measure: string): string {
  const tile = OVERVIEW_TILES.find(t => t.key === tileKey);
  const named = tile?.sources.find(s => s.fn === fn)?.rename?.[measure];
  if (named) return `${named} ${measure}`;
  return tile && tile.sources.length > 1 ? `${findReport(fn)?.title ?? fn}: ${measure}` : measure;
}

/** One published tile in words: its measures (named by tile or report), its days and its report date. */
function tileWords(key: string, tile: IPublishedTile): string {
  return tile.sources.map(s => {
    const days = Math.max(0, ...Object.values(s.series).map(v => v.length));
    return `${Object.keys(s.series).map(m => measureName(key, s.fn, m)).join(', ')}: ${days} days of daily figures from ${s.from}${s.refreshDate ? `, as of ${s.refreshDate}` : ''}`;
  }).join('; ');
}

/** Who is signed in (their UPN), for "Published … by …"; the words for someone unknown when /me is refused. */
function useSignedIn(): string | undefined {
  const { gateway } = useServices();
  const [who, setWho] = React.useState<string | undefined>(undefined);
  React.useEffect(() => {
    let live = true;
    gateway.get<{ userPrincipalName?: string }>('/me?$select=userPrincipalName').then(
      me => { if (live) setWho(me.userPrincipalName || 'an admin with a report role'); },
      () => { if (live) setWho('an admin with a report role'); }
    );
    return () => { live = false; };
  }, [gateway]);
  return who;
}

/**
 * "Publish for visitors": reads the overview's reports for 180 days (the session's reads, shared with the tiles), says
 * what will be shared and where, and writes nothing to the store before Publish.
 */
export const PublishDialog: React.FC<IPublishDialogProps> = ({ onPublished, onDismiss }) => {
  const services = useServices();
  const store = services.tenantStore;
  const states = useQuery(services.sessions.reports.readAll(ENTRIES, PUBLICATION_PARAM));
  const who = useSignedIn();
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | undefined>(undefined);
  const settled = states.length === ENTRIES.length && states.every(s => s.status === 'ready' || s.status === 'error');
  const preview = React.useMemo((): IBuiltPublication | undefined => {
    if (!settled || who === undefined) return undefined;
    return buildPublication(PUBLICATION_SPECS, readsOf(states).get, services.now(), who);
  }, [settled, states, who, services]);
  const why = readsOf(states).why;

  const publish = async (): Promise<void> => {
    if (!store || !preview || who === undefined) return;
    setBusy(true);
    setError(undefined);
    // Stamped when Publish is chosen, not when the dialog opened.
    const { publication } = buildPublication(PUBLICATION_SPECS, readsOf(states).get, services.now(), who);
    try {
      await store.publish(publication);
      onPublished(publication);
    } catch (e) {
      setError(storeProblem(e, store, 'publish'));
      setBusy(false);
    }
  };

  const done = states.filter(s => s.status === 'ready' || s.status === 'error').length;
  return (
    <Dialog hidden={false} onDismiss={busy ? undefined : onDismiss} minWidth={560} maxWidth={720}
      dialogContentProps={{ type: DialogType.largeHeader, title: 'Publish the usage dashboard for visitors', subText: 'Visitors of this page who cannot read usage reports will see these figures, as they are now, until an admin publishes again.' }}>
      <Stack tokens={{ childrenGap: 10 }} data-testid="publish-dialog">
        {!preview && <Spinner size={SpinnerSize.medium} label={`Reading the overview's reports for the last 180 days (${done} of ${ENTRIES.length})…`} />}
        {preview && (
          <>
            <Text variant="mediumPlus" as="h3" styles={{ root: { margin: 0, fontWeight: 600 } }}>What will be shared</Text>
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="publish-shared">
              {preview.published.map(key => {
                const tile = preview.publication.tiles[key] as IPublishedTile;
                return <li key={key}><Text><strong>{tile.title}</strong> — {tileWords(key, tile)}</Text></li>;
              })}
            </ul>
            {preview.left.length > 0 && (
              <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="publish-left">
                Left out: {preview.left.map(l => `${l.title} (${graphWhy(l.key, why) ?? l.why})`).join('; ')}.
              </MessageBar>
            )}
            <Text block>
              Never shared: a row per person, names, user principal names, ids, sites or groups — only the tenant&apos;s counts per day.
              It is kept in {store?.location.where ?? 'the shared store'}, which anyone who may read that list can open, and published as {who}.
            </Text>
          </>
        )}
        {error && <MessageBar messageBarType={MessageBarType.error} isMultiline data-testid="publish-error">{error}</MessageBar>}
      </Stack>
      <DialogFooter>
        <PrimaryButton text={busy ? 'Publishing…' : 'Publish'} disabled={busy || !preview || preview.published.length === 0} onClick={() => void publish()} />
        <DefaultButton text="Cancel" disabled={busy} onClick={onDismiss} />
      </DialogFooter>
    </Dialog>
  );
};
