import * as React from 'react';
import { DefaultButton } from '@fluentui/react/lib/Button';
import { reportScript } from '../../../core/export';
import { planReport } from '../../../core/reports';
import type { IReportEntry, ReportPeriod } from '../../../core/reports';
import { ScriptDialog } from '../../common/ScriptDialog';
import { useServices } from '../../common/services';
import { explorerAsk } from '../model/params';
import type { IDaySpec } from '../model/params';
import type { ReadBy } from './ReadByChoice';

/** Props of ExplorerScript. */
export interface IExplorerScriptProps {
  entry: IReportEntry;
  readBy: ReadBy;
  period: ReportPeriod;
  oneDay: IDaySpec;
  start: IDaySpec;
  end: IDaySpec;
  /** Today, whose UTC day the date checks read. */
  today: Date;
}

/**
 * "Generate script" of the explorer's report: the command with the form's parameters as they are (days
 * back stay days back, so each run reads its own days), the file named as "Export report" names it. Off,
 * with the reason, while the form holds a day the run would be refused.
 */
export const ExplorerScript: React.FC<IExplorerScriptProps> = ({ entry, readBy, period, oneDay, start, end, today }) => {
  const services = useServices();
  const [open, setOpen] = React.useState(false);
  const ask = explorerAsk(readBy, period, oneDay, start, end);
  const check = ask.ok ? planReport(entry, ask.value, today) : ask;
  return (
    <>
      <DefaultButton iconProps={{ iconName: 'Code' }} text="Generate script" disabled={!check.ok} styles={{ root: { alignSelf: 'flex-start' } }}
        title={check.ok ? 'The command that reads this report unattended, and how to schedule it' : check.error} onClick={() => setOpen(true)} />
      {open && ask.ok && (
        <ScriptDialog script={reportScript(entry, ask.value, services.graphUrl)} onDismiss={() => setOpen(false)}
          writes={'this report with every row and column, named as "Export report" names it'} />
      )}
    </>
  );
};
