import { test, expect, Locator, Page } from '@playwright/test';
import * as crypto from 'node:crypto';
import {
  ANNA,
  expectNoAxeViolations,
  loginAs,
  mainNav,
  makePdf,
  system,
  TOLVAN,
  waitForApp,
  watchConsole,
} from './helpers';

// Legal persons and representation, end to end: a signatory acts for the company (its data,
// messages, matter and request to supplement), switches back to herself; a person grants a
// time-limited representation, the representative uses it within its scope, the use shows in
// the access log, and the revocation takes effect at once; refused switches through the API;
// switching by keyboard.
//
// Demo data (server/src/demo.rs, server/src/db.rs): Anna Andersson signs for Andersson Konsult
// AB (559123-4561, a VAT matter with an open request to supplement); Lars Berg and Tolvan
// Tolvansson sign for Berg & Tolvansson Handelsbolag (969789-0128); Anna is trustee (god man)
// for Tolvan; Lars's mandate for Anna has expired and Tolvan's for the AB is revoked.

const COMPANY = 'Andersson Konsult AB';
const COMPANY_NUMBER = '559123-4561';
const HANDELSBOLAG = 'Berg & Tolvansson Handelsbolag';
const VAT_MATTER = 'Mervärdesskattedeklaration, första kvartalet';
const VAT_REQUEST = 'Begäran om komplettering av momsdeklarationen';
const COMPANY_MESSAGE = 'Debiterade arbetsgivaravgifter';
const COMPANY_PDF = 'Skattekonto Andersson Konsult AB.pdf';
/** A message only in Anna's own mailbox (demo data). */
const ANNA_ONLY_MESSAGE = 'Ditt personbevis';

/** `YYYY-MM-DD`, `days` days from today in the browser's (and this machine's) time zone. */
function localDateInDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A `YYYY-MM-DD` date as the SPA shows it in Swedish, e.g. "3 januari 2026". */
function swedishDate(isoDate: string): string {
  return new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A document's download link; its name is the file name and ", ladda ner". */
function downloadLinkName(fileName: string): RegExp {
  return new RegExp(`^${escapeRegExp(fileName)}\\s*, ladda ner$`);
}

/** The bar shown while acting for someone else. */
function actingBar(page: Page) {
  return page.getByRole('region', { name: 'Du agerar för' });
}

/** One card on `/agera-for`, by the name in its heading. */
function partyCard(page: Page, name: string) {
  return page.locator('.party-list > li').filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });
}

/** A JSON API call from inside the page, with the session's cookie and, like the SPA, the
 * session's CSRF token on state-changing requests (fetched from `/api/session` first, so a GET
 * is the only request of the call). */
async function apiInPage(page: Page, method: string, path: string, body?: unknown, csrf = method !== 'GET') {
  return page.evaluate(
    async ({ method, path, body, csrf }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (csrf) headers['x-csrf-token'] = (await (await fetch('/api/session')).json()).csrf_token;
      const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      let json: any = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: r.status, body: json };
    },
    { method, path, body, csrf },
  );
}

async function session(page: Page) {
  const r = await apiInPage(page, 'GET', '/api/session');
  expect(r.status).toBe(200);
  expect(r.body.state).toBe('logged_in');
  return r.body;
}

/** Marks the current document, so that `expectFreshDocument` can tell a full page load (the
 * app started again, nothing of the previous party in memory) from client-side routing. */
async function markDocument(page: Page) {
  await page.evaluate(() => ((window as any).__beforeSwitch = true));
}

async function expectFreshDocument(page: Page) {
  expect(await page.evaluate(() => (window as any).__beforeSwitch ?? false), 'the app was loaded afresh').toBe(false);
}

/** Presses `key` until `target` has the focus (every other stop is allowed), at most `max`
 * times; fails with the list of stops otherwise. */
async function tabTo(page: Page, target: Locator, what: string, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 40) {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((el) => el === document.activeElement)) {
      // The stop is visible as keyboard focus.
      const indicator = await target.evaluate((el) => {
        const cs = getComputedStyle(el);
        return el.matches(':focus-visible') && (cs.outlineStyle !== 'none' || cs.boxShadow !== 'none');
      });
      expect(indicator, `${what} shows a focus indicator`).toBe(true);
      return;
    }
    stops.push(await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.tagName.toLowerCase()}:${(el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 30)}` : '(none)';
    }));
  }
  throw new Error(`${what} not reached with ${key}; focus went: ${stops.join(' → ')}`);
}

test.describe('acting for a company', () => {
  test('a signatory switches to the company, reads its message, answers its request and switches back', async ({
    page,
    request,
  }) => {
    const problems = watchConsole(page);
    const run = Date.now();

    // --- Acting for herself, with someone to act for: the header offers switching ----------
    await loginAs(page, 'Anna Andersson');
    await expect(actingBar(page)).toHaveCount(0);
    await expect(page.getByText('Du agerar för dig själv.')).toBeVisible();
    await expect(page).toHaveTitle('Start – Min sida');
    await page.getByRole('link', { name: 'Agera för ett företag eller en annan person' }).click();
    await expect(page).toHaveURL(/\/agera-for$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Välj vem du agerar för' })).toBeFocused();
    await expect(page).toHaveTitle('Välj vem du agerar för – Min sida');

    // Herself (current), the company she signs for and Tolvan, whom she is trustee for. Not
    // Andersson Konsult AB twice, nobody whose mandate ended.
    await expect(page.locator('.party-list > li')).toHaveCount(3);
    const self = partyCard(page, 'Anna Andersson');
    await expect(self).toContainText('Du själv · 19811218-9876');
    await expect(self.locator('.tag')).toHaveText('Du agerar för den här nu');
    await expect(self.getByRole('button')).toHaveCount(0);
    const company = partyCard(page, COMPANY);
    await expect(company).toContainText(`Organisation · ${COMPANY_NUMBER}`);
    await expect(company.locator('.dl-row').filter({ hasText: 'Roll' }).locator('dd')).toHaveText('firmatecknare');
    await expect(company.locator('.dl-row').filter({ hasText: 'Gäller till och med' }).locator('dd')).toHaveText('Tills vidare');
    const tolvan = partyCard(page, 'Tolvan Tolvansson');
    await expect(tolvan).toContainText('Person · 19121212-1212');
    await expect(tolvan.locator('.dl-row').filter({ hasText: 'Roll' }).locator('dd')).toHaveText('god man');
    await expect(tolvan.locator('.dl-row').filter({ hasText: 'Får se och göra' }).locator('dd')).toHaveText(
      'Meddelanden (läsa), Ärenden (läsa och göra ärenden), Uppgifter (läsa)',
    );
    await expectNoAxeViolations(page, 'choose whom to act for');

    // --- Switch to the company: a fresh start with the company's name everywhere -------------
    await markDocument(page);
    await company.getByRole('button', { name: `Agera för ${COMPANY}` }).click();
    await expect(page).toHaveURL(/\/$/);
    await waitForApp(page);
    await expectFreshDocument(page);
    const bar = actingBar(page);
    await expect(bar).toBeVisible();
    await expect(bar.locator('strong')).toHaveText(`${COMPANY}, ${COMPANY_NUMBER}`);
    await expect(bar).toContainText(`Du agerar för ${COMPANY}, ${COMPANY_NUMBER} (firmatecknare)`);
    await expect(bar.getByRole('link', { name: 'Byt' })).toHaveAttribute('href', '/agera-for');
    await expect(bar.getByRole('button', { name: 'Agera för dig själv' })).toBeVisible();
    await expect(page.getByText('Du agerar för dig själv.')).toHaveCount(0);
    // Still Anna who is logged in.
    await expect(page.locator('.whoami strong')).toHaveText('Anna Andersson');
    await expect(page.getByRole('heading', { level: 1, name: 'Välkommen, Anna' })).toBeVisible();
    await expect(page).toHaveTitle(`Start – ${COMPANY} – Min sida`);
    const acting = (await session(page)).acting_as;
    expect(acting.party.name).toBe(COMPANY);
    expect(acting.role).toBe('signatory');
    // A signatory may do everything: every area is in the navigation.
    await expect(mainNav(page).getByRole('link')).toHaveText(['Start', /^Meddelanden( \d+ olästa)?$/, 'Mina ärenden', 'E-tjänster', 'Mina uppgifter', 'Kontaktval']);
    // What waits for the company: its open request to supplement.
    const todo = page.getByRole('region', { name: 'Att göra' });
    await expect(todo.getByRole('listitem').filter({ hasText: 'Vi behöver komplettering från dig' }).getByRole('link')).toHaveText(
      new RegExp(`^${escapeRegExp(VAT_MATTER)} \\(.+\\)$`),
    );
    await expectNoAxeViolations(page, 'start page acting for the company');

    // --- "Mina uppgifter" is the organisation's data --------------------------------------------
    await mainNav(page).getByRole('link', { name: 'Mina uppgifter' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mina uppgifter' })).toBeFocused();
    await expect(page).toHaveTitle(`Mina uppgifter – ${COMPANY} – Min sida`);
    const org = page.getByRole('region', { name: 'Uppgifter om organisationen' });
    const orgRow = (label: string) => org.locator('.dl-row').filter({ has: page.locator('dt', { hasText: label }) }).locator('dd');
    await expect(orgRow('Namn')).toHaveText(COMPANY);
    await expect(orgRow('Organisationsnummer')).toHaveText(COMPANY_NUMBER);
    await expect(orgRow('Juridisk form')).toHaveText('Aktiebolag');
    await expect(orgRow('Adress').locator('.line')).toHaveText(['Sveavägen 44', '111 34 Stockholm']);
    await expect(orgRow('Registrerad sedan')).toHaveText(swedishDate('2019-04-01'));
    await expect(org.getByRole('heading', { level: 3, name: 'Registreringar hos Skatteverket' })).toBeVisible();
    await expect(org.getByRole('listitem')).toHaveText([
      `Godkänd för F-skatt – från ${swedishDate('2019-05-01')}`,
      `Registrerad för moms – från ${swedishDate('2019-05-01')}`,
      `Registrerad som arbetsgivare – från ${swedishDate('2020-01-01')}`,
    ]);
    // Nothing of Anna's own register data or contact form.
    await expect(page.locator('main')).not.toContainText('Storgatan 1');
    await expect(page.locator('main')).not.toContainText('19811218-9876');
    await expect(page.getByRole('button', { name: 'Spara kontaktuppgifter' })).toHaveCount(0);
    await expectNoAxeViolations(page, 'organisation details');

    // --- The company's inbox, not Anna's ----------------------------------------------------------
    await mainNav(page).getByRole('link', { name: /^Meddelanden/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Meddelanden' })).toBeFocused();
    await expect(page).toHaveTitle(`Meddelanden – ${COMPANY} – Min sida`);
    const subjects = page.locator('.message-row a.message-subject');
    await expect(subjects).toHaveText([
      `Oläst: ${VAT_REQUEST}`,
      `Oläst: ${COMPANY_MESSAGE}`,
      'Vi har tagit emot er momsdeklaration',
      'Välkommen till Min sida för företag',
    ]);
    await expect(page.locator('.result-count')).toHaveText('Visar 1–4 av 4 meddelanden');
    await expect(page.getByText(ANNA_ONLY_MESSAGE)).toHaveCount(0);
    // The search does not reach Anna's own mailbox either.
    await page.getByLabel('Sök i ämne och text').fill('personbevis');
    await page.getByRole('button', { name: 'Visa meddelanden' }).click();
    await expect(page.locator('.result-count')).toHaveText('Inga meddelanden att visa.');
    await page.getByRole('link', { name: 'Rensa filter' }).click();
    await expect(subjects).toHaveCount(4);
    await expectNoAxeViolations(page, "the company's inbox");

    // --- The company's message with its PDF ---------------------------------------------------------
    await subjects.filter({ hasText: COMPANY_MESSAGE }).click();
    await expect(page.getByRole('heading', { level: 1, name: COMPANY_MESSAGE })).toBeFocused();
    await expect(page).toHaveTitle(`${COMPANY_MESSAGE} – ${COMPANY} – Min sida`);
    const attachments = page.getByRole('region', { name: 'Bilagor' });
    const pdfLink = attachments.getByRole('link', { name: downloadLinkName(COMPANY_PDF) });
    await expect(pdfLink).toBeVisible();
    await expect(attachments.locator('.document-meta')).toHaveText(/^PDF, [\d,]+ (byte|kB)$/);
    const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
    expect(download.suggestedFilename()).toBe(COMPANY_PDF);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const companyPdf = Buffer.concat(chunks);
    expect(companyPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(companyPdf.toString('latin1')).toContain(COMPANY_NUMBER);
    await expectNoAxeViolations(page, "the company's message");

    // --- The VAT matter and its request to supplement --------------------------------------------
    await mainNav(page).getByRole('link', { name: 'Mina ärenden' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mina ärenden' })).toBeFocused();
    await expect(page).toHaveTitle(`Mina ärenden – ${COMPANY} – Min sida`);
    const card = page.locator('.matter-card').filter({ hasText: VAT_MATTER });
    await expect(card.locator('.alert.warning')).toHaveText('1 begäran om komplettering väntar på dig');
    // Anna's own moving matter is not the company's.
    await expect(page.locator('main')).not.toContainText('Flyttanmälan');
    await card.getByRole('link', { name: VAT_MATTER }).click();
    await expect(page.getByRole('heading', { level: 1, name: VAT_MATTER })).toBeFocused();
    await expect(page).toHaveTitle(`${VAT_MATTER} – ${COMPANY} – Min sida`);
    const matterId = Number(page.url().match(/\/arenden\/(\d+)$/)![1]);
    const reference = (await page.locator('.matter-details .dl-row').filter({ hasText: 'Ärendenummer' }).locator('dd').textContent())!.trim();
    expect(reference).toMatch(/\S/);
    const waiting = page.getByRole('region', { name: 'Vi behöver komplettering från dig' });
    await expect(waiting.getByRole('listitem')).toHaveText(['Fakturor för inköp över 50 000 kronor', 'Leasingavtal för bilen']);
    await expectNoAxeViolations(page, "the company's matter");

    // --- Answering it with a real PDF ------------------------------------------------------------------
    await waiting.getByRole('link', { name: 'Svara på begäran om komplettering' }).click();
    await expect(page).toHaveURL(new RegExp(`/arenden/${matterId}/skriv\\?komplettering=(\\d+)$`));
    const requestId = Number(page.url().match(/komplettering=(\d+)$/)![1]);
    await expect(page.getByRole('heading', { level: 1, name: 'Svara på begäran om komplettering' })).toBeFocused();
    await expect(page).toHaveTitle(`Svara på begäran om komplettering – ${COMPANY} – Min sida`);
    const subjectField = page.getByLabel('Ämne');
    await expect(subjectField).toHaveValue(`Komplettering till ärende ${reference}`);
    await expect(page.getByRole('region', { name: 'Det här behöver vi från dig' }).getByRole('listitem')).toHaveText([
      'Fakturor för inköp över 50 000 kronor',
      'Leasingavtal för bilen',
    ]);
    const text = `Här är fakturorna och leasingavtalet för bolaget. (${run})`;
    await page.locator('#body').fill(text);
    const pdf = makePdf(`Fakturor ${run}`);
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    const fileName = `fakturor-${run}.pdf`;
    await page.locator('#files').setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: pdf });
    const uploaded = page.getByRole('list', { name: 'Valda dokument' }).getByRole('listitem').filter({ hasText: fileName });
    await expect(uploaded.locator('.upload-ok')).toHaveText('Uppladdad');
    await expect(uploaded.locator('.upload-meta')).toHaveText(`PDF, ${pdf.length} byte`);
    await expectNoAxeViolations(page, 'answering the request for the company');

    await page.getByRole('button', { name: 'Skicka', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Kvittens' })).toBeFocused();
    const receipt = page.getByRole('region', { name: 'Kvittens' });
    const receiptNumber = (await receipt.locator('.receipt-number').textContent())!.trim();
    expect(receiptNumber).toMatch(/^K-[A-Z0-9-]+$/);
    await expect(receipt.getByRole('link', { name: downloadLinkName(fileName) })).toBeVisible();
    await expect(receipt.locator('code.checksum')).toHaveText(sha);
    await expect(page.getByRole('status').filter({ hasText: 'Tack! Vi har tagit emot det du skickade.' })).toBeVisible();
    // Still acting for the company.
    await expect(actingBar(page).locator('strong')).toHaveText(`${COMPANY}, ${COMPANY_NUMBER}`);
    await expectNoAxeViolations(page, 'receipt for the company');

    // The agency gets the company's answer to its request, byte for byte.
    const subs = await (await system(request, 'GET', `/matters/${matterId}/submissions`)).json();
    const submission = subs.submissions.find((s: any) => s.receipt_number === receiptNumber);
    expect(submission, 'the submission with the receipt number').toBeTruthy();
    expect(submission.supplement_request_id).toBe(requestId);
    expect(submission.subject).toBe(`Komplettering till ärende ${reference}`);
    expect(submission.body).toBe(text);
    expect(submission.documents).toHaveLength(1);
    expect(submission.documents[0]).toMatchObject({ file_name: fileName, content_type: 'application/pdf', size: pdf.length, sha256: sha });
    const bytes = await (await system(request, 'GET', `/documents/${submission.documents[0].id}`)).body();
    expect(Buffer.compare(bytes, pdf)).toBe(0);

    // The matter shows the request answered.
    await page.goto(`/arenden/${matterId}`);
    await waitForApp(page);
    const earlier = page.getByRole('region', { name: 'Tidigare begäran om komplettering' });
    await expect(earlier).toContainText(receiptNumber);
    await expect(page.getByRole('region', { name: 'Vi behöver komplettering från dig' })).toHaveCount(0);

    // --- Back to herself: a fresh start with nothing of the company -----------------------------
    await markDocument(page);
    await actingBar(page).getByRole('button', { name: 'Agera för dig själv' }).click();
    await expect(page).toHaveURL(/\/$/);
    await waitForApp(page);
    await expectFreshDocument(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Välkommen, Anna' })).toBeVisible();
    await expect(actingBar(page)).toHaveCount(0);
    await expect(page.getByText('Du agerar för dig själv.')).toBeVisible();
    await expect(page).toHaveTitle('Start – Min sida');
    expect((await session(page)).acting_as ?? null).toBeNull();
    // Anna's own to-do: her moving matter, not the company's VAT matter.
    const ownTodo = page.getByRole('region', { name: 'Att göra' });
    await expect(ownTodo.getByRole('link', { name: /^Flyttanmälan till Sveavägen 12/ })).toBeVisible();
    await expect(page.locator('body')).not.toContainText(COMPANY);
    await expect(page.locator('body')).not.toContainText(VAT_MATTER);

    await mainNav(page).getByRole('link', { name: /^Meddelanden/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Meddelanden' })).toBeFocused();
    await expect(page).toHaveTitle('Meddelanden – Min sida');
    await expect(subjects.filter({ hasText: ANNA_ONLY_MESSAGE })).toHaveCount(1);
    for (const s of [COMPANY_MESSAGE, VAT_REQUEST, 'Välkommen till Min sida för företag', `Kvittens: Komplettering till ärende ${reference}`]) {
      await expect(page.getByText(s)).toHaveCount(0);
    }
    await expect(page.locator('body')).not.toContainText(COMPANY);
    // Her own details again.
    await mainNav(page).getByRole('link', { name: 'Mina uppgifter' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mina uppgifter' })).toBeFocused();
    await expect(page.locator('main')).toContainText('Storgatan 1');
    await expect(page.getByRole('region', { name: 'Uppgifter om organisationen' })).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText(COMPANY_NUMBER);
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });
});

test.describe('a representation given in Min sida', () => {
  test('Anna grants Lars read access to her messages; he uses it within its scope; she sees it and revokes it', async ({
    page,
    browser,
    request,
  }) => {
    test.setTimeout(120_000);
    const problems = watchConsole(page);
    const run = Date.now();
    // A message for Lars to read on Anna's behalf (one of her demo messages would change
    // state for the other spec files).
    const subject = `Underlag för ombudet ${run}`;
    const delivery = await (
      await system(request, 'POST', '/messages', {
        recipient: { personal_number: ANNA },
        sender: 'Skatteverket, Kundservice',
        subject,
        body: `Det här meddelandet får ditt ombud läsa. (${run})`,
      })
    ).json();
    expect(delivery.message_id).toBeGreaterThan(0);

    // --- Anna: "Ombud för dig" -----------------------------------------------------------------
    await loginAs(page, 'Anna Andersson');
    await page.getByRole('region', { name: 'Dina tjänster' }).getByRole('link', { name: 'Ombud för dig' }).click();
    await expect(page).toHaveURL(/\/ombud$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Ombud för dig' })).toBeFocused();
    await expect(page).toHaveTitle('Ombud för dig – Min sida');
    const list = page.getByRole('region', { name: 'Ombud du har gett' });
    await expect(list.getByText('Du har inte gett någon rätt att agera för dig.')).toBeVisible();
    const pin = page.getByLabel('Ombudets personnummer');
    const areas = ['Meddelanden', 'Ärenden', 'Kontaktval och inställningar', 'Uppgifter'];
    for (const area of areas) {
      const group = page.getByRole('group', { name: area, exact: true });
      await expect(group.getByRole('radio')).toHaveCount(3);
      await expect(group.getByRole('radio', { name: 'Ingen behörighet' })).toBeChecked();
    }
    const until = page.getByLabel('Gäller till och med');
    await expect(until).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);

    // No area chosen: refused before anything is sent, with a translated message; what was
    // typed stays.
    const typed = '19701063-2391';
    await pin.fill(typed);
    let posted = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/me/grants' && r.method() === 'POST') posted++;
    });
    await page.getByRole('button', { name: 'Ge rätten' }).click();
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('heading', { name: 'Rätta följande innan du fortsätter:' })).toBeVisible();
    const scopeError = page.locator('#grant-scopes-error');
    await expect(scopeError).toBeVisible();
    const scopeMessage = 'Välj vad ombudet får se eller göra inom minst ett område.';
    await expect(scopeError).toHaveText(scopeMessage);
    await expect(page.getByRole('group', { name: 'Vad får ombudet se och göra?' })).toHaveAccessibleDescription(scopeMessage);
    await expect(summary.getByRole('link')).toHaveText([scopeMessage]);
    await expect(pin).toHaveValue(typed);
    expect(posted).toBe(0);
    await expectNoAxeViolations(page, 'grant form with an error');
    await summary.getByRole('link', { name: scopeMessage }).click();
    await expect(page.getByRole('group', { name: 'Meddelanden', exact: true }).getByRole('radio', { name: 'Ingen behörighet' })).toBeFocused();

    // Read access to messages for 30 days.
    const lastDay = localDateInDays(30);
    await page.getByRole('group', { name: 'Meddelanden', exact: true }).getByRole('radio', { name: 'läsa', exact: true }).check();
    await until.fill(lastDay);
    await page.getByRole('button', { name: 'Ge rätten' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Klart. Nu kan ombudet agera för dig: Lars Berg' })).toBeVisible();
    await expect(summary).toBeHidden();
    await expect(scopeError).toBeHidden();
    const grant = list.getByRole('listitem').filter({ hasText: 'Lars Berg' });
    await expect(grant.locator('strong').first()).toHaveText('Lars Berg, 19701063-2391');
    await expect(grant).toContainText('Meddelanden (läsa)');
    const grants = await apiInPage(page, 'GET', '/api/me/grants');
    expect(grants.body.grants).toHaveLength(1);
    expect(grants.body.grants[0]).toMatchObject({ scopes: [{ area: 'messages', level: 'read' }], valid_until: lastDay, revoked_at: null });
    const grantId: number = grants.body.grants[0].id;
    // From today (the server's Swedish date) to the chosen day.
    const firstDay: string = grants.body.grants[0].valid_from;
    expect([localDateInDays(-1), localDateInDays(0), localDateInDays(1)]).toContain(firstDay);
    await expect(grant).toContainText(`Gäller ${swedishDate(firstDay)} – ${swedishDate(lastDay)}`);
    await expect(grant.locator('.tag')).toHaveText('Gäller nu');
    await expect(grant.getByRole('button', { name: 'Återkalla Lars Berg' })).toBeVisible();
    await expectNoAxeViolations(page, 'grants with an active grant');

    // --- Lars, on another device, acts for Anna ------------------------------------------------
    const larsContext = await browser.newContext();
    let revoked = false;
    try {
      const lars = await larsContext.newPage();
      const larsProblems = watchConsole(lars);
      await loginAs(lars, 'Lars Berg');
      await lars.getByRole('link', { name: 'Agera för ett företag eller en annan person' }).click();
      await expect(lars.getByRole('heading', { level: 1, name: 'Välj vem du agerar för' })).toBeFocused();
      // Himself, the handelsbolag, and Anna once: by the grant, not by the expired mandate.
      await expect(lars.locator('.party-list > li')).toHaveCount(3);
      await expect(partyCard(lars, HANDELSBOLAG)).toBeVisible();
      const annaCard = partyCard(lars, 'Anna Andersson');
      await expect(annaCard).toContainText('Person · 19811218-9876');
      await expect(annaCard.locator('.dl-row').filter({ hasText: 'Roll' }).locator('dd')).toHaveText('ombud');
      await expect(annaCard.locator('.dl-row').filter({ hasText: 'Får se och göra' }).locator('dd')).toHaveText('Meddelanden (läsa)');
      await expect(annaCard.locator('.dl-row').filter({ hasText: 'Gäller till och med' }).locator('dd')).toHaveText(swedishDate(lastDay));
      await annaCard.getByRole('button', { name: 'Agera för Anna Andersson' }).click();
      await expect(lars).toHaveURL(/\/$/);
      await waitForApp(lars);
      await expect(actingBar(lars)).toContainText('Du agerar för Anna Andersson, 19811218-9876 (ombud)');
      await expect(lars).toHaveTitle('Start – Anna Andersson – Min sida');
      await expect(lars.locator('.whoami strong')).toHaveText('Lars Berg');

      // Only what the grant covers: messages. No link anywhere to matters, details, contact
      // choices or the access log, and no grants of his own to give on Anna's behalf.
      await expect(mainNav(lars).getByRole('link')).toHaveText(['Start', /^Meddelanden( \d+ olästa)?$/]);
      for (const name of ['Mina ärenden', 'Mina uppgifter', 'Kontaktval', 'Ombud för dig', 'Vem har tittat på mina uppgifter']) {
        await expect(lars.getByRole('link', { name, exact: true }), `no link "${name}"`).toHaveCount(0);
      }
      await expect(lars.getByRole('region', { name: 'Dina tjänster' }).getByRole('link')).toHaveText(['Meddelanden']);
      await expectNoAxeViolations(lars, 'start page of a representative with read access to messages');

      // Anna's inbox and one of her messages.
      await mainNav(lars).getByRole('link', { name: /^Meddelanden/ }).click();
      await expect(lars.getByRole('heading', { level: 1, name: 'Meddelanden' })).toBeFocused();
      await expect(lars.locator('.message-row a.message-subject').filter({ hasText: ANNA_ONLY_MESSAGE })).toHaveCount(1);
      await lars.locator('.message-row a.message-subject').filter({ hasText: subject }).click();
      await expect(lars.getByRole('heading', { level: 1, name: subject })).toBeFocused();
      await expect(lars).toHaveTitle(`${subject} – Anna Andersson – Min sida`);
      await expect(lars.locator('.message-body')).toContainText(`Det här meddelandet får ditt ombud läsa. (${run})`);
      // Reading only: nothing offered that the grant does not allow.
      await expect(lars.getByRole('button', { name: /^Markera som (o)?läst$/ })).toHaveCount(0);
      await expect(lars.getByRole('button', { name: 'Flytta till arkivet' })).toHaveCount(0);
      await expectNoAxeViolations(lars, "Anna's message read by her representative");

      // Matters are not granted: the page says so, translated, and shows none of Anna's data.
      await lars.goto('/arenden');
      await waitForApp(lars);
      await expect(lars.getByRole('alert')).toHaveText('Du har inte behörighet att se eller göra det här.');
      await expect(lars.locator('.matter-card')).toHaveCount(0);
      await expect(lars.locator('main')).not.toContainText('Flyttanmälan');
      await expectNoAxeViolations(lars, 'matters refused to a representative');
      const matters = await apiInPage(lars, 'GET', '/api/matters');
      expect(matters.status).toBe(403);
      expect(matters.body.code).toBe('forbidden');
      // A refused area does not end the representation.
      expect((await session(lars)).acting_as.party.name).toBe('Anna Andersson');

      // --- Anna sees Lars in "Vem har tittat på mina uppgifter" ----------------------------------
      await page.goto('/');
      await waitForApp(page);
      await page.getByRole('region', { name: 'Dina tjänster' }).getByRole('link', { name: 'Vem har tittat på mina uppgifter' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Vem har tittat på mina uppgifter' })).toBeFocused();
      await expect(page).toHaveTitle('Vem har tittat på mina uppgifter – Min sida');
      const larsEntries = page.locator('.access-log > li').filter({ hasText: 'Lars Berg, 19701063-2391' });
      await expect(larsEntries.first()).toBeVisible();
      await expect(larsEntries.filter({ hasText: '(ombud) – Läste: Meddelanden' }).first()).toBeVisible();
      // Lars was refused the matters: nothing of them was read.
      await expect(larsEntries.filter({ hasText: 'Ärenden' })).toHaveCount(0);
      await expectNoAxeViolations(page, 'access log');

      // --- Anna revokes: at once -------------------------------------------------------------------
      await page.getByRole('link', { name: 'Start', exact: true }).click();
      await page.getByRole('region', { name: 'Dina tjänster' }).getByRole('link', { name: 'Ombud för dig' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Ombud för dig' })).toBeFocused();
      await grant.getByRole('button', { name: 'Återkalla Lars Berg' }).click();
      await expect(list.getByRole('heading', { level: 2, name: 'Ombud du har gett' })).toBeFocused();
      await expect(grant.locator('.tag')).toHaveText('Återkallad');
      await expect(grant.getByRole('button')).toHaveCount(0);
      revoked = true;
      await expectNoAxeViolations(page, 'grants with a revoked grant');

      // Lars's session, still acting for Anna, is refused on its next request and is back to
      // Lars himself.
      const refused = await apiInPage(lars, 'GET', '/api/messages');
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden');
      expect(JSON.stringify(refused.body)).not.toContain(subject);
      expect((await session(lars)).acting_as ?? null).toBeNull();
      // His list of whom to act for no longer has Anna.
      await lars.goto('/agera-for');
      await waitForApp(lars);
      await expect(partyCard(lars, HANDELSBOLAG)).toBeVisible();
      await expect(partyCard(lars, 'Anna Andersson')).toHaveCount(0);
      await expect(lars.locator('.party-list > li')).toHaveCount(2);
      await expect(actingBar(lars)).toHaveCount(0);
      // Switching to her through the API is refused too.
      const annaId: number = (await apiInPage(page, 'GET', '/api/me/parties')).body.me.id;
      const again = await apiInPage(lars, 'PUT', '/api/session/acting-as', { party_id: annaId });
      expect(again.status).toBe(403);
      expect(again.body.code).toBe('forbidden');
      expect(larsProblems, 'console errors / CSP violations (Lars)').toEqual([]);
    } finally {
      await larsContext.close();
      // Leave no grant behind for the other tests when this one stopped half-way.
      if (!revoked) await apiInPage(page, 'DELETE', `/api/me/grants/${grantId}`);
    }
    expect(problems, 'console errors / CSP violations (Anna)').toEqual([]);
  });
});

test.describe('refused switches', () => {
  test('switching to a party without a valid mandate is refused and changes nothing', async ({ page, request }) => {
    // The parties' ids, as Anna sees them (she is trustee for Tolvan and signs for the AB).
    const login = await request.post('/api/auth/test/login', { data: { personal_number: ANNA } });
    expect(login.ok()).toBe(true);
    const parties = await (await request.get('/api/me/parties')).json();
    const annaId: number = parties.me.id;
    const tolvanId: number = parties.mandates.find((m: any) => m.party.name === 'Tolvan Tolvansson').party.id;
    const companyId: number = parties.mandates.find((m: any) => m.party.name === COMPANY).party.id;
    const csrf = (await (await request.get('/api/session')).json()).csrf_token;
    await request.post('/api/auth/logout', { headers: { 'x-csrf-token': csrf } });

    const problems = watchConsole(page);
    await loginAs(page, 'Lars Berg');
    const expectRefused = async (partyId: number, why: string) => {
      const r = await apiInPage(page, 'PUT', '/api/session/acting-as', { party_id: partyId });
      expect(r.status, why).toBe(403);
      expect(r.body.code, why).toBe('forbidden');
      expect(JSON.stringify(r.body), why).not.toMatch(/Tolvansson|Konsult|Andersson/);
      expect((await session(page)).acting_as ?? null, `${why}: still acting for himself`).toBeNull();
    };
    await expectRefused(tolvanId, 'no mandate for Tolvan');
    await expectRefused(annaId, "Lars's mandate for Anna has expired");
    await expectRefused(companyId, 'no mandate for the company');
    await expectRefused(999_999_999, 'no such party');

    // Without the CSRF token even a party he may act for is refused.
    const handelsbolag = (await apiInPage(page, 'GET', '/api/me/parties')).body.mandates.find((m: any) => m.party.name === HANDELSBOLAG);
    const noToken = await apiInPage(page, 'PUT', '/api/session/acting-as', { party_id: handelsbolag.party.id }, false);
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('csrf_failed');
    expect((await session(page)).acting_as ?? null).toBeNull();

    // The page still shows Lars himself.
    await page.reload();
    await waitForApp(page);
    await expect(actingBar(page)).toHaveCount(0);
    await expect(page.getByText('Du agerar för dig själv.')).toBeVisible();
    await expect(page).toHaveTitle('Start – Min sida');

    // Tolvan's signatory right for the AB was revoked: refused for him too.
    const tolvan = await page.context().browser()!.newContext();
    try {
      const p = await tolvan.newPage();
      await loginAs(p, 'Tolvan');
      const r = await apiInPage(p, 'PUT', '/api/session/acting-as', { party_id: companyId });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('forbidden');
      expect((await session(p)).acting_as ?? null).toBeNull();
      const own = (await apiInPage(p, 'GET', '/api/me/parties')).body;
      expect(own.mandates.map((m: any) => m.party.name)).toEqual([HANDELSBOLAG]);
    } finally {
      await tolvan.close();
    }
    expect(problems).toEqual([]);
  });
});

test.describe('keyboard', () => {
  test('the acting line, the choice of party and the acting bar work with the keyboard', async ({ page }) => {
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 1024, height: 700 });
    await loginAs(page, 'Tolvan');
    await expect(page.getByText('Du agerar för dig själv.')).toBeVisible();

    // From the top of the page to the header's switching link, and Enter.
    await page.locator('main h1').focus();
    await tabTo(page, page.getByRole('link', { name: 'Agera för ett företag eller en annan person' }), 'the switching link', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/agera-for$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Välj vem du agerar för' })).toBeFocused();

    // On to the card's button, and Enter.
    const actFor = partyCard(page, HANDELSBOLAG).getByRole('button', { name: `Agera för ${HANDELSBOLAG}` });
    await expect(actFor).toBeVisible();
    await tabTo(page, actFor, `the button "Agera för ${HANDELSBOLAG}"`);
    await markDocument(page);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/$/);
    await waitForApp(page);
    await expectFreshDocument(page);
    const bar = actingBar(page);
    await expect(bar).toContainText(`Du agerar för ${HANDELSBOLAG}, 969789-0128 (firmatecknare)`);
    await expect(page).toHaveTitle(`Start – ${HANDELSBOLAG} – Min sida`);

    // The bar's "Byt" after a fresh load: Tab from the start of the document.
    await tabTo(page, bar.getByRole('link', { name: 'Byt' }), 'the bar\'s "Byt"');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/agera-for$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Välj vem du agerar för' })).toBeFocused();
    await expect(partyCard(page, HANDELSBOLAG).locator('.tag')).toHaveText('Du agerar för den här nu');
    await expect(partyCard(page, HANDELSBOLAG).getByRole('button')).toHaveCount(0);
    await expect(partyCard(page, 'Tolvan Tolvansson').getByRole('button', { name: 'Agera för dig själv' })).toBeVisible();
    await expectNoAxeViolations(page, 'choose whom to act for, while acting for the handelsbolag');

    // Back to himself with the bar's button: backwards from the heading, then Space.
    await tabTo(page, bar.getByRole('button', { name: 'Agera för dig själv' }), 'the bar\'s "Agera för dig själv"', 'Shift+Tab');
    await markDocument(page);
    await page.keyboard.press('Space');
    await expect(page).toHaveURL(/\/$/);
    await waitForApp(page);
    await expectFreshDocument(page);
    await expect(actingBar(page)).toHaveCount(0);
    await expect(page.getByText('Du agerar för dig själv.')).toBeVisible();
    await expect(page).toHaveTitle('Start – Min sida');
    expect(problems).toEqual([]);
  });
});
