import { expect, Page } from '@playwright/test';
import * as fs from 'node:fs';

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
    // The browser logs every non-2xx response (e.g. the expected 401 from /api/session before
    // login) as "Failed to load resource"; status codes are asserted explicitly instead.
    // CSP violations ("Refused to ...") and script errors are still caught here.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  return problems;
}

/** Waits until the wasm app has started and rendered the page's heading. */
export async function waitForApp(page: Page) {
  await expect(page.locator('.boot')).toHaveCount(0);
  await expect(page.locator('main h1')).toBeVisible();
}

export async function loginAs(page: Page, name: string) {
  await page.goto('/logga-in');
  await waitForApp(page);
  await page.getByRole('button', { name: new RegExp(`Logga in som ${name}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Välkommen, ${name.split(' ')[0]}`) })).toBeVisible();
}
