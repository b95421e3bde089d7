// Several nodes in the browser (issue 18), against a running three-node cluster
// (tests/web/cluster_ui_test.sh starts deploy/local-cluster.sh and a SIPp gateway): two agents
// signed in on two different nodes and their admin on the third watch their dashboards;
// each agent places a call through its own node's API. Each agent's live list shows only its
// own call, the admin's shows both, whichever node carries them (events cross nodes over
// PostgreSQL LISTEN/NOTIFY); both calls are hung up through the admin's node and leave every
// live list. Screenshots of each step go to --out.
// Usage: node e2e/cluster.mjs --url NODE1_URL --urls "http://h:p1 http://h:p2 http://h:p3" --password SUPER_PW --out DIR
// Exit 77 (ctest SKIP) when Chromium, playwright-core or web/dist is missing.
// Chromium, the skip checks, REST, checks, screenshots and sign-in come from the harness the
// other browser suites use; it needs --url (node1 here) so it does not start a server itself.
import { CHROMIUM, chromium, check, login, rest, shot, watch } from './harness.mjs';

const opt = {};
for (let i = 2; i < process.argv.length; i += 2) opt[process.argv[i].slice(2)] = process.argv[i + 1];
const urls = opt.urls.split(' ');

const token = async (base, username, password) =>
  (await rest(base, 'POST', '/api/auth/login', { username, password })).body.token;
const callLink = (page, id) => page.getByRole('link', { name: new RegExp(`Call #${id} `) });

// Not the harness's ARGS: its host-resolver rule would also block the nodes' 127.0.0.1 URLs.
const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
let failed = false;
const errors = [];
try {
  const su = await token(urls[0], 'superadmin', opt.password);
  const boss = (await rest(urls[0], 'POST', '/api/users', { username: 'boss', password: 'boss-password-1', role: 'admin' }, su)).body;
  const users = [
    { name: 'alice', number: '+15551001', node: 0 },
    { name: 'bob', number: '+15552002', node: 1 },
  ];
  for (const u of users) {
    const r = await rest(urls[0], 'POST', '/api/users', { username: u.name, password: `${u.name}-password-1`, role: 'agent', parent_id: boss.id }, su);
    check(r.status === 201, `${u.name} created under boss`);
  }
  const viewers = [...users, { name: 'boss', node: 2 }];
  for (const v of viewers) {
    v.ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    v.page = await v.ctx.newPage();
    watch(v.page, v.name, errors);
    await login(v.page, urls[v.node], v.name, `${v.name}-password-1`);
    await v.page.getByRole('link', { name: 'Dashboard' }).click();
    await v.page.locator('.dot-open').waitFor({ timeout: 10000 });
    console.log(`${v.name} signed in on node${v.node + 1} (${urls[v.node]}), live events open`);
  }
  // Each agent places a call through its own node's API: the least loaded node carries it.
  for (const u of users) {
    u.token = await token(urls[u.node], u.name, `${u.name}-password-1`);
    const r = await rest(urls[u.node], 'POST', '/api/calls', { to: u.number }, u.token);
    check(r.status === 201, `${u.name}'s call placed through node${u.node + 1}: ${JSON.stringify(r.body)}`);
    u.callId = r.body.id;
  }
  const boss_ = viewers[2];
  for (const u of users) await callLink(boss_.page, u.callId).waitFor({ timeout: 30000 });
  for (const u of users) {
    u.callNode = (await rest(urls[2], 'GET', `/api/calls/${u.callId}`, undefined, su)).body.node;
    await callLink(u.page, u.callId).waitFor({ timeout: 30000 });
  }
  console.log(`calls: alice #${users[0].callId} on ${users[0].callNode}, bob #${users[1].callId} on ${users[1].callNode}`);
  for (const [i, u] of users.entries()) {
    const other = users[1 - i];
    check(await callLink(u.page, other.callId).count() === 0,
      `${u.name} (signed in on node${u.node + 1}) sees its own call #${u.callId} (on ${u.callNode}) live and not ${other.name}'s #${other.callId}`);
    await shot(u.page, `live-${u.name}-node${u.node + 1}`);
  }
  check(await callLink(boss_.page, users[0].callId).count() === 1 && await callLink(boss_.page, users[1].callId).count() === 1,
    'their admin (signed in on node3) sees both calls live');
  await shot(boss_.page, 'live-admin-node3');
  // Hung up through the admin's node, wherever the calls live: they leave every live list.
  for (const u of users) {
    const r = await rest(urls[2], 'POST', `/api/calls/${u.callId}/hangup`, undefined, su);
    check(r.status === 200, `call #${u.callId} (on ${u.callNode}) hung up through node3`);
  }
  for (const v of viewers) {
    for (const u of users) await callLink(v.page, u.callId).waitFor({ state: 'detached', timeout: 15000 });
  }
  check(true, 'both calls left every live list');
  await shot(boss_.page, 'after-hangup-admin-node3');
  for (const v of viewers) await v.ctx.close();
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack ?? e}`);
} finally {
  await browser.close();
}
console.log(failed ? 'FAIL' : 'PASS');
process.exit(failed ? 1 : 0);
