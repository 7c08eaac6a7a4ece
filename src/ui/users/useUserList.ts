import * as React from 'react';
import { streamUsers } from '../../core/directory/users';
import type { IUserRecord } from '../../core/directory/users';
import type { GraphGateway } from '../../core/graph/GraphGateway';

/** The list's load state: the UI can tell loading, failure and an empty tenant apart. */
export interface IUserListState {
  status: 'loading' | 'done' | 'error';
  users: IUserRecord[];
  error?: unknown;
}

/**
 * Streams every user into state, a page at a time, so the first page renders at once.
 * Unmounting (leaving the view) aborts outstanding requests.
 */
export function useUserList(gateway: GraphGateway, attempt: number = 0): IUserListState {
  const [state, setState] = React.useState<IUserListState>({ status: 'loading', users: [] });
  React.useEffect(() => {
    const controller = new AbortController();
    let users: IUserRecord[] = [];
    setState({ status: 'loading', users });
    (async () => {
      try {
        for await (const page of streamUsers(gateway, { signal: controller.signal })) {
          users = users.concat(page);
          if (!controller.signal.aborted) setState({ status: 'loading', users });
        }
        if (!controller.signal.aborted) setState({ status: 'done', users });
      } catch (error) {
        // Keep what loaded: a failure on page 7 still shows pages 1-6.
        if (!controller.signal.aborted) setState({ status: 'error', users, error });
      }
    })();
    return () => controller.abort();
  }, [gateway, attempt]);
  return state;
}
