// Harness of the browser tests (run.mjs): arguments, the checks that decide skip or fail
// before any browser starts (Chromium, playwright-core, web/dist present and newer than
// web/src), the server under test on a free loopback port, REST, screenshots, login.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..');
export const CHROMIUM = process.env.VA_CHROMIUM ?? '/usr/bin/chromium';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'];
export const SUPER_PASSWORD = 'super-secret-pw-1';

function parseArgs() {
  const a = { server: '', serverArgs: [], out: path.join(os.tmpdir(), 'va-screenshots'), only: '', url: '' };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '--server') a.server = v[++i];
    else if (v[i] === '--server-arg') a.serverArgs.push(v[++i]);
    else if (v[i] === '--out') a.out = v[++i];
    else if (v[i] === '--only') a.only = v[++i];
    else if (v[i] === '--url') a.url = v[++i]; // an already running server (fresh data, same superadmin password)
  }
  return a;
}

// The newest source of the bundle that is newer than dist/index.html, or '' when dist is current.
function staleDist() {
  const built = fs.statSync(path.join(webDir, 'dist', 'index.html')).mtimeMs;
  const sources = ['index.html', 'vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(webDir, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else sources.push(rel);
    }
  };
  walk('src');
  for (const rel of sources) {
    const file = path.join(webDir, rel);
    if (fs.existsSync(file) && fs.statSync(file).mtimeMs > built) return `web/${rel}`;
  }
  return '';
}

function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(77);
}

export const args = parseArgs();
if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} missing (apt-get install chromium)`);
if (!fs.existsSync(path.join(webDir, 'node_modules', 'playwright-core'))) skip('web/node_modules missing (npm ci)');
if (!fs.existsSync(path.join(webDir, 'dist', 'index.html'))) skip('web/dist missing (npm run build)');
// Playwright must test the UI as the sources say: a bundle older than any source is stale.
const stale = staleDist();
if (stale) {
  console.error(`FAIL: web/dist is older than ${stale}: run npm run build in web/ (ctest: web_build)`);
  process.exit(1);
}
if (!args.url && (!args.server || !fs.existsSync(args.server))) skip(`server binary missing: ${args.server}`);
export const { chromium } = await import('playwright-core');

// Starts the server on a free loopback port with a fresh data dir; resolves its base URL.
export async function startServer(extraArgs) {
  if (args.url) return { url: args.url, stop: async () => {} };
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'va-web-'));
  const env = {
    ...process.env,
    VOICEAGENT_DATA_DIR: data,
    VOICEAGENT_HTTP_LISTEN: '127.0.0.1:0',
    VOICEAGENT_HTTP_WEB_ROOT: path.join(webDir, 'dist'),
    VOICEAGENT_SIP_LISTEN: '127.0.0.1:0',
    VOICEAGENT_SUPERADMIN_PASSWORD: SUPER_PASSWORD,
  };
  const proc = spawn(args.server, [...args.serverArgs, ...extraArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let started = false;
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 20000);
    const onData = (d) => {
      log += d.toString();
      if (log.length > 4_000_000) log = log.slice(-2_000_000); // bounded: keep the recent part
      const m = !started && /web-test-server listening on (\d+)|http: listening on \S*:(\d+)/.exec(log);
      if (m) {
        started = true;
        clearTimeout(timer);
        resolve(`http://localhost:${m[1] ?? m[2]}`);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)));
  });
  const stop = async () => {
    // The server's own log beside the screenshots: the first place to look when a step fails.
    fs.writeFileSync(path.join(args.out, `server-${path.basename(args.server)}.log`), log);
    proc.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => { proc.kill('SIGKILL'); r(); }, 5000);
      proc.on('exit', () => { clearTimeout(t); r(); });
    });
    fs.rmSync(data, { recursive: true, force: true });
  };
  // The server serves the UI itself: a server that does not is broken, not a skip.
  const index = await fetch(url + '/').catch(() => null);
  if (!index || !(index.headers.get('content-type') ?? '').startsWith('text/html')) {
    await stop();
    throw new Error(`${path.basename(args.server)} does not serve the web UI at / (status ${index?.status})`);
  }
  return { url, stop };
}

export async function rest(base, method, p, body, token) {
  const r = await fetch(base + p, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

export function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`  ok: ${what}`);
}

fs.mkdirSync(args.out, { recursive: true });
for (const f of fs.readdirSync(args.out)) if (f.endsWith('.png')) fs.rmSync(path.join(args.out, f));
let shotN = 0;
export async function shot(page, name) {
  const file = path.join(args.out, `${String(++shotN).padStart(2, '0')}-${name}.png`);
  await page.waitForTimeout(150); // let transitions settle
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  screenshot ${file}`);
}

export function watch(page, label, errors) {
  page.on('pageerror', (e) => errors.push(`${label}: ${e.message}`));
}

export async function login(page, base, user, password) {
  await page.goto(base + '/');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
