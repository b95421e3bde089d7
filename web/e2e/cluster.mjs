// Several nodes in the browser (issue 18), against a running three-node cluster
// (tests/web/cluster_ui_test.sh starts deploy/local-cluster.sh and a SIPp gateway): two agents
// signed in on two different nodes and their admin on the third watch their dashboards;
// each agent places a call through its own node's API. Each agent's live list shows only its
// own call, the admin's shows both, whichever node carries them (events cross nodes over
// PostgreSQL LISTEN/NOTIFY); both calls are hung up through the admin's node and leave every
// live list. Screenshots of each step go to --out.
// Usage: node e2e/cluster.mjs --urls "http://h:p1 http://h:p2 http://h:p3" --password SUPER_PW --out DIR
// Exit 77 (ctest SKIP) when Chromium, playwright-core or web/dist is missing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.VA_CHROMIUM ?? '/usr/bin/chromium';
const opt = {};
for (let i = 2; i < process.argv.length; i += 2) opt[process.argv[i].slice(2)] = process.argv[i + 1];
const skip = (why) => { console.log(`SKIP: ${why}`); process.exit(77); };
if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} missing`);
if (!fs.existsSync(path.join(webDir, 'node_modules', 'playwright-core'))) skip('web/node_modules missing');
if (!fs.existsSync(path.join(webDir, 'dist', 'index.html'))) skip('web/dist missing');
const { chromium } = await import('playwright-core');
fs.mkdirSync(opt.out, { recursive: true });
const urls = opt.urls.split(' ');

let n = 0;
const shot = async (page, name) => {
  const file = path.join(opt.out, `${String(++n).padStart(2, '0')}-${name}.png`);
  await page.waitForTimeout(150);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  screenshot ${file}`);
};
const check = (cond, what) => {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`  ok: ${what}`);
};
async function rest(base, method, p, body, token) {
  const r = await fetch(base + p, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}
const token = async (base, username, password) =>
  (await rest(base, 'POST', '/api/auth/login', { username, password })).body.token;
const callLink = (page, id) => page.getByRole('link', { name: new RegExp(`Call #${id} `) });

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
    v.page.on('pageerror', (e) => errors.push(`${v.name}: ${e.message}`));
    await v.page.goto(urls[v.node] + '/');
    await v.page.getByLabel('Username').fill(v.name);
    await v.page.getByLabel('Password').fill(`${v.name}-password-1`);
    await v.page.getByRole('button', { name: 'Sign in' }).click();
    await v.page.getByRole('navigation', { name: 'Main' }).waitFor();
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
