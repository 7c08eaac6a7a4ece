import * as React from 'react';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { Shimmer } from '@fluentui/react/lib/Shimmer';
import { useTheme } from '@fluentui/react/lib/Theme';
import { relaySourceText, relaySourceTitle } from '../../core/reports';
import type { IReportSource } from '../../core/reports';

/** Props of Card. */
export interface ICardProps {
  /** Section title. */
  title: string;
  /** Report refresh date (workload sections). */
  refreshDate?: string | null;
  /** Set when the section's report rows came from the relay (said after the date). */
  source?: IReportSource;
  /** True while the section's data loads. */
  loading?: boolean;
  /** Extra header content (e.g. an edit hint). */
  aside?: React.ReactNode;
  children?: React.ReactNode;
}

/** One section of the impression: loads on its own, says why when it cannot. */
export const Card: React.FC<ICardProps> = ({ title, refreshDate, source, loading, aside, children }) => {
  const theme = useTheme();
  const id = React.useMemo(() => `card-${title.replace(/\W+/g, '-').toLowerCase()}`, [title]);
  return (
    <section
      aria-labelledby={id}
      data-testid={id}
      style={{ background: theme.semanticColors.bodyBackground, border: `1px solid ${theme.semanticColors.bodyDivider}`, borderRadius: 6, padding: 16, minWidth: 0 }}
    >
      <Stack horizontal verticalAlign="baseline" tokens={{ childrenGap: 8 }} style={{ marginBottom: 8 }}>
        <Text as="h3" id={id} variant="mediumPlus" styles={{ root: { fontWeight: 600, margin: 0, flex: 1 } }}>{title}</Text>
        {refreshDate ? <Text variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>Data as of {refreshDate}</Text> : null}
        {aside}
      </Stack>
      {refreshDate && source ? (
        // Its own line under the title: a card's header is narrow, and a date broken across lines reads badly.
        <Text variant="small" block data-testid="card-source" title={relaySourceTitle(source)} styles={{ root: { color: theme.semanticColors.bodySubtext, marginTop: -4, marginBottom: 8 } }}>
          From the {relaySourceText(source)}
        </Text>
      ) : null}
      {loading ? (
        // A status, as the Usage view's loading blocks are: an aria-label on a div without a role is not announced.
        <Stack tokens={{ childrenGap: 8 }} role="status" aria-busy="true" aria-label={`Loading ${title}`}>
          <Shimmer width="80%" />
          <Shimmer width="60%" />
          <Shimmer width="70%" />
        </Stack>
      ) : children}
    </section>
  );
};

/** A label/value list inside a card. */
export const Facts: React.FC<{ items: Array<[React.ReactNode, React.ReactNode]> }> = ({ items }) => {
  const theme = useTheme();
  return (
    <dl style={{ display: 'grid', gridTemplateColumns: 'minmax(140px, max-content) 1fr', columnGap: 16, rowGap: 6, margin: 0 }}>
      {items.map(([k, v], i) => (
        <React.Fragment key={i}>
          <dt style={{ color: theme.semanticColors.bodySubtext, fontSize: 13 }}>{k}</dt>
          <dd style={{ margin: 0, fontSize: 14, overflowWrap: 'anywhere' }}>{v}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
};
