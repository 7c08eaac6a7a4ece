import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { GraphError } from '../../../src/core/graph/GraphError';
import { settle } from '../../../src/core/graph/subscribable';
import { ReportSettingsRead } from '../../../src/core/reports/settings';
import type { IReportSettings, ReportSettingsState } from '../../../src/core/reports/settings';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// The tenant's report settings, read once per session: whether names are concealed, known before any report is read.

function readOver(route: Route): { read: ReportSettingsRead; calls: string[] } {
  const { client, calls } = fakeClient({ '/admin/reportSettings': route });
  return { read: new ReportSettingsRead(new GraphGateway(client)), calls };
}

/** Watch until the read settles; the settled state. */
const settled = (read: ReportSettingsRead): Promise<IReportSettings | unknown> =>
  settle<ReportSettingsState, IReportSettings | unknown>(read, s => (s.status === 'ready' ? { value: s.data } : s.status === 'error' ? { value: s.error } : undefined));

describe('ReportSettingsRead', () => {
  it('reads displayConcealedNames once, when first watched, and keeps it for every later view', async () => {
    const { read, calls } = readOver({ body: { displayConcealedNames: true } });
    expect(read.getState()).toEqual({ status: 'idle' });
    expect(calls).toEqual([]);
    expect(await settled(read)).toEqual({ concealedNames: true });
    expect(await settled(read)).toEqual({ concealedNames: true });
    const stop = read.subscribe(() => undefined);
    stop();
    expect(calls).toEqual(['GET v1.0/admin/reportSettings']);
    expect(await settled(readOver({ body: { displayConcealedNames: false } }).read)).toEqual({ concealedNames: false });
  });

  it('a refusal is kept and degrades alone: no second request for the same answer', async () => {
    const { read, calls } = readOver({ status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } });
    const error = await settled(read);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).kind).toBe('permission');
    await settled(read);
    expect(calls).toHaveLength(1);
  });

  it('a failure that may pass is read again by the next view; an answer without the property is not taken for "shown"', async () => {
    let answer: Route = { status: 500, body: { error: { code: 'generalException', message: 'boom' } } };
    const { read, calls } = readOver(() => answer as { status?: number; body: unknown });
    expect(((await settled(read)) as GraphError).kind).toBe('server');
    answer = { body: {} };
    expect(String(await settled(read))).toMatch(/without displayConcealedNames/);
    answer = { body: { displayConcealedNames: false } };
    expect(await settled(read)).toEqual({ concealedNames: false });
    expect(await settled(read)).toEqual({ concealedNames: false });
    expect(calls).toHaveLength(3);
  });

  it('forget (Clear cached data) drops it without reading; the next view reads it again', async () => {
    let concealed = true;
    const { read, calls } = readOver(() => ({ body: { displayConcealedNames: concealed } }));
    expect(await settled(read)).toEqual({ concealedNames: true });
    concealed = false;
    read.forget();
    expect(read.getState()).toEqual({ status: 'idle' });
    expect(calls).toHaveLength(1);
    expect(await settled(read)).toEqual({ concealedNames: false });
    expect(calls).toHaveLength(2);
  });
});
