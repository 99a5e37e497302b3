import { test, expect, Page } from '@playwright/test';
import { expectNoAxeViolations, loginAs, mainNav, makePdf, openHeaderMenuIfCollapsed, system, waitForApp, watchConsole } from './helpers';
import { ANNA, chooseLanguage, login, MODES, resetTouchedProfilesAfterEach, touched, waitForContent } from './accessibility-shared';

// "Mina e-tjänster": a service filled in one page at a time (question pages → check your
// answers → receipt), drafts saved on the server, errors with a summary that links to the
// fields, and every page in every display mode without axe violations.

resetTouchedProfilesAfterEach();

/** ISO date `days` from today (UTC; the services' ranges are wide enough for the time zone). */
function isoDateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Opens a service's start page from the list; throws away a draft left by an earlier run. */
async function openService(page: Page, title: string) {
  await openHeaderMenuIfCollapsed(page);
  await mainNav(page).getByRole('link', { name: 'E-tjänster', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mina e-tjänster' })).toBeFocused();
  await page.locator('.eservice-card').getByRole('link', { name: title, exact: true }).click();
  const h1 = page.getByRole('heading', { level: 1, name: title });
  await expect(h1).toBeFocused();
  const startOver = page.getByRole('button', { name: 'Börja om' });
  if (await startOver.isVisible()) {
    await startOver.click();
    await expect(page.getByRole('status').filter({ hasText: 'Dina sparade svar är borttagna.' })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: 'Starta', exact: true })).toBeVisible();
}

/** Continue on a question page: the next page's heading takes focus. */
async function continueTo(page: Page, heading: string | RegExp) {
  await page.getByRole('button', { name: 'Fortsätt', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeFocused();
}

/** Client-side navigation within the app (the filling-in and the receipt live in memory). */
async function spaNavigate(page: Page, path: string) {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/?]/g, '\\$&')}$`));
}

test.describe('e-services', () => {
  test('Anna moves house: prefill, an error fixed, check answers, a change, sent, receipt and matter', async ({ page, request }) => {
    test.setTimeout(120_000);
    const problems = watchConsole(page);
    await loginAs(page, 'Anna Andersson');
    await openService(page, 'Flyttanmälan');
    await expect(page.getByText('Du fyller i e-tjänsten för Anna Andersson.')).toBeVisible();
    await page.getByRole('link', { name: 'Starta', exact: true }).click();

    // Page 1: the registered address, prefilled and marked so.
    await expect(page.getByRole('heading', { level: 1, name: 'Din adress i dag' })).toBeFocused();
    await expect(page).toHaveURL(/\/e-tjanster\/flyttanmalan\/sida\/nuvarande$/);
    const current = page.getByRole('group', { name: 'Adress i folkbokföringen' });
    await expect(current.getByText('Det här är vad vi har. Stämmer det? Du kan ändra.')).toBeVisible();
    const currentStreet = current.getByRole('textbox', { name: 'Gatuadress' });
    await expect(currentStreet).not.toHaveValue('');
    await expect(current.getByRole('textbox', { name: 'Postnummer' })).not.toHaveValue('');
    await continueTo(page, 'Din nya adress');
    await expect(page.getByRole('status').filter({ hasText: 'Dina svar är sparade.' })).toBeVisible();

    // Page 2: a wrong postal code and a missing date; nothing typed is lost.
    const next = page.getByRole('group', { name: 'Ny adress' });
    await next.getByRole('textbox', { name: 'Gatuadress' }).fill('Storgatan 5');
    await next.getByRole('textbox', { name: 'Postnummer' }).fill('7532');
    await next.getByRole('textbox', { name: 'Postort' }).fill('Uppsala');
    await page.getByRole('button', { name: 'Fortsätt', exact: true }).click();
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link')).toHaveText([
      'Ny adress: Skriv postnumret med fem siffror, till exempel 123 45.',
      'Flyttdatum: Svara på frågan.',
    ]);
    await expectNoAxeViolations(page, 'question page with errors');
    await summary.getByRole('link').first().click();
    const postal = next.getByRole('textbox', { name: 'Postnummer' });
    await expect(postal).toBeFocused();
    await expect(postal).toHaveAttribute('aria-invalid', 'true');
    await expect(postal).toHaveValue('7532');
    await expect(next.getByRole('textbox', { name: 'Gatuadress' })).toHaveValue('Storgatan 5');
    await postal.fill('753 20');
    const date = page.getByRole('textbox', { name: 'Flyttdatum' });
    await expect(date).toHaveAttribute('aria-invalid', 'true');
    await date.fill(isoDateInDays(10));
    await continueTo(page, 'Vilka flyttar');

    // Page 3: the follow-up question appears as soon as "Ja" is chosen.
    const who = page.getByRole('textbox', { name: 'Vilka flyttar med dig?' });
    await expect(who).toHaveCount(0);
    await page.getByRole('radio', { name: 'Ja' }).check();
    await expect(who).toBeVisible();
    await who.fill('Kalle Andersson 20150101-1234');
    await continueTo(page, 'Om vi behöver nå dig');

    // Page 4: a changed answer.
    const email = page.getByRole('textbox', { name: /^E-postadress/ });
    await email.fill('anna.flytt@example.se');
    await continueTo(page, 'Kontrollera dina svar');
    await expect(page).toHaveURL(/\/e-tjanster\/flyttanmalan\/kontrollera$/);
    await expectNoAxeViolations(page, 'check your answers');

    // Check your answers: readable answers, a Change link each.
    const row = (label: string) => page.locator('.summary-row').filter({ has: page.locator('dt', { hasText: label }) });
    await expect(row('Ny adress').locator('.summary-value')).toHaveText(/Storgatan 5\s*753 20 UPPSALA/, { useInnerText: true });
    await expect(row('Flyttar någon mer med dig?').locator('.summary-value')).toHaveText('Ja');
    await expect(row('E-postadress').locator('.summary-value')).toHaveText('anna.flytt@example.se');
    await page.getByRole('link', { name: 'Ändra Vilka flyttar med dig?' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Vilka flyttar' })).toBeFocused();
    await expect(page).toHaveURL(/\/sida\/vilka-flyttar\?tillbaka=kontrollera$/);
    await expect(who).toHaveValue('Kalle Andersson 20150101-1234');
    await who.fill('Kalle Andersson 20150101-1234 och Lisa Andersson 20170303-2345');
    await continueTo(page, 'Kontrollera dina svar');
    await expect(row('Vilka flyttar med dig?').locator('.summary-value')).toContainText('Lisa Andersson');

    // Sent once, however often the button is pressed.
    const submissions: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/eservices\/flyttanmalan\/submissions$/.test(r.url())) submissions.push(r.url());
    });
    await page.getByRole('button', { name: 'Skicka', exact: true }).dblclick();
    const receiptHeading = page.getByRole('heading', { level: 1, name: 'Dina svar är skickade' });
    await expect(receiptHeading).toBeFocused();
    await expect(page).toHaveURL(/\/e-tjanster\/flyttanmalan\/kvittens$/);
    expect(submissions).toHaveLength(1);
    await expect(page.locator('.receipt-number')).not.toHaveText('');
    await expect(page.getByRole('status').filter({ hasText: 'Dina svar är skickade.' })).toBeVisible();
    await expect(page.locator('.eservice-receipt .checksum').first()).toHaveText(/^[0-9a-f]{64}$/);
    await expect(page.getByRole('group', { name: 'Hur lätt var det att göra det här?' })).toBeVisible();
    await expectNoAxeViolations(page, 'receipt');
    const matter = await page.locator('.eservice-receipt .dl-row a[href^="/arenden/"]').getAttribute('href');
    expect(matter).toMatch(/^\/arenden\/\d+$/);

    // The agency fetches the same answers, in their canonical form, with the checksum shown.
    const receiptNumber = (await page.locator('.receipt-number').innerText()).trim();
    const checksum = (await page.locator('.eservice-receipt .checksum').first().innerText()).trim();
    const fetched = await (await system(request, 'GET', '/eservices/flyttanmalan/submissions?limit=200')).json();
    const sent = fetched.submissions.find((s: { receipt_number: string }) => s.receipt_number === receiptNumber);
    expect(sent, `submission ${receiptNumber}`).toBeTruthy();
    expect(sent.answers_sha256).toBe(checksum);
    expect(`/arenden/${sent.matter_id}`).toBe(matter);
    const answer = (q: string) => sent.answers.find((a: { question: string }) => a.question === q)?.answer;
    expect(answer('ny-adress')).toEqual({ care_of: '', street: 'Storgatan 5', postal_code: '753 20', town: 'UPPSALA' });
    expect(answer('fler')).toBe('yes');
    expect(answer('vilka')).toBe('Kalle Andersson 20150101-1234 och Lisa Andersson 20170303-2345');
    expect(answer('epost')).toBe('anna.flytt@example.se');
    expect(answer('flyttdatum')).toBe(isoDateInDays(10));

    // The matter is among Anna's matters.
    await openHeaderMenuIfCollapsed(page);
    await mainNav(page).getByRole('link', { name: 'Mina ärenden', exact: true }).click();
    await waitForContent(page, '.card-title a');
    await expect(page.locator(`.card-title a[href="${matter}"]`)).toBeVisible();
    // Reloaded, the receipt is no longer in memory: the inbox has it.
    await page.goto('/e-tjanster/flyttanmalan/kvittens');
    await waitForApp(page);
    await expect(page.getByText('Kvittensen visas här bara direkt efter att du har skickat. Du hittar den i din inkorg.')).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('a draft is continued after logging out and in again, and can be started over', async ({ page }) => {
    const problems = watchConsole(page);
    await loginAs(page, 'Anna Andersson');
    await openService(page, 'Beställ personbevis');
    await page.getByRole('link', { name: 'Starta', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Vilket personbevis behöver du?' })).toBeFocused();
    await page.getByRole('radio', { name: 'Personbevis med familjeuppgifter' }).check();
    await page.getByRole('textbox', { name: 'Antal exemplar' }).fill('2');
    await continueTo(page, 'Hur vill du få personbeviset?');
    await expect(page.getByRole('status').filter({ hasText: 'Dina svar är sparade.' })).toBeVisible();

    // Logged out and in again: the list offers to continue, the answers are there.
    await openHeaderMenuIfCollapsed(page);
    await page.locator('.site-header .whoami + button').click();
    await expect(page).toHaveURL(/\/logga-in$/);
    await loginAs(page, 'Anna Andersson');
    await openHeaderMenuIfCollapsed(page);
    await mainNav(page).getByRole('link', { name: 'E-tjänster', exact: true }).click();
    const card = page.locator('.eservice-card').filter({ hasText: 'Beställ personbevis' });
    await card.getByRole('link', { name: /^Fortsätt där du slutade \(sparad .+\) – Beställ personbevis$/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Beställ personbevis' })).toBeFocused();
    await expect(page.getByText(/^Du har påbörjat e-tjänsten\. Dina svar sparades /)).toBeVisible();
    await page.getByRole('link', { name: 'Fortsätt', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await spaNavigate(page, '/e-tjanster/bestall-personbevis/sida/intyg');
    await expect(page.getByRole('radio', { name: 'Personbevis med familjeuppgifter' })).toBeChecked();
    await expect(page.getByRole('textbox', { name: 'Antal exemplar' })).toHaveValue('2');

    // Start over: the draft is gone.
    await page.locator('.back-link a').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Beställ personbevis' })).toBeFocused();
    await page.getByRole('button', { name: 'Börja om' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Dina sparade svar är borttagna.' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Starta', exact: true })).toBeFocused();
    await page.getByRole('link', { name: 'Starta', exact: true }).click();
    await expect(page.getByRole('radio', { name: 'Personbevis med familjeuppgifter' })).not.toBeChecked();
    expect(problems).toEqual([]);
  });

  test('keyboard only: a page answered, an error corrected and continued without a pointer', async ({ page }) => {
    await loginAs(page, 'Anna Andersson');
    await openService(page, 'Beställ personbevis');
    const start = page.getByRole('link', { name: 'Starta', exact: true });
    await start.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Vilket personbevis behöver du?' })).toBeFocused();
    // Tab from the heading to the first radio, choose with the arrow keys (a radio group).
    const first = page.getByRole('radio', { name: 'Personbevis om folkbokföring' });
    for (let i = 0; i < 20 && !(await first.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(first).toBeFocused();
    await page.keyboard.press('Space');
    await expect(first).toBeChecked();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('radio', { name: 'Personbevis med familjeuppgifter' })).toBeChecked();
    // On to the number, typed wrong, and Continue with Enter.
    await page.keyboard.press('Tab');
    const count = page.getByRole('textbox', { name: 'Antal exemplar' });
    await expect(count).toBeFocused();
    await page.keyboard.type('9');
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(summary.getByRole('link').first()).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(count).toBeFocused();
    await expect(count).toHaveAttribute('aria-invalid', 'true');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Hur vill du få personbeviset?' })).toBeFocused();
    // Back with the keyboard too.
    await page.locator('.back-link a').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Vilket personbevis behöver du?' })).toBeFocused();
    await expect(count).toHaveValue('1');
  });

  test('for a company through a signatory mandate: prefilled organisation, live follow-up question, files uploaded and removed', async ({ page }) => {
    const problems = watchConsole(page);
    const company = 'Andersson Konsult AB';
    await loginAs(page, 'Anna Andersson');
    await page.goto('/agera-for');
    await waitForApp(page);
    await page.getByRole('button', { name: `Agera för ${company}` }).click();
    await expect(page).toHaveURL(/\/$/);
    await waitForApp(page);
    await openService(page, 'Ändra F-skatt och momsregistrering');
    await expect(page.getByText(`Du fyller i e-tjänsten för ${company}.`)).toBeVisible();
    await page.getByRole('link', { name: 'Starta', exact: true }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Företaget' })).toBeFocused();
    const orgnr = page.getByRole('textbox', { name: 'Organisationsnummer' });
    await expect(orgnr).not.toHaveValue('');
    await expect(orgnr).toHaveAttribute('inputmode', 'numeric');
    await expect(page.getByRole('textbox', { name: 'Företagets namn' })).toHaveValue(company);
    await continueTo(page, 'Registreringar');

    // The turnover question is shown only while VAT is chosen.
    const vat = page.getByRole('checkbox', { name: 'Moms' });
    const turnover = page.getByRole('textbox', { name: /^Beräknad omsättning per år/ });
    if (await vat.isChecked()) await vat.uncheck();
    await expect(turnover).toHaveCount(0);
    await vat.check();
    await expect(turnover).toBeVisible();
    await turnover.fill('1 200 000');
    await page.getByRole('textbox', { name: 'Från och med' }).fill(isoDateInDays(30));
    await continueTo(page, 'Underlag och övrigt');

    // A file uploaded as when writing in a matter, listed with a remove button.
    const files = page.getByLabel(/^Underlag/);
    await files.setInputFiles({ name: 'protokoll.pdf', mimeType: 'application/pdf', buffer: makePdf('Protokoll') });
    const uploaded = page.getByRole('list', { name: 'Uppladdade filer' });
    await expect(uploaded.getByRole('listitem').filter({ hasText: 'protokoll.pdf' })).toContainText('Uppladdad');
    await expectNoAxeViolations(page, 'file question with an upload');
    await uploaded.getByRole('button', { name: 'Ta bort protokoll.pdf' }).click();
    await expect(uploaded.getByRole('listitem')).toHaveCount(0);
    await expect(files).toBeFocused();
    await files.setInputFiles({ name: 'beslut.pdf', mimeType: 'application/pdf', buffer: makePdf('Beslut') });
    await expect(uploaded.getByRole('listitem').filter({ hasText: 'beslut.pdf' })).toContainText('Uppladdad');
    await continueTo(page, 'Kontrollera dina svar');
    const row = (label: string) => page.locator('.summary-row').filter({ has: page.locator('dt', { hasText: label }) });
    await expect(row('Underlag').locator('.summary-value')).toHaveText('beslut.pdf');
    await expect(row('Beräknad omsättning per år').locator('.summary-value')).toHaveText('1200000 kr');
    await expect(row('Företaget ska vara registrerat för').locator('.summary-value')).toContainText('Moms');

    // Back to herself, so the session is as the other tests expect it.
    await page.getByRole('region', { name: 'Du agerar för' }).getByRole('button', { name: 'Agera för dig själv' }).click();
    await expect(page.getByRole('region', { name: 'Du agerar för' })).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('a language switch keeps what was typed; agency texts stay marked as Swedish', async ({ page }) => {
    touched.add(ANNA);
    await login(page, 'Anna Andersson');
    await openService(page, 'Beställ personbevis');
    await page.getByRole('link', { name: 'Starta', exact: true }).click();
    await page.getByRole('textbox', { name: 'Antal exemplar' }).fill('3');
    await chooseLanguage(page, 'English');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'Continue', exact: true })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Antal exemplar' })).toHaveValue('3');
    await expect(page.locator('main h1 > span')).toHaveAttribute('lang', 'sv');
    await expectNoAxeViolations(page, 'question page in English');
  });
});

// --- Every page of a filling-in in every display mode -------------------------------------

test.describe('e-service pages in every display mode have no axe violations', () => {
  for (const mode of MODES) {
    test(`mode: ${mode.name}`, async ({ page }) => {
      test.setTimeout(120_000);
      const problems = watchConsole(page);
      if (mode.media) await page.emulateMedia(mode.media);
      touched.add(ANNA);
      await login(page, 'Anna Andersson');
      if (mode.choose) await mode.choose(page);

      await page.goto('/e-tjanster');
      await waitForContent(page, '.eservice-card');
      await openHeaderMenuIfCollapsed(page);
      await expectNoAxeViolations(page, `e-services list, mode ${mode.name}`);

      await page.goto('/e-tjanster/bestall-personbevis/sida/intyg');
      await waitForContent(page, '#q-typ-0');
      await expectNoAxeViolations(page, `question page, mode ${mode.name}`);
      // With errors shown.
      await page.locator('form.eservice-form button[type=submit]').click();
      await expect(page.locator('.error-summary')).toBeFocused();
      await expectNoAxeViolations(page, `question page with errors, mode ${mode.name}`);

      await page.goto('/e-tjanster/flyttanmalan/kontrollera');
      await waitForContent(page, '.summary-list');
      await expectNoAxeViolations(page, `check your answers, mode ${mode.name}`);

      await page.goto('/e-tjanster/flyttanmalan');
      await waitForContent(page, '#eservice-start');
      await expectNoAxeViolations(page, `start page, mode ${mode.name}`);
      expect(problems).toEqual([]);
    });
  }

  test('the receipt in the display modes chosen without leaving it', async ({ page }) => {
    test.setTimeout(120_000);
    touched.add(ANNA);
    await login(page, 'Anna Andersson');
    await openService(page, 'Beställ personbevis');
    await page.getByRole('link', { name: 'Starta', exact: true }).click();
    await page.getByRole('radio', { name: 'Personbevis om folkbokföring' }).check();
    await page.getByRole('textbox', { name: 'Antal exemplar' }).fill('1');
    await continueTo(page, 'Hur vill du få personbeviset?');
    await page.getByRole('radio', { name: 'Digitalt, till Min sida' }).check();
    await continueTo(page, 'Kontrollera dina svar');
    await page.getByRole('button', { name: 'Skicka', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Dina svar är skickade' })).toBeFocused();
    await expectNoAxeViolations(page, 'receipt, default');
    for (const media of [{ colorScheme: 'dark' as const }, { reducedMotion: 'reduce' as const }, { forcedColors: 'active' as const }]) {
      await page.emulateMedia(media);
      await expectNoAxeViolations(page, `receipt, ${JSON.stringify(media)}`);
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference', forcedColors: 'none' });
    }
    for (const [name, tag] of [['English', 'en'], ['Suomi', 'fi'], ['العربية', 'ar']]) {
      await chooseLanguage(page, name);
      await expect(page.locator('html')).toHaveAttribute('lang', tag);
      await expect(page.locator('.receipt-number')).toBeVisible();
      await expectNoAxeViolations(page, `receipt in ${name}`);
    }
    await chooseLanguage(page, 'Svenska');
  });
});
