import * as React from 'react';
import { Panel, PanelType } from '@fluentui/react/lib/Panel';
import { Checkbox } from '@fluentui/react/lib/Checkbox';
import { DefaultButton, IconButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { Stack } from '@fluentui/react/lib/Stack';
import { panelFocusTrap } from '../common/focus';
import { Text } from '@fluentui/react/lib/Text';
import { USER_COLUMNS, userColumn } from '../../core/directory';

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
  // Showing, hiding or moving a column moves its row, and the browser drops focus from a moved element:
  // give it back to the control the keyboard was on, so the next Tab goes on from there.
  const refocus = React.useRef<string | undefined>(undefined);
  React.useLayoutEffect(() => {
    const target = refocus.current;
    refocus.current = undefined;
    if (target) (document.querySelector(`[data-column-control="${target}"]`) as HTMLElement | null)?.focus();
  }, [visible]);
  const change = (next: string[], focus: string): void => {
    refocus.current = focus;
    onChange(next);
  };
  const move = (key: string, by: -1 | 1): void => {
    const i = visible.indexOf(key);
    const j = i + by;
    if (i < 0 || j < 0 || j >= visible.length) return;
    const next = visible.slice();
    [next[i], next[j]] = [next[j] as string, next[i] as string];
    change(next, `${by < 0 ? 'up' : 'down'}:${key}`);
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
                inputProps={{ 'data-column-control': `show:${key}` } as React.ButtonHTMLAttributes<HTMLElement>}
                onChange={(_, c) => change(c ? [...visible, key] : visible.filter(k => k !== key), `show:${key}`)}
                disabled={shown && visible.length === 1} />
              {/* A shown column's arrows stay focusable when disabled: one moved to the top keeps focus on
                  its "up" button. A hidden column's arrows are out of the Tab order. */}
              <IconButton iconProps={{ iconName: 'ChevronUp' }} title={`Move ${col.header} up`} ariaLabel={`Move ${col.header} up`} disabled={!shown || i === 0} allowDisabledFocus={shown}
                data-column-control={`up:${key}`} onClick={() => move(key, -1)} />
              <IconButton iconProps={{ iconName: 'ChevronDown' }} title={`Move ${col.header} down`} ariaLabel={`Move ${col.header} down`} disabled={!shown || i === visible.length - 1} allowDisabledFocus={shown}
                data-column-control={`down:${key}`} onClick={() => move(key, 1)} />
            </Stack>
          );
        })}
      </Stack>
    </Panel>
  );
};
