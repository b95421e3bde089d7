import { describe, expect, it } from 'vitest';
import { activeNav, creatableRoles, mayOpen, navItems } from './nav';

describe('navigation by role', () => {
  it('shows users and inbound numbers to admins and keys only to the superadmin', () => {
    const paths = (r: Parameters<typeof navItems>[0]) => navItems(r).map((i) => i.path);
    expect(paths('agent')).toEqual(['/', '/leads', '/campaigns', '/calls', '/conversions']);
    expect(paths('admin')).toEqual([
      '/',
      '/leads',
      '/campaigns',
      '/calls',
      '/conversions',
      '/agent-profiles',
      '/inbound-routes',
      '/users',
      '/webhooks',
    ]);
    expect(paths('superadmin')).toContain('/keys');
    expect(paths('superadmin')).toContain('/inbound-routes');
    expect(navItems('admin').find((i) => i.path === '/inbound-routes')?.label).toBe('Inbound numbers');
  });
  it('marks the section of nested paths', () => {
    expect(activeNav('/calls/12', 'agent')).toBe('/calls');
    expect(activeNav('/', 'agent')).toBe('/');
    expect(activeNav('/leadsx', 'agent')).toBe('/');
  });
  it('refuses pages above the role', () => {
    expect(mayOpen('/users', 'agent')).toBe(false);
    expect(mayOpen('/keys', 'admin')).toBe(false);
    expect(mayOpen('/keys', 'superadmin')).toBe(true);
    expect(mayOpen('/inbound-routes', 'agent')).toBe(false);
    expect(mayOpen('/inbound-routes', 'admin')).toBe(true);
    expect(mayOpen('/webhooks', 'agent')).toBe(false);
    expect(mayOpen('/webhooks', 'admin')).toBe(true);
    expect(mayOpen('/agent-profiles', 'agent')).toBe(false);
    expect(mayOpen('/agent-profiles', 'admin')).toBe(true);
    expect(mayOpen('/calls/3', 'agent')).toBe(true);
    expect(mayOpen('/', 'agent')).toBe(true);
    expect(mayOpen('/nonsense', 'agent')).toBe(false);
  });
  it('lets each role create only the roles below it', () => {
    expect(creatableRoles('superadmin')).toEqual(['admin', 'agent']);
    expect(creatableRoles('admin')).toEqual(['agent']);
    expect(creatableRoles('agent')).toEqual([]);
  });
});
