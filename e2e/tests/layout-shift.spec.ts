import { test, expect, Page } from '@playwright/test';
import { loginAs, waitForApp } from './helpers';

// No layout shift while a page loads (issue 12: Lighthouse's CLS 0). Every page is loaded as
// a fresh document, as Lighthouse does, on a phone-sized and a desktop-sized screen, with the
// API's answers delayed by different amounts, so that data arriving late or out of order
// would move what is already shown. The browser reports every shift (PerformanceObserver,
// 'layout-shift'); shifts right after the person's own input do not count, as in CLS.

type Shift = { value: number; sources: string[] };

/** Records the page's layout shifts from the very start of every document. */
async function recordShifts(page: Page) {
  await page.addInitScript(() => {
    const shifts: { value: number; sources: string[] }[] = [];
    (window as any).__layoutShifts = shifts;
    const describe = (node: Node | null | undefined) => {
      if (!(node instanceof Element)) return String(node?.nodeName ?? 'gone');
      const cls = node.getAttribute('class');
      return `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${cls ? `.${cls.split(/\s+/).join('.')}` : ''}` +
        ` "${(node.textContent ?? '').trim().slice(0, 40)}"`;
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as any[]) {
        if (entry.hadRecentInput) continue;
        shifts.push({
          value: entry.value,
          sources: (entry.sources ?? []).map((s: any) => describe(s.node)),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** Delays every API answer by an amount that depends on its path and the seed: the same
 * page sees its data arrive in a different order with each seed. */
async function delayApi(page: Page, seed: number) {
  await page.route('**/api/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    let hash = seed;
    for (const c of path) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    await new Promise((resolve) => setTimeout(resolve, 100 + (hash % 6) * 120));
    await route.continue().catch(() => {});
  });
}

/** Opens `path` as a fresh document, waits until it has loaded everything, returns its shifts. */
async function shiftsOf(page: Page, path: string): Promise<Shift[]> {
  await page.goto(path);
  await waitForApp(page);
  await page.waitForLoadState('networkidle');
  await expect(page.locator('main .loading')).toHaveCount(0);
  // Whatever the last answer changed has been laid out and reported.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 200))));
  return page.evaluate(() => (window as any).__layoutShifts as Shift[]);
}

const screens = [
  { name: 'phone', viewport: { width: 412, height: 823 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
];

const LOGGED_OUT = ['/logga-in', '/tillganglighet', '/tillganglighetsredogorelse', '/finns-inte'];
const LOGGED_IN = [
  '/',
  '/meddelanden',
  '/meddelanden?mapp=olasta',
  '/arenden',
  '/mina-uppgifter',
  '/kontaktval',
  '/agera-for',
  '/ombud',
  '/atkomstlogg',
  '/tillganglighet',
];

for (const { name, viewport } of screens) {
  test.describe(`no layout shift while pages load (${name})`, () => {
    test.use({ viewport });

    test('logged out', async ({ page }) => {
      await recordShifts(page);
      for (const seed of [1, 2]) {
        await page.unrouteAll();
        await delayApi(page, seed);
        for (const path of LOGGED_OUT) {
          expect(await shiftsOf(page, path), `${path} (seed ${seed})`).toEqual([]);
        }
      }
    });

    test('logged in', async ({ page }) => {
      // A dozen pages, twice, each with its answers delayed.
      test.setTimeout(180_000);
      await recordShifts(page);
      await loginAs(page, 'Anna Andersson');
      const paths = [...LOGGED_IN];
      // A message and a matter of Anna's.
      await page.goto('/meddelanden');
      await waitForApp(page);
      paths.push(await page.locator('.message-row a').first().getAttribute('href') as string);
      await page.goto('/arenden');
      await waitForApp(page);
      paths.push(await page.locator('.matter-card a').first().getAttribute('href') as string);
      for (const seed of [1, 2]) {
        await page.unrouteAll();
        await delayApi(page, seed);
        for (const path of paths) {
          expect(await shiftsOf(page, path), `${path} (seed ${seed})`).toEqual([]);
        }
      }
    });
  });
}
