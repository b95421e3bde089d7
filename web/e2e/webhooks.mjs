// Webhooks in the browser (issue 14), against a running `voiceagent serve` whose trunk is a
// SIPp gateway (tests/web/webhooks_ui_test.sh starts both): an admin creates a webhook to a
// receiver that is down, and one more that it deletes again; a real call ends; the Webhooks
// page's delivery log shows the failed tries; the receiver (tests/integration/api/
// webhook_receiver.py: verifies the HMAC from the documented scheme) comes up and the log
// shows the delivery; Re-send delivers it again. Screenshots of each step go to --out.
// Usage: node e2e/webhooks.mjs --url URL --user NAME --password PW --receiver-port P --out DIR
// Exit 77 (ctest SKIP) when Chromium, playwright-core or python3 is missing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RECEIVER = path.resolve(webDir, '..', 'tests', 'integration', 'api', 'webhook_receiver.py');
const SECRET = 'whsec_playwright_secret_0042';
const CHROMIUM = process.env.VA_CHROMIUM ?? '/usr/bin/chromium';
const opt = {};
for (let i = 2; i < process.argv.length; i += 2) opt[process.argv[i].slice(2)] = process.argv[i + 1];
const skip = (why) => { console.log(`SKIP: ${why}`); process.exit(77); };
if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} missing`);
if (!fs.existsSync(path.join(webDir, 'node_modules', 'playwright-core'))) skip('web/node_modules missing');
if (spawnSync('python3', ['--version']).status !== 0) skip('python3 missing');
const { chromium } = await import('playwright-core');
fs.mkdirSync(opt.out, { recursive: true });

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
const rest = async (method, p, body, token) => {
  const r = await fetch(opt.url + p, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const received = (file) => (fs.existsSync(file)
  ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

const receiverUrl = `http://127.0.0.1:${opt['receiver-port']}/hooks/voiceagent`;
const receivedFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'va-hook-')), 'received.jsonl');
let receiver = null;
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'] });
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(opt.url + '/');
  await page.getByLabel('Username').fill(opt.user);
  await page.getByLabel('Password').fill(opt.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  const dlg = page.getByRole('dialog');

  await page.getByRole('link', { name: 'Webhooks' }).click();
  await page.getByText('No webhooks yet').waitFor();
  await shot(page, 'webhooks-empty');

  // A bad URL is refused with the field named; then the real one (receiver still down).
  await page.getByRole('button', { name: 'New webhook' }).click();
  await dlg.getByLabel('URL').fill('http://example.com/hook');
  await dlg.getByRole('button', { name: 'Create' }).click();
  await dlg.getByRole('alert').filter({ hasText: "'url'" }).waitFor();
  await shot(page, 'webhook-bad-url');
  await dlg.getByLabel('URL').fill(receiverUrl);
  await dlg.getByLabel(/Campaign done/).check();
  await dlg.getByLabel('Secret (optional)').fill(SECRET);
  await shot(page, 'webhook-form');
  await dlg.getByRole('button', { name: 'Create' }).click();
  await dlg.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: 'Copy it now' }).waitFor();
  await page.getByRole('cell', { name: receiverUrl, exact: true }).waitFor();
  check(await page.getByRole('cell', { name: receiverUrl, exact: true }).count() === 1, 'the webhook is listed');
  check(await page.getByRole('cell', { name: '...0042' }).count() === 1, 'only the secret\'s end is listed');

  // A second one, deleted again.
  await page.getByRole('button', { name: 'New webhook' }).click();
  await dlg.getByLabel('URL').fill('https://crm.example.com/in');
  await dlg.getByRole('button', { name: 'Create' }).click();
  await dlg.waitFor({ state: 'detached' });
  await page.getByRole('cell', { name: 'https://crm.example.com/in', exact: true }).waitFor();
  await shot(page, 'webhooks-two');
  await page.getByRole('button', { name: 'Delete https://crm.example.com/in' }).click();
  await dlg.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('cell', { name: 'https://crm.example.com/in', exact: true }).waitFor({ state: 'detached' });
  check(await page.getByRole('cell', { name: receiverUrl, exact: true }).count() === 1, 'the other webhook stays');

  // A real call through the SIPp gateway: it answers, then hangs up after 2.5 s.
  const login = await rest('POST', '/api/auth/login', { username: opt.user, password: opt.password });
  const token = login.body.token;
  const placed = await rest('POST', '/api/calls', { to: '+4930100001' }, token);
  check(placed.status === 201, `a call is placed (${placed.status})`);
  for (let i = 0; i < 100; i++) {
    const c = await rest('GET', `/api/calls/${placed.body.id}`, undefined, token);
    if (c.body.status === 'ended') break;
    await sleep(200);
  }
  await page.getByRole('button', { name: `Deliveries of ${receiverUrl}` }).click();
  await page.getByRole('table', { name: `Delivery log of ${receiverUrl}` }).waitFor({ timeout: 15000 });
  await page.getByRole('cell', { name: /Connection refused/ }).first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(3500); // another try or two: the first retry comes within seconds here
  await page.getByRole('button', { name: 'Refresh' }).click();
  await shot(page, 'delivery-log-receiver-down');

  // The receiver comes up: the next retry reaches it.
  receiver = spawn('python3', [RECEIVER, opt['receiver-port'], SECRET, receivedFile], { stdio: 'ignore' });
  await page.getByRole('cell', { name: 'HTTP 200 OK' }).first().waitFor({ timeout: 20000 });
  await shot(page, 'delivery-log-delivered');
  let got = received(receivedFile);
  check(got.length === 1, `the receiver got the call.ended event once (${got.length})`);
  check(got[0].sig_ok && got[0].ts_ok, 'its signature verifies with the secret');
  check(got[0].event === 'call.ended' && got[0].call_id === placed.body.id, 'it is the call\'s call.ended');
  check(got[0].body.call.status === 'ended' && got[0].body.call.id === placed.body.id, 'with the call record');

  // Re-send.
  const delivered = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'HTTP 200 OK' }) }).first();
  await delivered.getByRole('button', { name: /^Re-send/ }).click();
  await page.getByRole('status').filter({ hasText: 'a re-send of' }).waitFor();
  for (let i = 0; i < 50 && received(receivedFile).length < 2; i++) await sleep(200);
  got = received(receivedFile);
  check(got.length === 2 && got[1].sig_ok, 'the re-sent delivery arrives, signed');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.waitForFunction(() => document.querySelectorAll('td.result-ok, td .result-ok').length >= 2,
    null, { timeout: 10000 });
  await shot(page, 'delivery-log-resent');
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack ?? e}`);
} finally {
  await browser.close();
  if (receiver) receiver.kill('SIGTERM');
}
console.log(failed ? 'FAIL' : 'PASS');
process.exit(failed ? 1 : 0);
