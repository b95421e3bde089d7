// Navigation by role: what each role sees in the menu and may open.
import type { Role } from './api';

export interface NavItem {
  path: string;
  label: string;
}

const ALL: (NavItem & { roles: Role[] })[] = [
  { path: '/', label: 'Dashboard', roles: ['superadmin', 'admin', 'agent'] },
  { path: '/leads', label: 'Leads', roles: ['superadmin', 'admin', 'agent'] },
  { path: '/campaigns', label: 'Campaigns', roles: ['superadmin', 'admin', 'agent'] },
  { path: '/calls', label: 'Calls', roles: ['superadmin', 'admin', 'agent'] },
  { path: '/conversions', label: 'Conversions', roles: ['superadmin', 'admin', 'agent'] },
  { path: '/agent-profiles', label: 'Agent profiles', roles: ['superadmin', 'admin'] },
  { path: '/inbound-routes', label: 'Inbound numbers', roles: ['superadmin', 'admin'] },
  { path: '/users', label: 'Users', roles: ['superadmin', 'admin'] },
  { path: '/webhooks', label: 'Webhooks', roles: ['superadmin', 'admin'] },
  { path: '/keys', label: 'API keys', roles: ['superadmin'] },
];

export function navItems(role: Role): NavItem[] {
  return ALL.filter((i) => i.roles.includes(role)).map(({ path, label }) => ({ path, label }));
}

// The nav item a path belongs to ("/calls/12/live" -> "/calls").
export function activeNav(path: string, role: Role): string {
  const items = navItems(role);
  const hit = items
    .filter((i) => i.path !== '/' && (path === i.path || path.startsWith(i.path + '/')))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return hit ? hit.path : '/';
}

// Whether `path` is a page of this role: "/" or a path under one of its nav items.
export function mayOpen(path: string, role: Role): boolean {
  if (path === '/') return true;
  return navItems(role).some(
    (i) => i.path !== '/' && (path === i.path || path.startsWith(i.path + '/')),
  );
}

// Which roles a user of `role` may create on the users page.
export function creatableRoles(role: Role): Role[] {
  if (role === 'superadmin') return ['admin', 'agent'];
  if (role === 'admin') return ['agent'];
  return [];
}
