import * as React from 'react';
import { Dialog, DialogFooter, DialogType } from '@fluentui/react/lib/Dialog';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { Text } from '@fluentui/react/lib/Text';
import { Stack } from '@fluentui/react/lib/Stack';
import { Pivot, PivotItem } from '@fluentui/react/lib/Pivot';
import { useTheme } from '@fluentui/react/lib/Theme';
import type { IRunScript } from '../../core/export';

/** Props of ScriptDialog. */
export interface IScriptDialogProps {
  script: IRunScript;
  /** What the command writes, e.g. 'the same workbook as "Export to Excel"'. */
  writes: string;
  onDismiss: () => void;
}

/** A script in a focusable block with a Copy button. */
export const Code: React.FC<{ text: string; label: string }> = ({ text, label }) => {
  const theme = useTheme();
  const [copied, setCopied] = React.useState(false);
  return (
    <Stack tokens={{ childrenGap: 6 }}>
      <pre aria-label={label} tabIndex={0} style={{ background: theme.palette.neutralLighter, color: theme.semanticColors.bodyText, padding: 12, borderRadius: 4, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, margin: 0, maxHeight: 320, overflowY: 'auto' }}>{text}</pre>
      <DefaultButton iconProps={{ iconName: 'Copy' }} text={copied ? 'Copied' : 'Copy'} styles={{ root: { alignSelf: 'flex-start' } }}
        onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false))} />
    </Stack>
  );
};

/**
 * "Generate script": the CLI command that writes the same file unattended, and how to schedule it (cron,
 * Windows Task Scheduler, GitHub Actions, Azure Pipelines). The impression's, the Users view's and the
 * report explorer's; what the command cannot carry over from the screen is said in its comments.
 */
export const ScriptDialog: React.FC<IScriptDialogProps> = ({ script, writes, onDismiss }) => (
  <Dialog hidden={false} onDismiss={onDismiss} minWidth={640} maxWidth={760}
    dialogContentProps={{ type: DialogType.largeHeader, title: 'Generate script', subText: `Writes ${writes}, from a clone of M365 Impressions (npm ci once).` }}>
    <Pivot aria-label="Where to run it">
      <PivotItem headerText="Command (bash)"><Code text={script.command} label="Command for bash" /></PivotItem>
      <PivotItem headerText="cron"><Code text={script.cron} label="crontab line" /></PivotItem>
      <PivotItem headerText="Windows"><Code text={script.windows} label="Task Scheduler" /></PivotItem>
      <PivotItem headerText="GitHub Actions"><Code text={script.github} label="GitHub Actions" /></PivotItem>
      <PivotItem headerText="Azure Pipelines"><Code text={script.azure} label="Azure Pipelines" /></PivotItem>
    </Pivot>
    <Text block variant="small" style={{ marginTop: 12 }}>
      Sign-in, in order: <code>--token</code> or <code>GRAPH_TOKEN</code>; an app registration with <code>AZURE_TENANT_ID</code>, <code>AZURE_CLIENT_ID</code> and
      <code> AZURE_CLIENT_SECRET</code> (or <code>AZURE_CLIENT_CERTIFICATE_PATH</code>), with application permissions User.Read.All,
      Reports.Read.All, AuditLog.Read.All, GroupMember.Read.All, LicenseAssignment.Read.All (and AttackSimulation.Read.All, Policy.Read.All,
      RoleManagement.Read.Directory for security readiness); a sign-in saved once with <code>m365-impressions login</code>, which scheduled runs
      refresh silently; otherwise a device-code sign-in in a terminal. The README&apos;s Sign-in section says who can use which. Never put a token in a script file.
    </Text>
    <DialogFooter><PrimaryButton text="Close" onClick={onDismiss} /></DialogFooter>
  </Dialog>
);
