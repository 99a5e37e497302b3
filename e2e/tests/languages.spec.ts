import { test, expect, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoAxeViolations, openHeaderMenuIfCollapsed, watchConsole } from './helpers';
import {
  ANNA,
  annaPages,
  chooseSetting,
  horizontalOverflow,
  loggedInRoutes,
  login,
  LOGGED_OUT_ROUTES,
  resetTouchedProfilesAfterEach,
  touched,
  waitForContent,
} from './accessibility-shared';

// Every page in every language and in easy-to-read Swedish (issue 17): the page is in the
// chosen language, no text of another language of the app appears without a `lang` of its
// own (WCAG 3.1.2), what the agency wrote is marked as Swedish, and axe-core finds nothing.

resetTouchedProfilesAfterEach();

const LOCALES = join(__dirname, '..', '..', 'locales');

/** The whole texts of a language's messages (those without variables, and every variant of
 * those with), from its Fluent file. */
function catalogue(tag: string): Set<string> {
  const texts = new Set<string>();
  for (const line of readFileSync(join(LOCALES, tag, 'minsida.ftl'), 'utf8').split('\n')) {
    const m = line.match(/^[a-z][a-z0-9-]* = (.+)$/) ?? line.match(/^\s+\*?\[[^\]]+\] (.+)$/);
    if (!m || m[1].includes('{ $')) continue;
    const text = m[1].replace(/\{" "\}/g, ' ').trim();
    if (text.length >= 3) texts.add(text);
  }
  return texts;
}

const CATALOGUES: Record<string, Set<string>> = {
  sv: new Set([...catalogue('sv'), ...catalogue('sv-x-lattlast')]),
  en: catalogue('en'),
  fi: catalogue('fi'),
  ar: catalogue('ar'),
};

type Language = { name: string; tag: string; button: string; easyRead?: boolean; navStart: string };
const LANGUAGES: Language[] = [
  { name: 'Swedish', tag: 'sv', button: 'Svenska', navStart: 'Start' },
  { name: 'easy-to-read Swedish', tag: 'sv', button: 'Svenska', easyRead: true, navStart: 'Start' },
  { name: 'English', tag: 'en', button: 'English', navStart: 'Home' },
  { name: 'Finnish', tag: 'fi', button: 'Suomi', navStart: 'Etusivu' },
  { name: 'Arabic', tag: 'ar', button: 'العربية', navStart: 'الصفحة الرئيسية' },
];

/** Visible text nodes whose text is a message of another language than the one they are
 * marked with (their nearest `lang`). */
async function foreignTexts(page: Page) {
  const nodes = await page.evaluate(() => {
    const out: { text: string; lang: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('script, style, [hidden], template')) continue;
      const lang = parent.closest('[lang]')?.getAttribute('lang') ?? '';
      out.push({ text, lang: lang.split('-')[0] });
    }
    // Accessible names given by attributes are text too.
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      const lang = el.closest('[lang]')?.getAttribute('lang')?.split('-')[0] ?? '';
      for (const attr of ['aria-label', 'placeholder', 'title']) {
        const text = el.getAttribute(attr)?.trim();
        if (text) out.push({ text, lang });
      }
    }
    return out;
  });
  const problems: string[] = [];
  for (const { text, lang } of nodes) {
    if (CATALOGUES[lang]?.has(text)) continue;
    for (const [other, texts] of Object.entries(CATALOGUES)) {
      if (other !== lang && texts.has(text)) problems.push(`"${text}" is ${other} but marked ${lang || '(no lang)'}`);
    }
  }
  return problems;
}

/** What the agency wrote (Swedish demo content) is marked as Swedish. */
async function agencyContentIsSwedish(page: Page, path: string) {
  const selectors =
    /^\/arenden\/\d+$/.test(path) ? ['main h1 > span'] :
    path === '/arenden' ? ['.card-title a > span'] : [];
  if (path.startsWith('/meddelanden/')) {
    // A message the agency wrote is Swedish throughout; one the person wrote is not marked.
    const marks = await page.evaluate(() => [
      document.querySelector('main h1 > span')?.getAttribute('lang') ?? null,
      document.querySelector('.message-body')?.getAttribute('lang') ?? null,
    ]);
    expect(marks[0], `subject and body of ${path} marked alike`).toBe(marks[1]);
    return;
  }
  for (const selector of selectors) {
    const lang = await page.locator(selector).first().evaluate((el) => el.closest('[lang]')?.getAttribute('lang'));
    expect(lang, `${selector} on ${path}`).toBe('sv');
  }
}

for (const language of LANGUAGES) {
  test(`every page in ${language.name}: the language throughout, other languages marked, no axe violations`, async ({ page }) => {
    test.setTimeout(180_000);
    const problems = watchConsole(page);
    touched.add(ANNA);
    const anna = await annaPages(page.context().browser()!);
    const failures: string[] = [];

    // Chosen before logging in, on the login page: kept on the device and taken to the profile.
    await page.goto('/logga-in');
    await waitForContent(page, '.person-button');
    await page.locator('.lang-switch').getByRole('button', { name: language.button, exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', language.tag);
    await expect(page.locator('html')).toHaveAttribute('dir', language.tag === 'ar' ? 'rtl' : 'ltr');
    await login(page, 'Anna Andersson');
    if (language.easyRead) await chooseSetting(page, 'checkbox', 'Lättläst svenska');

    for (const route of loggedInRoutes(anna)) {
      await page.goto(route.path);
      await waitForContent(page, route.ready);
      await expect(page.locator('html')).toHaveAttribute('lang', language.tag);
      await expect(page.locator('nav.main-nav a').first()).toHaveText(language.navStart);
      for (const p of await foreignTexts(page)) failures.push(`${route.name} (${route.path}): ${p}`);
      await agencyContentIsSwedish(page, route.path);
      await expectNoAxeViolations(page, `${route.name} in ${language.name}`);
    }

    // Logged out again, the device keeps the language.
    await page.request.post('/api/auth/logout', {
      headers: { 'x-csrf-token': (await (await page.request.get('/api/session')).json()).csrf_token },
    });
    for (const route of LOGGED_OUT_ROUTES) {
      await page.goto(route.path);
      await waitForContent(page, route.ready);
      await expect(page.locator('html')).toHaveAttribute('lang', language.tag);
      for (const p of await foreignTexts(page)) failures.push(`${route.name} (${route.path}), logged out: ${p}`);
      await expectNoAxeViolations(page, `${route.name} in ${language.name}, logged out`);
    }
    expect(failures).toEqual([]);
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });
}

test('a language is fetched only when chosen, and only its own table', async ({ page }) => {
  const tables: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/locales/')) tables.push(path);
  });
  await page.goto('/logga-in');
  await waitForContent(page, '.person-button');
  expect(tables, 'Swedish is in the app itself').toEqual([]);
  await page.locator('.lang-switch').getByRole('button', { name: 'Suomi', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kirjaudu Omalle sivulle');
  expect(tables).toHaveLength(1);
  expect(tables[0]).toMatch(/^\/locales\/fi-[0-9a-f]{16}\.json$/);
  const response = await page.request.get(tables[0], { headers: { 'accept-encoding': 'br' } });
  expect(response.headers()['cache-control']).toContain('immutable');
  expect(response.headers()['content-encoding']).toBe('br');
  // Back to Swedish: nothing more to fetch.
  await page.locator('.lang-switch').getByRole('button', { name: 'Svenska', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Logga in på Min sida');
  expect(tables).toHaveLength(1);
});

test('Finnish (long compound words) and Arabic reflow at 320 px with 200 % text', async ({ page }) => {
  test.setTimeout(120_000);
  touched.add(ANNA);
  const anna = await annaPages(page.context().browser()!);
  await page.setViewportSize({ width: 320, height: 640 });
  await login(page, 'Anna Andersson');
  await chooseSetting(page, 'radio', '200 %');
  const failures: string[] = [];
  for (const language of [{ button: 'Suomi', tag: 'fi' }, { button: 'العربية', tag: 'ar' }]) {
    await openHeaderMenuIfCollapsed(page);
    await page.locator('.lang-switch').getByRole('button', { name: language.button, exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', language.tag);
    for (const route of loggedInRoutes(anna)) {
      await page.goto(route.path);
      await waitForContent(page, route.ready);
      await expect(page.locator('html')).toHaveAttribute('data-text-size', '200');
      const o = await horizontalOverflow(page);
      if (o.scrollWidth > 320) failures.push(`${route.name} in ${language.tag}: scrollWidth ${o.scrollWidth}; ${o.offenders.join(', ')}`);
    }
  }
  expect(failures, 'pages that scroll horizontally at 320 px with 200 % text').toEqual([]);
});
