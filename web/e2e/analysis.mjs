// Post-call analysis in the browser (issue 14), against a running `voiceagent serve` whose
// calls were analysed (tests/e2e/analysis_test.sh starts everything and passes the ids): the
// call page shows the summary, the disposition and the extracted fields; the Conversions page
// lists the interested and callback leads. Screenshots of each step go to --out.
// Usage: node e2e/analysis.mjs --url URL --user NAME --password PW --call ID --conversions N --out DIR
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

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'] });
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(opt.url + '/');
  await page.getByLabel('Username').fill(opt.user);
  await page.getByLabel('Password').fill(opt.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();

  // The interested call: its analysis card.
  await page.goto(`${opt.url}/calls/${opt.call}`);
  const card = page.getByTestId('analysis');
  await card.waitFor();
  check(await card.getByText('Interested', { exact: true }).count() === 1, 'disposition Interested');
  const summary = await page.getByTestId('analysis-summary').innerText();
  check(/interested/i.test(summary), `the summary says it: "${summary}"`);
  check(await card.getByText('anna@example.com', { exact: true }).count() === 1,
    'the extracted email is shown');
  check(await card.getByText('Callback day', { exact: true }).count() === 1,
    'the callback_day field is listed');
  await shot(page, 'call-analysis');

  // Conversions from the menu.
  await page.getByRole('link', { name: 'Conversions' }).click();
  await page.getByRole('heading', { name: 'Conversions' }).waitFor();
  const table = page.getByRole('table', { name: 'Leads interested or asking for a callback' });
  await table.waitFor();
  const rows = await table.locator('tbody tr').count();
  check(rows === Number(opt.conversions), `${rows} conversions listed`);
  check(await table.getByText('email: anna@example.com').count() > 0, 'fields in the list');
  check(await table.getByText('Callback', { exact: true }).count() > 0, 'callback leads too');
  await shot(page, 'conversions');
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack ?? e}`);
} finally {
  await browser.close();
}
console.log(failed ? 'FAIL' : 'PASS');
process.exit(failed ? 1 : 0);
