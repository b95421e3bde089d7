// Usage and limits in the browser (issue 14), against a running `voiceagent serve` whose
// calls ended (tests/e2e/limits_usage_test.sh starts everything): the admin's dashboard shows
// this month's totals as GET /api/usage has them (minutes talked, tokens, estimated cost)
// with the agent in "By user"; the superadmin's Users page shows and edits the admin's limits;
// the Calls page offers the CSV export. Screenshots of each step go to --out.
// Usage: node e2e/usage.mjs --url URL --user NAME --password PW --super-password PW
//        --admin NAME --agent NAME --talk M:SS --cost $X --out DIR
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
if (!fs.existsSync(path.join(webDir, 'dist', 'index.html'))) skip('web/dist missing (npm run build)');
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
const signIn = async (page, user, password) => {
  await page.goto(opt.url + '/');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
};

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'] });
let failed = false;
try {
  const errors = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, opt.user, opt.password);

  // The dashboard's usage card: the totals as the API has them.
  const totals = page.getByTestId('usage-totals');
  await totals.waitFor();
  const text = await totals.innerText();
  check(text.includes(opt.talk), `minutes talked ${opt.talk} shown ("${text.replace(/\n/g, ' ')}")`);
  check(text.includes(opt.cost), `estimated cost ${opt.cost} shown`);
  const byUser = page.getByRole('table', { name: 'By user' });
  check(await byUser.getByText(opt.agent, { exact: true }).count() === 1, `${opt.agent} listed by user`);
  await shot(page, 'dashboard-usage');

  // The Calls page: the CSV export is a link to /api/calls.csv.
  await page.getByRole('link', { name: 'Calls', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Calls', exact: true }).waitFor();
  const csv = page.getByRole('link', { name: 'Export CSV' });
  check(await csv.getAttribute('href') === '/api/calls.csv', 'Export CSV links /api/calls.csv');
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  const file = path.join(opt.out, 'calls.csv');
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').split('\r\n').filter((l) => l);
  check(lines[0].startsWith('id,created_at,') && lines.length >= 2, `the CSV has ${lines.length - 1} calls`);
  await shot(page, 'calls-export');

  // The superadmin's Users page: the admin's limits, shown and edited.
  await page.context().clearCookies();
  await signIn(page, 'superadmin', opt['super-password']);
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
  // Only an admin's row has a Limits button (the agent's row names its admin too).
  const row = page.getByRole('row').filter({ hasText: opt.admin })
    .filter({ has: page.getByRole('button', { name: 'Limits' }) });
  check((await row.innerText()).includes('1 calls · 1 agents'), 'the admin row shows its limits');
  await row.getByRole('button', { name: 'Limits' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Minutes per month').fill('500');
  await shot(page, 'users-limits-dialog');
  await dialog.getByRole('button', { name: 'Save limits' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('row').filter({ hasText: '500 min/month' }).waitFor();
  check(true, 'the new monthly minutes are listed');
  await shot(page, 'users-limits');
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack ?? e}`);
} finally {
  await browser.close();
}
console.log(failed ? 'FAIL' : 'PASS');
process.exit(failed ? 1 : 0);
