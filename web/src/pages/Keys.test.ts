import { describe, expect, it } from 'vitest';
import type { ApiKey } from '../api';
import { ownerText } from './Keys';

const key = (over: Partial<ApiKey>): ApiKey => ({
  id: 1,
  fingerprint: '0123456789ab',
  label: '',
  status: 'active',
  owner: 'pool',
  owner_id: null,
  owner_name: null,
  users: 0,
  created_at: 0,
  ...over,
});

describe('ownerText', () => {
  it('names the pool, a user and a tenant as GET /api/keys reports them', () => {
    expect(ownerText(key({}))).toBe('pool');
    expect(ownerText(key({ owner: 'unclaimed' }))).toBe('unclaimed');
    expect(ownerText(key({ owner: 'user', owner_id: 7, owner_name: 'alice' }))).toBe(
      'user alice (7)',
    );
    expect(ownerText(key({ owner: 'tenant', owner_id: 3, owner_name: 'acme' }))).toBe(
      'tenant of acme (3)',
    );
  });
});
