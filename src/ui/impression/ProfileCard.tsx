import * as React from 'react';
import { TextField } from '@fluentui/react/lib/TextField';
import { Toggle } from '@fluentui/react/lib/Toggle';
import { Stack } from '@fluentui/react/lib/Stack';
import type { IImpressionDirectory, EditableField, FieldValue, IChangeSet } from '../../core/impression';
import { normalizeField } from '../../core/impression';
import { explainError } from '../../core/graph';
import { Card, Facts } from './Card';
import { Marked } from '../common/markers';

/** Props of ProfileCard. */
export interface IProfileCardProps {
  directory: IImpressionDirectory;
  /** Staged edits; fields show their pending value. */
  changes: IChangeSet;
  /** Editing allowed (property pane + scopes). */
  editing: boolean;
  onEdit: (field: EditableField, original: FieldValue, value: FieldValue) => void;
}

const LABELS: Record<EditableField, string> = { jobTitle: 'Job title', department: 'Department', officeLocation: 'Office', usageLocation: 'Usage location', accountEnabled: 'Account enabled' };

/** Profile: who the user is; job title, department, office, usage location and account state are editable. */
export const ProfileCard: React.FC<IProfileCardProps> = ({ directory, changes, editing, onEdit }) => {
  const u = directory.user;
  const pending = (f: EditableField): FieldValue | undefined => {
    const c = changes.changes.find(x => x.kind === 'field' && x.field === f);
    return c && c.kind === 'field' ? c.to : undefined;
  };
  const value = (f: EditableField): FieldValue => {
    const p = pending(f);
    return p !== undefined ? p : (u[f] as FieldValue);
  };
  // The text as typed into the field being edited, spaces and all ("Sales " on the way to "Sales
  // Manager"); the change set holds it trimmed. A draft the staged value no longer matches (Cancel,
  // Finish) gives way to that value; leaving the field shows the value as it will be sent.
  const [draft, setDraft] = React.useState<{ field: EditableField; text: string } | undefined>(undefined);
  React.useEffect(() => { if (!editing) setDraft(undefined); }, [editing]);
  const shownText = (f: EditableField): string =>
    draft?.field === f && normalizeField(draft.text) === normalizeField(value(f)) ? draft.text : ((value(f) as string | null) ?? '');
  const label = (f: EditableField): React.ReactNode => <Marked marker={pending(f) !== undefined ? 'changed' : undefined}>{LABELS[f]}</Marked>;
  const manager = directory.manager.status === 'ready'
    ? directory.manager.data?.displayName ?? 'No manager'
    : directory.manager.status === 'error' ? `Unavailable: ${explainError(directory.manager.error, 'profile').detail}` : '…';

  const text = (f: Exclude<EditableField, 'accountEnabled'>, maxLength: number): [React.ReactNode, React.ReactNode] => [
    label(f),
    editing ? (
      <TextField ariaLabel={LABELS[f]} value={shownText(f)} maxLength={maxLength}
        onChange={(_, v) => {
          const typed = f === 'usageLocation' ? (v ?? '').toUpperCase() : v ?? '';
          setDraft({ field: f, text: typed });
          onEdit(f, u[f], typed);
        }}
        onBlur={() => setDraft(undefined)}
        description={f === 'usageLocation' ? 'Two-letter country code (ISO 3166), e.g. NL; required for licences.' : undefined} />
    ) : (value(f) as string | null) ?? '—'
  ];

  return (
    <Card title="Profile">
      <Stack tokens={{ childrenGap: 8 }}>
        <Facts
          items={[
            ['Display name', u.displayName],
            ['User principal name', u.userPrincipalName],
            ['Email', u.mail ?? '—'],
            text('jobTitle', 128),
            text('department', 64),
            text('officeLocation', 128),
            text('usageLocation', 2),
            ['Manager', manager],
            [label('accountEnabled'), editing
              ? <Toggle ariaLabel={LABELS.accountEnabled} checked={value('accountEnabled') === true} onText="Enabled" offText="Disabled" onChange={(_, c) => onEdit('accountEnabled', u.accountEnabled, !!c)} />
              : value('accountEnabled') === true ? 'Enabled' : value('accountEnabled') === false ? 'Disabled' : '—'],
            ['User type', u.userType ?? '—'],
            ['Created', u.createdDateTime?.slice(0, 10) ?? '—']
          ]}
        />
      </Stack>
    </Card>
  );
};
