import * as React from 'react';
import { Panel, PanelType } from '@fluentui/react/lib/Panel';
import { Checkbox } from '@fluentui/react/lib/Checkbox';
import { DefaultButton, IconButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { Stack } from '@fluentui/react/lib/Stack';
import { panelFocusTrap } from '../common/focus';
import { Text } from '@fluentui/react/lib/Text';
import { USER_COLUMNS, userColumn } from '../../core/directory/userColumns';

/** Props of ColumnsPanel. */
export interface IColumnsPanelProps {
  isOpen: boolean;
  /** Visible column keys, in view order. */
  visible: string[];
  onChange: (visible: string[]) => void;
  onReset: () => void;
  onDismiss: () => void;
}

/** Show, hide and reorder the Users view's columns. Hidden columns follow the visible ones. */
export const ColumnsPanel: React.FC<IColumnsPanelProps> = ({ isOpen, visible, onChange, onReset, onDismiss }) => {
  const hidden = USER_COLUMNS.filter(c => !visible.includes(c.key)).map(c => c.key);
  const order = [...visible, ...hidden];
  const move = (key: string, by: -1 | 1): void => {
    const i = visible.indexOf(key);
    const j = i + by;
    if (i < 0 || j < 0 || j >= visible.length) return;
    const next = visible.slice();
    [next[i], next[j]] = [next[j] as string, next[i] as string];
    onChange(next);
  };
  return (
    <Panel isOpen={isOpen} onDismiss={onDismiss} headerText="Choose columns" type={PanelType.smallFixedFar} isLightDismiss closeButtonAriaLabel="Close" focusTrapZoneProps={panelFocusTrap(isOpen)}
      onRenderFooterContent={() => (
        <Stack horizontal tokens={{ childrenGap: 8 }}>
          <PrimaryButton text="Done" onClick={onDismiss} />
          <DefaultButton text="Reset to defaults" onClick={onReset} />
        </Stack>
      )}
      isFooterAtBottom
    >
      <Text variant="small" block style={{ marginBottom: 12 }}>Your choice is kept in this browser for this web part.</Text>
      <Stack tokens={{ childrenGap: 4 }} role="list" aria-label="Columns">
        {order.map(key => {
          const col = userColumn(key);
          if (!col) return null;
          const shown = visible.includes(key);
          const i = visible.indexOf(key);
          return (
            <Stack key={key} horizontal verticalAlign="center" role="listitem" tokens={{ childrenGap: 4 }}>
              <Checkbox label={col.header} checked={shown} styles={{ root: { flex: 1 } }}
                onChange={(_, c) => onChange(c ? [...visible, key] : visible.filter(k => k !== key))}
                disabled={shown && visible.length === 1} />
              <IconButton iconProps={{ iconName: 'ChevronUp' }} title={`Move ${col.header} up`} ariaLabel={`Move ${col.header} up`} disabled={!shown || i === 0} onClick={() => move(key, -1)} />
              <IconButton iconProps={{ iconName: 'ChevronDown' }} title={`Move ${col.header} down`} ariaLabel={`Move ${col.header} down`} disabled={!shown || i === visible.length - 1} onClick={() => move(key, 1)} />
            </Stack>
          );
        })}
      </Stack>
    </Panel>
  );
};
