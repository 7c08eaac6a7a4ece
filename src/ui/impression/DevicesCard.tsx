import * as React from 'react';
import { Link } from '@fluentui/react/lib/Link';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import { COMPLIANCE_LABEL, deviceFailureMayPass, explainDeviceError, mergeDevices } from '../../core/devices';
import type { DevicePart, IDeviceInfo, IPhysicalDevice, IUserDevices } from '../../core/devices';
import type { SourceState } from '../../core/directory';
import { Card } from './Card';

/** Props of DevicesCard. */
export interface IDevicesCardProps {
  /** The user's Entra and Intune devices as read so far; absent: not asked yet (shown loading). */
  devices: SourceState<IUserDevices> | undefined;
  /** Reads the devices again; offered only where a failure may pass. */
  onRetry?: () => void;
}

const PART_NAME: Record<DevicePart, string> = { entra: 'Entra devices', managed: 'Intune devices' };
/** ISO date-time as the card shows it (UTC, to the minute). */
const dateTime = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');
const joined = (...parts: Array<string | null>): string => parts.filter(Boolean).join(' ') || '—';

/** A part that could not be read, in words, with Try again where it may pass. */
const PartProblem: React.FC<{ part: DevicePart; error: unknown; onRetry?: () => void }> = ({ part, error, onRetry }) => {
  const x = explainDeviceError(error, part);
  return (
    <Text block variant="small" data-testid={`devices-problem-${part}`} styles={{ root: { marginBottom: 6 } }}>
      <strong>{PART_NAME[part]} unavailable.</strong> {x.detail}{x.action ? ` ${x.action}` : ''}
      {onRetry && deviceFailureMayPass(error) && <> <Link onClick={onRetry}>Try again</Link></>}
    </Text>
  );
};

/** One physical device as a row: Intune's record first where there is one (it knows the serial and last sync). */
function rowOf(d: IPhysicalDevice): { name: string; os: string; model: string; compliance: string; lastSeen: string; ownership: string; source: string } {
  const m: IDeviceInfo | undefined = d.managed;
  const e: IDeviceInfo | undefined = d.entra;
  const first = <K extends keyof IDeviceInfo>(k: K): IDeviceInfo[K] | null => m?.[k] ?? e?.[k] ?? null;
  const compliance = first('complianceState');
  return {
    name: (m?.displayName || e?.displayName) || 'Unnamed device',
    os: joined(first('operatingSystem'), first('osVersion')),
    model: joined(first('manufacturer'), first('model')) + (m?.serialNumber ? ` (serial ${m.serialNumber})` : ''),
    compliance: compliance ? COMPLIANCE_LABEL[compliance] ?? compliance : '—',
    lastSeen: dateTime(first('lastSeen')),
    ownership: [m?.ownership, e?.ownership].filter(Boolean).join(', ') || '—',
    source: m && e ? 'Entra and Intune' : m ? 'Intune' : 'Entra'
  };
}

/** The devices as a table, scrollable sideways (and so focusable, for the keyboard) on a narrow card. */
const DeviceTable: React.FC<{ devices: IPhysicalDevice[] }> = ({ devices }) => {
  const theme = useTheme();
  const cell: React.CSSProperties = { textAlign: 'left', padding: '2px 8px 2px 0', fontSize: 13, verticalAlign: 'top' };
  const head: React.CSSProperties = { ...cell, color: theme.semanticColors.bodySubtext, fontWeight: 400, whiteSpace: 'nowrap' };
  return (
    <div role="region" aria-label="Devices list" tabIndex={0} style={{ overflowX: 'auto' }}>
      <table data-testid="devices" style={{ borderCollapse: 'collapse', width: '100%' }}>
        <thead>
          <tr><th style={head}>Device</th><th style={head}>OS</th><th style={head}>Model</th><th style={head}>Compliance</th><th style={head}>Last seen</th><th style={head}>Ownership</th></tr>
        </thead>
        <tbody>
          {devices.map(d => {
            const r = rowOf(d);
            return (
              <tr key={d.key}>
                <th scope="row" style={{ ...cell, fontWeight: 600, overflowWrap: 'anywhere' }}>
                  {r.name}
                  <Text block variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext, fontWeight: 400 } }}>{r.source}</Text>
                </th>
                <td style={cell}>{r.os}</td>
                <td style={{ ...cell, overflowWrap: 'anywhere' }}>{r.model}</td>
                <td style={{ ...cell, fontWeight: r.compliance === 'Not compliant' ? 600 : 400 }}>{r.compliance}</td>
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>{r.lastSeen}</td>
                <td style={cell}>{r.ownership}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};

/** Devices: the person's Entra (registered, owned) and Intune (managed) devices, one row per physical device; each part says why when it could not be read. */
export const DevicesCard: React.FC<IDevicesCardProps> = ({ devices, onRetry }) => {
  if (!devices || devices.status === 'loading' || devices.status === 'off') return <Card title="Devices" loading />;
  if (devices.status === 'error') return <Card title="Devices"><PartProblem part="entra" error={devices.error} onRetry={onRetry} /></Card>;
  const { entra, managed, entraLimited } = devices.data;
  const merged = mergeDevices(devices.data);
  const read = entra.status === 'ready' || managed.status === 'ready';
  return (
    <Card title="Devices">
      {entra.status === 'error' && <PartProblem part="entra" error={entra.error} onRetry={onRetry} />}
      {managed.status === 'error' && <PartProblem part="managed" error={managed.error} onRetry={onRetry} />}
      {entraLimited && <Text block variant="small" styles={{ root: { marginBottom: 6 } }}>Entra lists devices without their details: the sign-in does not carry Device.Read.All.</Text>}
      {merged.length > 0 ? <DeviceTable devices={merged} />
        : read ? <Text block data-testid="devices-empty">{entra.status === 'ready' && managed.status === 'ready' ? 'No devices registered or managed' : `No ${entra.status === 'ready' ? 'Entra' : 'Intune'} devices`}</Text>
        : null}
    </Card>
  );
};
