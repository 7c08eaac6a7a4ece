import * as React from 'react';
import { useTheme } from '@fluentui/react/lib/Theme';

/** How a staged change shows: bold for a changed field, green for added, red and struck through for removed. */
export type Marker = 'changed' | 'added' | 'removed' | undefined;

/** Wraps a name or label with its change marker; the words say it too, so colour is never the only cue. */
export const Marked: React.FC<{ marker: Marker; children: React.ReactNode }> = ({ marker, children }) => {
  const theme = useTheme();
  if (!marker) return <>{children}</>;
  const contrast = theme.semanticColors.bodyBackground === '#000000';
  const style: React.CSSProperties =
    marker === 'changed' ? { fontWeight: 700 }
      : marker === 'added' ? { color: contrast ? '#3ff23f' : theme.isInverted ? '#92c353' : '#107c10', fontWeight: 600 }
        : { color: contrast ? '#ff6b6b' : theme.isInverted ? '#f1707b' : '#a4262c', textDecoration: 'line-through' };
  return (
    <span style={style} data-marker={marker}>
      {children}
      <span className="m365i-sr" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}> ({marker})</span>
    </span>
  );
};
