import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, errorText, query } from './api';

function fakeFetch(status: number, body: unknown) {
  return vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { 'Content-Type': 'application/json' } });
  });
}

describe('ApiClient', () => {
  it('sends JSON bodies with the method, path and same-origin credentials', async () => {
    const f = fakeFetch(201, { id: 7, status: 'dialing' });
    const c = new ApiClient(f as unknown as typeof fetch);
    const r = await c.placeCall({ to: '+15551234567', lead_id: 3 });
    expect(r).toEqual({ id: 7, status: 'dialing' });
    const [url, init] = f.mock.calls[0];
    expect(url).toBe('/api/calls');
    expect(init?.method).toBe('POST');
    expect(init?.credentials).toBe('same-origin');
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(init?.body as string)).toEqual({ to: '+15551234567', lead_id: 3 });
  });

  it('fetches the greeting preview as audio and reports a failed rendering plainly', async () => {
    const wav = new Uint8Array([82, 73, 70, 70, 0, 0, 0, 0]);
    const ok = vi.fn(
      async (_url: RequestInfo | URL, _init?: RequestInit) =>
        new Response(wav, { status: 200, headers: { 'Content-Type': 'audio/wav' } }),
    );
    const blob = await new ApiClient(ok as unknown as typeof fetch).greetingPreview({ greeting: 'Hello!' });
    expect(blob.type).toBe('audio/wav');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(wav);
    expect(JSON.parse(ok.mock.calls[0][1]?.body as string)).toEqual({ greeting: 'Hello!' });
    const bad = fakeFetch(502, { error: { code: 'greeting_failed', message: 'the greeting could not be rendered: espeak-ng missing' } });
    await expect(new ApiClient(bad as unknown as typeof fetch).greetingPreview({ greeting: 'Hi' })).rejects.toMatchObject({
      status: 502,
      code: 'greeting_failed',
      message: 'the greeting could not be rendered: espeak-ng missing',
    });
  });

  it('sends CSV imports as text/csv, untouched', async () => {
    const f = fakeFetch(201, { imported: 1, ids: [1] });
    const c = new ApiClient(f as unknown as typeof fetch);
    await c.importLeads('name,phone\nA,+15550001\n');
    const init = f.mock.calls[0][1];
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    expect(init?.body).toBe('name,phone\nA,+15550001\n');
  });

  it('turns the error envelope into an ApiError with code, message and import rows', async () => {
    const f = fakeFetch(422, {
      error: {
        code: 'invalid_rows',
        message: '1 invalid rows; nothing was imported',
        rows: [{ row: 2, line: 3, message: 'phone must be E.164' }],
      },
    });
    const c = new ApiClient(f as unknown as typeof fetch);
    const err = await c.importLeads('x').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.code).toBe('invalid_rows');
    expect(err.rows).toEqual([{ row: 2, line: 3, message: 'phone must be E.164' }]);
  });

  it('explains the 503 calls_unavailable error in plain words', async () => {
    const f = fakeFetch(503, {
      error: { code: 'calls_unavailable', message: 'the call layer is not running on this node' },
    });
    const c = new ApiClient(f as unknown as typeof fetch);
    const err = await c.placeCall({ to: '+15551234567' }).catch((e) => e);
    expect(err.status).toBe(503);
    expect(errorText(err)).toMatch(/call layer is not running/);
    expect(errorText(err)).toMatch(/not available/);
  });

  it('calls onUnauthorized on a 401 except for the login itself', async () => {
    const c = new ApiClient(fakeFetch(401, { error: { code: 'unauthorized', message: 'x' } }) as
      unknown as typeof fetch);
    const seen = vi.fn();
    c.onUnauthorized = seen;
    await c.me().catch(() => undefined);
    expect(seen).toHaveBeenCalledTimes(1);
    await c.login('a', 'b').catch(() => undefined);
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('reports an unreachable server and a non-JSON error body clearly', async () => {
    const down = new ApiClient((async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch);
    const e1 = await down.me().catch((e) => e);
    expect(e1.code).toBe('network');
    const html = new ApiClient(fakeFetch(502, '<html>bad gateway</html>') as unknown as typeof fetch);
    const e2 = await html.me().catch((e) => e);
    expect(e2.status).toBe(502);
    expect(e2.code).toBe('http_502');
  });
});

describe('query', () => {
  it('encodes values and drops empty ones', () => {
    expect(query({ q: 'a b&c', status: '', page: 2, x: undefined })).toBe('?q=a%20b%26c&page=2');
    expect(query({})).toBe('');
  });
});
