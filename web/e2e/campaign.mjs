// The campaign dialer in the browser (issue 13), against a running `voiceagent serve` whose
// trunk is a SIPp gateway (tests/web/campaign_ui_test.sh starts both): an admin imports
// leads (CSV), creates a campaign, attaches the leads, opens its Progress view, starts it,
// watches the progress bar move and the lead table fill, pauses it (no new attempts while
// paused), resumes it and sees it done. Screenshots of each step go to --out.
// Usage: node e2e/campaign.mjs --url http://127.0.0.1:PORT --user NAME --password PW --out DIR
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
// The progress bar's value and the "N attempts" hint of the open Progress view.
const progress = async (dlg) => ({
  value: Number(await dlg.getByRole('progressbar', { name: 'Campaign progress' }).getAttribute('value')),
  attempts: Number(/(\d+) attempts/.exec(await dlg.getByText(/leads finished/).innerText())?.[1] ?? -1),
});

// The campaigns list behind the open Progress view: its row must follow the campaign events
// (the list polls only while the socket is down, every 10 s; these waits are far shorter).
const listRow = (page) => page.locator('tbody tr', { hasText: 'Spring calls' });
const listShows = async (page, status, what) => {
  const row = listRow(page);
  await row.locator('.badge', { hasText: new RegExp(`^${status}$`) }).waitFor({ timeout: 4000 });
  check(true, `the list behind the dialog shows ${status} ${what}`);
  return row;
};

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

  // Leads from CSV: numbers the gateway answers (4930 1 nnnnn) and two busy ones (4930 2 ...).
  await page.getByRole('link', { name: 'Leads' }).click();
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const rows = ['name,phone'];
  for (let i = 0; i < 10; i++) rows.push(`Caller ${i},+49301${String(i).padStart(5, '0')}`);
  for (let i = 0; i < 2; i++) rows.push(`Busy ${i},+49302${String(i).padStart(5, '0')}`);
  await dlg.getByLabel('Or paste CSV').fill(rows.join('\n') + '\n');
  await dlg.getByRole('button', { name: 'Import' }).click();
  await dlg.getByText('Imported 12 leads.').waitFor();
  await dlg.getByRole('button', { name: 'Done' }).click();

  // A campaign with all of them.
  await page.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: 'New campaign' }).click();
  await dlg.getByLabel('Name').fill('Spring calls');
  await dlg.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('cell', { name: 'Spring calls', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Leads' }).click();
  for (let i = 0; i < 12; i++) await dlg.getByRole('checkbox').nth(i).check();
  await dlg.getByRole('button', { name: 'Save' }).click();
  await dlg.waitFor({ state: 'detached' });

  // Progress: dialing settings edited before the start, then Start.
  await page.getByRole('button', { name: 'Progress' }).click();
  await dlg.getByLabel('Max concurrent').fill('2');
  await dlg.getByLabel('Calls per minute').fill('120');
  await dlg.getByLabel('Retry busy (s)').fill('2');
  await dlg.getByLabel('Calling from (lead\'s time)').fill('00:00');
  await dlg.getByLabel('Calling to').fill('24:00');
  for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) await dlg.getByLabel(day).check();
  await dlg.getByRole('button', { name: 'Save dialing settings' }).click();
  await dlg.getByText('Saved; the dialer uses it').waitFor();
  await shot(page, 'campaign-settings');
  const progressGets = [];
  page.on('request', (r) => {
    if (/\/api\/campaigns\/\d+\/progress$/.test(new URL(r.url()).pathname)) progressGets.push(Date.now());
  });
  check(await listRow(page).locator('.badge').innerText() === 'Draft', 'the list shows Draft before the start');
  await dlg.getByRole('button', { name: 'Start', exact: true }).click();
  await dlg.getByRole('button', { name: 'Pause' }).waitFor();
  const activeRow = await listShows(page, 'Active', 'at once');
  check(await activeRow.getByRole('button', { name: 'Pause' }).count() === 1 &&
    await activeRow.getByRole('button', { name: 'Start' }).count() === 0,
    'the list row offers Pause, not Start, while it runs');
  await page.waitForFunction(() => Number(document.querySelector('progress')?.getAttribute('value')) > 0,
    null, { timeout: 30000 });
  const early = await progress(dlg);
  check(early.value > 0 && early.value < 100, `the progress bar moves (${early.value}%)`);
  check(await dlg.getByRole('cell', { name: /^(calling|done|retry_wait)$/ }).count() > 0,
    'the lead table fills with states');
  await shot(page, 'campaign-running');

  // Pause: no new attempts while paused (calls up may still end).
  await dlg.getByRole('button', { name: 'Pause' }).click();
  await dlg.getByRole('button', { name: 'Start', exact: true }).waitFor();
  await listShows(page, 'Paused', 'at once');
  await page.waitForTimeout(3000);
  const paused = await progress(dlg);
  // Nothing happens while paused and its calls have ended: no events, so no fetches (the old
  // view polled every 2 s).
  const quietFrom = Date.now();
  await page.waitForTimeout(3000);
  check((await progress(dlg)).attempts === paused.attempts,
    `no attempt while paused (${paused.attempts} attempts)`);
  const quietGets = progressGets.filter((t) => t >= quietFrom).length;
  check(quietGets <= 1, `the view follows events, not a timer (${quietGets} progress fetches in 3 s paused)`);
  await shot(page, 'campaign-paused');

  // Resume and watch it finish.
  await dlg.getByRole('button', { name: 'Start', exact: true }).click();
  await dlg.getByText('Done', { exact: true }).waitFor({ timeout: 60000 });
  const end = await progress(dlg);
  check(end.value === 100, `done: the bar is full (${end.attempts} attempts)`);
  check(await dlg.getByRole('cell', { name: 'skipped (max_attempts)' }).count() === 2,
    'the busy leads are skipped after their attempts');
  await listShows(page, 'Done', 'when the dialer finishes it');
  check(await listRow(page).getByRole('button', { name: 'Start' }).count() === 0, 'a done campaign offers no Start');
  await shot(page, 'campaign-done');
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack ?? e}`);
} finally {
  await browser.close();
}
console.log(failed ? 'FAIL' : 'PASS');
process.exit(failed ? 1 : 0);
