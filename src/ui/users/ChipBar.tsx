import * as React from 'react';
import { Stack } from '@fluentui/react/lib/Stack';
import { ActionButton } from '@fluentui/react/lib/Button';
import type { IButtonStyles } from '@fluentui/react/lib/Button';
import { heldChipLabel } from '../../core/directory';
import type { IFilterHold, IUserFilters } from '../../core/directory';
import type { IFilterChip } from './filterLabels';

/** Props of ChipBar. */
export interface IChipBarProps {
  /** The active filters; a change of them is when focus is handed on. */
  filters: IUserFilters;
  /** Their chips (filterChips(filters)), which the view counts too. */
  chips: IFilterChip[];
  /** Why a chip's filter matches no one yet (or cannot), by chip key. */
  holds: Record<string, IFilterHold | undefined>;
  onChange: (filters: IUserFilters) => void;
  /** Holds the button focus goes to when no chip is left (the Filters button, the first in it). */
  fallbackFocus: React.RefObject<HTMLElement>;
}

const CHIP_STYLES: IButtonStyles = { root: { height: 26, borderRadius: 13, border: '1px solid', padding: '0 8px' }, flexContainer: { flexDirection: 'row-reverse' } };

/**
 * The active filters as chips, each removed by its button, and Clear all. Always mounted, even with no
 * chips: removing a chip (or Clear all) removes the button that had focus, so focus goes to the chip that
 * took its place, else the one before, else the Filters button.
 */
export function ChipBar({ filters, chips, holds, onChange, fallbackFocus }: IChipBarProps): JSX.Element | null {
  const bar = React.useRef<HTMLDivElement>(null);
  const chipFocus = React.useRef<number | undefined>(undefined);
  React.useLayoutEffect(() => {
    const at = chipFocus.current;
    chipFocus.current = undefined;
    if (at === undefined) return;
    const left = bar.current ? Array.from(bar.current.querySelectorAll<HTMLElement>('[data-chip]')) : [];
    (left[Math.min(at, left.length - 1)] ?? fallbackFocus.current?.querySelector<HTMLElement>('button'))?.focus();
  }, [filters, fallbackFocus]); // after the change of filters a chip's click made
  if (chips.length === 0) return null;
  return (
    <div ref={bar}>
      <Stack horizontal wrap tokens={{ childrenGap: 6 }} aria-label="Active filters">
        {chips.map((c, index) => {
          const h = holds[c.key];
          const label = heldChipLabel(c.label, h);
          return (
            <ActionButton key={c.key} data-chip iconProps={{ iconName: 'Cancel' }} onClick={() => { chipFocus.current = index; onChange(c.remove(filters)); }} ariaLabel={`Remove filter ${label}`} title={h?.why}
              styles={CHIP_STYLES}>
              {label}
            </ActionButton>
          );
        })}
        <ActionButton onClick={() => { chipFocus.current = 0; onChange({}); }} styles={{ root: { height: 26 } }}>Clear all</ActionButton>
      </Stack>
    </div>
  );
}
