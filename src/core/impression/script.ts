import type { ReportPeriod } from '../reports/types';
import { impressionFileStem } from '../export/fileNames';

/** The unattended commands that write the same impression workbook as "Export to Excel". */
export interface IImpressionScript {
  /** Run once, from a clone of M365 Impressions (bash). */
  command: string;
  /** A crontab line (Linux/macOS): every Monday at 06:00. */
  cron: string;
  /** Windows Task Scheduler (schtasks). */
  windows: string;
  /** A GitHub Actions step (secrets from the repository's settings). */
  github: string;
  /** An Azure Pipelines step (secret variables of the pipeline). */
  azure: string;
}

const DEFAULT_GRAPH = 'https://graph.microsoft.com';
// POSIX shell quoting: single quotes, an inner quote closed, escaped and reopened.
const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
// A bare word for cmd.exe inside schtasks' /TR "…": no double quotes, ^ doubled.
const cmd = (s: string): string => s.replace(/"/g, '').replace(/\^/g, '^^');

/** Build the script for a user and period (the token is never part of it: auth comes from the environment). */
export function impressionScript(upn: string, period: ReportPeriod, graphUrl: string = DEFAULT_GRAPH): IImpressionScript {
  const url = graphUrl.replace(/\/+$/, '');
  const custom = url !== DEFAULT_GRAPH;
  const graph = custom ? ` --graph-url ${sh(url)}` : '';
  const graphCmd = custom ? ` --graph-url ${cmd(url)}` : '';
  // The file name "Export to Excel" gives, dated the day the script runs. Its own part in single quotes:
  // a UPN may hold ! or $, which bash would expand inside double quotes.
  const out = impressionFileStem(upn);
  const command = `npx m365-impressions impression --user ${sh(upn)} --period ${period}${graph} --out ${sh(out)}"-$(date +%F).xlsx"`;
  return {
    command,
    cron: `0 6 * * 1 cd /path/to/m365-impressions && AZURE_TENANT_ID=... AZURE_CLIENT_ID=... AZURE_CLIENT_SECRET=... ${command.replace(/%/g, '\\%')}`,
    // schtasks runs cmd.exe: double quotes, no shell date arithmetic, so the file is overwritten weekly;
    // ^ is cmd's escape character (and allowed in a UPN), so it is doubled.
    windows: `schtasks /Create /SC WEEKLY /D MON /ST 06:00 /TN "M365 Impression ${upn.replace(/"/g, '')}" /TR "cmd /c cd /d C:\\m365-impressions && npx m365-impressions impression --user ${cmd(upn)} --period ${period}${graphCmd} --out ${cmd(out)}.xlsx"`,
    // Block scalars: the command goes to the shell as written, whatever quotes or # the UPN holds.
    // Steps of a job that has checked out a clone and set up Node 20+; bash on every runner (Windows too),
    // and the workbook kept as the run's artifact (the workspace goes when the job ends).
    github: [
      '- name: Impression workbook',
      '  shell: bash',
      '  run: |',
      '    npm ci',
      `    ${command}`,
      '  env:',
      '    AZURE_TENANT_ID: ${{ secrets.AZURE_TENANT_ID }}',
      '    AZURE_CLIENT_ID: ${{ secrets.AZURE_CLIENT_ID }}',
      '    AZURE_CLIENT_SECRET: ${{ secrets.AZURE_CLIENT_SECRET }}',
      '- uses: actions/upload-artifact@v4',
      '  with:',
      '    name: impression',
      `    path: ${out}-*.xlsx`
    ].join('\n'),
    // A secret variable reaches a script only through env, as $(NAME).
    azure: [
      '- bash: |',
      '    npm ci',
      `    ${command}`,
      '  displayName: Impression workbook',
      '  env:',
      '    AZURE_TENANT_ID: $(AZURE_TENANT_ID)',
      '    AZURE_CLIENT_ID: $(AZURE_CLIENT_ID)',
      '    AZURE_CLIENT_SECRET: $(AZURE_CLIENT_SECRET)',
      '- task: CopyFiles@2',
      '  inputs:',
      `    contents: ${out}-*.xlsx`,
      '    targetFolder: $(Build.ArtifactStagingDirectory)',
      '- publish: $(Build.ArtifactStagingDirectory)',
      '  artifact: impression'
    ].join('\n')
  };
}
