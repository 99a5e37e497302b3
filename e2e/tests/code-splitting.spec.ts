import { test, expect } from '@playwright/test';
import { loginAs, mainNav, waitForApp, expectNoAxeViolations } from './helpers';

// The SPA is split by feature area (src/lazy.rs, scripts/build-spa): a page's module is
// fetched when the page is first shown, or earlier when a link to it is pointed at or focused.

test('a page module is fetched when a link to it is pointed at, before the click', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/app\/[0-9a-f]{16}\/(split_\w+\.wasm)$/);
    if (m) fetched.push(m[1]);
  });
  await page.goto('/logga-in');
  await waitForApp(page);
  expect(fetched).toEqual(['split_login.wasm']);

  const link = page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' });
  const request = page.waitForRequest(/\/split_accessibility\.wasm$/);
  await link.hover();
  await request;
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tillgänglighet' })).toBeFocused();
  expect(fetched.filter((f) => f === 'split_accessibility.wasm')).toHaveLength(1);
});

test('a page whose module cannot be fetched says so, loses nothing, and can be tried again', async ({ page }) => {
  // The network fails for the messages module until the test lets it through.
  let failing = true;
  await page.route(/\/app\/[0-9a-f]{16}\/split_messages\.wasm$/, (route) =>
    failing ? route.abort('internetdisconnected') : route.continue(),
  );
  await loginAs(page, 'Anna Andersson');

  await mainNav(page).getByRole('link', { name: /^Meddelanden/ }).click();
  const failed = page.getByRole('heading', { level: 1, name: 'Sidan kunde inte visas' });
  await expect(failed).toBeVisible();
  await expect(failed).toBeFocused();
  await expect(page.getByRole('alert')).toContainText('Kontrollera din internetanslutning');
  // The shell still works: the person is logged in and the navigation is there.
  await expect(mainNav(page)).toBeVisible();
  await expectNoAxeViolations(page, 'page module failed to load');

  failing = false;
  await page.getByRole('button', { name: 'Försök igen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meddelanden' })).toBeFocused();
  await expect(page).toHaveURL(/\/meddelanden$/);
});

test('opening a page of a split module directly works, also on reload', async ({ page }) => {
  await loginAs(page, 'Anna Andersson');
  await page.goto('/arenden');
  await waitForApp(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Mina ärenden' })).toBeVisible();
  await page.reload();
  await waitForApp(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Mina ärenden' })).toBeVisible();
});
