import { test, expect, APIRequestContext, Browser, BrowserContext, Cookie, Page } from '@playwright/test';
import {
  ANNA,
  expectNoAxeViolations,
  LARS,
  loginAs,
  mainNav,
  makePdf,
  system,
  waitForApp,
  watchConsole,
} from './helpers';

// Service-office customer terminals (issue 6): staff enroll a browser with the office key;
// on it nothing of one visitor survives for the next, the visit ends by itself after a short
// time without activity (with a warning first), and drafts are kept on the server.
//
// The server runs with `--terminal-idle-secs 40 --terminal-warning-secs 20` (see
// playwright.config.ts): the warning opens after 20 s without activity, the visit ends 20 s
// later. The idle tests wait for that real time.

const OFFICE = 'demo';
const OFFICE_NAME = 'Servicekontoret Demo';
// The demo office's key is public (README); real offices have secret keys.
const OFFICE_KEY = 'demo-terminal-key-000000000000';
const IDLE_SECS = 40;
const WARNING_SECS = 20;

const WELCOME_TITLE = 'Välkommen till Min sida';
const DEVICE_COOKIE = 'minsida_terminal';
const SESSION_COOKIE = 'minsida_session';

/** A name for a terminal, unique among the office's active terminals. */
function terminalName(label: string): string {
  return `E2E ${label} ${Date.now()}`;
}

/** The demo office's staff view of its terminals (the system's key and the office's key): the
 * raw JSON text and the entry of the named terminal. */
async function staffView(request: APIRequestContext, name: string) {
  const response = await system(request, 'GET', `/terminals?office=${OFFICE}`, undefined, {
    'x-office-key': OFFICE_KEY,
  });
  const text = await response.text();
  const entry = JSON.parse(text).terminals.find((t: any) => t.name === name);
  return { text, entry };
}

/** Staff make the context's browser a terminal through the API (the UI way is tested once). */
async function enrollViaApi(context: BrowserContext, name: string) {
  const response = await context.request.post('/api/terminal/enroll', {
    data: { office: OFFICE, enrollment_key: OFFICE_KEY, name },
  });
  expect(response.status(), await response.text()).toBe(201);
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === DEVICE_COOKIE)?.httpOnly, 'HttpOnly device cookie').toBe(true);
}

function welcomeHeading(page: Page) {
  return page.getByRole('heading', { level: 1, name: WELCOME_TITLE });
}

function terminalBar(page: Page) {
  return page.getByRole('region', { name: 'Kundterminal' });
}

async function expectWelcomeScreen(page: Page, timeout?: number) {
  await expect(welcomeHeading(page)).toBeVisible({ timeout });
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('.boot')).toHaveCount(0);
  await expect(terminalBar(page)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Logga ut' })).toHaveCount(0);
}

/** Everything the page's scripts can reach in the browser's storage for this origin. */
async function clientState(page: Page) {
  return page.evaluate(async () => ({
    localStorage: Object.fromEntries(Object.entries(localStorage)),
    sessionStorage: Object.fromEntries(Object.entries(sessionStorage)),
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
    cookie: document.cookie,
  }));
}

async function expectNoClientState(page: Page, when: string) {
  expect(await clientState(page), `browser storage ${when}`).toEqual({
    localStorage: {},
    sessionStorage: {},
    indexedDB: [],
    caches: [],
    cookie: '',
  });
}

/** Leaves traces of the visitor in every kind of storage a page could use, for the wipe. */
async function leaveTraces(page: Page, marker: string) {
  await page.evaluate(async (marker) => {
    localStorage.setItem('e2e.visitor', marker);
    sessionStorage.setItem('e2e.visitor', marker);
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('e2e-visitor');
      open.onupgradeneeded = () => open.result.createObjectStore('notes').put(marker, 'who');
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    const cache = await caches.open('e2e-visitor');
    await cache.put('/e2e-visitor', new Response(marker));
    document.cookie = `e2e_visitor=${encodeURIComponent(marker)}; Path=/; SameSite=Strict`;
  }, marker);
  const state = await clientState(page);
  expect(state.localStorage['e2e.visitor']).toBe(marker);
  expect(state.sessionStorage['e2e.visitor']).toBe(marker);
  expect(state.indexedDB).toContain('e2e-visitor');
  expect(state.caches).toContain('e2e-visitor');
  expect(state.cookie).toContain('e2e_visitor=');
}

/** Not logged in, as `GET /api/session` says it: no (known) session, or one that timed out. */
const LOGGED_OUT = /^(anonymous|expired)$/;

/** The state `GET /api/session` (always 200) answers when sent from elsewhere with exactly
 * these cookies: `logged_in`, `anonymous` or `expired`. */
async function replaySession(browser: Browser, cookies: Cookie[]): Promise<string> {
  const header = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const replay = await browser.newContext({ extraHTTPHeaders: { Cookie: header } });
  try {
    const r = await replay.request.get('/api/session');
    expect(r.status()).toBe(200);
    return (await r.json()).state;
  } finally {
    await replay.close();
  }
}

/** The session and device cookies of a context (the session cookie must be there). */
async function visitCookies(context: BrowserContext) {
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === SESSION_COOKIE);
  const device = cookies.find((c) => c.name === DEVICE_COOKIE);
  expect(session, 'session cookie').toBeTruthy();
  expect(session!.httpOnly).toBe(true);
  expect(device, 'device cookie').toBeTruthy();
  return { session: session!, device: device! };
}

async function endVisit(page: Page) {
  await terminalBar(page).getByRole('button', { name: 'Avsluta besöket' }).click();
  await expectWelcomeScreen(page);
}

// --- Enrollment, then two visitors in a row on the same browser profile ----------------------

test.describe.serial('two visitors in a row on one terminal', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const name = terminalName('two visitors');
  const run = Date.now();
  const matterTitle = `Terminalärende ${run}`;
  const subject = `Terminalbesked ${run}`;
  const fileName = `Terminalbilaga-${run}.pdf`;
  let matterId: number;
  let messageId: number;
  let documentId: number;
  // Visitor 1's history entries start after this one (Navigation API index).
  let historyStart: number;
  let visitor1: { session: Cookie; device: Cookie };

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext();
    page = await context.newPage();
    problems = watchConsole(page);
  });

  test.afterAll(async () => {
    await context.close();
  });

  test('staff enroll the browser on /kundterminal; the welcome screen greets in three languages', async ({ request }) => {
    await page.goto('/kundterminal');
    await waitForApp(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Kundterminal på servicekontor' })).toBeVisible();
    await expect(terminalBar(page)).toHaveCount(0);
    await expectNoAxeViolations(page, 'terminal enrollment page');

    // A wrong key: refused, nothing enrolled.
    await page.getByLabel('Kontorets id').fill(OFFICE);
    await page.getByLabel('Kontorets nyckel').fill('wrong-key-0000000000000000000');
    await page.getByLabel('Terminalens namn').fill(name);
    await page.getByRole('button', { name: 'Gör till kundterminal' }).click();
    await expect(page.locator('main .alert.error, main [role="alert"]').first()).toBeVisible();
    expect((await context.cookies()).find((c) => c.name === DEVICE_COOKIE)).toBeUndefined();
    expect((await staffView(request, name)).entry).toBeUndefined();

    await page.getByLabel('Kontorets nyckel').fill(OFFICE_KEY);
    await page.getByRole('button', { name: 'Gör till kundterminal' }).click();
    // The app starts afresh in terminal mode on the welcome screen.
    await expectWelcomeScreen(page);
    await expect(page).toHaveTitle(`${WELCOME_TITLE} – Min sida`);
    const device = (await context.cookies()).find((c) => c.name === DEVICE_COOKIE);
    expect(device?.httpOnly).toBe(true);
    expect(device?.sameSite).toBe('Strict');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-terminal', 'on');
    await expect(html).toHaveAttribute('lang', 'sv');

    const status = await (await page.request.get('/api/terminal')).json();
    expect(status.terminal).toMatchObject({ name, office: OFFICE_NAME, idle_timeout_secs: IDLE_SECS, warning_secs: WARNING_SECS });

    // Greetings in every language, each marked with its language and direction.
    const greetings = page.getByRole('list', { name: 'Språk' });
    await expect(greetings.getByRole('listitem')).toHaveCount(4);
    const sv = greetings.locator('li[lang="sv"]');
    const en = greetings.locator('li[lang="en"]');
    const ar = greetings.locator('li[lang="ar"]');
    await expect(sv).toHaveAttribute('dir', 'ltr');
    await expect(sv.getByRole('button')).toHaveText(/Välkommen\s*Tryck här för svenska/);
    await expect(sv.getByRole('button')).toHaveAttribute('aria-pressed', 'true');
    await expect(en).toHaveAttribute('dir', 'ltr');
    await expect(en.getByRole('button')).toHaveText(/Welcome\s*Press here for English/);
    await expect(en.getByRole('button')).toHaveAttribute('aria-pressed', 'false');
    const fi = greetings.locator('li[lang="fi"]');
    await expect(fi).toHaveAttribute('dir', 'ltr');
    await expect(fi.getByRole('button')).toHaveText(/Tervetuloa\s*Valitse suomi painamalla tästä/);
    await expect(ar).toHaveAttribute('dir', 'rtl');
    await expect(ar.getByRole('button')).toContainText('أهلًا وسهلًا');
    await expect(page.getByRole('heading', { level: 2, name: 'Så här gör du' })).toBeVisible();
    await expect(page.getByText('Datorn är delad med andra besökare.')).toBeVisible();

    // The terminal bar: where you are, staff help and ending the visit.
    const bar = terminalBar(page);
    await expect(bar).toContainText(`Kundterminal – ${OFFICE_NAME}`);
    await expect(bar.getByRole('button', { name: 'Be personalen om hjälp' })).toBeVisible();
    await expect(bar.getByRole('button', { name: 'Avsluta besöket' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: 'Logga in' })).toBeVisible();
    await expectNoAxeViolations(page, 'terminal welcome screen');

    // Choosing Arabic on the welcome screen: the whole page follows, right to left.
    await ar.getByRole('button').click();
    await expect(html).toHaveAttribute('lang', 'ar');
    await expect(html).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 1, name: 'مرحبًا بك في صفحتي' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'محطة العملاء' }).getByRole('button', { name: 'إنهاء الزيارة' })).toBeVisible();
    await expectNoAxeViolations(page, 'terminal welcome screen in Arabic');
    await page.getByRole('list', { name: 'اللغة' }).locator('li[lang="sv"]').getByRole('button').click();
    await expect(html).toHaveAttribute('lang', 'sv');
    await expect(welcomeHeading(page)).toBeVisible();

    // Staff see the terminal, nobody on it.
    const { entry } = await staffView(request, name);
    expect(entry).toMatchObject({ name, office: OFFICE_NAME, visit_in_progress: false });
    expect(entry.help_requested_at ?? null).toBeNull();
    expect(entry.step ?? null).toBeNull();
    expect(problems).toEqual([]);
  });

  test('visitor 1 reads a message, asks staff for help and ends the visit: nothing is left', async ({ browser, request }) => {
    // Something of visitor 1's own to look for afterwards.
    const matter = await (
      await system(request, 'POST', '/matters', {
        recipient: { personal_number: ANNA },
        title: matterTitle,
        category: 'ongoing',
        handler: 'Skatteverket, Kundservice',
        external_id: `e2e-terminal-${run}`,
      })
    ).json();
    matterId = matter.id;
    const delivery = await (
      await system(request, 'POST', '/messages', {
        recipient: { personal_number: ANNA },
        matter_id: matterId,
        sender: 'Skatteverket, Kundservice',
        subject,
        body: `Hej Anna!\n\nHär är ditt besked (${run}).`,
        attachments: [{ file_name: fileName, content_base64: makePdf(`Besked ${run}`).toString('base64') }],
      })
    ).json();
    messageId = delivery.message_id;
    documentId = delivery.attachments[0].id;

    historyStart = await page.evaluate(() => (window as any).navigation.currentEntry.index);
    await page.getByRole('main').getByRole('link', { name: 'Logga in' }).click();
    await expect(page).toHaveURL(/\/logga-in$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Logga in på Min sida' })).toBeVisible();
    // Nothing typed on a shared computer is offered to the next visitor.
    await expect(page.locator('#personal-number')).toHaveAttribute('autocomplete', 'off');
    await expectNoAxeViolations(page, 'login page on a terminal');
    await page.getByRole('button', { name: /Logga in som Anna Andersson/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Välkommen, Anna' })).toBeVisible();
    await expect(terminalBar(page)).toBeVisible();
    visitor1 = await visitCookies(context);
    const session = await (await page.request.get('/api/session')).json();
    expect(session.idle_timeout_secs).toBe(IDLE_SECS);

    // The message: no download links, print instead; the server refuses downloads too.
    await mainNav(page).getByRole('link', { name: /^Meddelanden/ }).click();
    await page.locator('.message-row').getByRole('link', { name: subject }).click();
    await expect(page).toHaveURL(new RegExp(`/meddelanden/${messageId}$`));
    await expect(page.getByRole('heading', { level: 1, name: subject })).toBeFocused();
    const attachments = page.getByRole('region', { name: 'Bilagor' });
    await expect(attachments.getByText(fileName)).toBeVisible();
    await expect(page.locator('a[download]')).toHaveCount(0);
    await expect(page.locator(`a[href*="/api/documents/"]`)).toHaveCount(0);
    await expect(attachments.getByText('På den här datorn kan du inte ladda ner filer.')).toBeVisible();
    await expect(attachments.getByRole('button', { name: 'Skriv ut sidan' })).toBeVisible();
    const download = await page.request.get(`/api/documents/${documentId}`);
    expect(download.status()).toBe(403);
    expect(await download.text()).not.toContain('%PDF');
    await expectNoAxeViolations(page, 'message on a terminal');

    // Help from staff, with consent to show the step.
    await terminalBar(page).getByRole('button', { name: 'Be personalen om hjälp' }).click();
    const helpDialog = page.getByRole('dialog', { name: 'Be personalen om hjälp' });
    await expect(helpDialog).toBeVisible();
    const shareYes = helpDialog.getByRole('button', { name: 'Ja, de får se vilken sida jag är på' });
    await expect(shareYes).toBeFocused();
    await expectNoAxeViolations(page, 'help dialog on a terminal');
    await shareYes.click();
    await expect(helpDialog).toBeHidden();
    await expect(terminalBar(page).getByRole('status')).toHaveText('Personalen har fått din fråga och kommer till dig.');
    await expect(terminalBar(page).getByRole('button', { name: 'Jag behöver inte hjälp längre' })).toBeFocused();
    let view = await staffView(request, name);
    expect(view.entry.visit_in_progress).toBe(true);
    expect(Date.parse(view.entry.help_requested_at)).not.toBeNaN();
    expect(view.entry.step).toBe('message');

    // The matter: the step follows, still no download links.
    await mainNav(page).getByRole('link', { name: 'Mina ärenden' }).click();
    await page.locator('.matter-card').getByRole('link', { name: matterTitle }).click();
    await expect(page).toHaveURL(new RegExp(`/arenden/${matterId}$`));
    await expect(page.getByRole('heading', { level: 1, name: matterTitle })).toBeFocused();
    await expect(page.getByRole('region', { name: 'Händelser i ärendet' })).toContainText(subject);
    await expect(page.locator('a[download]')).toHaveCount(0);
    await expect.poll(async () => (await staffView(request, name)).entry.step).toBe('matter');

    // Staff never learn who the visitor is or anything of their data.
    view = await staffView(request, name);
    for (const secret of ['Anna', 'Andersson', ANNA, '19811218-9876', '811218', subject, matterTitle]) {
      expect(view.text, `staff view must not contain ${secret}`).not.toContain(secret);
    }
    // Only these fields, the step as a kind of page without any id.
    expect(Object.keys(view.entry).sort()).toEqual(['help_requested_at', 'id', 'name', 'office', 'step', 'visit_in_progress']);
    expect(view.entry.id).not.toBe(messageId);
    expect(view.entry.id).not.toBe(matterId);

    // Traces in every kind of browser storage, as a page could leave them.
    await leaveTraces(page, `Anna Andersson ${run}`);
    // The cookies are good now: the session works from the terminal (both cookies), and not
    // without the terminal's device cookie.
    expect(await replaySession(browser, [visitor1.session, visitor1.device])).toBe('logged_in');
    expect(await replaySession(browser, [visitor1.session])).toBe('anonymous');

    await endVisit(page);
    await expectNoClientState(page, 'after the visit ended');
    const left = await context.cookies();
    expect(left.map((c) => c.name)).toEqual([DEVICE_COOKIE]);
    // The old session is dead on the server, even with the device cookie.
    expect(await replaySession(browser, [visitor1.session, visitor1.device])).toMatch(LOGGED_OUT);
    view = await staffView(request, name);
    expect(view.entry.visit_in_progress).toBe(false);
    expect(view.entry.help_requested_at ?? null).toBeNull();
    expect(view.entry.step ?? null).toBeNull();
    await expectNoAxeViolations(page, 'welcome screen after a visit');
    expect(problems).toEqual([]);
  });

  test('the back button shows nothing of visitor 1', async ({ browser }) => {
    // (The login page lists the public test persons, Anna among them.)
    const secrets = ['Välkommen, Anna', 'Inloggad som', subject, matterTitle, fileName];
    let steps = 0;
    const visited: string[] = [];
    while ((await page.evaluate(() => (window as any).navigation.currentEntry.index)) > historyStart) {
      expect(++steps, 'history steps').toBeLessThan(15);
      await page.goBack();
      await waitForApp(page);
      // Every page visitor 1 saw now asks for a login (or is the welcome screen): wait for that
      // state — the protected page's redirect to the login page follows the session check —
      // and only then record where the entry led.
      await expect(page.locator('main h1')).toHaveText(/^(Logga in på Min sida|Välkommen till Min sida)$/);
      const here = () => new URL(page.url()).pathname + new URL(page.url()).search;
      await expect.poll(here, 'the entry ends on the welcome screen or the login page').toMatch(/^\/(\?.*)?$|^\/logga-in(\?|$)/);
      visited.push(here());
      const body = page.locator('body');
      for (const secret of secrets) await expect(body).not.toContainText(secret);
      await expect(page.getByRole('button', { name: 'Logga ut' })).toHaveCount(0);
      expect(await page.evaluate(async () => (await (await fetch('/api/session')).json()).state)).toBe('anonymous');
    }
    expect(steps, 'visitor 1 left history entries to go back to').toBeGreaterThanOrEqual(3);
    // The way back led over visitor 1's pages, e.g. the message (now asking for a login). The
    // matter page's entry is where the welcome screen was loaded in its place.
    expect(visited).toContain(`/logga-in?next=/meddelanden/${messageId}`);
    expect(visited).toContain('/logga-in?next=/arenden');
    // The welcome screen again for the next visitor; the old session is still dead.
    await page.goto('/');
    await expectWelcomeScreen(page);
    expect(await replaySession(browser, [visitor1.session, visitor1.device])).toMatch(LOGGED_OUT);
    expect(problems).toEqual([]);
  });

  test('visitor 2 on the same browser sees only their own things', async ({ browser, request }) => {
    const ownSubject = `Till Lars ${run}`;
    await system(request, 'POST', '/messages', {
      recipient: { personal_number: LARS },
      sender: 'Skatteverket, Kundservice',
      subject: ownSubject,
      body: 'Hej Lars!',
    });
    await loginAs(page, 'Lars Berg');
    await expect(terminalBar(page)).toBeVisible();
    const visitor2 = await visitCookies(context);
    expect(visitor2.session.value).not.toBe(visitor1.session.value);
    expect(visitor2.device.value).toBe(visitor1.device.value);

    await mainNav(page).getByRole('link', { name: /^Meddelanden/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Meddelanden' })).toBeFocused();
    await expect(page.locator('.message-row').first().getByRole('link')).toHaveText(`Oläst: ${ownSubject}`);
    const body = page.locator('body');
    for (const secret of ['Anna', 'Andersson', subject, matterTitle, fileName]) await expect(body).not.toContainText(secret);
    // Visitor 1's things are not reachable either.
    expect((await page.request.get(`/api/messages/${messageId}`)).status()).toBe(404);
    expect((await page.request.get(`/api/matters/${matterId}`)).status()).toBe(404);
    // Nothing of visitor 1 in the browser's storage.
    const state = JSON.stringify(await clientState(page));
    for (const secret of ['Anna', 'e2e-visitor', 'e2e.visitor', 'e2e_visitor', String(run)]) {
      expect(state, `storage must not contain ${secret}`).not.toContain(secret);
    }

    // Help without consent to show the step: staff see the request, not where the visitor is.
    const bar = terminalBar(page);
    await bar.getByRole('button', { name: 'Be personalen om hjälp' }).click();
    await page.getByRole('dialog', { name: 'Be personalen om hjälp' }).getByRole('button', { name: 'Nej, be bara om hjälp' }).click();
    await expect(bar.getByRole('status')).toHaveText('Personalen har fått din fråga och kommer till dig.');
    let view = await staffView(request, name);
    expect(Date.parse(view.entry.help_requested_at)).not.toBeNaN();
    expect(view.entry.step ?? null).toBeNull();
    expect(view.text).not.toContain('Lars');
    // Withdrawn again; focus stays on the (replaced) help button.
    await bar.getByRole('button', { name: 'Jag behöver inte hjälp längre' }).click();
    await expect(bar.getByRole('status')).toHaveText('Din fråga om hjälp är borttagen.');
    await expect(bar.getByRole('button', { name: 'Be personalen om hjälp' })).toBeFocused();
    view = await staffView(request, name);
    expect(view.entry.help_requested_at ?? null).toBeNull();
    expect(view.entry.visit_in_progress).toBe(true);

    // Contact fields are not remembered on a terminal (they are on a personal device).
    await page.goto('/mina-uppgifter');
    await waitForApp(page);
    await expect(page.locator('#email')).toHaveAttribute('autocomplete', 'off');
    await expect(page.locator('#mobile')).toHaveAttribute('autocomplete', 'off');
    const personal = await browser.newContext();
    try {
      const other = await personal.newPage();
      await loginAs(other, 'Lars Berg');
      await other.goto('/mina-uppgifter');
      await waitForApp(other);
      await expect(other.locator('#email')).toHaveAttribute('autocomplete', 'email');
      await expect(other.locator('#mobile')).toHaveAttribute('autocomplete', 'tel');
      await expect(other.locator('[data-terminal]')).toHaveCount(0);
    } finally {
      await personal.close();
    }

    // Logging out the usual way (in the header) ends the visit on a terminal just the same.
    await page.locator('.site-header').getByRole('button', { name: 'Logga ut' }).click();
    await expectWelcomeScreen(page);
    await expectNoClientState(page, 'after visitor 2 logged out');
    expect(await replaySession(browser, [visitor2.session, visitor2.device])).toMatch(LOGGED_OUT);
    view = await staffView(request, name);
    expect(view.entry.visit_in_progress).toBe(false);
    expect(problems).toEqual([]);
  });
});

// --- The inactivity warning and the visit ending by itself ---------------------------------

test.describe('inactivity on a terminal', () => {
  test('the warning is announced, continues with the keyboard, and the visit ends after the grace period', async ({ browser, request }) => {
    test.setTimeout(IDLE_SECS * 2 * 1000 + 60_000);
    const context = await browser.newContext();
    try {
      const name = terminalName('idle');
      await enrollViaApi(context, name);
      const page = await context.newPage();
      const problems = watchConsole(page);
      await loginAs(page, 'Tolvan');
      await expect(terminalBar(page)).toBeVisible();
      const { session, device } = await visitCookies(context);
      await leaveTraces(page, `Tolvan ${Date.now()}`);

      // Nothing happens: the warning opens after idle - warning seconds.
      const dialog = page.getByRole('alertdialog', { name: 'Är du kvar?' });
      await expect(dialog).toBeVisible({ timeout: (IDLE_SECS - WARNING_SECS + 10) * 1000 });
      await expect(dialog).toHaveAttribute('aria-modal', 'true');
      await expect(dialog).toHaveAccessibleDescription(
        /^Du har inte gjort något på en stund\. Besöket avslutas om \d+ sekunder och allt tas bort från datorn\./,
      );
      const seconds = Number((await page.locator('#idle-text').textContent())!.match(/om (\d+) sekunder/)![1]);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(WARNING_SECS);
      // Focus is in the dialog, on "continue": one key press is enough.
      const cont = dialog.getByRole('button', { name: 'Jag är kvar – fortsätt' });
      await expect(cont).toBeFocused();
      await expect(dialog.getByRole('button', { name: 'Avsluta besöket' })).toBeVisible();
      // The countdown runs.
      await expect(page.locator('#idle-text')).not.toContainText(`om ${seconds} sekunder`);
      await expectNoAxeViolations(page, 'inactivity warning on a terminal');

      await page.keyboard.press('Enter');
      await expect(dialog).toBeHidden();
      await expect(page.getByRole('heading', { level: 1, name: 'Välkommen, Tolvan' })).toBeVisible();
      expect(await replaySession(browser, [session, device])).toBe('logged_in');

      // Idle again: the warning comes back, and without an answer the visit ends after the
      // grace period — like "Avsluta besöket".
      await expect(dialog).toBeVisible({ timeout: (IDLE_SECS - WARNING_SECS + 10) * 1000 });
      const warnedAt = Date.now();
      await expect(welcomeHeading(page)).toBeVisible({ timeout: (WARNING_SECS + 10) * 1000 });
      const grace = (Date.now() - warnedAt) / 1000;
      expect(grace, 'seconds between the warning and the end').toBeGreaterThan(WARNING_SECS - 3);
      await expectWelcomeScreen(page);
      await expectNoClientState(page, 'after the visit timed out');
      expect((await context.cookies()).map((c) => c.name)).toEqual([DEVICE_COOKIE]);
      expect(await replaySession(browser, [session, device])).toMatch(LOGGED_OUT);
      const { entry } = await staffView(request, name);
      expect(entry.visit_in_progress).toBe(false);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

// --- Drafts survive a timeout -------------------------------------------------------------

test.describe('drafts on a terminal', () => {
  test('a draft survives the visit timing out and is back after a new login; nobody else can read it', async ({ browser, request }) => {
    test.setTimeout(IDLE_SECS * 1000 + 90_000);
    const run = Date.now();
    const matter = await (
      await system(request, 'POST', '/matters', {
        recipient: { personal_number: ANNA },
        title: `Utkastärende ${run}`,
        category: 'ongoing',
        handler: 'Skatteverket, Kundservice',
        external_id: `e2e-terminal-draft-${run}`,
      })
    ).json();
    const composePath = `/arenden/${matter.id}/skriv`;
    const draftSubject = `Fråga om mitt ärende ${run}`;
    const draftBody = `Hej! Jag undrar över handläggningstiden.\nMvh Anna (${run})`;

    const context = await browser.newContext();
    try {
      await enrollViaApi(context, terminalName('draft'));
      const page = await context.newPage();
      const problems = watchConsole(page);
      await loginAs(page, 'Anna Andersson');
      await page.goto(composePath);
      await waitForApp(page);
      await expect(page.getByRole('heading', { level: 1, name: 'Skriv ett meddelande' })).toBeVisible();
      const subjectField = page.getByLabel('Ämne');
      const bodyField = page.locator('#body');
      // Nothing typed on a shared computer is offered to the next visitor.
      await expect(subjectField).toHaveAttribute('autocomplete', 'off');
      await expect(bodyField).toHaveAttribute('autocomplete', 'off');
      await subjectField.fill(draftSubject);
      await bodyField.fill(draftBody);
      await expect(page.locator('.draft-status')).toContainText('Utkast sparat');
      await expectNoAxeViolations(page, 'compose page with a saved draft on a terminal');
      const saved = await (await page.request.get(`/api/matters/${matter.id}/draft`)).json();
      expect(saved.draft).toMatchObject({ subject: draftSubject, body: draftBody });
      const { session, device } = await visitCookies(context);

      // Walk away: the visit ends by itself.
      await expect(welcomeHeading(page)).toBeVisible({ timeout: (IDLE_SECS + 10) * 1000 });
      await expectNoClientState(page, 'after the visit with a draft timed out');
      expect(await replaySession(browser, [session, device])).toMatch(LOGGED_OUT);

      // Back, logged in again: everything typed is there, and the page says so.
      await loginAs(page, 'Anna Andersson');
      await page.goto(composePath);
      await waitForApp(page);
      await expect(subjectField).toHaveValue(draftSubject);
      await expect(bodyField).toHaveValue(draftBody);
      await expect(page.getByRole('status').filter({ hasText: 'Vi har fyllt i det du skrev senast.' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Släng utkastet och börja om' })).toBeVisible();
      await expectNoAxeViolations(page, 'compose page with a restored draft on a terminal');
      await endVisit(page);

      // Another person on the same terminal cannot read it.
      await loginAs(page, 'Lars Berg');
      const other = await page.request.get(`/api/matters/${matter.id}/draft`);
      expect(other.status()).toBe(404);
      expect(await other.text()).not.toContain(String(run));
      await page.goto(composePath);
      await waitForApp(page);
      await expect(page.getByText('Vi hittade inte det du söker.')).toBeVisible();
      await expect(page.locator('body')).not.toContainText(String(run));
      await expect(page.locator('#body')).toHaveCount(0);
      await endVisit(page);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
