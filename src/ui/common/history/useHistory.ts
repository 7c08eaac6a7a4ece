import * as React from 'react';
import type { IWatchable } from '../../../core/graph';
import { useServices } from '../services';
import { useQuery } from '../useQuery';
import { NO_HISTORY, historyReadFor } from './historyRead';
import type { HistoryState } from './historyRead';

/** The session's history (read once, shared by every chart), and Try again. */
export function useHistory(): { history: HistoryState; reload: () => void } {
  const { tenantStore } = useServices();
  const read = React.useMemo(() => (tenantStore ? historyReadFor(tenantStore) : undefined), [tenantStore]);
  const history = useQuery<HistoryState>(read ?? (NO_HISTORY as IWatchable<HistoryState>));
  return { history, reload: () => read?.reload() };
}
