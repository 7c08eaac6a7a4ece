import type { IFocusTrapZoneProps } from '@fluentui/react/lib/FocusTrapZone';

/**
 * Focus-trap props for a side panel. Fluent keeps a panel's focus trap while it animates out, so
 * a click elsewhere in that moment (Done, then Export at once) had its focus pulled back into the
 * closing panel, and the menu just opened closed again. The trap holds only while the panel is open.
 */
export function panelFocusTrap(isOpen: boolean): IFocusTrapZoneProps {
  return { forceFocusInsideTrap: isOpen };
}

/** A command bar's overflow button ("…"), named for screen readers: Fluent leaves it without a name. */
export const MORE = { ariaLabel: 'More actions', title: 'More actions' } as const;
