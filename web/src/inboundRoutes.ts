// Inbound numbers: who a dialled number may ring, which agent configs fit that user, and the
// rows of the page (owner and campaign names joined in; the API returns ids).
import type { Campaign, InboundRoute, User } from './api';

export interface InboundRouteRow {
  number: string;
  owner: string;
  agent: string;
  createdAt: number;
}

// The users a number may ring, the caller first, then by username. /api/users is already
// scoped (an admin gets itself and its agents; the superadmin everyone); inactive users are
// left out because a call to them is refused (480).
export function inboundRouteOwners(me: User, users: User[]): User[] {
  return users
    .filter((u) => u.active)
    .sort((a, b) => {
      if (a.id === me.id) return -1;
      if (b.id === me.id) return 1;
      return a.username.localeCompare(b.username);
    });
}

export function ownerLabel(u: User, me: User): string {
  return u.id === me.id ? `${u.username} (you)` : `${u.username} (${u.role})`;
}

// A route's agent config must be one of its owner's campaigns (the server checks it too).
export function campaignChoices(campaigns: Campaign[], ownerId: number | undefined): Campaign[] {
  return campaigns
    .filter((c) => c.owner_id === ownerId)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function inboundRouteRows(
  routes: InboundRoute[],
  users: User[],
  campaigns: Campaign[],
): InboundRouteRow[] {
  const userName = new Map(users.map((u) => [u.id, u.username]));
  const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
  return routes.map((r) => ({
    number: r.number,
    owner: userName.get(r.owner_id) ?? `User #${r.owner_id}`,
    agent:
      r.campaign_id === null
        ? 'Default agent'
        : (campaignName.get(r.campaign_id) ?? `Campaign #${r.campaign_id}`),
    createdAt: r.created_at,
  }));
}
