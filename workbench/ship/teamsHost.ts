/**
 * The Teams side of a tab (runs in the browser on Teams' origin): frames the SharePoint-hosted web part in
 * a frame named `embedded-page-container` (how SPFx knows it is in Teams) and answers the teams-js 2.x
 * messages SPFx's own teams-js sends to its parent: `initialize`, `getContext`, `registerHandler`, and
 * later pushes `themeChange`. Out of reach here: TeamsLogon.aspx's token exchange and SharePoint's
 * teamshostedapp.aspx itself (the framed page is the host's SharePoint page).
 */

/** What the host server writes into the Teams page. */
export interface ITeamsHostConfig {
  frameUrl: string;
  theme: 'default' | 'dark' | 'contrast';
  /** The tab's sub-entity (a deep link's `subEntityId`), if any. */
  subEntityId?: string;
  /** The legacy (v1) context fields Teams sends for this tab. */
  context: Record<string, unknown>;
}

/** What the Teams page offers the test. */
export interface ITeamsHostApi {
  /** Switch the Teams theme, as the user does in Teams' settings (pushes `themeChange`). */
  setTheme(theme: ITeamsHostConfig['theme']): void;
  /** Every `func` the framed app sent, in order. */
  calls: string[];
  /** Handlers the app registered (`registerHandler`). */
  handlers: string[];
  /** Calls this stand-in did not answer (a call that waits for an answer would hang in Teams' place). */
  unanswered: string[];
}

interface ITeamsMessage { id?: number; uuid?: unknown; func?: string; args?: unknown[] }

declare global {
  interface Window {
    __M365I_TEAMS_CONFIG__: ITeamsHostConfig;
    __teamsHost: ITeamsHostApi;
  }
}

/** What a Teams web client tells a tab that it supports (teams-js runtime config, apiVersion 4). */
const RUNTIME = {
  apiVersion: 4,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  isLegacyTeams: true,
  supports: {
    appEntity: {}, appInstallDialog: {}, dialog: { card: {}, url: {} }, location: {}, logs: {},
    pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
    teams: { fullTrust: {} }, teamsCore: {}
  }
};

function start(config: ITeamsHostConfig): ITeamsHostApi {
  let theme = config.theme;
  const frame = document.createElement('iframe');
  frame.name = 'embedded-page-container';
  frame.title = 'M365 Impressions';
  frame.src = config.frameUrl;
  frame.className = 'teams-tab-frame';
  // What Teams allows a tab's frame (a tab may write to the clipboard, e.g. a "Copy link").
  frame.allow = 'clipboard-read; clipboard-write';
  document.getElementById('teams-tab')?.appendChild(frame);
  const api: ITeamsHostApi = {
    calls: [],
    handlers: [],
    unanswered: [],
    setTheme(next) {
      theme = next;
      document.body.dataset.theme = next;
      post({ func: 'themeChange', args: [next] });
    }
  };
  const origin = new URL(config.frameUrl).origin;
  const post = (message: ITeamsMessage): void => frame.contentWindow?.postMessage(message, origin);
  const reply = (request: ITeamsMessage, args: unknown[]): void => post({ id: request.id, uuid: request.uuid, args });
  const context = (): Record<string, unknown> => ({ ...config.context, theme, subEntityId: config.subEntityId ?? '' });

  window.addEventListener('message', event => {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    const m = event.data as ITeamsMessage;
    if (!m || typeof m.func !== 'string') return;
    api.calls.push(m.func);
    switch (m.func) {
      case 'initialize':
        reply(m, ['content', 'web', JSON.stringify(RUNTIME), '2.36.0']);
        break;
      case 'getContext':
        reply(m, [context()]);
        break;
      case 'registerHandler':
        api.handlers.push(String(m.args?.[0]));
        break;
      default:
        api.unanswered.push(m.func);
        break;
    }
  });
  document.body.dataset.theme = theme;
  // Teams' theme setting, as buttons in the stand-in header (for a person viewing the tab).
  const bar = document.getElementById('teams-theme');
  for (const [name, label] of [['default', 'Light'], ['dark', 'Dark'], ['contrast', 'High contrast']] as const) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', () => api.setTheme(name));
    bar?.appendChild(b);
  }
  return api;
}

window.__teamsHost = start(window.__M365I_TEAMS_CONFIG__);
