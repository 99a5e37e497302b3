import { test, expect, Locator, Page } from '@playwright/test';
import { loginAs, mainNav, waitForApp } from './helpers';

// A clean console on every page a visitor can reach, logged out and logged in: no error, no
// warning, no uncaught exception, no failed or refused request. Lighthouse counts browser
// errors in the console against best practices (a 401 from the session check was one), and
// each one is noise that hides a real problem.

/** Everything the console, the page and the network report that should not happen. */
function watchEverything(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') {
      const at = msg.location().url;
      problems.push(`console ${msg.type()}: ${msg.text()}${at ? ` (${at})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err}`));
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`${response.status()} for ${response.request().method()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // A page's requests still on their way when the person moves on are aborted on purpose
    // (see src/api/in_flight.rs); the browser logs nothing for them.
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.method()} ${request.url()} ${reason}`);
  });
  return problems;
}

/** Waits until the page shows its heading and has loaded its data. */
async function expectLoaded(page: Page, heading: string | RegExp, content?: Locator) {
  await waitForApp(page);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.locator('main .loading')).toHaveCount(0);
  if (content) await expect(content.first()).toBeVisible();
}

/** Loads a path as a fresh document (as Lighthouse does) and waits for it. */
async function visit(page: Page, path: string, heading: string | RegExp, content?: (page: Page) => Locator) {
  await page.goto(path);
  await expectLoaded(page, heading, content?.(page));
}

test.describe('a clean browser console', () => {
  test('on every page a logged-out visitor can reach', async ({ page }) => {
    const problems = watchEverything(page);
    const pages: [string, string | RegExp, RegExp][] = [
      ['/', 'Logga in på Min sida', /\/logga-in/],
      ['/logga-in', 'Logga in på Min sida', /\/logga-in$/],
      ['/tillganglighet', 'Tillgänglighet', /\/tillganglighet$/],
      ['/tillganglighetsredogorelse', 'Tillgänglighetsredogörelse', /\/tillganglighetsredogorelse$/],
      // A protected page sends the visitor to the login page.
      ['/meddelanden', 'Logga in på Min sida', /\/logga-in\?next=\/meddelanden$/],
      ['/mina-uppgifter', 'Logga in på Min sida', /\/logga-in\?next=\/mina-uppgifter$/],
    ];
    for (const [path, heading, url] of pages) {
      await visit(page, path, heading);
      await expect(page).toHaveURL(url);
      expect(problems, `on ${path}`).toEqual([]);
    }
    // The session check answered without an error status.
    const session = await page.request.get('/api/session');
    expect(session.status()).toBe(200);
    expect(await session.json()).toEqual({ state: 'anonymous' });
  });

  test('on every page of a logged-in person', async ({ page }) => {
    const problems = watchEverything(page);
    await loginAs(page, 'Anna Andersson');
    expect(problems, 'logging in').toEqual([]);

    // Every page in the main navigation, each loaded as a fresh document.
    const nav = await mainNav(page).getByRole('link').evaluateAll((links) =>
      links.map((a) => [(a as HTMLAnchorElement).pathname, a.textContent ?? ''] as [string, string]),
    );
    expect(nav.map(([path]) => path)).toEqual(['/', '/meddelanden', '/arenden', '/e-tjanster', '/mina-uppgifter', '/kontaktval']);
    const headings: Record<string, [string | RegExp, (p: Page) => Locator]> = {
      '/': [/^Välkommen, Anna/, (p) => p.getByRole('region', { name: 'Dina tjänster' })],
      '/meddelanden': ['Meddelanden', (p) => p.locator('.message-row')],
      '/arenden': ['Mina ärenden', (p) => p.locator('.matter-card')],
      '/e-tjanster': ['Mina e-tjänster', (p) => p.locator('.eservice-card')],
      '/mina-uppgifter': ['Mina uppgifter', (p) => p.getByRole('heading', { name: 'Folkbokföring' })],
      '/kontaktval': ['Kontaktval och aviseringar', (p) => p.getByRole('heading', { name: 'Hur vi kontaktar dig' })],
    };
    for (const [path] of nav) {
      const [heading, content] = headings[path];
      await visit(page, path, heading, content);
      expect(problems, `on ${path}`).toEqual([]);
    }

    // A message and a matter, opened from their lists.
    await visit(page, '/meddelanden', 'Meddelanden', (p) => p.locator('.message-row'));
    await page.locator('.message-row').first().getByRole('link').first().click();
    await expect(page).toHaveURL(/\/meddelanden\/\d+$/);
    await expectLoaded(page, /./, page.locator('main article, main .message-body').or(page.locator('main h2')));
    const message = new URL(page.url()).pathname;
    await visit(page, message, /./, (p) => p.locator('main h2'));
    expect(problems, `on ${message}`).toEqual([]);

    await visit(page, '/arenden', 'Mina ärenden', (p) => p.locator('.matter-card'));
    await page.locator('.matter-card').first().getByRole('link').first().click();
    await expect(page).toHaveURL(/\/arenden\/\d+$/);
    await expectLoaded(page, /./, page.getByRole('heading', { name: 'Händelser i ärendet' }));
    const matter = new URL(page.url()).pathname;
    await visit(page, matter, /./, (p) => p.getByRole('heading', { name: 'Händelser i ärendet' }));
    expect(problems, `on ${matter}`).toEqual([]);

    // The representation pages, and the accessibility pages logged in.
    for (const [path, heading] of [
      ['/agera-for', 'Välj vem du agerar för'],
      ['/ombud', 'Ombud för dig'],
      ['/atkomstlogg', 'Vem har tittat på mina uppgifter'],
      ['/tillganglighet', 'Tillgänglighet'],
      ['/tillganglighetsredogorelse', 'Tillgänglighetsredogörelse'],
    ]) {
      await visit(page, path, heading);
      expect(problems, `on ${path}`).toEqual([]);
    }

    const session = await page.request.get('/api/session');
    expect(session.status()).toBe(200);
    expect((await session.json()).state).toBe('logged_in');
    expect(problems).toEqual([]);
  });
});
