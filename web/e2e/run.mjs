// Browser tests of the web UI in Debian's Chromium (playwright-core, no browser download):
//  1. smoke: as superadmin create an admin and an agent, leads (form and CSV import with a
//     bad row), a campaign; visit every page; a call attempt shows the 503 clearly when the
//     server has no call layer. A screenshot of every page goes to --out.
//  2. two users at once (needs a call layer: --fake-calls on va_web_test_server, or a real
//     server with a trunk, VOICEAGENT_SIP_TRUNK_URI; without one the scenario FAILS: it was
//     asked for and did not run): two browser contexts start calls at the same moment; each
//     live view shows its own transcript and media facts; both end; each call is in its
//     owner's history only, with the transcript the server stored.
//  3. profiles (e2e/profiles.mjs): an admin creates an agent profile and a campaign using it.
// Usage: node e2e/run.mjs --server BIN [--server-arg ARG]... [--out DIR] [--only smoke|profiles|pair]
// Exit 77 (ctest SKIP) only when Chromium, playwright-core or web/dist is missing. A web/dist
// older than web/src (ctest's web_build fixture rebuilds it), a server that does not serve the
// UI at / and a scenario that cannot run are failures (exit 1).
import path from 'node:path';
import { ARGS, CHROMIUM, SUPER_PASSWORD, args, check, chromium, login, rest, shot, startServer, watch }
  from './harness.mjs';
import { profiles } from './profiles.mjs';

async function smoke(browser) {
  console.log('smoke: every page, as superadmin');
  const server = await startServer([]);
  const errors = [];
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    watch(page, 'smoke', errors);
    await page.goto(server.url + '/leads');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await shot(page, 'login');
    await page.getByLabel('Username').fill('superadmin');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot(page, 'login-error');
    await page.getByLabel('Password').fill(SUPER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Leads' }).waitFor();
    check(new URL(page.url()).pathname === '/leads', `login keeps the deep link (${page.url()})`);

    // Users: an admin, then an agent under it.
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByLabel('Username').fill('admin1');
    await dlg.getByLabel('Password').fill('admin-password-1');
    await dlg.getByLabel('Role').selectOption('admin');
    await shot(page, 'user-form');
    await dlg.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'admin1', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    await dlg.getByLabel('Username').fill('agent1');
    await dlg.getByLabel('Password').fill('agent-password-1');
    await dlg.getByLabel('Role').selectOption('agent');
    await dlg.getByLabel('Admin').selectOption({ label: 'admin1' });
    await dlg.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'agent1', exact: true }).waitFor();
    check(await page.getByRole('row', { name: /agent1/ }).getByRole('cell', { name: 'admin1' }).count() === 1,
      'agent1 is listed under admin1');
    await shot(page, 'users');

    // Keys: add one; only its fingerprint comes back.
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await shot(page, 'keys-empty');
    await page.getByLabel('Gemini API key').fill('AIzaSyTEST-not-a-real-key-0123456789');
    await page.getByLabel('Label').fill('test pool key');
    await page.getByRole('button', { name: 'Add key' }).click();
    await page.getByRole('status').filter({ hasText: 'Added key' }).waitFor();
    const html = await page.content();
    check(!html.includes('AIzaSyTEST'), 'the key itself never appears in the page');
    await page.getByRole('button', { name: 'Assign to users without a key' }).click();
    await page.getByRole('status').filter({ hasText: 'Gave a key' }).waitFor();
    await shot(page, 'keys');

    // Leads: one by the form, a CSV with a bad row (per-row errors), then a good CSV.
    await page.getByRole('link', { name: 'Leads' }).click();
    await page.getByText('No leads yet').waitFor();
    await shot(page, 'leads-empty');
    await page.getByRole('button', { name: 'New lead' }).click();
    await dlg.getByLabel('Name').fill('Ada Lovelace');
    await dlg.getByLabel('Phone').fill('+441234567890');
    await dlg.getByLabel('Company').fill('Analytical Engines');
    await dlg.getByLabel('Email').fill('ada@example.com');
    await shot(page, 'lead-form');
    await dlg.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Ada Lovelace', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await dlg.getByLabel('Or paste CSV').fill(
      'name,phone,email,company\nGrace Hopper,+15550000001,grace@example.com,Navy\nBad Row,12345,,\n');
    await dlg.getByRole('button', { name: 'Import' }).click();
    await dlg.getByRole('table', { name: 'Rows to fix' }).waitFor();
    check(await dlg.getByRole('alert').count() === 1, 'a bad CSV row is reported');
    await shot(page, 'leads-import-errors');
    const rows = ['name,phone,email,company,status'];
    for (let i = 1; i <= 30; i++) rows.push(`Lead ${i},+1555000${String(1000 + i)},lead${i}@example.com,Company ${i % 4},${i % 3 ? 'new' : 'contacted'}`);
    await dlg.getByLabel('Or paste CSV').fill(rows.join('\n') + '\n');
    await dlg.getByRole('button', { name: 'Import' }).click();
    await dlg.getByText('Imported 30 leads.').waitFor();
    await dlg.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Page 1 of 2 · 31 total').waitFor();
    const suToken = (await rest(server.url, 'POST', '/api/auth/login', { username: 'superadmin', password: SUPER_PASSWORD })).body.token;
    const leadRows = await page.locator('main table tbody tr').count();
    const leadTotal = (await rest(server.url, 'GET', '/api/leads?page=1&per_page=1', undefined, suToken)).body.total;
    check(leadTotal === 31 && leadRows > 0 && leadRows < 31,
      `paging: ${leadTotal} leads stored, ${leadRows} on page 1 of 2`);
    await shot(page, 'leads');
    await page.getByRole('searchbox', { name: 'Search' }).fill('ada');
    await page.getByText('Page 1 of 1 · 1 total').waitFor();
    await page.getByLabel('Status').selectOption('contacted');
    await page.getByText('No leads match this search.').waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByText('Page 1 of 1 · 10 total').waitFor();
    const shown = await page.locator('main table tbody tr').allTextContents();
    check(shown.length === 10 && shown.every((r) => /contacted/i.test(r)) && !shown.some((r) => /Ada Lovelace/.test(r)),
      `search and status filter: ${shown.length} rows, every one contacted`);
    await shot(page, 'leads-filtered');
    await page.getByLabel('Status').selectOption('');

    // Campaigns: create, attach leads, start and pause.
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByText('No campaigns yet').waitFor();
    await page.getByRole('button', { name: 'New campaign' }).click();
    await dlg.getByLabel('Name').fill('Autumn follow-up');
    await dlg.getByLabel('Greeting').fill('Hello! This is Ava from Analytical Engines.');
    // Listen: the server renders the greeting as calls play it and the page plays the WAV.
    const [preview] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/greetings/preview')),
      dlg.getByRole('button', { name: 'Listen' }).click(),
    ]);
    // (Chromium hands the body to the page's blob, not to Playwright: check the header.)
    const size = Number(preview.headers()['content-length'] ?? 0);
    if (preview.status() === 503) {
      // A server without a call layer cannot render: the form says so instead of playing.
      const said = dlg.getByRole('status').filter({ hasText: /call layer is not running/ });
      await said.waitFor();
      check(await dlg.locator('audio').count() === 0 && /call layer is not running/.test(await said.textContent()),
        'Listen explains that this server has no call layer to render with (and plays nothing)');
    } else {
      check(preview.status() === 200 && preview.headers()['content-type'] === 'audio/wav' && size > 8000,
        `Listen renders the greeting on the server (HTTP ${preview.status()}, ${size} bytes of WAV)`);
      await dlg.getByRole('status').filter({ hasText: 'as callers will hear it' }).waitFor();
    }
    await shot(page, 'campaign-form');
    await dlg.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Autumn follow-up', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Leads' }).click();
    await dlg.getByRole('checkbox').nth(0).check();
    await dlg.getByRole('checkbox').nth(1).check();
    await shot(page, 'campaign-leads');
    await dlg.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await shot(page, 'campaigns');
    await page.getByRole('row', { name: /Autumn follow-up/ }).getByRole('cell', { name: '2', exact: true })
      .waitFor({ timeout: 5000 });
    const campaigns = (await rest(server.url, 'GET', '/api/campaigns', undefined, suToken)).body;
    const campaign = (campaigns.items ?? campaigns).find((c) => c.name === 'Autumn follow-up');
    check(campaign?.status === 'active' && campaign?.lead_ids?.length === 2,
      `the campaign has its 2 leads and is active (server: ${campaign?.status}, ${campaign?.lead_ids?.length} leads)`);

    // Inbound numbers: route a number to agent1 with the campaign's agent; a second route for
    // the same number in another spelling is refused; remove asks first.
    await page.getByRole('link', { name: 'Inbound numbers' }).click();
    await page.getByText('No inbound numbers yet').waitFor();
    await shot(page, 'routes-empty');
    await page.getByRole('button', { name: 'Add number' }).click();
    await dlg.getByLabel('Number').fill('+49 30 1234567');
    await dlg.getByLabel('Rings').selectOption({ label: 'agent1 (agent)' });
    await shot(page, 'route-form');
    await dlg.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('cell', { name: '+49301234567', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add number' }).click();
    await dlg.getByLabel('Number').fill('+49301234567');
    await dlg.getByRole('button', { name: 'Add', exact: true }).click();
    await dlg.getByRole('alert').waitFor();
    check(/already/i.test(await dlg.getByRole('alert').textContent()), 'a number routed twice is refused plainly');
    await shot(page, 'route-conflict');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add number' }).click();
    await dlg.getByLabel('Number').fill('+15550009002');
    await dlg.getByLabel('Rings').selectOption({ label: 'admin1 (admin)' });
    await dlg.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('cell', { name: '+15550009002', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Remove +15550009002' }).click();
    await dlg.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('cell', { name: '+15550009002', exact: true }).waitFor({ state: 'detached' });
    check(await page.getByRole('cell', { name: '+49301234567', exact: true }).count() === 1,
      'inbound numbers: add, refuse a duplicate, remove after confirming');
    await shot(page, 'routes');

    // Calls: empty history; the dialog shows the 503 clearly without a call layer.
    await page.getByRole('link', { name: 'Calls' }).click();
    await page.getByRole('button', { name: 'New call' }).waitFor();
    await shot(page, 'calls-empty');
    await page.getByRole('button', { name: 'New call' }).click();
    await dlg.getByLabel('Lead').selectOption({ index: 1 });
    await dlg.getByLabel('Campaign (agent config)').selectOption({ label: 'Autumn follow-up' });
    await dlg.getByRole('button', { name: 'Call' }).click();
    const alert = dlg.getByRole('alert');
    await Promise.race([alert.waitFor(), page.waitForURL(/\/calls\/\d+$/)]);
    let placedFromDialog = false;
    if (await alert.count()) {
      // The same request by REST says why: the dialog must show that reason plainly.
      const text = await alert.textContent();
      const su = (await rest(server.url, 'POST', '/api/auth/login', { username: 'superadmin', password: SUPER_PASSWORD })).body.token;
      const r = await rest(server.url, 'POST', '/api/calls', { to: '+441234567890' }, su);
      const err = r.body?.error ?? {};
      if (err.code === 'calls_unavailable') check(/call layer is not running/.test(text), 'the call dialog explains 503 calls_unavailable');
      else check(text.includes(err.message), `the call dialog shows the refusal: ${err.code} "${text}"`);
      await shot(page, 'call-dialog-error');
    } else {
      placedFromDialog = true;
      const placed = Number(/\/calls\/(\d+)$/.exec(page.url())[1]);
      const placedRec = await rest(server.url, 'GET', `/api/calls/${placed}`, undefined, suToken);
      check(placedRec.status === 200 && placedRec.body.id === placed,
        `a call was placed from the dialog (the call layer is running): #${placed} ${placedRec.body?.status}`);
      await shot(page, 'call-placed');
      await page.getByRole('link', { name: 'Calls' }).click();
      await page.getByRole('button', { name: 'New call' }).click();
    }
    // Keyboard: Tab stays inside the dialog, Escape closes it and focus returns.
    for (let i = 0; i < 15; i++) await page.keyboard.press('Tab');
    check(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]')), 'Tab keeps focus inside the dialog');
    await page.keyboard.press('Escape');
    check(await dlg.count() === 0, 'Escape closes the dialog');
    check(await page.evaluate(() => document.activeElement?.textContent === 'New call'), 'focus returns to the button that opened it');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Calls per day' }).waitFor();
    // The live events socket is open (the dashboard's green dot).
    await page.locator('.dot-open').waitFor({ timeout: 5000 });
    await shot(page, 'dashboard');

    await page.goto(server.url + '/calls/999999');
    await page.getByRole('alert').waitFor();
    await shot(page, 'call-not-found');
    await page.goto(server.url + '/no-such-page');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();

    // An agent sees no Users or API keys.
    const agent = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const ap = await agent.newPage();
    watch(ap, 'agent', errors);
    await login(ap, server.url, 'agent1', 'agent-password-1');
    const nav = ap.getByRole('navigation', { name: 'Main' });
    check(await nav.getByRole('link', { name: 'Users' }).count() === 0, 'agents have no Users page');
    check(await nav.getByRole('link', { name: 'API keys' }).count() === 0, 'agents have no API keys page');
    await ap.getByRole('link', { name: 'Leads' }).click();
    await ap.getByText('No leads yet').waitFor();
    const agentToken = (await rest(server.url, 'POST', '/api/auth/login', { username: 'agent1', password: 'agent-password-1' })).body.token;
    const agentLeads = (await rest(server.url, 'GET', '/api/leads', undefined, agentToken)).body;
    check(agentLeads.total === 0 && await ap.locator('main table tbody tr').count() === 0,
      `an agent does not see the superadmin's leads (server: ${agentLeads.total})`);
    await shot(ap, 'agent-dashboard-leads');
    await agent.close();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await ctx.close();
    if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
    return placedFromDialog;
  } finally {
    await server.stop();
  }
}

// Two agents in two browser contexts call at the same moment.
async function pair(browser, serverArgs) {
  console.log('pair: two users calling at once');
  const server = await startServer(serverArgs);
  const errors = [];
  try {
    const su = (await rest(server.url, 'POST', '/api/auth/login', { username: 'superadmin', password: SUPER_PASSWORD })).body.token;
    // Two pool keys: each new user gets the least-used one, so the two agents differ.
    for (const k of ['AIzaSyPAIR-key-one-0000000000000000', 'AIzaSyPAIR-key-two-1111111111111111']) {
      await rest(server.url, 'POST', '/api/keys', { key: k, label: 'pair test' }, su);
    }
    const admin = (await rest(server.url, 'POST', '/api/users', { username: 'admin1', password: 'admin-password-1', role: 'admin' }, su)).body;
    for (const u of ['alice', 'bob']) {
      const r = await rest(server.url, 'POST', '/api/users', { username: u, password: `${u}-password-1`, role: 'agent', parent_id: admin.id }, su);
      if (r.status !== 201) throw new Error(`create ${u}: ${JSON.stringify(r.body)}`);
    }
    const fake = serverArgs.includes('--fake-calls');
    if (!fake && !process.env.VOICEAGENT_SIP_TRUNK_URI) {
      throw new Error('pair: a real call layer needs a gateway: set VOICEAGENT_SIP_TRUNK_URI (e.g. a SIPp UAS)');
    }
    // The SIPp gateway of tests/web/pair_real_server.sh plays 440 Hz to numbers ending in
    // 1001 and 1300 Hz to the others; the fake call layer takes any number.
    const users = [
      { name: 'alice', number: '+15551001' },
      { name: 'bob', number: '+15552002' },
    ];
    if (!fake) console.log(`pair: real call layer, gateway: ${process.env.VA_PAIR_GATEWAY ?? process.env.VOICEAGENT_SIP_TRUNK_URI}`);
    for (const u of users) {
      u.ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      u.page = await u.ctx.newPage();
      watch(u.page, u.name, errors);
      await login(u.page, server.url, u.name, `${u.name}-password-1`);
      await u.page.getByRole('button', { name: 'New call' }).click();
      await u.page.getByRole('dialog').getByLabel('Number').fill(u.number);
    }
    // Their admin watches the dashboard: it must list both agents' calls live.
    const boss = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const bp = await boss.newPage();
    watch(bp, 'admin1', errors);
    await login(bp, server.url, 'admin1', 'admin-password-1');
    await bp.locator('.dot-open').waitFor();
    // Both click "Call" in the same tick.
    await Promise.all(users.map((u) => u.page.getByRole('dialog').getByRole('button', { name: 'Call' }).click()));
    for (const u of users) {
      const dialogAlert = u.page.getByRole('dialog').getByRole('alert');
      await Promise.race([u.page.waitForURL(/\/calls\/\d+$/), dialogAlert.waitFor()]);
      if (await dialogAlert.count()) {
        const why = await dialogAlert.textContent();
        for (const x of users) await x.ctx.close();
        throw new Error(`${u.name}'s call was refused: ${why}`);
      }
      u.callId = Number(/\/calls\/(\d+)$/.exec(u.page.url())[1]);
    }
    check(users[0].callId !== users[1].callId, `two calls: #${users[0].callId} and #${users[1].callId}`);
    for (const u of users) {
      if (fake) await u.page.getByText(`Hello, this is your assistant calling ${u.number}.`).waitFor({ timeout: 15000 });
      // Real: the greeting, the caller's first turn (the gateway's tone burst) and the AI's
      // scripted reply, streamed into the page as they happen.
      else {
        await u.page.locator('.transcript li:not(.end)').nth(2).waitFor({ timeout: 30000 });
        const lines = await u.page.locator('.transcript li:not(.end)').allTextContents();
        check(/^Agent/.test(lines[0]) && lines.some((l) => /^Caller/.test(l)) &&
          lines.slice(1).some((l) => /^Agent/.test(l)),
          `${u.name}'s live transcript streams the greeting, the caller and the AI's reply (${lines.length} lines)`);
      }
      await u.page.getByRole('heading', { name: /Call #\d+ Active/ }).waitFor({ timeout: 15000 });
    }
    await Promise.all(users.map((u, i) => shot(u.page, `live-call-${u.name}`).then(() => i)));
    for (const u of users) await bp.getByRole('link', { name: new RegExp(`Call #${u.callId} `) }).waitFor();
    const listed = await Promise.all(users.map((u) => bp.getByRole('link', { name: new RegExp(`Call #${u.callId} `) }).count()));
    check(listed.every((n) => n === 1), `the admin's dashboard lists both agents' live calls once each (${listed})`);
    await shot(bp, 'admin-dashboard-live');
    // The admin opens alice's call mid-call: stored lines plus streamed ones, no repeats.
    await bp.getByRole('link', { name: new RegExp(`Call #${users[0].callId} `) }).click();
    await bp.getByRole('heading', { name: new RegExp(`Call #${users[0].callId}`) }).waitFor();
    for (const [i, u] of users.entries()) {
      const other = users[1 - i];
      const body = await u.page.locator('main').textContent();
      check(!body.includes(other.number), `${u.name}'s live view shows nothing of ${other.name}'s call`);
      const login = (await rest(server.url, 'POST', '/api/auth/login', { username: u.name, password: `${u.name}-password-1` })).body;
      u.token = login.token;
      u.fingerprint = login.user.key_fingerprint;
      // The page must show what the server's record says about this call's media.
      const rec = (await rest(server.url, 'GET', `/api/calls/${u.callId}`, undefined, u.token)).body;
      const port = rec.media?.local_rtp_port;
      check(port > 0 && body.includes(String(port)), `${u.name} sees its own local RTP port ${port}`);
      if (!fake) check(body.includes(rec.media.remote_rtp), `${u.name} sees its remote RTP address ${rec.media.remote_rtp}`);
      check(/0x[0-9a-f]{8}/.test(body), `${u.name} sees its SSRCs`);
      if (u.fingerprint) check(body.includes(u.fingerprint), `${u.name} sees its own key fingerprint ${u.fingerprint}`);
      u.port = port;
    }
    check(users[0].port !== users[1].port, `the calls have their own ports (${users[0].port}, ${users[1].port})`);
    if (!fake) {
      check(users[0].fingerprint && users[0].fingerprint !== users[1].fingerprint,
        `each user calls under their own key (${users[0].fingerprint}, ${users[1].fingerprint})`);
      // A real gateway holds the line until we hang up: both users press Hang up together.
      await Promise.all(users.map((u) => u.page.getByRole('button', { name: 'Hang up' }).click()));
    }
    for (const u of users) {
      await u.page.getByRole('heading', { name: /Call #\d+ Ended/ }).waitFor({ timeout: fake ? 30000 : 120000 });
      if (fake) await u.page.getByText('Yes, go ahead.').waitFor();
      else {
        const rec = (await rest(server.url, 'GET', `/api/calls/${u.callId}`, undefined, u.token)).body;
        check(rec.status === 'ended' && rec.end_reason === 'local_hangup' && rec.media.packets_in > 0 &&
          rec.media.packets_dropped_foreign === 0 && typeof rec.greeting_latency_ms === 'number',
          `${u.name}'s record: ended by local_hangup, ${rec.media.packets_in} packets in, 0 foreign, greeting ${rec.greeting_latency_ms} ms`);
      }
    }
    // The ended view shows exactly the transcript the server stored, line for line.
    // (Polled for up to 5 s: the page reloads the record once the end event arrives.)
    for (const u of users) {
      let stored = [];
      let shownLines = [];
      for (const until = Date.now() + 5000; Date.now() < until; await u.page.waitForTimeout(250)) {
        stored = (await rest(server.url, 'GET', `/api/calls/${u.callId}`, undefined, u.token)).body.transcript ?? [];
        shownLines = await u.page.locator('.transcript li:not(.end) span:nth-child(2)').allTextContents();
        if (shownLines.length === stored.length && stored.every((l, i) => l.text === shownLines[i])) break;
      }
      const same = shownLines.length === stored.length && stored.every((l, i) => l.text === shownLines[i]);
      check(stored.length >= (fake ? 4 : 3) && same,
        `${u.name}'s ended call kept its full transcript: ${stored.length} stored lines, ${shownLines.length} shown, ${same ? 'the same' : 'different'}`);
    }
    await bp.getByRole('heading', { name: /Ended/ }).waitFor({ timeout: fake ? 30000 : 120000 });
    if (fake) {
      const n = await bp.locator('.transcript li:not(.end)').count();
      check(n === 4, `the admin, who joined mid-call, sees each of the 4 lines once (${n})`);
    }
    await shot(bp, 'admin-call-view');
    await boss.close();
    await Promise.all(users.map((u) => shot(u.page, `call-ended-${u.name}`)));
    for (const [i, u] of users.entries()) {
      const other = users[1 - i];
      await u.page.getByRole('link', { name: 'Calls', exact: true }).click();
      await u.page.getByRole('link', { name: `#${u.callId}` }).waitFor();
      check(await u.page.getByRole('link', { name: `#${other.callId}` }).count() === 0,
        `${u.name}'s history has #${u.callId} and not #${other.callId}`);
      await shot(u.page, `history-${u.name}`);
    }
    await users[0].page.getByRole('link', { name: 'Dashboard' }).click();
    await users[0].page.getByRole('heading', { name: 'Calls per day' }).waitFor();
    await users[0].page.getByRole('table').first().waitFor();
    await shot(users[0].page, 'dashboard-after-calls');
    for (const u of users) await u.ctx.close();
    if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
    return 'passed';
  } finally {
    await server.stop();
  }
}

const started = Date.now();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
let failed = false;
try {
  if (!args.only || args.only === 'smoke') await smoke(browser);
  if (!args.only || args.only === 'profiles') await profiles(browser);
  if (!args.only || args.only === 'pair') {
    const fake = path.basename(args.server).startsWith('va_web_test_server') ? ['--fake-calls'] : [];
    const r = await pair(browser, fake);
    console.log(`pair: ${r}${fake.length ? ' (scripted fake call layer)' : ''}`);
  }
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack ?? e}`);
} finally {
  await browser.close();
}
console.log(`${failed ? 'FAIL' : 'PASS'} in ${Date.now() - started} ms; screenshots in ${args.out}`);
process.exit(failed ? 1 : 0);
