import * as React from 'react';
import { registerIcons } from '@fluentui/react/lib/Styling';
import * as Mdl2 from '@fluentui/react-icons-mdl2';

// SharePoint and Teams load Fluent's icon font themselves; this machine has no internet, so the
// workbench registers the SVG versions of the icons the app uses instead of the CDN font.
const NAMES = [
  'People', 'Contact', 'Search', 'Filter', 'Download', 'ChevronDown', 'ChevronUp', 'ChevronRight', 'ChevronLeft',
  'Cancel', 'SortUp', 'SortDown', 'Sort', 'CheckMark', 'Info', 'ErrorBadge', 'Warning', 'Completed', 'BarChartVerticalFill',
  'BarChart4', 'Settings', 'Copy', 'Edit', 'Add', 'Delete', 'Clear', 'Calendar', 'ColumnOptions', 'Refresh', 'Link', 'Code',
  'ExcelDocument', 'More', 'Blocked2', 'StatusCircleCheckmark', 'Lock', 'Mail', 'OneDriveLogo', 'SharepointLogo', 'TeamsLogo',
  'OfficeLogo', 'Group', 'Permissions', 'Shield', 'Table', 'AreaChart', 'LineChart', 'PieDouble', 'Clock', 'GlobalNavButton',
  'Waffle', 'Home', 'ChatInviteFriend', 'Chat', 'Ringer', 'AppIconDefault', 'ViewDashboard', 'Page', 'Accept', 'Undo', 'Save',
  'CircleRing', 'StatusErrorFull', 'SkypeCircleCheck', 'Hide', 'View', 'DoubleChevronLeft', 'Tag', 'UserFollowed', 'AddFriend'
];

/**
 * Brand and product glyphs live in Fluent's branded icon set, which is not installed here: the workbench
 * draws a plain MDL2 glyph in their place (SharePoint and Teams draw the real ones from their font).
 */
const STAND_INS: Record<string, string> = {
  ExcelDocument: 'Table', OneDriveLogo: 'Document', SharepointLogo: 'Globe', TeamsLogo: 'People', OfficeLogo: 'Waffle',
  Shield: 'Lock', AppIconDefault: 'Page', SkypeCircleCheck: 'CompletedSolid'
};

/** Register the SVG icons the app uses under Fluent's icon names (every name gets a glyph). */
export function registerWorkbenchIcons(): void {
  const lib = Mdl2 as unknown as Record<string, React.ComponentType | undefined>;
  const icons: Record<string, JSX.Element> = {};
  for (const name of NAMES) {
    const C = lib[`${name}Icon`] ?? lib[`${STAND_INS[name] ?? ''}Icon`];
    if (C) icons[name] = React.createElement(C);
  }
  registerIcons({ icons });
}
