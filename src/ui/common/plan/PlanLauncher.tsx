import * as React from 'react';
import { Dialog, DialogFooter, DialogType } from '@fluentui/react/lib/Dialog';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import type { IButton } from '@fluentui/react/lib/Button';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { Icon } from '@fluentui/react/lib/Icon';
import { Spinner, SpinnerSize } from '@fluentui/react/lib/Spinner';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import { getId } from '@fluentui/react/lib/Utilities';
import type { IRefObject } from '@fluentui/react/lib/Utilities';
import type { IGroupInfo } from '../../../core/directory';
import { explainError } from '../../../core/graph';
import { suggestReferences } from '../../../core/plans';
import type { ISuggestion, ISuggestions } from '../../../core/plans';
import { GroupPicker } from '../GroupPicker';
import { UserPicker } from '../UserPicker';
import { useServices } from '../services';
import { PlanPanel } from './PlanPanel';
import { planSource } from './planSources';
import type { IPlanChoice, PlanRequest } from './planSources';

/** Props of PlanLauncher. */
export interface IPlanLauncherProps {
  /** What the admin asked for; a choice still missing (the reference user, the licence, the group) is asked first. */
  request: PlanRequest;
  /** The property pane's second switch: destructive optional steps may be chosen. */
  allowDestructive: boolean;
  onDismiss: () => void;
  onApplied?: () => void;
}

type SuggestState = { status: 'loading' } | { status: 'ready'; data: ISuggestions } | { status: 'error'; error: unknown };

/** Why no one is suggested, in one sentence that points to the picker below. */
function noSuggestionsText(s: ISuggestions): string {
  const below = 'Find a colleague below.';
  const profile = s.gaps.find(g => g.part === 'Profile');
  if (profile) return `No suggestions: the new account could not be read. ${profile.reason} ${below}`;
  if (s.gaps.length) return `No suggestions: ${s.gaps.map(g => `${g.part} could not be read. ${g.reason}`).join(' ')} ${below}`;
  const { manager, department } = s.basis;
  if (!manager && !department) return `No suggestions: the new account has no manager or department yet. ${below}`;
  const who = [manager ? `reports to ${manager.displayName}` : '', department ? `works in ${department}` : ''].filter(Boolean).join(' or ');
  return `No suggestions: no one else who ${who} has an enabled, licensed member account (admins are left out). ${below}`;
}

/** One suggestion: a button (Tab reaches it, Enter or Space chooses it) with the name, job title and reasons. */
const SuggestionButton: React.FC<{ suggestion: ISuggestion; onChoose: () => void; componentRef?: IRefObject<IButton> }> = ({ suggestion: s, onChoose, componentRef }) => {
  const theme = useTheme();
  const sub = theme.semanticColors.bodySubtext;
  // Its name is its visible text (name, job title, reasons): what a screen reader says is what is seen.
  return (
    <DefaultButton onClick={onChoose} data-suggestion={s.id} componentRef={componentRef}
      styles={{ root: { height: 'auto', width: '100%', padding: '6px 10px', whiteSpace: 'normal' }, flexContainer: { justifyContent: 'flex-start', width: '100%' } }}>
      <Stack horizontal verticalAlign="center" tokens={{ childrenGap: 10 }} style={{ textAlign: 'left', minWidth: 0 }}>
        <Icon iconName="Contact" aria-hidden />
        <Stack tokens={{ childrenGap: 1 }} style={{ minWidth: 0 }}>
          <Text style={{ fontWeight: 600 }}>
            {s.displayName}
            {s.newToo && <Text variant="small" style={{ color: sub, fontWeight: 400 }}> · new too: may not be set up yet</Text>}
            {s.otherManager && <Text variant="small" style={{ color: sub, fontWeight: 400 }}> · reports to someone else</Text>}
          </Text>
          {s.jobTitle && <Text variant="small" style={{ color: sub }}>{s.jobTitle}</Text>}
          <Text variant="small" style={{ color: sub }}>{s.reasons.join(' · ')}</Text>
        </Stack>
      </Stack>
    </DefaultButton>
  );
};

/** Colleagues of the new user to set them up like, read when the dialog opens (and left when it closes). */
const Suggested: React.FC<{ targetId: string; onChosen: (c: IPlanChoice) => void }> = ({ targetId, onChosen }) => {
  const { gateway } = useServices();
  const theme = useTheme();
  const [state, setState] = React.useState<SuggestState>({ status: 'loading' });
  const headingId = React.useMemo(() => getId('m365i-suggested'), []);
  const first = React.useRef<IButton>(null);
  const listRef = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    const cancel = new AbortController();
    setState({ status: 'loading' });
    suggestReferences(gateway, targetId, cancel.signal).then(
      data => { if (!cancel.signal.aborted) setState({ status: 'ready', data }); },
      (error: unknown) => { if (!cancel.signal.aborted) setState({ status: 'error', error }); }
    );
    return () => cancel.abort();
  }, [gateway, targetId]);
  const shown = state.status === 'ready' && state.data.suggestions.length > 0;
  React.useEffect(() => {
    // Suggestions arrived while the dialog's focus still rests on an empty search box: bring it to the first one
    // (someone already typing keeps their place).
    const active = document.activeElement;
    const dialog = listRef.current?.closest('[role="dialog"], .ms-Dialog-main');
    if (shown && active instanceof HTMLInputElement && active.value === '' && dialog?.contains(active)) first.current?.focus();
  }, [shown]);
  if (state.status === 'loading') return <Spinner size={SpinnerSize.small} label="Finding colleagues like them…" labelPosition="right" style={{ justifyContent: 'flex-start' }} />;
  if (state.status === 'error') {
    const e = explainError(state.error, 'profile');
    return <Text data-testid="no-suggestions">No suggestions: {e.title}. {e.detail} Find a colleague below.</Text>;
  }
  const { suggestions, gaps } = state.data;
  if (!suggestions.length) return <Text data-testid="no-suggestions">{noSuggestionsText(state.data)}</Text>;
  return (
    <Stack tokens={{ childrenGap: 6 }}>
      <Text id={headingId} as="h3" variant="mediumPlus" style={{ margin: 0, fontWeight: 600 }}>Suggested colleagues</Text>
      <div ref={listRef}>
        <ul aria-labelledby={headingId} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', rowGap: 6 }}>
          {suggestions.map((s, n) => <li key={s.id}><SuggestionButton suggestion={s} componentRef={n === 0 ? first : undefined} onChoose={() => onChosen({ referenceId: s.id })} /></li>)}
        </ul>
      </div>
      {gaps.length > 0 && (
        <Text variant="small" data-testid="suggestion-gaps" style={{ color: theme.semanticColors.bodySubtext }}>
          Not everyone could be looked at: {gaps.map(g => `${g.part} could not be read. ${g.reason}`).join(' ')}
        </Text>
      )}
    </Stack>
  );
};

/** The one choice a request may still need, as a dialog: who to copy, which licence, which group. */
const Choose: React.FC<{ request: PlanRequest; onChosen: (c: IPlanChoice) => void; onDismiss: () => void }> = ({ request, onChosen, onDismiss }) => {
  const [sku, setSku] = React.useState<string | undefined>(undefined);
  const [group, setGroup] = React.useState<IGroupInfo | undefined>(undefined);
  const title = request.kind === 'setupLike' ? 'Set up like…' : request.kind === 'licenseRemove' ? 'Remove a licence' : request.kind === 'groupAdd' ? 'Add to a group' : 'Remove from a group';
  const people = request.kind === 'setupLike' ? 1 : request.kind === 'offboard' ? request.userIds.length : request.people.length;
  const subText = request.kind === 'setupLike'
    ? 'Pick someone in the same team: their groups, licences, department, office, job title and manager are proposed for review; what the new user already has is replaced only if you tick it. Nothing is sent before Finish.'
    : `For ${people.toLocaleString('en-US')} selected ${people === 1 ? 'person' : 'people'}. You review the plan before anything is sent.`;
  const ready = request.kind === 'licenseRemove' ? sku !== undefined : request.kind === 'groupAdd' || request.kind === 'groupRemove' ? group !== undefined : false;
  return (
    <Dialog hidden={false} onDismiss={onDismiss} dialogContentProps={{ type: DialogType.normal, title, subText }} minWidth={420}>
      {request.kind === 'setupLike' && (
        <Stack tokens={{ childrenGap: 16 }}>
          <Suggested targetId={request.targetId} onChosen={onChosen} />
          <Stack tokens={{ childrenGap: 4 }}>
            <Text as="h3" variant="mediumPlus" style={{ margin: 0, fontWeight: 600 }}>Or find someone</Text>
            <UserPicker label="Set up like (find a user)" onPick={id => onChosen({ referenceId: id })} />
          </Stack>
        </Stack>
      )}
      {request.kind === 'licenseRemove' && (
        request.skus.length ? (
          <Dropdown label="Licence" options={request.skus.map(s => ({ key: s.skuId, text: s.name }))} selectedKey={sku} onChange={(_, o) => o && setSku(String(o.key))} />
        ) : <Text>None of the selected people holds a licence the list knows of.</Text>
      )}
      {(request.kind === 'groupAdd' || request.kind === 'groupRemove') && (
        <>
          <GroupPicker label="Find a group" onPick={setGroup} />
          {group && <Text>Chosen: <strong>{group.displayName}</strong></Text>}
        </>
      )}
      <DialogFooter>
        {request.kind !== 'setupLike' && <PrimaryButton text="Review the plan" disabled={!ready} onClick={() => onChosen({ skuId: sku, group })} />}
        <DefaultButton text="Cancel" onClick={onDismiss} />
      </DialogFooter>
    </Dialog>
  );
};

/** Opens a plan: asks the one missing choice, then the review panel over the plan built for it. */
export const PlanLauncher: React.FC<IPlanLauncherProps> = ({ request, allowDestructive, onDismiss, onApplied }) => {
  const services = useServices();
  // A licence already chosen (the Licences view's reclaim) or a reference already named asks nothing more.
  const needsChoice = request.kind !== 'offboard' && !(request.kind === 'setupLike' && request.referenceId) && !(request.kind === 'licenseRemove' && request.skuId);
  const [choice, setChoice] = React.useState<IPlanChoice | undefined>(needsChoice ? undefined : {});
  // One source per request and choice: the panel reads the plan once, and again only on Try again.
  const source = React.useMemo(() => (choice ? planSource(services, request, choice, allowDestructive) : undefined), [services, request, choice, allowDestructive]);
  if (!source) return <Choose request={request} onChosen={setChoice} onDismiss={onDismiss} />;
  return <PlanPanel source={source} onDismiss={onDismiss} onApplied={onApplied} />;
};
