import * as React from 'react';
import { registerIcons } from '@fluentui/react/lib/Styling';
import { GlobalSettings } from '@fluentui/react/lib/Utilities';
// Named imports of the package's root: its `exports` allow no deeper path, and tree shaking keeps only these.
import {
  PeopleIcon,
  BarChartVerticalFillIcon,
  ContactIcon,
  ViewDashboardIcon,
  SearchIcon,
  FilterIcon,
  DownloadIcon,
  ChevronDownIcon,
  ChevronUpIcon,
  ChevronRightIcon,
  ChevronLeftIcon,
  UpIcon,
  DownIcon,
  CancelIcon,
  SortUpIcon,
  SortDownIcon,
  SortIcon,
  CheckMarkIcon,
  InfoIcon,
  ErrorBadgeIcon,
  WarningIcon,
  CompletedIcon,
  Blocked2Icon,
  StatusCircleCheckmarkIcon,
  CircleRingIcon,
  StatusErrorFullIcon,
  CopyIcon,
  EditIcon,
  AddIcon,
  DeleteIcon,
  ClearIcon,
  CalendarIcon,
  GotoTodayIcon,
  ColumnOptionsIcon,
  RefreshIcon,
  LinkIcon,
  CodeIcon,
  MoreIcon,
  LockIcon,
  MailIcon,
  GroupIcon,
  PermissionsIcon,
  TableIcon,
  AreaChartIcon,
  LineChartIcon,
  PieDoubleIcon,
  BarChart4Icon,
  ClockIcon,
  PageIcon,
  AcceptIcon,
  UndoIcon,
  SaveIcon,
  HideIcon,
  ViewIcon,
  DoubleChevronLeftIcon,
  TagIcon,
  UserFollowedIcon,
  AddFriendIcon,
  DocumentIcon,
  GlobeIcon,
  WaffleIcon,
  CompletedSolidIcon,
  RemoveIcon,
  MultiSelectIcon,
  TaskManagerIcon,
  UserRemoveIcon,
  AddGroupIcon,
  RemoveFilterIcon
} from '@fluentui/react-icons-mdl2';

/**
 * The icons the product draws (its own and those Fluent UI's components draw inside it), as SVG.
 *
 * SharePoint pages register only the subset of Fluent's icon font that the page itself needs, and pages
 * hosted in Teams register none (sp-dev-docs#3844, fluentui#15188), so a web part that relies on the
 * host draws empty boxes there. Registering the font with initializeIcons() would fetch it from
 * Microsoft's CDN; these SVGs travel in the bundle instead. Brand glyphs (Excel, OneDrive, SharePoint,
 * Teams, Office) live in Fluent's branded set, which is not bundled: a plain MDL2 glyph stands in.
 */
export const PRODUCT_ICONS: Record<string, React.ComponentType> = {
  People: PeopleIcon,
  Contact: ContactIcon,
  ViewDashboard: ViewDashboardIcon,
  BarChartVerticalFill: BarChartVerticalFillIcon,
  Search: SearchIcon,
  Filter: FilterIcon,
  Download: DownloadIcon,
  ChevronDown: ChevronDownIcon,
  ChevronUp: ChevronUpIcon,
  ChevronRight: ChevronRightIcon,
  ChevronLeft: ChevronLeftIcon,
  Up: UpIcon,
  Down: DownIcon,
  Cancel: CancelIcon,
  SortUp: SortUpIcon,
  SortDown: SortDownIcon,
  Sort: SortIcon,
  CheckMark: CheckMarkIcon,
  Info: InfoIcon,
  ErrorBadge: ErrorBadgeIcon,
  Warning: WarningIcon,
  Completed: CompletedIcon,
  Blocked2: Blocked2Icon,
  StatusCircleCheckmark: StatusCircleCheckmarkIcon,
  CircleRing: CircleRingIcon,
  StatusErrorFull: StatusErrorFullIcon,
  Copy: CopyIcon,
  Edit: EditIcon,
  Add: AddIcon,
  Delete: DeleteIcon,
  Clear: ClearIcon,
  Calendar: CalendarIcon,
  GotoToday: GotoTodayIcon,
  ColumnOptions: ColumnOptionsIcon,
  Refresh: RefreshIcon,
  Link: LinkIcon,
  Code: CodeIcon,
  More: MoreIcon,
  Lock: LockIcon,
  Mail: MailIcon,
  Group: GroupIcon,
  Permissions: PermissionsIcon,
  Table: TableIcon,
  AreaChart: AreaChartIcon,
  LineChart: LineChartIcon,
  PieDouble: PieDoubleIcon,
  BarChart4: BarChart4Icon,
  Clock: ClockIcon,
  Page: PageIcon,
  Accept: AcceptIcon,
  Undo: UndoIcon,
  Save: SaveIcon,
  Hide: HideIcon,
  View: ViewIcon,
  DoubleChevronLeft: DoubleChevronLeftIcon,
  Tag: TagIcon,
  UserFollowed: UserFollowedIcon,
  AddFriend: AddFriendIcon,
  ExcelDocument: TableIcon,
  OneDriveLogo: DocumentIcon,
  SharepointLogo: GlobeIcon,
  TeamsLogo: PeopleIcon,
  OfficeLogo: WaffleIcon,
  Shield: LockIcon,
  AppIconDefault: PageIcon,
  SkypeCircleCheck: CompletedSolidIcon,
  // The plans: results, and the bulk actions' menu.
  Remove: RemoveIcon,
  MultiSelect: MultiSelectIcon,
  TaskManager: TaskManagerIcon,
  UserRemove: UserRemoveIcon,
  AddGroup: AddGroupIcon,
  RemoveFilter: RemoveFilterIcon,
  // Publish for visitors.
  Globe: GlobeIcon
};

/**
 * Register every product icon the host has not registered already, so a host's own glyphs stay as they
 * are (and Fluent does not warn about icons registered twice). Returns the names it registered.
 */
export function registerProductIcons(): string[] {
  // Fluent keeps registered icons in its global settings, keyed by lower-case name (asking getIcon()
  // instead would count each unknown name as a missing icon).
  const registered = GlobalSettings.getValue<Record<string, unknown>>('icons', {});
  const icons: Record<string, JSX.Element> = {};
  for (const [name, Icon] of Object.entries(PRODUCT_ICONS)) {
    if (!registered[name.toLowerCase()]) icons[name] = React.createElement(Icon);
  }
  if (Object.keys(icons).length) registerIcons({ icons });
  return Object.keys(icons);
}
