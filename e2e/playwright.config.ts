import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The real server binary (built by scripts/test) serving the real release build of the SPA,
// with demo data in a fresh, throw-away data directory for every run.
const port = Number(process.env.E2E_PORT ?? 18080);
const baseURL = `http://127.0.0.1:${port}`;
const root = path.resolve(__dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsida-e2e-'));
const server = process.env.MINSIDA_SERVER_BIN ?? path.join(root, 'target', 'debug', 'minsida-server');

export default defineConfig({
  testDir: './tests',
  // One worker: the machines have two cores and the tests share one server and database.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'sv-SE',
    trace: 'off',
    screenshot: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    // The shortest terminal idle timeout the server accepts (warning at least 20 s and at most
    // half the timeout), so the terminal spec waits as little real time as possible. Only
    // sessions on an enrolled customer terminal use it.
    command:
      `"${server}" --demo --bind 127.0.0.1:${port} --static-dir "${path.join(root, 'dist')}" --data-dir "${dataDir}"` +
      ' --terminal-idle-secs 40 --terminal-warning-secs 20',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
