import * as React from 'react';
import { wantedJoins } from '../../core/directory';
import type { IUserColumn, IUserFilters, OptionalJoinKey, UserList } from '../../core/directory';

/**
 * Tell the list which optional joins the view wants (core's wantedJoins: their columns shown, a filter over
 * them, or "Export all" waiting): it reads each only while wanted, and stops a read no longer wanted.
 */
export function useWantedJoins(list: UserList, visibleColumns: readonly IUserColumn[], filters: IUserFilters, exportAwaits: boolean): Record<OptionalJoinKey, boolean> {
  const wanted = wantedJoins(visibleColumns, filters, exportAwaits);
  const { signIns, attackSimulation, mfaEnforcement, devices } = wanted;
  React.useEffect(() => list.want('signIns', signIns), [list, signIns]);
  React.useEffect(() => list.want('attackSimulation', attackSimulation), [list, attackSimulation]);
  React.useEffect(() => list.want('mfaEnforcement', mfaEnforcement), [list, mfaEnforcement]);
  React.useEffect(() => list.want('devices', devices), [list, devices]);
  return wanted;
}
