import { test, expect } from '@playwright/test';
import { expectNoAxeViolations, openHeaderMenuIfCollapsed, watchConsole } from './helpers';
import {
  ANNA,
  AnnaPages,
  annaPages,
  chooseLanguage,
  DARK_BG,
  expectDefaults,
  LARS,
  LOGGED_OUT_ROUTES,
  loggedInRoutes,
  login,
  MODES,
  resetTouchedProfilesAfterEach,
  rootState,
  TOLVAN,
  touched,
  waitForContent,
} from './accessibility-shared';

// Accessibility end to end, display modes: every page in every display mode checked with axe,
// preferences kept on the device and in the profile, easy-to-read Swedish, language switching.

// Tests that save preferences record whose profile they changed; the defaults go back after each.
resetTouchedProfilesAfterEach();

// --- Every route in every mode ------------------------------------------------------------

test.describe('every page in every display mode has no axe violations', () => {
  let pages: AnnaPages;
  test.beforeAll(async ({ browser }) => {
    pages = await annaPages(browser);
  });

  for (const mode of MODES) {
    test(`mode: ${mode.name}`, async ({ page }) => {
      test.setTimeout(150_000);
      const problems = watchConsole(page);
      if (mode.media) await page.emulateMedia(mode.media);
      touched.add(ANNA);
      await login(page, 'Anna Andersson');
      // Chosen the way a person does it, while logged in: kept on the device and in the profile.
      if (mode.choose) await mode.choose(page);
      mode.check(await rootState(page));

      for (const route of loggedInRoutes(pages)) {
        await page.goto(route.path);
        await waitForContent(page, route.ready);
        // With 200 % text the navigation is in the header's menu (checked open here).
        await openHeaderMenuIfCollapsed(page);
        await expect(page.locator('nav.main-nav')).toBeVisible();
        mode.check(await rootState(page));
        await expectNoAxeViolations(page, `${route.name} (${route.path}), mode ${mode.name}`);
      }

      // Logging out keeps the device's choice for the pages before login.
      await openHeaderMenuIfCollapsed(page);
      await page.locator('.site-header .whoami + button').click();
      await expect(page).toHaveURL(/\/logga-in$/);
      for (const route of LOGGED_OUT_ROUTES) {
        await page.goto(route.path);
        await waitForContent(page, route.ready);
        await expect(page.locator('nav.main-nav')).toHaveCount(0);
        mode.check(await rootState(page));
        await expectNoAxeViolations(page, `${route.name} (${route.path}), mode ${mode.name}`);
      }
      expect(problems, 'console errors / CSP violations').toEqual([]);
    });
  }

  test('modes stored on the device apply before login, on every logged-out page', async ({ page }) => {
    // The device's stored choice (as another visit would have left it) is applied at start-up.
    await page.addInitScript(() => {
      if (!sessionStorage.getItem('e2e-seeded')) {
        localStorage.setItem('minsida.a11y', JSON.stringify({ text_size: '200', theme: 'dark', readable_font: true }));
        localStorage.setItem('minsida.lang', 'ar');
        sessionStorage.setItem('e2e-seeded', '1');
      }
    });
    for (const route of LOGGED_OUT_ROUTES) {
      await page.goto(route.path);
      await waitForContent(page, route.ready);
      const s = await rootState(page);
      expect(s).toMatchObject({ theme: 'dark', textSize: '200', font: 'readable', lang: 'ar', dir: 'rtl', fontSize: '32px', background: DARK_BG });
      await openHeaderMenuIfCollapsed(page);
      await expect(page.locator('.site-header').getByRole('link', { name: 'إمكانية الوصول' })).toBeVisible();
      if (route.path === '/tillganglighet') {
        // The settings page shows the stored choices as chosen.
        await expect(page.locator('#theme-dark')).toBeChecked();
        await expect(page.locator('#text-size-200')).toBeChecked();
        await expect(page.locator('#readable-font')).toBeChecked();
        await expect(page.locator('#text-spacing')).not.toBeChecked();
      }
      await expectNoAxeViolations(page, `${route.name} with dark, 200 %, readable font, Arabic`);
    }
  });
});

// --- Preferences persist --------------------------------------------------------------------

test('preferences persist on the device and follow the person to another device', async ({ page, browser }) => {
  const problems = watchConsole(page);
  touched.add(LARS);
  await page.goto('/tillganglighet');
  await waitForContent(page, '#text-size-100');
  const status = page.locator('main [role="status"].status-region');
  await expect(status).toBeEmpty();

  await page.getByRole('radio', { name: '200 %' }).check();
  await expect(status).toHaveText('Sparat på den här enheten.');
  await page.getByRole('radio', { name: 'Mörkt' }).check();
  await expect(status).toHaveText('Sparat på den här enheten.');
  expect(await rootState(page)).toMatchObject({ textSize: '200', theme: 'dark', fontSize: '32px', background: DARK_BG });
  expect(JSON.parse((await page.evaluate(() => localStorage.getItem('minsida.a11y')))!)).toMatchObject({
    text_size: '200',
    theme: 'dark',
  });

  await page.reload();
  await waitForContent(page, '#text-size-100');
  expect(await rootState(page)).toMatchObject({ textSize: '200', theme: 'dark', fontSize: '32px', background: DARK_BG });
  await expect(page.getByRole('radio', { name: '200 %' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Mörkt' })).toBeChecked();
  // Nothing was changed in this visit, so nothing is announced.
  await expect(status).toBeEmpty();

  // Logged in: the choices made on this device while logged out win and go to the profile.
  await login(page, 'Lars Berg');
  await expect
    .poll(async () => (await page.evaluate(async () => (await fetch('/api/me/accessibility')).json())).prefs)
    .toMatchObject({ text_size: '200', theme: 'dark' });
  expect(await rootState(page)).toMatchObject({ textSize: '200', theme: 'dark' });
  // A change while logged in is saved in the profile too.
  await openHeaderMenuIfCollapsed(page);
  await page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' }).click();
  await waitForContent(page, '#text-size-100');
  await page.getByRole('radio', { name: '200 %' }).check();
  await page.getByRole('radio', { name: 'Hög kontrast' }).check();
  await expect(status).toHaveText('Sparat på den här enheten och i din profil.');
  expect(await rootState(page)).toMatchObject({ textSize: '200', theme: 'high_contrast', color: 'rgb(0, 0, 0)' });
  const stored = await page.evaluate(async () => (await fetch('/api/me/accessibility')).json());
  expect(stored.prefs).toMatchObject({ text_size: '200', theme: 'high_contrast' });

  // Another device: nothing stored there, the profile's choice applies after login.
  const other = await browser.newContext();
  try {
    const page2 = await other.newPage();
    const problems2 = watchConsole(page2);
    await page2.goto('/logga-in');
    await waitForContent(page2, '.person-button');
    expectDefaults(await rootState(page2));
    await login(page2, 'Lars Berg');
    await expect(page2.locator('html')).toHaveAttribute('data-theme', 'high_contrast');
    await expect(page2.locator('html')).toHaveAttribute('data-text-size', '200');
    expect(await rootState(page2)).toMatchObject({ fontSize: '32px', color: 'rgb(0, 0, 0)' });
    await openHeaderMenuIfCollapsed(page2);
    await page2.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' }).click();
    await waitForContent(page2, '#text-size-100');
    await expect(page2.getByRole('radio', { name: 'Hög kontrast' })).toBeChecked();
    await expect(page2.getByRole('radio', { name: '200 %' })).toBeChecked();

    // Reset restores the defaults, here and in the profile.
    await page2.getByRole('button', { name: 'Återställ till standard' }).click();
    await expect(page2.locator('main [role="status"].status-region')).toHaveText('Inställningarna är återställda.');
    expectDefaults(await rootState(page2));
    await expect(page2.getByRole('radio', { name: '100 %' })).toBeChecked();
    await expect(page2.getByRole('radio', { name: 'Som på min enhet' }).first()).toBeChecked();
    await expect(page2.locator('#theme-auto')).toBeChecked();
    await expect(page2.locator('#motion-auto')).toBeChecked();
    for (const id of ['#text-spacing', '#readable-font', '#easy-read']) await expect(page2.locator(id)).not.toBeChecked();
    await expect
      .poll(async () => (await page2.evaluate(async () => (await fetch('/api/me/accessibility')).json())).prefs)
      .toMatchObject({ text_size: '100', theme: 'auto', motion: 'auto', text_spacing: false, readable_font: false, easy_read: false });
    expect(problems2).toEqual([]);
  } finally {
    await other.close();
  }
  expect(problems).toEqual([]);
});

// --- Easy-to-read Swedish -------------------------------------------------------------------

test('easy-to-read Swedish replaces the guidance texts', async ({ page }) => {
  const problems = watchConsole(page);
  touched.add(TOLVAN);
  await login(page, 'Tolvan');
  await waitForContent(page, '.todo-list');
  const lead = page.locator('main .lead');
  await expect(lead).toHaveText('Här samlar vi det du kan göra på Min sida.');

  await page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' }).click();
  await waitForContent(page, '#easy-read');
  const easy = page.getByRole('checkbox', { name: 'Lättläst svenska' });
  await expect(easy).toHaveAccessibleDescription('Förklarande texter visas på lättläst svenska.');
  await easy.check();
  await expect(page.getByRole('status').filter({ hasText: 'Sparat på den här enheten och i din profil.' })).toBeVisible();
  // The settings page itself switches at once.
  await expect(lead).toHaveText('Här kan du ändra hur Min sida ser ut. Det ändras direkt.');
  await expect(easy).toHaveAccessibleDescription('Förklaringarna skrivs med enkla ord.');

  const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
  await nav.getByRole('link', { name: 'Start' }).click();
  await waitForContent(page, '.todo-list');
  await expect(lead).toHaveText('Här ser du allt du kan göra på Min sida.');
  const services = page.getByRole('region', { name: 'Dina tjänster' });
  await expect(services.getByText('Läs brev från oss.', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'start page in easy-to-read Swedish');

  await nav.getByRole('link', { name: /^Meddelanden/ }).click();
  await waitForContent(page, '.message-row');
  await expect(lead).toHaveText('Här är brev från oss. Här är också det du har skickat till oss. Vi tar aldrig bort något.');

  // Kept after a reload (device and profile).
  await page.reload();
  await waitForContent(page, '.message-row');
  await expect(lead).toHaveText('Här är brev från oss. Här är också det du har skickat till oss. Vi tar aldrig bort något.');

  // Easy-to-read is Swedish: in English the English text is shown.
  await chooseLanguage(page, 'English');
  await expect(lead).toHaveText(
    'Letters and decisions from us, and what you have sent to us. Nothing is ever deleted: archived messages stay in the archive.',
  );
  await chooseLanguage(page, 'Svenska');
  await expect(lead).toHaveText('Här är brev från oss. Här är också det du har skickat till oss. Vi tar aldrig bort något.');

  // Turned off again: the ordinary text.
  await page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' }).click();
  await page.getByRole('checkbox', { name: 'Lättläst svenska' }).uncheck();
  await expect(page.getByRole('status').filter({ hasText: 'Sparat på den här enheten och i din profil.' })).toBeVisible();
  await nav.getByRole('link', { name: /^Meddelanden/ }).click();
  await expect(lead).toHaveText(
    'Här finns brev och beslut från oss och det du har skickat till oss. Vi tar aldrig bort något: arkiverade meddelanden finns kvar i arkivet.',
  );
  expect(problems).toEqual([]);
});

// --- Language switch --------------------------------------------------------------------------

test('switching language keeps typed input; Arabic is right-to-left', async ({ page }) => {
  const problems = watchConsole(page);
  touched.add(ANNA);
  await login(page, 'Anna Andersson');
  await page.goto('/mina-uppgifter');
  await waitForContent(page, '#email');
  const email = page.locator('#email');
  const typed = 'skrivet.men.inte.sparat@example.se';
  await email.fill(typed);
  const brandLeftOfTools = async () => {
    const brand = (await page.locator('.brand').boundingBox())!;
    const tools = (await page.locator('.header-tools').boundingBox())!;
    return brand.x < tools.x;
  };
  expect(await brandLeftOfTools()).toBe(true);

  await chooseLanguage(page, 'English');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByLabel('Email address')).toHaveValue(typed);
  await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: /^Messages/ })).toBeVisible();

  await chooseLanguage(page, 'العربية');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(email).toHaveValue(typed);
  const nav = page.getByRole('navigation', { name: 'القائمة الرئيسية' });
  await expect(nav.getByRole('link', { name: /^الرسائل/ })).toBeVisible();
  await expect(nav.getByRole('link')).toHaveText(['الصفحة الرئيسية', /^الرسائل/, 'قضاياي', 'الخدمات الإلكترونية', 'بياناتي', 'خيارات التواصل']);
  await expect(page.getByRole('button', { name: 'العربية' })).toHaveAttribute('aria-pressed', 'true');
  // Mirrored: the brand is at the right, the tools at the left.
  expect(await brandLeftOfTools()).toBe(false);
  await expectNoAxeViolations(page, 'personal details in Arabic');

  await chooseLanguage(page, 'Svenska');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByLabel('E-postadress')).toHaveValue(typed);
  expect(await brandLeftOfTools()).toBe(true);
  expect(problems).toEqual([]);
});
