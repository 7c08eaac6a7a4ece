import * as React from 'react';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import { isHighContrastTheme } from '../../common/chartLook';

/** Props of TileFrame. */
export interface ITileFrameProps {
  tile: { key: string; title: string; description: string };
  /** The big figure at the top right, with its label and, on hover, what it is. */
  headline?: { value: string; label: string; hover?: string };
  children?: React.ReactNode;
}

/** The frame every overview tile has: border (white in high contrast), title, description and the big figure. */
export const TileFrame: React.FC<ITileFrameProps> = ({ tile, headline, children }) => {
  const theme = useTheme();
  const hc = isHighContrastTheme(theme);
  const headingId = `m365i-tile-${tile.key}`;
  return (
    <section
      aria-labelledby={headingId}
      data-testid={`tile-${tile.key}`}
      style={{
        border: `1px solid ${hc ? '#ffffff' : theme.isInverted ? theme.palette.neutralQuaternaryAlt : theme.palette.neutralLight}`,
        borderRadius: 4,
        padding: 12,
        background: theme.semanticColors.bodyBackground,
        boxShadow: hc ? 'none' : theme.effects.elevation4,
        minWidth: 0
      }}
    >
      <Stack tokens={{ childrenGap: 6 }}>
        <Stack horizontal horizontalAlign="space-between" verticalAlign="start" tokens={{ childrenGap: 8 }}>
          <Stack.Item grow styles={{ root: { minWidth: 0 } }}>
            <Text as="h3" id={headingId} variant="mediumPlus" styles={{ root: { margin: 0, fontWeight: 600, display: 'block' } }}>{tile.title}</Text>
            <Text variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>{tile.description}</Text>
          </Stack.Item>
          {headline && (
            <div style={{ flexShrink: 0, textAlign: 'right' }} data-testid="tile-headline" title={headline.hover}>
              <Text block variant="xLarge" styles={{ root: { fontWeight: 600, lineHeight: '28px' } }}>{headline.value}</Text>
              <Text block variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>{headline.label}</Text>
            </div>
          )}
        </Stack>
        {children}
      </Stack>
    </section>
  );
};
