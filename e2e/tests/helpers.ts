import { expect, APIRequestContext, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The demo persons (personal identity or coordination numbers). */
export const ANNA = '198112189876';
export const LARS = '197010632391';
export const TOLVAN = '191212121212';

// axe-core is injected through the DevTools protocol (page.evaluate), which the page's strict
// Content-Security-Policy does not block, so the policy stays on while we test.
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core with the WCAG 2.0/2.1/2.2 A and AA rules and fails on any violation. */
export async function expectNoAxeViolations(page: Page, context = 'page') {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // @ts-ignore injected above
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => n.target.join(' ') + ' :: ' + n.failureSummary),
    }));
  });
  expect(violations, `axe-core violations on ${context}`).toEqual([]);
}

/** Collects console errors and CSP violations so a test can assert there were none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    // The browser logs every non-2xx response (e.g. the 422 of a form the test fills in wrong
    // on purpose) as "Failed to load resource"; status codes are asserted explicitly instead
    // (console.spec.ts checks that ordinary visits log nothing at all).
    // CSP violations ("Refused to ...") and script errors are still caught here.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  return problems;
}

/** Waits until the wasm app has started and rendered the page's heading. */
export async function waitForApp(page: Page) {
  await expect(page.locator('.boot')).toHaveCount(0);
  // The page's own module has arrived (src/lazy.rs shows a placeholder heading until then).
  await expect(page.locator('main .page-loading')).toHaveCount(0);
  await expect(page.locator('main h1')).toBeVisible();
}

export async function loginAs(page: Page, name: string) {
  await page.goto('/logga-in');
  await waitForApp(page);
  await page.getByRole('button', { name: new RegExp(`Logga in som ${name}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Välkommen, ${name.split(' ')[0]}`) })).toBeVisible();
}

// --- Outgoing e-mail and SMS -------------------------------------------------------------------
// The server sends e-mail over real SMTP to the local sink (smtp-sink.mjs, started by
// playwright.config.ts) and writes SMS as JSON lines to `<data-dir>/sms.jsonl`.

/** One mail as the SMTP sink received it (see smtp-sink.mjs). */
export type SinkMail = {
  id: number;
  /** RFC 3339, when the sink received it. */
  receivedAt: string;
  /** The SMTP envelope: MAIL FROM and RCPT TO. */
  envelope: { from: string | null; to: string[] };
  /** Addresses in the From: and To: headers. */
  from: string | null;
  to: string[];
  subject: string;
  messageId: string | null;
  date: string | null;
  /** Decoded plain-text and HTML bodies ('' when absent). */
  text: string;
  html: string;
  /** Header name (lower case) → value. */
  headers: Record<string, unknown>;
  /** The whole message as received. */
  raw: string;
};

function smtpSinkUrl(pathname: string): string {
  const port = Number(process.env.SMTP_SINK_HTTP_PORT ?? Number(process.env.E2E_PORT ?? 18080) + 1001);
  return `http://127.0.0.1:${port}${pathname}`;
}

/** Every mail the SMTP sink has received, oldest first. */
export async function readMails(): Promise<SinkMail[]> {
  const response = await fetch(smtpSinkUrl('/mails'));
  expect(response.ok, `SMTP sink GET /mails: ${response.status}`).toBe(true);
  return (await response.json()) as SinkMail[];
}

/** Forgets every mail the SMTP sink has received so far. */
export async function clearMails(): Promise<void> {
  const response = await fetch(smtpSinkUrl('/mails'), { method: 'DELETE' });
  expect(response.ok, `SMTP sink DELETE /mails: ${response.status}`).toBe(true);
}

/** Whether the mail was sent to this address (SMTP envelope, case-insensitive). */
export function isAddressedTo(mail: SinkMail, address: string): boolean {
  return mail.envelope.to.some((a) => a.toLowerCase() === address.toLowerCase());
}

/** Waits until a mail to `address` that matches `predicate` has arrived, and returns it. */
export async function waitForMail(
  address: string,
  predicate: (mail: SinkMail) => boolean = () => true,
  options: { timeout?: number; message?: string } = {},
): Promise<SinkMail> {
  let found: SinkMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await readMails()).find((m) => isAddressedTo(m, address) && predicate(m));
        return found !== undefined;
      },
      { timeout: options.timeout ?? 30_000, message: options.message ?? `a mail to ${address} arrives at the SMTP sink` },
    )
    .toBe(true);
  return found!;
}

/** One line of `<data-dir>/sms.jsonl`, as the server wrote it. */
export type SmsLine = Record<string, unknown>;

/** Every SMS the server has "sent" so far (the lines of `<data-dir>/sms.jsonl`). */
export function readSms(): SmsLine[] {
  const dataDir = process.env.E2E_DATA_DIR;
  expect(dataDir, 'E2E_DATA_DIR is set by playwright.config.ts').toBeTruthy();
  const file = path.join(dataDir!, 'sms.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SmsLine);
}

/** Every string value of an SMS line, joined: what to search for a number or a text. */
export function smsText(sms: SmsLine): string {
  return Object.values(sms)
    .filter((v) => typeof v === 'string')
    .join('\n');
}

/** Waits until an SMS matching `predicate` has been written (among the lines from index
 * `after` on, i.e. after `readSms().length` was `after`), and returns it. */
export async function waitForSms(
  predicate: (sms: SmsLine) => boolean,
  options: { after?: number; timeout?: number; message?: string } = {},
): Promise<SmsLine> {
  let found: SmsLine | undefined;
  await expect
    .poll(
      () => {
        found = readSms().slice(options.after ?? 0).find(predicate);
        return found !== undefined;
      },
      { timeout: options.timeout ?? 30_000, message: options.message ?? 'an SMS is written to sms.jsonl' },
    )
    .toBe(true);
  return found!;
}

/** The one-time codes (6 digits, standing alone) in a text. */
export function sixDigitCodes(text: string): string[] {
  return [...text.matchAll(/(?<!\d)(\d{6})(?!\d)/g)].map((m) => m[1]);
}

// --- The agency side --------------------------------------------------------------------------
// The agency talks to the system-to-system API with the demo system's key, never with a
// citizen session.

const SYSTEM_KEY = 'demo-system-key-0000000000000000000000000000';
export const SYSTEM = '/api/system/v1';
const auth = { Authorization: `Bearer ${SYSTEM_KEY}` };

/** A call to the system API as the demo agency system; fails the test unless it succeeds. */
export async function system(
  request: APIRequestContext,
  method: 'GET' | 'POST',
  path: string,
  data?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await request.fetch(`${SYSTEM}${path}`, { method, headers: { ...auth, ...headers }, data });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response;
}

/** A tiny but well-formed one-page PDF showing `text` (for uploads and attachments). */
export function makePdf(text: string): Buffer {
  const content = `BT /F1 12 Tf 56 780 Td (${text}) Tj ET\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}endstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** The main navigation of a logged-in page. */
export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Huvudmeny' });
}

/** The header's menu button, shown on narrow screens and with large text (in Swedish). */
export function headerMenuButton(page: Page) {
  return page.locator('.site-header .menu-button');
}

/** On narrow screens and with large text the navigation, the language switch, the
 * accessibility link and log-out are behind the header's menu button: opens the menu when it
 * is collapsed, does nothing on wide screens. */
export async function openHeaderMenuIfCollapsed(page: Page) {
  const button = headerMenuButton(page);
  if (!(await button.isVisible())) return;
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#site-menu')).toBeVisible();
}
