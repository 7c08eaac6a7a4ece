import * as React from 'react';
import { Dialog, DialogFooter, DialogType } from '@fluentui/react/lib/Dialog';
import { PrimaryButton } from '@fluentui/react/lib/Button';
import { Pivot, PivotItem } from '@fluentui/react/lib/Pivot';
import type { IOffboardScript } from '../../../core/plans';
import { Code } from '../ScriptDialog';

/** Props of PlanScriptDialog. */
export interface IPlanScriptDialogProps {
  script: IOffboardScript;
  onDismiss: () => void;
}

/** "Generate script" for a plan: a preview that changes nothing, then the line that applies it and writes the record. */
export const PlanScriptDialog: React.FC<IPlanScriptDialogProps> = ({ script, onDismiss }) => (
  <Dialog hidden={false} onDismiss={onDismiss} minWidth={640} maxWidth={760}
    dialogContentProps={{ type: DialogType.largeHeader, title: 'Generate script', subText: 'The same plan through the command line, from a clone of M365 Impressions (npm ci once). The preview prints the plan and changes nothing.' }}>
    <Pivot aria-label="Which command">
      <PivotItem headerText="Preview (bash)"><Code text={script.preview} label="Preview command for bash" /></PivotItem>
      <PivotItem headerText="Apply (bash)"><Code text={script.apply} label="Apply command for bash" /></PivotItem>
      <PivotItem headerText="Windows"><Code text={script.windows} label="Commands for Windows" /></PivotItem>
    </Pivot>
    <DialogFooter><PrimaryButton text="Close" onClick={onDismiss} /></DialogFooter>
  </Dialog>
);
