import { test, expect, Page } from '@playwright/test';
import { expectNoAxeViolations, loginAs, mainNav, waitForApp, watchConsole } from './helpers';
import { ANNA, login, resetTouchedProfilesAfterEach, touched } from './accessibility-shared';

// The header on a phone (issue 12): below a breakpoint (in em, so large text collapses it too)
// the accessibility link, the language switch, the logged-in person with log-out and the main
// navigation are behind one "Meny" button (disclosure pattern); the acting-as bar and the
// test-environment banner stay visible; the page's heading is on the first screen at 390×844;
// at 320 px with 200 % text nothing scrolls sideways or is cut off. Wide screens are unchanged.

// Tests that save preferences record whose profile they changed; the defaults go back after each.
resetTouchedProfilesAfterEach();

const PHONE = { width: 390, height: 844 };
const COMPANY = 'Andersson Konsult AB';

const menuButton = (page: Page) => page.locator('.site-header').getByRole('button', { name: 'Meny', exact: true });
const panel = (page: Page) => page.locator('#site-menu');

/** The page's h1 is wholly within the first screen (no scrolling). */
async function expectHeadingOnFirstScreen(page: Page, height: number) {
  const h1 = page.locator('main h1');
  await expect(h1).toBeVisible();
  const box = (await h1.boundingBox())!;
  const scrollY = await page.evaluate(() => window.scrollY);
  expect(scrollY, 'the page is not scrolled').toBe(0);
  expect(box.y, 'the heading starts on the first screen').toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `the heading ends within the first ${height} px`).toBeLessThanOrEqual(height);
}

/** The menu is closed: the button says so and the panel is neither shown nor in the
 * accessibility tree. */
async function expectClosed(page: Page) {
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(panel(page)).toBeHidden();
  await expect(page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' })).toHaveCount(0);
  await expect(page.locator('.site-header').getByRole('group', { name: 'Språk' })).toHaveCount(0);
  await expect(mainNav(page)).toHaveCount(0);
}

async function expectOpen(page: Page) {
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(panel(page)).toBeVisible();
  await expect(page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' })).toBeVisible();
  await expect(page.locator('.site-header').getByRole('group', { name: 'Språk' })).toBeVisible();
}

/** The brand and the menu button share one line. */
async function expectOneLine(page: Page) {
  const brand = (await page.locator('.brand').boundingBox())!;
  const button = (await menuButton(page).boundingBox())!;
  expect(button.y, 'the button is on the brand line').toBeLessThan(brand.y + brand.height);
  expect(button.y + button.height).toBeGreaterThan(brand.y);
}

/** Elements of the header that reach outside the viewport, or whose content is clipped. */
async function headerOverflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.site-header, .site-header *')) {
      const r = el.getBoundingClientRect();
      // Text for screen readers only is clipped on purpose.
      if ((r.width === 0 && r.height === 0) || el.closest('.visually-hidden')) continue;
      const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
      if (r.right > width + 0.5 || r.left < -0.5) problems.push(`${name} [${Math.round(r.left)}–${Math.round(r.right)}]`);
      const cs = getComputedStyle(el);
      if (cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) problems.push(`${name} clips its content`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, problems };
  });
}

async function expectNoHeaderOverflow(page: Page, what: string) {
  const o = await headerOverflow(page);
  expect(o.problems, `header elements outside the viewport or clipped (${what})`).toEqual([]);
  expect(o.scrollWidth, `no horizontal scrolling (${what})`).toBeLessThanOrEqual(o.width);
}

/** Chooses the text size on the settings page, reached by its address (the header link is in
 * the menu), and waits until it is in effect. */
async function choose200PercentText(page: Page, loggedIn: boolean) {
  await page.goto('/tillganglighet');
  await waitForApp(page);
  await page.getByRole('radio', { name: '200 %', exact: true }).check();
  const saved = loggedIn ? 'Sparat på den här enheten och i din profil.' : 'Sparat på den här enheten.';
  await expect(page.getByRole('status').filter({ hasText: saved })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', '200');
}

test.describe('at 390 × 844', () => {
  test.use({ viewport: PHONE });

  test('logged out: brand and menu button on one line, heading on the first screen, language inside the menu', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/logga-in');
    await waitForApp(page);
    await expectOneLine(page);
    await expectClosed(page);
    await expectHeadingOnFirstScreen(page, PHONE.height);
    // The button is a comfortable target (WCAG 2.5.8 asks 24 × 24; primary controls get 44).
    const box = (await menuButton(page).boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
    await expect(menuButton(page)).toHaveAttribute('aria-controls', 'site-menu');
    await expectNoAxeViolations(page, 'login at 390 px, menu closed');

    await menuButton(page).click();
    await expectOpen(page);
    await expect(menuButton(page)).toBeFocused();
    await expectNoAxeViolations(page, 'login at 390 px, menu open');

    // The language switch works from the menu, which stays open (the button is renamed).
    await page.locator('.lang-switch').getByRole('button', { name: 'English', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const menuEn = page.locator('.site-header').getByRole('button', { name: 'Menu', exact: true });
    await expect(menuEn).toHaveAttribute('aria-expanded', 'true');
    await page.locator('.lang-switch').getByRole('button', { name: 'Svenska', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv');

    // Escape closes it and gives the button the focus back.
    await page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' }).focus();
    await page.keyboard.press('Escape');
    await expectClosed(page);
    await expect(menuButton(page)).toBeFocused();

    // A click outside closes it too.
    await menuButton(page).click();
    await expectOpen(page);
    await page.locator('main h1').click();
    await expectClosed(page);

    // Following the accessibility link closes it and moves focus to the new page's heading.
    await menuButton(page).click();
    await page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' }).click();
    await expect(page).toHaveURL(/\/tillganglighet$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Tillgänglighet' })).toBeFocused();
    await expectClosed(page);
    expect(problems).toEqual([]);
  });

  test('logged in: navigation behind the menu, keyboard only, links close it and focus the heading', async ({ page }) => {
    const problems = watchConsole(page);
    await loginAs(page, 'Anna Andersson');
    await expectOneLine(page);
    await expectClosed(page);
    await expectHeadingOnFirstScreen(page, PHONE.height);
    // Acting for herself: the bar that offers switching stays outside the menu, as does the
    // test-environment banner.
    await expect(page.locator('.site-header').getByText('Du agerar för dig själv.')).toBeVisible();
    await expect(page.locator('.test-banner')).toBeVisible();
    await expectNoAxeViolations(page, 'start at 390 px, menu closed');

    // Keyboard only, from a fresh page load: Tab to the button (after the skip link and the
    // brand), Enter opens.
    await page.goto('/');
    await waitForApp(page);
    for (let i = 0; i < 5 && !(await menuButton(page).evaluate((b) => b === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(menuButton(page)).toBeFocused();
    await page.keyboard.press('Enter');
    await expectOpen(page);
    await expect(mainNav(page)).toBeVisible();
    await expect(mainNav(page).getByRole('link')).toHaveText(['Start', /^Meddelanden( \d+ olästa)?$/, 'Mina ärenden', 'E-tjänster', 'Mina uppgifter', 'Kontaktval']);
    await expect(page.locator('.site-header .whoami strong')).toHaveText('Anna Andersson');
    await expect(page.locator('.site-header').getByRole('button', { name: 'Logga ut' })).toBeVisible();
    await expectNoAxeViolations(page, 'start at 390 px, menu open');

    // The Tab order follows the DOM: from the button into the panel.
    await page.keyboard.press('Tab');
    await expect(page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' })).toBeFocused();
    // Escape closes and returns focus; Space opens again.
    await page.keyboard.press('Escape');
    await expectClosed(page);
    await expect(menuButton(page)).toBeFocused();
    await page.keyboard.press(' ');
    await expectOpen(page);

    // Tab on to "Meddelanden" and follow it with Enter.
    const messages = mainNav(page).getByRole('link', { name: /^Meddelanden/ });
    for (let i = 0; i < 12 && !(await messages.evaluate((a) => a === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(messages).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/meddelanden$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Meddelanden' })).toBeFocused();
    await expectClosed(page);
    await expect(page.locator('.message-row').first()).toBeVisible();
    await expectHeadingOnFirstScreen(page, PHONE.height);
    await expectNoAxeViolations(page, 'inbox at 390 px, menu closed');

    // By pointer: open, the current page is marked, another link closes the menu.
    await menuButton(page).click();
    await expect(messages).toHaveAttribute('aria-current', 'page');
    await expectNoAxeViolations(page, 'inbox at 390 px, menu open');
    await mainNav(page).getByRole('link', { name: 'Mina ärenden' }).click();
    await expect(page).toHaveURL(/\/arenden$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Mina ärenden' })).toBeFocused();
    await expectClosed(page);

    // The link to the page already shown closes the menu too, and the heading gets the focus.
    await menuButton(page).click();
    await mainNav(page).getByRole('link', { name: 'Mina ärenden' }).click();
    await expectClosed(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Mina ärenden' })).toBeFocused();

    // Log out from the menu.
    await menuButton(page).click();
    await page.locator('.site-header').getByRole('button', { name: 'Logga ut' }).click();
    await expect(page).toHaveURL(/\/logga-in$/);
    await expectClosed(page);
    expect(problems).toEqual([]);
  });

  test('acting for a company: the acting-as bar is visible without opening the menu', async ({ page }) => {
    const problems = watchConsole(page);
    await loginAs(page, 'Anna Andersson');
    await page.goto('/agera-for');
    await waitForApp(page);
    await page.getByRole('button', { name: `Agera för ${COMPANY}` }).click();
    await expect(page).toHaveURL(/\/$/);
    await waitForApp(page);
    const bar = page.getByRole('region', { name: 'Du agerar för' });
    await expect(bar).toBeVisible();
    await expect(bar).toContainText(`Du agerar för ${COMPANY}`);
    await expectClosed(page);
    await expectHeadingOnFirstScreen(page, PHONE.height);
    // The bar is not in the panel: opening the menu leaves it where it is, and it stays usable.
    await menuButton(page).click();
    await expectOpen(page);
    await expect(bar).toBeVisible();
    await expect(panel(page).getByRole('region', { name: 'Du agerar för' })).toHaveCount(0);
    await expectNoAxeViolations(page, 'acting for a company at 390 px, menu open');
    await page.keyboard.press('Escape');
    await expectClosed(page);
    // Back to herself, so the session is as the other specs expect it.
    await bar.getByRole('button', { name: 'Agera för dig själv' }).click();
    await expect(page.getByRole('region', { name: 'Du agerar för' })).toHaveCount(0);
    await waitForApp(page);
    expect(problems).toEqual([]);
  });

  test('Arabic: the header is mirrored, the menu button at the left', async ({ page }) => {
    await page.goto('/logga-in');
    await waitForApp(page);
    await menuButton(page).click();
    await page.locator('.lang-switch').getByRole('button', { name: 'العربية', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    const button = page.locator('.site-header').getByRole('button', { name: 'القائمة', exact: true });
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    const brand = (await page.locator('.brand').boundingBox())!;
    const box = (await button.boundingBox())!;
    expect(box.x + box.width, 'the button is left of the brand').toBeLessThanOrEqual(brand.x);
    await expectNoAxeViolations(page, 'login in Arabic at 390 px, menu open');
    await page.locator('.lang-switch').getByRole('button', { name: 'Svenska', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  });
});

test('320 px with 200 % text: nothing scrolls sideways or is cut off, menu open or closed', async ({ page }) => {
  test.setTimeout(90_000);
  touched.add(ANNA);
  await page.setViewportSize({ width: 320, height: 640 });
  const check = async (what: string) => {
    await expectClosed(page);
    await expectNoHeaderOverflow(page, `${what}, closed`);
    await menuButton(page).click();
    await expectOpen(page);
    await expectNoHeaderOverflow(page, `${what}, open`);
    await page.keyboard.press('Escape');
    await expectClosed(page);
  };

  // Chosen on the device before login (it goes to the profile at login).
  await choose200PercentText(page, false);
  await page.goto('/logga-in');
  await waitForApp(page);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('32px');
  await check('login');

  await login(page, 'Anna Andersson');
  await expect(page.locator('html')).toHaveAttribute('data-text-size', '200');
  await check('start');
  await page.goto('/meddelanden');
  await waitForApp(page);
  await expect(page.locator('.message-row').first()).toBeVisible();
  await check('inbox');
});

test('wide screens: no menu button, the navigation and tools in the header as before; 200 % text collapses them', async ({ page }) => {
  touched.add(ANNA);
  await page.setViewportSize({ width: 1280, height: 800 });
  await login(page, 'Anna Andersson');
  await expect(page.locator('.menu-button')).toBeHidden();
  await expect(page.locator('.site-header').getByRole('button', { name: 'Meny' })).toHaveCount(0);
  await expect(mainNav(page)).toBeVisible();
  await expect(page.locator('.header-tools')).toBeVisible();
  const brand = (await page.locator('.brand').boundingBox())!;
  const tools = (await page.locator('.header-tools').boundingBox())!;
  const nav = (await mainNav(page).boundingBox())!;
  expect(brand.x + brand.width).toBeLessThan(tools.x);
  expect(tools.y, 'the tools are on the brand line').toBeLessThan(brand.y + brand.height);
  expect(nav.y, 'the navigation is below them').toBeGreaterThanOrEqual(brand.y + brand.height);
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  expect(nav.x).toBe(0);
  expect(nav.width, 'the navigation spans the header').toBe(width);

  // With 200 % text the tools no longer fit beside the brand: the menu button takes over.
  await choose200PercentText(page, true);
  await expect(menuButton(page)).toBeVisible();
  await expectClosed(page);
  await menuButton(page).click();
  await expectOpen(page);
  await expect(mainNav(page)).toBeVisible();
});
