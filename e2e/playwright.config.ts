import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The real server binary (built by scripts/test) serving the real release build of the SPA,
// with demo data in a fresh, throw-away data directory for every run.
const port = Number(process.env.E2E_PORT ?? 18080);
const baseURL = `http://127.0.0.1:${port}`;
const root = path.resolve(__dirname, '..');
// Playwright evaluates this file again in every worker process: the runner creates the data
// directory once and hands it to the workers (and to the tests, which read the SMS log
// `<data-dir>/sms.jsonl`) through the environment.
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'minsida-e2e-'));
process.env.E2E_DATA_DIR = dataDir;
const server = process.env.MINSIDA_SERVER_BIN ?? path.join(root, 'target', 'debug', 'minsida-server');
// The local SMTP sink (smtp-sink.mjs) that receives the server's e-mail; the tests read it
// over HTTP (helpers.ts). Ports follow E2E_PORT so that parallel checkouts do not collide.
const smtpPort = Number(process.env.SMTP_SINK_PORT ?? port + 1000);
const smtpHttpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? port + 1001);
process.env.SMTP_SINK_PORT = String(smtpPort);
process.env.SMTP_SINK_HTTP_PORT = String(smtpHttpPort);
// The OpenID Connect test provider (oidc-provider.mjs), a real e-ID broker stand-in that Min
// sida logs in with as `e2e-idp`; the tests read its issuer from E2E_IDP_ISSUER.
const idpPort = Number(process.env.E2E_IDP_PORT ?? port + 2000);
const idpIssuer = `http://127.0.0.1:${idpPort}`;
process.env.E2E_IDP_PORT = String(idpPort);
process.env.E2E_IDP_ISSUER = idpIssuer;
const oidcProvider = [
  'id=e2e-idp',
  'name=Test-e-legitimation',
  `issuer=${idpIssuer}`,
  'client-id=minsida',
  'client-secret=minsida-secret',
  'claim=personal_number',
  'scope=openid personal_number profile',
  'acr=loa3 loa4',
].join(',');

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
  // Started in this order, each once its URL answers.
  webServer: [
    {
      command: `node "${path.join(__dirname, 'smtp-sink.mjs')}"`,
      url: `http://127.0.0.1:${smtpHttpPort}/health`,
      env: { SMTP_SINK_PORT: String(smtpPort), SMTP_SINK_HTTP_PORT: String(smtpHttpPort) },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command:
        `node "${path.join(__dirname, 'oidc-provider.mjs')}" --port ${idpPort}` +
        ` --redirect-uri "${baseURL}/api/auth/oidc/e2e-idp/callback"` +
        ` --post-logout-redirect-uri "${baseURL}/logga-in?logged_out=1"`,
      url: `${idpIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The shortest terminal idle timeout the server accepts (warning at least 20 s and at
      // most half the timeout), so the terminal spec waits as little real time as possible.
      // Only sessions on an enrolled customer terminal use it.
      command:
        `"${server}" --demo --bind 127.0.0.1:${port} --static-dir "${path.join(root, 'dist')}" --data-dir "${dataDir}"` +
        ` --smtp-url smtp://127.0.0.1:${smtpPort} --mail-from "Min sida <no-reply@minsida.example>"` +
        ' --terminal-idle-secs 40 --terminal-warning-secs 20' +
        // Logins with the OpenID Connect test provider (the test provider stays on too), and
        // its client-credentials tokens for agency systems.
        ` --oidc-provider '${oidcProvider}'` +
        ` --oauth-issuer ${idpIssuer} --oauth-audience urn:minsida:system-api`,
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'ignore',
    },
  ],
});
