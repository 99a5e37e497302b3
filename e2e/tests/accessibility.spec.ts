import { test, expect, APIRequestContext, Browser, Page } from '@playwright/test';
import { expectNoAxeViolations, waitForApp, watchConsole } from './helpers';

// Accessibility end to end: every page in every display mode checked with axe, preferences
// kept on the device and in the profile, easy-to-read Swedish, language switching, a
// keyboard-only journey, the accessibility tree, reflow at 320 px and target sizes.
//
// Preferences saved while logged in end up in the person's profile on the shared server, and
// the other spec files log in as the same demo persons. Every test therefore records whose
// profile it may have changed, and afterEach puts the defaults back through the API
// (language `null`: "the device decides", which is what a never-saved profile means too).

const ANNA = '198112189876';
const LARS = '197010632391';
const TOLVAN = '191212121212';

const DEFAULT_PREFS = {
  text_size: '100',
  theme: 'auto',
  motion: 'auto',
  text_spacing: false,
  readable_font: false,
  easy_read: false,
  language: null,
};

const touched = new Set<string>();

async function resetProfile(request: APIRequestContext, personalNumber: string) {
  const login = await request.post('/api/auth/test/login', { data: { personal_number: personalNumber } });
  expect(login.ok(), `test login ${personalNumber}: ${login.status()}`).toBe(true);
  const csrf = (await (await request.get('/api/session')).json()).csrf_token;
  const put = await request.put('/api/me/accessibility', { data: DEFAULT_PREFS, headers: { 'x-csrf-token': csrf } });
  expect(put.ok(), `reset preferences of ${personalNumber}: ${put.status()} ${await put.text()}`).toBe(true);
  await request.post('/api/auth/logout', { headers: { 'x-csrf-token': csrf } });
}

test.afterEach(async ({ request }) => {
  for (const pn of touched) await resetProfile(request, pn);
  touched.clear();
});

// --- Helpers -------------------------------------------------------------------------------

const isPrefsGet = (r: { url(): string; request(): { method(): string } }) =>
  new URL(r.url()).pathname === '/api/me/accessibility' && r.request().method() === 'GET';
const isPrefsPut = (r: { url(): string; request(): { method(): string } }) =>
  new URL(r.url()).pathname === '/api/me/accessibility' && r.request().method() === 'PUT';

/** Logs in with the test identity provider's person button, in whatever language is shown,
 * and waits until the preferences are in step with the profile: fetched from it (GET), or —
 * when the device holds choices made while logged out — saved to it (PUT). */
async function login(page: Page, name: string) {
  await page.goto('/logga-in');
  await waitForApp(page);
  const prefsLoaded = page.waitForResponse((r) => isPrefsGet(r) || isPrefsPut(r));
  await page.locator('.person-button', { hasText: name }).click();
  await expect(page).toHaveURL(/\/$/);
  await prefsLoaded;
  await expect(page.locator('main h1')).toContainText(name.split(' ')[0]);
}

/** The page is rendered and has loaded its data: nothing says "loading" any more. */
async function waitForContent(page: Page, ready?: string) {
  await waitForApp(page);
  if (ready) await expect(page.locator(ready).first()).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
}

type RootState = Awaited<ReturnType<typeof rootState>>;

/** What is in effect on the document right now: attributes and computed styles. */
async function rootState(page: Page) {
  return page.evaluate(() => {
    const html = document.documentElement;
    const cs = getComputedStyle(html);
    const para = document.querySelector('main p') ?? document.body;
    const pcs = getComputedStyle(para);
    const header = document.querySelector('.site-header');
    return {
      theme: html.getAttribute('data-theme'),
      textSize: html.getAttribute('data-text-size'),
      motion: html.getAttribute('data-motion'),
      spacing: html.getAttribute('data-spacing'),
      font: html.getAttribute('data-font'),
      lang: html.getAttribute('lang'),
      dir: html.getAttribute('dir'),
      fontSize: cs.fontSize,
      background: cs.backgroundColor,
      color: cs.color,
      headerBackground: header ? getComputedStyle(header).backgroundColor : '',
      fontFamily: getComputedStyle(document.body).fontFamily,
      paraFontSize: parseFloat(pcs.fontSize),
      letterSpacing: parseFloat(pcs.letterSpacing) || 0,
      wordSpacing: parseFloat(pcs.wordSpacing) || 0,
      transitionDuration: getComputedStyle(document.body).transitionDuration,
      prefersDark: matchMedia('(prefers-color-scheme: dark)').matches,
      prefersReducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
      forcedColors: matchMedia('(forced-colors: active)').matches,
    };
  });
}

const LIGHT_BG = 'rgb(255, 255, 255)';
const DARK_BG = 'rgb(18, 20, 23)';
const DEFAULT_TEXT = 'rgb(27, 27, 27)';

function expectDefaults(s: RootState, except: Partial<Record<'theme' | 'size' | 'motion' | 'spacing' | 'font' | 'lang', true>> = {}) {
  if (!except.theme) expect(s.theme, 'data-theme').toBeNull();
  if (!except.size) {
    expect(s.textSize, 'data-text-size').toBeNull();
    expect(s.fontSize).toBe('16px');
  }
  if (!except.motion) expect(s.motion, 'data-motion').toBeNull();
  if (!except.spacing) {
    expect(s.spacing, 'data-spacing').toBeNull();
    expect(s.letterSpacing).toBe(0);
  }
  if (!except.font) expect(s.font, 'data-font').toBeNull();
  if (!except.lang) {
    expect(s.lang).toBe('sv');
    expect(s.dir).toBe('ltr');
  }
}

type Mode = {
  name: string;
  /** Emulated device settings, with no explicit choice in Min sida ("auto"). */
  media?: Parameters<Page['emulateMedia']>[0];
  /** How a person chooses the mode: on the settings page or in the header. */
  choose?: (page: Page) => Promise<void>;
  check: (s: RootState) => void;
};

async function chooseSetting(page: Page, role: 'radio' | 'checkbox', name: string) {
  await page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tillgänglighet' })).toBeFocused();
  const control = page.getByRole(role, { name, exact: true });
  // Already in effect (e.g. brought from the device to a profile that had none): nothing to save.
  if (await control.isChecked()) return;
  await control.check();
  // Saved in the profile before we navigate on (else a reload could race the save).
  await expect(page.getByRole('status').filter({ hasText: 'Sparat på den här enheten och i din profil.' })).toBeVisible();
}

async function chooseLanguage(page: Page, name: string) {
  const saved = page.waitForResponse(isPrefsPut);
  await page.locator('.lang-switch').getByRole('button', { name, exact: true }).click();
  expect((await saved).ok()).toBe(true);
}

const MODES: Mode[] = [
  {
    name: 'default',
    check: (s) => {
      expectDefaults(s);
      expect(s.background).toBe(LIGHT_BG);
      expect(s.color).toBe(DEFAULT_TEXT);
    },
  },
  {
    name: '200 % text',
    choose: (page) => chooseSetting(page, 'radio', '200 %'),
    check: (s) => {
      expectDefaults(s, { size: true });
      expect(s.textSize).toBe('200');
      expect(s.fontSize).toBe('32px');
      expect(s.paraFontSize).toBeGreaterThanOrEqual(32);
    },
  },
  {
    name: 'high contrast',
    choose: (page) => chooseSetting(page, 'radio', 'Hög kontrast'),
    check: (s) => {
      expectDefaults(s, { theme: true });
      expect(s.theme).toBe('high_contrast');
      expect(s.color).toBe('rgb(0, 0, 0)');
      expect(s.background).toBe(LIGHT_BG);
      expect(s.headerBackground).toBe('rgb(0, 43, 85)');
    },
  },
  {
    name: 'dark',
    choose: (page) => chooseSetting(page, 'radio', 'Mörkt'),
    check: (s) => {
      expectDefaults(s, { theme: true });
      expect(s.theme).toBe('dark');
      expect(s.background).toBe(DARK_BG);
      expect(s.color).toBe('rgb(241, 243, 245)');
    },
  },
  {
    name: 'reduced motion',
    choose: (page) => chooseSetting(page, 'radio', 'Minska rörelser och animationer'),
    check: (s) => {
      expectDefaults(s, { motion: true });
      expect(s.motion).toBe('reduce');
      expect(s.prefersReducedMotion).toBe(false);
      expect(parseFloat(s.transitionDuration)).toBeGreaterThan(0);
      expect(parseFloat(s.transitionDuration)).toBeLessThan(0.001);
    },
  },
  {
    name: 'text spacing',
    choose: (page) => chooseSetting(page, 'checkbox', 'Större avstånd mellan rader, ord och bokstäver'),
    check: (s) => {
      expectDefaults(s, { spacing: true });
      expect(s.spacing).toBe('wide');
      expect(s.letterSpacing).toBeCloseTo(0.12 * s.paraFontSize, 1);
      expect(s.wordSpacing).toBeCloseTo(0.16 * s.paraFontSize, 1);
    },
  },
  {
    name: 'readable font',
    choose: (page) => chooseSetting(page, 'checkbox', 'Lättläst typsnitt'),
    check: (s) => {
      expectDefaults(s, { font: true });
      expect(s.font).toBe('readable');
      expect(s.fontFamily).toMatch(/^Verdana,/);
    },
  },
  {
    name: 'English',
    choose: (page) => chooseLanguage(page, 'English'),
    check: (s) => {
      expectDefaults(s, { lang: true });
      expect(s.lang).toBe('en');
      expect(s.dir).toBe('ltr');
    },
  },
  {
    name: 'Arabic',
    choose: (page) => chooseLanguage(page, 'العربية'),
    check: (s) => {
      expectDefaults(s, { lang: true });
      expect(s.lang).toBe('ar');
      expect(s.dir).toBe('rtl');
    },
  },
  {
    name: 'device: dark colour scheme',
    media: { colorScheme: 'dark' },
    check: (s) => {
      expectDefaults(s);
      expect(s.prefersDark).toBe(true);
      expect(s.background).toBe(DARK_BG);
    },
  },
  {
    name: 'device: reduced motion',
    media: { reducedMotion: 'reduce' },
    check: (s) => {
      expectDefaults(s);
      expect(s.prefersReducedMotion).toBe(true);
      expect(parseFloat(s.transitionDuration)).toBeGreaterThan(0);
      expect(parseFloat(s.transitionDuration)).toBeLessThan(0.001);
    },
  },
  {
    name: 'device: forced colours',
    media: { forcedColors: 'active' },
    check: (s) => {
      expectDefaults(s);
      expect(s.forcedColors).toBe(true);
    },
  },
];

/** Anna's pages with data that are not found by a fixed path; looked up once in the UI. */
let annaPages: { message: string; matter: string; compose: string };

async function findAnnaPages(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, 'Anna Andersson');
  await page.goto('/meddelanden');
  await waitForContent(page, '.message-row');
  // The first message that is already read: opening an unread one would change what the
  // other spec files expect of Anna's inbox.
  const message = await page.locator('.message-row:not(.unread) a.message-subject').first().getAttribute('href');
  await page.goto('/arenden');
  await waitForContent(page, '.card-title a');
  const matter = await page.getByRole('link', { name: /^Flyttanmälan till / }).getAttribute('href');
  await page.goto(matter!);
  await waitForContent(page, '.timeline');
  const compose = await page.getByRole('link', { name: 'Svara på begäran om komplettering' }).first().getAttribute('href');
  await context.close();
  expect(message).toMatch(/^\/meddelanden\/\d+$/);
  expect(matter).toMatch(/^\/arenden\/\d+$/);
  expect(compose).toMatch(/^\/arenden\/\d+\/skriv\?komplettering=\d+$/);
  return { message: message!, matter: matter!, compose: compose! };
}

type Route = { path: string; name: string; ready: string };

function loggedInRoutes(): Route[] {
  return [
    { path: '/', name: 'start', ready: '.todo-list' },
    { path: '/mina-uppgifter', name: 'personal details', ready: '#email' },
    { path: '/meddelanden', name: 'inbox', ready: '.message-row' },
    { path: annaPages.message, name: 'message', ready: '.message-body' },
    { path: '/arenden', name: 'matters', ready: '.card-title a' },
    { path: annaPages.matter, name: 'matter', ready: '.timeline' },
    { path: annaPages.compose, name: 'compose', ready: '#body' },
    { path: '/tillganglighet', name: 'settings (logged in)', ready: '#text-size-100' },
    { path: '/tillganglighetsredogorelse', name: 'statement (logged in)', ready: 'main h2' },
    { path: '/finns-inte', name: 'not found', ready: 'main h1' },
  ];
}

const LOGGED_OUT_ROUTES: Route[] = [
  { path: '/logga-in', name: 'login', ready: '.person-button' },
  { path: '/tillganglighet', name: 'settings (logged out)', ready: '#text-size-100' },
  { path: '/tillganglighetsredogorelse', name: 'statement (logged out)', ready: 'main h2' },
];

// --- 1. Every route in every mode ------------------------------------------------------------

test.describe('every page in every display mode has no axe violations', () => {
  test.beforeAll(async ({ browser }) => {
    annaPages = await findAnnaPages(browser);
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

      for (const route of loggedInRoutes()) {
        await page.goto(route.path);
        await waitForContent(page, route.ready);
        await expect(page.locator('nav.main-nav')).toBeVisible();
        mode.check(await rootState(page));
        await expectNoAxeViolations(page, `${route.name} (${route.path}), mode ${mode.name}`);
      }

      // Logging out keeps the device's choice for the pages before login.
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

// --- 2. Preferences persist --------------------------------------------------------------------

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

// --- 3. Easy-to-read Swedish -------------------------------------------------------------------

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

// --- 4. Language switch --------------------------------------------------------------------------

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
  await expect(nav.getByRole('link')).toHaveText(['الصفحة الرئيسية', /^الرسائل/, 'قضاياي', 'بياناتي', 'طرق التواصل']);
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

// --- 5. Keyboard only ---------------------------------------------------------------------------

type Focused = {
  tag: string;
  text: string;
  href: string | null;
  id: string;
  inViewport: boolean;
  uncovered: boolean;
  indicator: boolean;
  where: string;
  navLabel: string | null;
  rect: string;
};

/** The focused element, whether it is fully in the viewport, not hidden under anything (WCAG
 * 2.4.11) and has a visible focus indicator (2.4.7). */
async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    // A link may wrap onto two lines: look at the middle of each of its boxes.
    const uncovered = [...el.getClientRects()].some((box) => {
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return !!hit && (hit === el || el.contains(hit));
    });
    const cs = getComputedStyle(el);
    const keyboardFocus = el.matches(':focus-visible');
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim(),
      href: el.getAttribute('href'),
      id: el.id,
      inViewport: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
      uncovered,
      indicator: !keyboardFocus || cs.outlineStyle !== 'none' || cs.boxShadow !== 'none',
      rect: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)} in ${innerWidth}×${innerHeight}`,
      navLabel: el.closest('nav')?.getAttribute('aria-label') ?? null,
      where: el.closest('nav') ? 'nav' : el.closest('header') ? 'header' : el.closest('main') ? 'main' : el.closest('footer') ? 'footer' : 'other',
    };
  });
}

/** The focused element is (or, after a re-flow, comes back) fully in view and uncovered. */
async function expectFocusVisible(page: Page, what: string) {
  await expect
    .poll(async () => {
      const f = await focused(page);
      return f ? { inViewport: f.inViewport, uncovered: f.uncovered, indicator: f.indicator } : null;
    }, { message: `${what} is focused and visible` })
    .toEqual({ inViewport: true, uncovered: true, indicator: true });
}

/** Presses `key` until the focused element matches; every stop on the way must be visible. */
async function keyTo(page: Page, key: 'Tab' | 'Shift+Tab', wanted: (f: Focused) => boolean, what: string, max = 40) {
  const visited: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (!f) {
      visited.push('(body)');
      continue;
    }
    visited.push(`${f.tag}:${f.text.slice(0, 30)}`);
    expect(f.inViewport, `focused ${f.tag} "${f.text}" is in the viewport`).toBe(true);
    expect(f.uncovered, `focused ${f.tag} "${f.text}" is not covered`).toBe(true);
    expect(f.indicator, `focused ${f.tag} "${f.text}" has a focus indicator`).toBe(true);
    if (wanted(f)) return f;
  }
  throw new Error(`${what} not reached with ${key}; focus went: ${visited.join(' → ')}`);
}

test('keyboard only: log in, read a message, change settings', async ({ page }) => {
  const problems = watchConsole(page);
  touched.add(ANNA);
  await page.setViewportSize({ width: 1024, height: 600 });
  await page.goto('/logga-in');
  await waitForContent(page, '.person-button');

  await keyTo(page, 'Tab', (f) => f.tag === 'button' && f.text.startsWith('Logga in som Anna Andersson'), 'the Anna login button');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Välkommen, Anna' })).toBeVisible();
  await waitForContent(page, '.todo-list');

  // The main navigation comes before the content: back up from wherever focus is.
  await keyTo(page, 'Shift+Tab', (f) => f.where === 'nav' && f.href === '/meddelanden' && !!f.navLabel?.includes('Huvudmeny'), 'main navigation "Meddelanden"');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/meddelanden$/);
  await expect.poll(() => page.evaluate(() => document.activeElement === document.querySelector('main h1'))).toBe(true);
  await expect(page.locator('main h1')).toHaveText('Meddelanden');
  await waitForContent(page, '.message-row');

  const first = page.locator('.message-row').first();
  const firstHref = (await first.locator('a.message-subject').getAttribute('href'))!;
  const wasUnread = (await first.getAttribute('class'))!.split(/\s+/).includes('unread');
  await keyTo(page, 'Tab', (f) => f.href === firstHref, 'the first message link');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${firstHref}$`));
  await waitForContent(page, '.message-body');
  await expect.poll(() => page.evaluate(() => document.activeElement === document.querySelector('main h1'))).toBe(true);
  if (wasUnread) {
    // Leave Anna's inbox as the other spec files expect it.
    const id = firstHref.split('/').pop();
    const ok = await page.evaluate(async (id) => {
      const csrf = (await (await fetch('/api/session')).json()).csrf_token;
      const r = await fetch(`/api/messages/${id}/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ read: false }),
      });
      return r.ok;
    }, id);
    expect(ok).toBe(true);
  }

  await keyTo(page, 'Shift+Tab', (f) => f.where === 'header' && f.href === '/tillganglighet', 'header link "Tillgänglighet"');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tillganglighet$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Tillgänglighet' })).toBeFocused();

  // Text size with the arrow keys: the page grows around the focused radio, which must stay
  // in view.
  await keyTo(page, 'Tab', (f) => f.id === 'text-size-100', 'the checked radio "100 %"');
  for (const size of ['125', '150', '200']) {
    await page.keyboard.press('ArrowRight');
    await expect(page.locator(`#text-size-${size}`)).toBeFocused();
    await expect(page.locator('html')).toHaveAttribute('data-text-size', size);
    await expectFocusVisible(page, `radio ${size} %`);
  }
  expect((await rootState(page)).fontSize).toBe('32px');

  // Into the colour group: Tab stops on its checked radio, the arrows choose.
  await keyTo(page, 'Tab', (f) => f.id === 'theme-auto', 'the checked radio "Som på min enhet"');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#theme-light')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#theme-dark')).toBeFocused();
  await expect(page.getByRole('radio', { name: 'Mörkt' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.keyboard.press('Space');
  await expect(page.getByRole('radio', { name: 'Mörkt' })).toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: 'Sparat på den här enheten och i din profil.' })).toBeVisible();
  await expectFocusVisible(page, 'radio "Mörkt"');

  // A checkbox with Space; the re-flowed page keeps it in view.
  await keyTo(page, 'Tab', (f) => f.id === 'text-spacing', 'the checkbox "Större avstånd …"');
  await page.keyboard.press('Space');
  await expect(page.locator('#text-spacing')).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-spacing', 'wide');
  await expectFocusVisible(page, 'checkbox "Större avstånd …" (on)');
  await page.keyboard.press('Space');
  await expect(page.locator('#text-spacing')).not.toBeChecked();
  await expect(page.locator('html')).not.toHaveAttribute('data-spacing');
  await expectFocusVisible(page, 'checkbox "Större avstånd …" (off)');
  expect(problems).toEqual([]);
});

// --- 6. Accessibility tree ------------------------------------------------------------------------

test.describe('accessibility tree', () => {
  // Structure, names and states that assistive technology relies on. Names that change
  // with the data (dates, counts, reference numbers) are matched with regular expressions.
  const banner = `
      - banner:
        - link "Exempelverket Min sida":
          - /url: /
        - link "Tillgänglighet":
          - /url: /tillganglighet
        - group "Språk":
          - /children: equal
          - button "Svenska" [pressed]
          - button "English" [pressed=false]
          - button "العربية" [pressed=false]`;
  const footer = `
      - contentinfo:
        - heading "Kontakta oss" [level=2]
        - paragraph: Behöver du hjälp? Ring 0771-00 00 00 eller besök ett servicekontor.
        - paragraph:
          - link "Tillgänglighetsredogörelse":
            - /url: /tillganglighetsredogorelse`;

  test('login page', async ({ page }) => {
    await page.goto('/logga-in');
    await waitForContent(page, '.person-button');
    await expect(page.locator('body')).toMatchAriaSnapshot(`
      - link "Gå direkt till innehållet":
        - /url: "#main"
      ${banner.trim()}
      - main:
        - heading "Logga in på Min sida" [level=1]
        - paragraph: Här ser du dina uppgifter och kan sköta dina ärenden hos oss.
        - region "Testinloggning":
          - heading "Testinloggning" [level=2]
          - paragraph: Endast för test och demonstration. Personerna är påhittade.
          - heading "Välj en testperson" [level=3]
          - list:
            - /children: equal
            - listitem:
              - button "Logga in som Anna Andersson 19811218-9876"
            - listitem:
              - button "Logga in som Lars Berg 19701063-2391"
            - listitem:
              - button "Logga in som Tolvan Tolvansson 19121212-1212"
          - heading "Logga in med personnummer" [level=3]
          - paragraph: 10 eller 12 siffror, till exempel 19811218-9876
          - textbox "Personnummer"
          - button "Logga in"
      ${footer.trim()}
    `);
    // The hint is the field's description, not just text next to it.
    await expect(page.getByRole('textbox', { name: 'Personnummer' })).toHaveAccessibleDescription(
      '10 eller 12 siffror, till exempel 19811218-9876',
    );
  });

  test('start page, inbox and settings', async ({ page }) => {
    await login(page, 'Anna Andersson');
    await waitForContent(page, '.todo-list');
    await expect(page.locator('body')).toMatchAriaSnapshot(`
      - link "Gå direkt till innehållet"
      - banner:
        - link "Exempelverket Min sida"
        - link "Tillgänglighet"
        - group "Språk"
        - paragraph:
          - text: Inloggad som
          - strong: Anna Andersson
        - button "Logga ut"
        - paragraph:
          - text: Du agerar för dig själv.
          - link "Agera för ett företag eller en annan person":
            - /url: /agera-for
        - navigation "Huvudmeny":
          - list:
            - /children: equal
            - listitem:
              - link "Start":
                - /url: /
            - listitem:
              - link /^Meddelanden( \\d+ olästa)?$/:
                - /url: /meddelanden
            - listitem:
              - link "Mina ärenden":
                - /url: /arenden
            - listitem:
              - link "Mina uppgifter":
                - /url: /mina-uppgifter
            - listitem:
              - link "Kontaktval":
                - /url: /kontaktval
        - paragraph: "Testmiljö: här används bara påhittade testpersoner."
      - main:
        - heading "Välkommen, Anna" [level=1]
        - paragraph: Här samlar vi det du kan göra på Min sida.
        - region "Att göra":
          - heading "Att göra" [level=2]
          - list:
            - listitem:
              - strong: Vi behöver komplettering från dig
              - text: ":"
              - link /^Flyttanmälan till Sveavägen 12 \\(.+\\)$/:
                - /url: /^\\/arenden\\/\\d+$/
            - listitem:
              - strong: Oläst meddelande
              - text: ":"
              - link:
                - /url: /^\\/meddelanden\\/\\d+$/
              - text: /^· \\d{1,2} \\S+ \\d{4}$/
        - region "Dina tjänster":
          - heading "Dina tjänster" [level=2]
          - list:
            - /children: equal
            - listitem:
              - heading "Meddelanden" [level=3]:
                - link "Meddelanden"
              - paragraph: Läs brev och beslut från oss och se kvittenser på det du har skickat.
            - listitem:
              - heading "Mina ärenden" [level=3]:
                - link "Mina ärenden"
              - paragraph: Följ dina ärenden, svara på begäran om komplettering och skicka dokument.
            - listitem:
              - heading "Mina uppgifter" [level=3]:
                - link "Mina uppgifter"
              - paragraph: Se uppgifterna vi har om dig i folkbokföringen och ändra dina kontaktuppgifter.
            - listitem:
              - heading "Kontaktval" [level=3]:
                - link "Kontaktval":
                  - /url: /kontaktval
              - paragraph: Välj hur vi kontaktar dig och om du vill ha en avisering via e-post eller sms när något nytt kommer.
            - listitem:
              - heading "Ombud för dig" [level=3]:
                - link "Ombud för dig":
                  - /url: /ombud
              - paragraph: Ge en annan person rätt att hjälpa dig med dina ärenden.
            - listitem:
              - heading "Vem har tittat på mina uppgifter" [level=3]:
                - link "Vem har tittat på mina uppgifter":
                  - /url: /atkomstlogg
              - paragraph: Se när någon annan har läst eller gjort något för dig.
      ${footer.trim()}
    `);

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: /^Meddelanden/ }).click();
    await waitForContent(page, '.message-row');
    await expect(page.locator('main')).toMatchAriaSnapshot(`
      - main:
        - heading "Meddelanden" [level=1]
        - paragraph: /^Här finns brev och beslut från oss/
        - navigation "Mappar":
          - list:
            - /children: equal
            - listitem:
              - link "Inkorg":
                - /url: /meddelanden
            - listitem:
              - link /^Olästa( \\d+)?$/:
                - /url: /meddelanden?mapp=olasta
            - listitem:
              - link "Skickade"
            - listitem:
              - link "Arkiv"
        - search:
          - heading "Sök och filtrera" [level=2]
          - searchbox "Sök i ämne och text"
          - combobox "Ärende":
            - option "Alla ärenden" [selected]
            - option /^Flyttanmälan till Sveavägen 12 \\(.+\\)$/
          - textbox "Från och med datum"
          - textbox "Till och med datum"
          - button "Visa meddelanden"
        - status: /^Visar 1–\\d+ av \\d+ meddelanden$/
        - list:
          - listitem:
            - 'link /^(Oläst: )?.+$/':
              - /url: /^\\/meddelanden\\/\\d+$/
            - paragraph:
              - time: /^\\d{1,2} \\S+ \\d{4} kl\\. \\d{2}:\\d{2}$/
          - listitem:
            - link "Ditt personbevis"
            - paragraph:
              - text: Skatteverket, Folkbokföring ·
              - time
              - text: · 1 bilaga
    `);
    // An unread message says so in its name, not only with a colour and weight.
    await expect(page.locator('.message-row.unread a.message-subject').first()).toHaveAccessibleName(/^Oläst: /);

    await page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' }).click();
    await waitForContent(page, '#text-size-100');
    await expect(page.locator('main')).toMatchAriaSnapshot(`
      - main:
        - heading "Tillgänglighet" [level=1]
        - paragraph: /^Välj hur Min sida ska se ut och fungera för dig\\./
        - group "Textstorlek":
          - radio "100 %" [checked]
          - radio "125 %" [checked=false]
          - radio "150 %" [checked=false]
          - radio "200 %" [checked=false]
        - group "Färger och kontrast":
          - radio "Som på min enhet" [checked]
          - radio "Ljust" [checked=false]
          - radio "Mörkt" [checked=false]
          - radio "Hög kontrast" [checked=false]
        - group "Rörelse":
          - radio "Som på min enhet" [checked]
          - radio "Minska rörelser och animationer" [checked=false]
        - group "Text och läsbarhet":
          - checkbox "Större avstånd mellan rader, ord och bokstäver" [checked=false]
          - checkbox "Lättläst typsnitt" [checked=false]
          - checkbox "Lättläst svenska" [checked=false]
          - paragraph: Förklarande texter visas på lättläst svenska.
        - button "Återställ till standard"
        - status
        - paragraph:
          - link "Tillgänglighetsredogörelse"
    `);
  });
});

// --- 7. Reflow at 320 px ----------------------------------------------------------------------------

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offenders = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5) && getComputedStyle(el).position !== 'absolute';
      })
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).trim().replace(/\s+/g, '.') : ''} [${Math.round(el.getBoundingClientRect().left)}–${Math.round(el.getBoundingClientRect().right)}]`);
    return { scrollWidth: document.documentElement.scrollWidth, offenders };
  });
}

test('reflow: no horizontal scrolling at 320 px, also with 200 % text', async ({ page }) => {
  test.setTimeout(120_000);
  touched.add(ANNA);
  if (!annaPages) annaPages = await findAnnaPages(page.context().browser()!);
  await page.setViewportSize({ width: 320, height: 640 });
  const pages: Route[] = [
    { path: '/', name: 'start', ready: '.todo-list' },
    { path: '/meddelanden', name: 'inbox', ready: '.message-row' },
    { path: annaPages.message, name: 'message', ready: '.message-body' },
    { path: annaPages.matter, name: 'matter', ready: '.timeline' },
    { path: '/tillganglighet', name: 'settings', ready: '#text-size-100' },
  ];
  const failures: string[] = [];
  const check = async (name: string) => {
    const o = await horizontalOverflow(page);
    if (o.scrollWidth > 320) failures.push(`${name}: scrollWidth ${o.scrollWidth}; ${o.offenders.join(', ')}`);
  };

  for (const size of ['100', '200']) {
    await page.goto('/logga-in');
    await waitForContent(page, '.person-button');
    if (size === '200') expect((await rootState(page)).fontSize).toBe('32px');
    await check(`login at ${size} %`);
    await login(page, 'Anna Andersson');
    if (size === '200') {
      // The profile's choice wins after login; choose 200 % again as the person would.
      await chooseSetting(page, 'radio', '200 %');
    }
    for (const route of pages) {
      await page.goto(route.path);
      await waitForContent(page, route.ready);
      expect((await rootState(page)).fontSize).toBe(size === '200' ? '32px' : '16px');
      await check(`${route.name} at ${size} %`);
    }
    if (size === '100') {
      // Choose 200 % before login, on the device.
      await page.locator('.site-header .whoami + button').click();
      await expect(page).toHaveURL(/\/logga-in$/);
      await page.goto('/tillganglighet');
      await waitForContent(page, '#text-size-100');
      await page.getByRole('radio', { name: '200 %' }).check();
      await expect(page.locator('html')).toHaveAttribute('data-text-size', '200');
    }
  }
  expect(failures, 'pages that scroll horizontally at 320 px').toEqual([]);
});

// --- 8. Target size ------------------------------------------------------------------------------------

/** Interactive elements smaller than 24×24 CSS px that neither are inline links in running
 * text nor have enough space around them (the exceptions of WCAG 2.5.8). */
async function smallTargets(page: Page) {
  return page.evaluate(() => {
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary';
    const all = [...document.querySelectorAll<HTMLElement>(
      ['header', 'nav', 'main', 'footer'].map((l) => `${l} ${selector.split(', ').join(`, ${l} `)}`).join(', '),
    )];
    const visible = all.filter((el) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && cs.visibility !== 'hidden';
    });
    const rects = new Map(visible.map((el) => [el, el.getBoundingClientRect()]));
    const inlineInText = (el: HTMLElement) => {
      if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
      // The nearest block around it is a paragraph or list item (not a heading or the like).
      let block = el.parentElement;
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      if (!block || !block.matches('p, li, dd, td')) return false;
      // Running text: the block has words that are not the link itself.
      const own = (el.textContent ?? '').trim();
      const rest = (block.textContent ?? '').replace(own, '').replace(/[\s·:,.()–-]/g, '');
      return rest.length > 0;
    };
    const small = visible.filter((el) => {
      const r = rects.get(el)!;
      return r.width < 23.99 || r.height < 23.99;
    });
    const spaced = (el: HTMLElement) => {
      // A 24 px circle on the centre does not touch another target or another small one's circle.
      const r = rects.get(el)!;
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      return visible.every((other) => {
        if (other === el || other.contains(el) || el.contains(other)) return true;
        const o = rects.get(other)!;
        const dx = Math.max(o.left - cx, 0, cx - o.right);
        const dy = Math.max(o.top - cy, 0, cy - o.bottom);
        if (Math.hypot(dx, dy) < 12) return false;
        if (small.includes(other)) {
          const ox = o.left + o.width / 2;
          const oy = o.top + o.height / 2;
          if (Math.hypot(ox - cx, oy - cy) < 24) return false;
        }
        return true;
      });
    };
    const describe = (el: HTMLElement) => {
        const r = rects.get(el)!;
        const path = [el, el.parentElement, el.parentElement?.parentElement]
          .filter(Boolean)
          .map((e) => `${e!.tagName.toLowerCase()}${e!.className ? '.' + String(e!.className).trim().split(/\s+/).join('.') : ''}`)
          .reverse()
          .join(' > ');
      return `${path} "${(el.textContent ?? '').trim().slice(0, 40)}" ${r.width.toFixed(1)}×${r.height.toFixed(1)}`;
    };
    return {
      checked: visible.length,
      failures: small.filter((el) => !inlineInText(el) && !spaced(el)).map(describe),
      exempt: small.filter((el) => inlineInText(el) || spaced(el)).map((el) => `${inlineInText(el) ? 'inline' : 'spaced'}: ${describe(el)}`),
    };
  });
}

test('targets are at least 24 × 24 px (or inline in text, or well spaced)', async ({ page }) => {
  test.setTimeout(120_000);
  if (!annaPages) annaPages = await findAnnaPages(page.context().browser()!);
  const failures: string[] = [];
  const exempt = new Set<string>();
  const check = async (name: string) => {
    const result = await smallTargets(page);
    expect(result.checked, `targets found on ${name}`).toBeGreaterThanOrEqual(5);
    for (const f of result.failures) failures.push(`${name}: ${f}`);
    for (const e of result.exempt) exempt.add(e);
  };
  await page.goto('/logga-in');
  await waitForContent(page, '.person-button');
  await check('login');
  await page.goto('/tillganglighet');
  await waitForContent(page, '#text-size-100');
  await check('settings (logged out)');
  await login(page, 'Anna Andersson');
  for (const route of loggedInRoutes()) {
    await page.goto(route.path);
    await waitForContent(page, route.ready);
    await check(route.name);
  }
  // For the report: the small targets that pass through an exception.
  test.info().annotations.push({ type: 'exempt small targets', description: [...exempt].join('\n') });
  expect(failures, 'targets smaller than 24 × 24 px').toEqual([]);
});
