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

/**
 * The devices as a list: the name and where it is known from, then what it is, then its state. A list, not a
 * table: the card is a third of the page wide, where six columns would break every word.
 */
const DeviceList: React.FC<{ devices: IPhysicalDevice[] }> = ({ devices }) => {
  const theme = useTheme();
  const sub = { root: { color: theme.semanticColors.bodySubtext } };
  return (
    <ul data-testid="devices" aria-label="Devices" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {devices.map(d => {
        const r = rowOf(d);
        return (
          <li key={d.key} style={{ padding: '6px 0', borderTop: `1px solid ${theme.semanticColors.bodyDivider}`, overflowWrap: 'anywhere' }}>
            <Text block styles={{ root: { fontWeight: 600 } }}>{r.name} <Text variant="small" styles={sub}>· {r.source}</Text></Text>
            <Text block variant="small">{r.os} · {r.model}</Text>
            <Text block variant="small" styles={sub}>
              <span style={{ fontWeight: r.compliance === 'Not compliant' ? 600 : 400, color: r.compliance === 'Not compliant' ? theme.semanticColors.errorText : undefined }}>{r.compliance}</span>
              {' · '}last seen {r.lastSeen} · {r.ownership}
            </Text>
          </li>
        );
      })}
    </ul>
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
      {merged.length > 0 ? <DeviceList devices={merged} />
        : read ? <Text block data-testid="devices-empty">{entra.status === 'ready' && managed.status === 'ready' ? 'No devices registered or managed' : `No ${entra.status === 'ready' ? 'Entra' : 'Intune'} devices`}</Text>
        : null}
    </Card>
  );
};
