import { parseSubPageId, teamsDeepLink, toSubPageId } from '../../../src/ui/common/route';

describe('Teams deep links', () => {
  const APP = 'f05686d8-d96a-4e9a-8cbf-abf1da96d06a';

  it('round-trips an impression sub-page through subPageId', () => {
    const sub = toSubPageId({ view: 'impression', user: 'ann@contoso.com' });
    expect(sub).toBe('impression:ann@contoso.com');
    expect(parseSubPageId(sub)).toEqual({ view: 'impression', user: 'ann@contoso.com' });
    expect(parseSubPageId('usage')).toEqual({ view: 'usage' });
    expect(parseSubPageId('nonsense')).toBeUndefined();
  });

  it('links a personal app by app and entity, with the sub-page in its context', () => {
    const link = new URL(teamsDeepLink(APP, 'm365impressions-personal', 'impression:ann@contoso.com'));
    expect(link.origin + link.pathname).toBe(`https://teams.microsoft.com/l/entity/${APP}/m365impressions-personal`);
    expect(JSON.parse(link.searchParams.get('context') ?? '')).toEqual({ subEntityId: 'impression:ann@contoso.com' });
  });

  it('names the channel of a channel tab, as Teams needs to find a configurable tab', () => {
    const channel = '19:abc@thread.tacv2';
    const link = new URL(teamsDeepLink(APP, 'tab id/with space', 'users', channel));
    expect(link.pathname).toBe(`/l/entity/${APP}/tab%20id%2Fwith%20space`);
    expect(JSON.parse(link.searchParams.get('context') ?? '')).toEqual({ subEntityId: 'users', channelId: channel });
  });
});
