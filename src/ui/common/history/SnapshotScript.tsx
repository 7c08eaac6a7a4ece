import * as React from 'react';
import { DefaultButton } from '@fluentui/react/lib/Button';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { graphUrlArgs, runScript } from '../../../core/export';
import type { IRunScript } from '../../../core/export';
import { ScriptDialog } from '../ScriptDialog';
import { useServices } from '../services';

/** Props of SnapshotScript. */
export interface ISnapshotScriptProps {
  /** The store's site (the history's location when it is a SharePoint list); undefined where the history has no site. */
  site: string | undefined;
}

/** The file a run without a site keeps the history in. */
export const SNAPSHOT_FILE = 'history.jsonl';

const WHAT = "snapshot keeps today's tenant-wide figures (counts, never a person; on first use six months backfilled from Graph's 180-day reports), at most one a day: a second run the same day adds only figures the day's lacks. A part it cannot read (a missing permission or role) is left out and said, never counted as 0.";
/** The same words `schedule --print <kind> snapshot` prints (src/cli/commands/schedule.ts). */
const LIST_PERMISSIONS =
  "SharePoint permissions: a delegated sign-in's app needs SharePoint's AllSites.Write to add to the list, and AllSites.Manage to create it the first time; " +
  'an app-only sign-in needs Sites.Selected with the manage role on that site (write once the list exists) or Sites.FullControl.All, and a certificate ' +
  '(AZURE_CLIENT_CERTIFICATE_PATH: SharePoint refuses app-only tokens got with a secret).';

/** The daily snapshot's command and schedules: into the site's list, or without a site into history.jsonl. */
export function snapshotScript(site: string | undefined, graphUrl?: string): IRunScript {
  const where = site ? ['--site', site] : ['--to', SNAPSHOT_FILE];
  const notes = site
    ? [`${WHAT} It writes the site's list "M365 Impressions history" (the one the web part reads): it signs in to SharePoint as well as Graph.`, LIST_PERMISSIONS]
    : [`${WHAT} It appends to the JSON-lines file --to names, on the machine that runs it; the web part reads the site's list instead (--site <url>).`];
  return runScript({ args: ['snapshot', ...where, ...graphUrlArgs(graphUrl)], title: 'm365-impressions daily snapshot', daily: true, notes });
}

/**
 * "Schedule a daily snapshot…": the CLI's `snapshot` for the store's site, every day at 07:00, in the "Generate
 * script" dialog (cron, Task Scheduler, GitHub Actions, Azure Pipelines), so the history grows on days nobody opens
 * the product. Without a site it says the run keeps the history in a local file instead.
 */
export const SnapshotScript: React.FC<ISnapshotScriptProps> = ({ site }) => {
  const { graphUrl } = useServices();
  const [open, setOpen] = React.useState(false);
  const script = React.useMemo(() => (open ? snapshotScript(site, graphUrl) : undefined), [open, site, graphUrl]);
  const writes = site ? `today's snapshot to the list "M365 Impressions history" of ${site}, every day at 07:00` : `today's snapshot to the file ${SNAPSHOT_FILE}, every day at 07:00`;
  return (
    <Stack tokens={{ childrenGap: 4 }}>
      <DefaultButton iconProps={{ iconName: 'Code' }} text="Schedule a daily snapshot…" styles={{ root: { alignSelf: 'flex-start' } }}
        title="The CLI command that takes today's snapshot unattended, and how to run it every day" onClick={() => setOpen(true)} />
      {!site && (
        <Text variant="small" data-testid="snapshot-script-no-site">
          The history has no SharePoint site here: run <code>npx m365-impressions snapshot --to {SNAPSHOT_FILE}</code> to keep it in a file, or
          name the store&apos;s site so every admin sees the same history.
        </Text>
      )}
      {script && <ScriptDialog script={script} writes={writes} onDismiss={() => setOpen(false)} />}
    </Stack>
  );
};
