import * as React from 'react';
import { Dialog, DialogFooter, DialogType } from '@fluentui/react/lib/Dialog';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { Text } from '@fluentui/react/lib/Text';
import type { IGroupInfo } from '../../../core/directory';
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

/** The one choice a request may still need, as a dialog: who to copy, which licence, which group. */
const Choose: React.FC<{ request: PlanRequest; onChosen: (c: IPlanChoice) => void; onDismiss: () => void }> = ({ request, onChosen, onDismiss }) => {
  const [sku, setSku] = React.useState<string | undefined>(undefined);
  const [group, setGroup] = React.useState<IGroupInfo | undefined>(undefined);
  const title = request.kind === 'setupLike' ? 'Set up like…' : request.kind === 'licenseRemove' ? 'Remove a licence' : request.kind === 'groupAdd' ? 'Add to a group' : 'Remove from a group';
  const people = request.kind === 'setupLike' ? 1 : request.kind === 'offboard' ? request.userIds.length : request.people.length;
  const subText = request.kind === 'setupLike'
    ? 'Pick someone in the same team: their groups, licences, department, office, job title and manager are proposed for review. Nothing is sent before Finish.'
    : `For ${people.toLocaleString('en-US')} selected ${people === 1 ? 'person' : 'people'}. You review the plan before anything is sent.`;
  const ready = request.kind === 'licenseRemove' ? sku !== undefined : request.kind === 'groupAdd' || request.kind === 'groupRemove' ? group !== undefined : false;
  return (
    <Dialog hidden={false} onDismiss={onDismiss} dialogContentProps={{ type: DialogType.normal, title, subText }} minWidth={420}>
      {request.kind === 'setupLike' && <UserPicker label="Set up like (find a user)" onPick={id => onChosen({ referenceId: id })} />}
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
