import * as React from 'react';
import type { ITheme } from '@fluentui/react/lib/Styling';

/** Props of the host frames. */
export interface IFrameProps {
  theme: ITheme;
  /** Teams theme name, when the frame is Teams. */
  teamsTheme?: string;
  /** SharePoint section width: a full-width section or a narrow (one-third) column. */
  width?: 'full' | 'narrow';
  children: React.ReactNode;
}

const font = '"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif';

/** A SharePoint communication-site page: suite bar, site header, page title, a section with the web part. */
export const SharePointFrame: React.FC<IFrameProps> = ({ theme, width = 'full', children }) => {
  const p = theme.palette;
  return (
    <div style={{ fontFamily: font, background: '#ffffff', minHeight: '100vh', color: p.neutralPrimary }} data-host="sharepoint">
      <div style={{ height: 48, background: p.themePrimary, color: '#fff', display: 'flex', alignItems: 'center', gap: 16, padding: '0 14px' }}>
        <span aria-hidden style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 4px)', gap: 3 }}>
          {Array.from({ length: 9 }, (_, i) => <span key={i} style={{ width: 4, height: 4, background: '#fff' }} />)}
        </span>
        <span style={{ fontWeight: 600, fontSize: 16 }}>SharePoint</span>
        <span style={{ flex: 1 }} />
        <span style={{ background: 'rgba(255,255,255,.18)', borderRadius: 4, padding: '6px 12px', width: 280, fontSize: 14 }}>Search this site</span>
        <span aria-hidden style={{ width: 32, height: 32, borderRadius: 16, background: '#fff', color: p.themePrimary, display: 'grid', placeItems: 'center', fontWeight: 600 }}>AD</span>
      </div>
      <div style={{ borderBottom: `1px solid ${p.neutralLight}`, padding: '18px 32px 0' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
          <span aria-hidden style={{ width: 48, height: 48, borderRadius: 4, background: p.themePrimary, color: '#fff', display: 'grid', placeItems: 'center', fontSize: 20, fontWeight: 600 }}>IT</span>
          <span style={{ fontSize: 24, fontWeight: 600 }}>IT Administration</span>
        </div>
        <nav style={{ display: 'flex', gap: 24, padding: '14px 0 10px', fontSize: 14 }}>
          {['Home', 'Documents', 'Pages', 'Site contents'].map(n => <span key={n}>{n}</span>)}
        </nav>
      </div>
      <main style={{ maxWidth: 1268, margin: '0 auto', padding: '24px 32px' }}>
        <h1 style={{ fontSize: 32, fontWeight: 600, margin: '8px 0 20px' }}>Tenant overview</h1>
        <div style={{ display: 'grid', gridTemplateColumns: width === 'narrow' ? '1fr 2fr' : '1fr', gap: 24 }}>
          <section data-testid="webpart" style={{ background: theme.semanticColors.bodyBackground }}>{children}</section>
          {width === 'narrow' && <section aria-hidden style={{ color: p.neutralSecondary, fontSize: 14 }}>Other web parts on the page.</section>}
        </div>
      </main>
    </div>
  );
};

const RAIL_ITEMS = ['Activity', 'Chat', 'Teams', 'Calendar', 'Files', 'Impressions'];

/** A Teams client: app bar on the left, the personal app's header with its tabs, and the tab content. */
export const TeamsFrame: React.FC<IFrameProps> = ({ theme, teamsTheme, children }) => {
  const dark = teamsTheme === 'dark';
  const contrast = teamsTheme === 'contrast';
  const chrome = contrast ? '#000000' : dark ? '#0a0a0a' : '#ebebeb';
  const header = contrast ? '#000000' : dark ? '#1f1f1f' : '#ffffff';
  const text = contrast || dark ? '#ffffff' : '#242424';
  const accent = contrast ? '#ffff01' : dark ? '#7f85f5' : '#5b5fc7';
  const line = contrast ? '#ffffff' : dark ? '#3d3d3d' : '#e0e0e0';
  return (
    <div style={{ fontFamily: font, display: 'flex', minHeight: '100vh', background: chrome, color: text }} data-host="teams" data-theme={teamsTheme}>
      <nav aria-label="Teams app bar" style={{ width: 68, display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 6, paddingTop: 56 }}>
        {RAIL_ITEMS.map(item => {
          const active = item === 'Impressions';
          return (
            <span key={item} style={{ width: 60, padding: '8px 0', textAlign: 'center', fontSize: 10, color: active ? accent : text, borderLeft: active ? `3px solid ${accent}` : '3px solid transparent' }}>
              <span aria-hidden style={{ display: 'block', margin: '0 auto 4px', width: 20, height: 20, borderRadius: 4, border: `2px solid ${active ? accent : text}` }} />
              {item}
            </span>
          );
        })}
      </nav>
      <div style={{ flex: 1, display: 'flex', flexDirection: 'column', minWidth: 0 }}>
        <div style={{ height: 48, display: 'flex', alignItems: 'center', padding: '0 16px', color: text }}>
          <span style={{ background: contrast ? '#000' : dark ? '#2e2e2e' : '#ffffff', border: `1px solid ${line}`, borderRadius: 4, padding: '4px 12px', width: 420, margin: '0 auto', fontSize: 13, opacity: 0.8 }}>Search</span>
        </div>
        <div style={{ flex: 1, background: header, borderTopLeftRadius: 8, border: contrast ? `1px solid ${line}` : 'none', display: 'flex', flexDirection: 'column', minWidth: 0 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 18, padding: '12px 20px', borderBottom: `1px solid ${line}` }}>
            <span aria-hidden style={{ width: 28, height: 28, borderRadius: 6, background: accent }} />
            <span style={{ fontWeight: 700, fontSize: 18 }}>M365 Impressions</span>
            <span style={{ borderBottom: `3px solid ${accent}`, paddingBottom: 4, fontWeight: 600, fontSize: 14 }}>Impressions</span>
            <span style={{ fontSize: 14, paddingBottom: 7 }}>About</span>
          </div>
          <section data-testid="webpart" style={{ flex: 1, background: theme.semanticColors.bodyBackground, minWidth: 0 }}>{children}</section>
        </div>
      </div>
    </div>
  );
};
