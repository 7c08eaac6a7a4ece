import * as React from 'react';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';

/** Props of PendingBar. */
export interface IPendingBarProps {
  /** How many changes are staged. */
  count: number;
  /** Whether Finish is sending them. */
  applying: boolean;
  onFinish: () => void;
  onCancel: () => void;
}

/** The sticky bar while editing: how many changes wait, Finish and Cancel. Nothing is sent before Finish. */
export const PendingBar: React.FC<IPendingBarProps> = ({ count, applying, onFinish, onCancel }) => {
  const theme = useTheme();
  return (
    <Stack horizontal verticalAlign="center" tokens={{ childrenGap: 8 }} role="region" aria-label="Pending changes"
      style={{ position: 'sticky', top: 0, zIndex: 2, padding: 8, background: theme.palette.neutralLighter, borderRadius: 4 }}>
      <Text styles={{ root: { flex: 1 } }} data-testid="pending-count">{count ? `${count} pending change${count === 1 ? '' : 's'} — nothing is sent before Finish.` : 'Editing: make changes, then Finish.'}</Text>
      <PrimaryButton text={applying ? 'Applying…' : 'Finish'} disabled={count === 0 || applying} onClick={onFinish} />
      <DefaultButton text="Cancel" disabled={applying} onClick={onCancel} />
    </Stack>
  );
};
