import { describe, expect, it, vi } from 'vitest';
import { ApiClient, type Campaign, type InboundRoute, type User } from './api';
import { campaignChoices, ownerLabel, inboundRouteOwners, inboundRouteRows } from './inboundRoutes';

function user(id: number, username: string, role: User['role'], active = true): User {
  return {
    id,
    username,
    display_name: '',
    email: '',
    role,
    parent_id: null,
    active,
    max_concurrent_calls: 1,
    key_fingerprint: null,
    created_at: 0,
  };
}

function campaign(id: number, owner_id: number, name: string): Campaign {
  const agent = { system_prompt: '', voice: '', language: '', greeting: '' };
  return { id, owner_id, name, status: 'draft', agent, lead_ids: [], created_at: 0 };
}

const admin = user(2, 'mia', 'admin');
const agents = [user(5, 'zoe', 'agent'), user(4, 'bob', 'agent'), user(6, 'old', 'agent', false)];

describe('inbound number owners', () => {
  it('puts the caller first, then active users by name', () => {
    expect(inboundRouteOwners(admin, [...agents, admin]).map((u) => u.username)).toEqual([
      'mia',
      'bob',
      'zoe',
    ]);
  });
  it('labels the caller as "you" and others by role', () => {
    expect(ownerLabel(admin, admin)).toBe('mia (you)');
    expect(ownerLabel(agents[0], admin)).toBe('zoe (agent)');
  });
  it('offers only the chosen owner\'s campaigns as agent configs', () => {
    const cs = [campaign(1, 5, 'Sales'), campaign(2, 4, 'Support'), campaign(3, 5, 'After hours')];
    expect(campaignChoices(cs, 5).map((c) => c.id)).toEqual([3, 1]);
    expect(campaignChoices(cs, undefined)).toEqual([]);
  });
});

describe('inbound number rows', () => {
  it('joins owner and campaign names and names what it cannot see', () => {
    const routes: InboundRoute[] = [
      { number: '+4930100', owner_id: 5, campaign_id: null, created_at: 10 },
      { number: '+4930101', owner_id: 4, campaign_id: 2, created_at: 11 },
      { number: '0301234', owner_id: 9, campaign_id: 77, created_at: 12 },
    ];
    const rows = inboundRouteRows(routes, agents, [campaign(2, 4, 'Support')]);
    expect(rows).toEqual([
      { number: '+4930100', owner: 'zoe', agent: 'Default agent', createdAt: 10 },
      { number: '+4930101', owner: 'bob', agent: 'Support', createdAt: 11 },
      { number: '0301234', owner: 'User #9', agent: 'Campaign #77', createdAt: 12 },
    ]);
  });
});

describe('inbound routes over the API', () => {
  const ok = (body: unknown) =>
    vi.fn(
      async (_url: RequestInfo | URL, _init?: RequestInit) => new Response(JSON.stringify(body)),
    );

  it('percent-encodes the number, the route\'s key, in the delete path', async () => {
    const f = ok({ ok: true });
    await new ApiClient(f as unknown as typeof fetch).deleteInboundRoute('+49 30#1');
    expect(f.mock.calls[0][0]).toBe('/api/inbound-routes/%2B49%2030%231');
    expect(f.mock.calls[0][1]?.method).toBe('DELETE');
  });
  it('posts the number with the owner and campaign ids', async () => {
    const f = ok({ number: '+4930', owner_id: 4, campaign_id: null, created_at: 1 });
    await new ApiClient(f as unknown as typeof fetch).createInboundRoute({
      number: '+49 30',
      owner_id: 4,
    });
    const [url, init] = f.mock.calls[0];
    expect(url).toBe('/api/inbound-routes');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({ number: '+49 30', owner_id: 4 });
  });
});
