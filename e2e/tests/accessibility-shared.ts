import { test, expect, APIRequestContext, Browser, Page } from '@playwright/test';
import { openHeaderMenuIfCollapsed, waitForApp } from './helpers';

export { ANNA, LARS, TOLVAN } from './helpers';

// Shared by the accessibility spec files (accessibility-*.spec.ts): the demo persons, logging
// in, what is in effect on the document, the display modes and the routes every mode visits.
//
// Preferences saved while logged in end up in the person's profile on the shared server, and
// the other spec files log in as the same demo persons. Every test therefore records whose
// profile it may have changed, and afterEach puts the defaults back through the API
// (language `null`: "the device decides", which is what a never-saved profile means too).

const DEFAULT_PREFS = {
  text_size: '100',
  theme: 'auto',
  motion: 'auto',
  text_spacing: false,
  readable_font: false,
  easy_read: false,
  language: null,
};

export const touched = new Set<string>();

async function resetProfile(request: APIRequestContext, personalNumber: string) {
  const login = await request.post('/api/auth/test/login', { data: { personal_number: personalNumber } });
  expect(login.ok(), `test login ${personalNumber}: ${login.status()}`).toBe(true);
  const csrf = (await (await request.get('/api/session')).json()).csrf_token;
  const put = await request.put('/api/me/accessibility', { data: DEFAULT_PREFS, headers: { 'x-csrf-token': csrf } });
  expect(put.ok(), `reset preferences of ${personalNumber}: ${put.status()} ${await put.text()}`).toBe(true);
  await request.post('/api/auth/logout', { headers: { 'x-csrf-token': csrf } });
}

/** Registers, in the calling spec file, the afterEach that puts back the defaults of every
 * profile a test recorded in `touched`. */
export function resetTouchedProfilesAfterEach() {
  test.afterEach(async ({ request }) => {
    for (const pn of touched) await resetProfile(request, pn);
    touched.clear();
  });
}

// --- Helpers -------------------------------------------------------------------------------

const isPrefsGet = (r: { url(): string; request(): { method(): string } }) =>
  new URL(r.url()).pathname === '/api/me/accessibility' && r.request().method() === 'GET';
const isPrefsPut = (r: { url(): string; request(): { method(): string } }) =>
  new URL(r.url()).pathname === '/api/me/accessibility' && r.request().method() === 'PUT';

/** Logs in with the test identity provider's person button, in whatever language is shown,
 * and waits until the preferences are in step with the profile: fetched from it (GET), or —
 * when the device holds choices made while logged out — saved to it (PUT). */
export async function login(page: Page, name: string) {
  await page.goto('/logga-in');
  await waitForApp(page);
  const prefsLoaded = page.waitForResponse((r) => isPrefsGet(r) || isPrefsPut(r));
  await page.locator('.person-button', { hasText: name }).click();
  await expect(page).toHaveURL(/\/$/);
  await prefsLoaded;
  await expect(page.locator('main h1')).toContainText(name.split(' ')[0]);
}

/** The page is rendered and has loaded its data: nothing says "loading" any more. */
export async function waitForContent(page: Page, ready?: string) {
  await waitForApp(page);
  if (ready) await expect(page.locator(ready).first()).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
}

type RootState = Awaited<ReturnType<typeof rootState>>;

/** What is in effect on the document right now: attributes and computed styles. */
export async function rootState(page: Page) {
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
export const DARK_BG = 'rgb(18, 20, 23)';
const DEFAULT_TEXT = 'rgb(27, 27, 27)';

export function expectDefaults(s: RootState, except: Partial<Record<'theme' | 'size' | 'motion' | 'spacing' | 'font' | 'lang', true>> = {}) {
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

export async function chooseSetting(page: Page, role: 'radio' | 'checkbox', name: string) {
  // With large text (or on a narrow screen) the header link is in the menu.
  await openHeaderMenuIfCollapsed(page);
  await page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tillgänglighet' })).toBeFocused();
  const control = page.getByRole(role, { name, exact: true });
  // Already in effect (e.g. brought from the device to a profile that had none): nothing to save.
  if (await control.isChecked()) return;
  await control.check();
  // Saved in the profile before we navigate on (else a reload could race the save).
  await expect(page.getByRole('status').filter({ hasText: 'Sparat på den här enheten och i din profil.' })).toBeVisible();
}

export async function chooseLanguage(page: Page, name: string) {
  const saved = page.waitForResponse(isPrefsPut);
  await page.locator('.lang-switch').getByRole('button', { name, exact: true }).click();
  expect((await saved).ok()).toBe(true);
}

export const MODES: Mode[] = [
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
    name: 'Finnish',
    choose: (page) => chooseLanguage(page, 'Suomi'),
    check: (s) => {
      expectDefaults(s, { lang: true });
      expect(s.lang).toBe('fi');
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

/** Anna's pages with data that are not found by a fixed path. */
export type AnnaPages = { message: string; matter: string; compose: string };

let annaPagesFound: AnnaPages | undefined;

/** Anna's pages, looked up once in the UI (per worker). */
export async function annaPages(browser: Browser): Promise<AnnaPages> {
  annaPagesFound ??= await findAnnaPages(browser);
  return annaPagesFound;
}

async function findAnnaPages(browser: Browser): Promise<AnnaPages> {
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

export type Route = { path: string; name: string; ready: string };

export function loggedInRoutes(anna: AnnaPages): Route[] {
  return [
    { path: '/', name: 'start', ready: '.todo-list' },
    { path: '/mina-uppgifter', name: 'personal details', ready: '#email' },
    { path: '/meddelanden', name: 'inbox', ready: '.message-row' },
    { path: anna.message, name: 'message', ready: '.message-body' },
    { path: '/arenden', name: 'matters', ready: '.card-title a' },
    { path: anna.matter, name: 'matter', ready: '.timeline' },
    { path: anna.compose, name: 'compose', ready: '#body' },
    { path: '/tillganglighet', name: 'settings (logged in)', ready: '#text-size-100' },
    { path: '/tillganglighetsredogorelse', name: 'statement (logged in)', ready: 'main h2' },
    { path: '/synpunkter', name: 'feedback (logged in)', ready: '#feedback-text' },
    { path: '/e-tjanster', name: 'e-services', ready: '.eservice-card' },
    { path: '/finns-inte', name: 'not found', ready: 'main h1' },
  ];
}

export const LOGGED_OUT_ROUTES: Route[] = [
  { path: '/logga-in', name: 'login', ready: '.person-button' },
  { path: '/tillganglighet', name: 'settings (logged out)', ready: '#text-size-100' },
  { path: '/tillganglighetsredogorelse', name: 'statement (logged out)', ready: 'main h2' },
  { path: '/synpunkter', name: 'feedback (logged out)', ready: '#feedback-text' },
];

/** Whether the page scrolls sideways, and the first elements that stick out (WCAG 1.4.10). */
export async function horizontalOverflow(page: Page) {
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
