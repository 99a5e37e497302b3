import { test, expect } from '@playwright/test';
import { expectNoAxeViolations, loginAs, waitForApp, watchConsole } from './helpers';

test.describe('login with the test identity provider', () => {
  test('login page is accessible, clearly marked as test, and validates input', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/');
    // Not logged in: the start page sends the visitor to the login page.
    await expect(page).toHaveURL(/\/logga-in$/);
    await waitForApp(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Logga in på Min sida' })).toBeVisible();
    await expect(page).toHaveTitle('Logga in på Min sida – Min sida');
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
    await expect(page.getByText('Endast för test och demonstration')).toBeVisible();
    await expectNoAxeViolations(page, 'login page');

    // Empty input: error summary gets focus and links to the field.
    const field = page.getByLabel('Personnummer');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link', { name: 'Fyll i fältet.' })).toBeVisible();

    // Bad check digit: the server rejects it, the text typed stays.
    await field.fill('19811218-9875');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await expect(summary.getByRole('link', { name: /Skriv ett giltigt personnummer/ })).toBeVisible();
    await expect(field).toHaveValue('19811218-9875');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, 'login page with errors');
    await summary.getByRole('link').click();
    await expect(field).toBeFocused();

    // Valid number of someone who is not a test person.
    await field.fill('19121212-1212x');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await expect(summary.getByRole('link', { name: /Skriv ett giltigt personnummer/ })).toBeVisible();
    await field.fill('194910112392');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await expect(summary.getByRole('link', { name: 'Det finns ingen testperson med det personnumret.' })).toBeVisible();

    // 10-digit form of a test person logs in.
    await field.fill('811218-9876');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Välkommen, Anna' })).toBeVisible();
    await expect(page).toHaveURL(/\/$/);
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });

  test('start page shows the person and only working entry points', async ({ page }) => {
    const problems = watchConsole(page);
    await loginAs(page, 'Anna Andersson');
    await expect(page).toHaveTitle('Start – Min sida');
    await expect(page.getByText('Inloggad som')).toBeVisible();
    await expect(page.locator('.whoami strong')).toHaveText('Anna Andersson');
    await expect(page.getByText('Testmiljö: här används bara påhittade testpersoner.')).toBeVisible();
    // Anna has companies and persons to act for: the header says whom she acts for and offers switching.
    await expect(page.locator('.site-header').getByText('Du agerar för dig själv.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Agera för ett företag eller en annan person' })).toHaveAttribute('href', '/agera-for');
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    await expect(nav.getByRole('link')).toHaveText(['Start', /^Meddelanden( \d+ olästa)?$/, 'Mina ärenden', 'E-tjänster', 'Mina uppgifter', 'Kontaktval']);
    await expect(nav.getByRole('link', { name: 'Start' })).toHaveAttribute('aria-current', 'page');
    await expect(nav.getByRole('link', { name: /^Meddelanden/ })).toHaveAttribute('href', '/meddelanden');
    await expect(nav.getByRole('link', { name: 'Mina ärenden' })).toHaveAttribute('href', '/arenden');
    await expect(nav.getByRole('link', { name: 'E-tjänster' })).toHaveAttribute('href', '/e-tjanster');
    await expect(nav.getByRole('link', { name: 'Mina uppgifter' })).toHaveAttribute('href', '/mina-uppgifter');
    await expect(nav.getByRole('link', { name: 'Kontaktval' })).toHaveAttribute('href', '/kontaktval');

    // The services, as cards.
    const services = page.getByRole('region', { name: 'Dina tjänster' });
    await expect(services.getByRole('heading', { level: 3 })).toHaveText([
      'Meddelanden',
      'Mina ärenden',
      'Mina uppgifter',
      'Kontaktval',
      'Ombud för dig',
      'Vem har tittat på mina uppgifter',
    ]);
    await expect(services.getByRole('link', { name: 'Meddelanden', exact: true })).toHaveAttribute('href', '/meddelanden');
    await expect(services.getByRole('link', { name: 'Mina ärenden', exact: true })).toHaveAttribute('href', '/arenden');
    await expect(services.getByRole('link', { name: 'Mina uppgifter', exact: true })).toHaveAttribute('href', '/mina-uppgifter');
    await expect(services.getByRole('link', { name: 'Kontaktval', exact: true })).toHaveAttribute('href', '/kontaktval');
    await expect(services.getByRole('link', { name: 'Ombud för dig', exact: true })).toHaveAttribute('href', '/ombud');
    await expect(services.getByRole('link', { name: 'Vem har tittat på mina uppgifter', exact: true })).toHaveAttribute('href', '/atkomstlogg');

    // What waits for Anna: the open request to supplement in her moving matter and unread messages.
    const todo = page.getByRole('region', { name: 'Att göra' });
    await expect(todo.getByRole('heading', { level: 2, name: 'Att göra' })).toBeVisible();
    const request = todo.getByRole('listitem').filter({ hasText: 'Vi behöver komplettering från dig' });
    await expect(request.getByRole('link')).toHaveText(/^Flyttanmälan till Sveavägen 12 \(.+\)$/);
    await expect(request.getByRole('link')).toHaveAttribute('href', /^\/arenden\/\d+$/);
    const unread = todo.getByRole('listitem').filter({ hasText: 'Oläst meddelande' });
    expect(await unread.count()).toBeGreaterThanOrEqual(1);
    expect(await unread.count()).toBeLessThanOrEqual(3);
    await expect(unread.first().getByRole('link')).toHaveAttribute('href', /^\/meddelanden\/\d+$/);
    await expect(todo.getByText('Du har inget som väntar just nu.')).toHaveCount(0);
    await expectNoAxeViolations(page, 'start page');

    // Every link on the page leads somewhere that exists.
    const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThanOrEqual(5);
    for (const href of new Set(hrefs)) {
      expect(href).toMatch(/^\/(mina-uppgifter|kontaktval|ombud|atkomstlogg|meddelanden(\/\d+)?|arenden(\/\d+)?)?$/);
      await page.goto(href);
      await waitForApp(page);
      await expect(page.getByText('Laddar …'), href).toHaveCount(0);
      await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' }), href).toHaveCount(0);
      await expect(page.getByText('Vi hittade inte det du söker.'), href).toHaveCount(0);
    }
    expect(problems).toEqual([]);
  });
});

test.describe('Mina uppgifter', () => {
  test('shows registered data read-only and edits contact details with validation', async ({ page }) => {
    const problems = watchConsole(page);
    await loginAs(page, 'Anna Andersson');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mina uppgifter' }).click();
    const h1 = page.getByRole('heading', { level: 1, name: 'Mina uppgifter' });
    await expect(h1).toBeVisible();
    // Focus moves to the new page's heading on route change.
    await expect(h1).toBeFocused();
    await expect(page).toHaveTitle('Mina uppgifter – Min sida');

    const registered = page.getByRole('region', { name: 'Folkbokföring' });
    await expect(registered.getByText('Anna Maria Andersson')).toBeVisible();
    await expect(registered.getByText('19811218-9876')).toBeVisible();
    await expect(registered.getByText('Storgatan 1')).toBeVisible();
    await expect(registered.getByText('111 22 Stockholm')).toBeVisible();
    await expect(registered.getByText('18 december 1981')).toBeVisible();
    await expect(registered.getByRole('textbox')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Stämmer något inte?' })).toBeVisible();

    // Prefilled with what the agency already has.
    const email = page.getByLabel('E-postadress');
    const mobile = page.getByLabel('Mobilnummer');
    await expect(email).toHaveValue('anna.andersson@example.se');
    await expect(mobile).toHaveValue('+46701234567');
    await expectNoAxeViolations(page, 'personal details page');

    // Invalid input: both errors listed, focus on the summary, nothing typed is lost.
    await email.fill('anna@');
    await mobile.fill('12345');
    await page.getByRole('button', { name: 'Spara kontaktuppgifter' }).click();
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link')).toHaveCount(2);
    await expect(page.locator('#email-error')).toHaveText('Skriv e-postadressen så här: namn@exempel.se');
    await expect(page.locator('#mobile-error')).toContainText('Skriv ett mobilnummer');
    await expect(email).toHaveValue('anna@');
    await expect(mobile).toHaveValue('12345');
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toHaveAttribute('aria-describedby', 'email-hint email-error');
    await expectNoAxeViolations(page, 'personal details page with errors');
    await summary.getByRole('link', { name: /mobilnummer/ }).click();
    await expect(mobile).toBeFocused();

    // The server validates again: a request that skips the SPA's checks is refused.
    const csrf = await page.evaluate(async () => (await (await fetch('/api/session')).json()).csrf_token);
    const direct = await page.evaluate(async (token) => {
      const r = await fetch('/api/me/contact', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify({ email: 'not-an-email', mobile: '070' }),
      });
      return { status: r.status, body: await r.json() };
    }, csrf);
    expect(direct.status).toBe(422);
    expect(direct.body.code).toBe('validation');
    expect(direct.body.fields.map((f: any) => f.field).sort()).toEqual(['email', 'mobile']);

    // Valid input is saved, normalised, announced and persists across a reload.
    await email.fill('  anna.ny@Exempel.SE ');
    await mobile.fill('070-111 22 33');
    await page.getByRole('button', { name: 'Spara kontaktuppgifter' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Dina kontaktuppgifter är sparade.' })).toBeVisible();
    await expect(summary).toBeHidden();
    await expect(email).toHaveValue('anna.ny@exempel.se');
    await expect(mobile).toHaveValue('+46701112233');
    await expect(page.getByText(/Senast ändrade:/)).toBeVisible();

    await page.reload();
    await waitForApp(page);
    await expect(page.getByLabel('E-postadress')).toHaveValue('anna.ny@exempel.se');
    await expect(page.getByLabel('Mobilnummer')).toHaveValue('+46701112233');

    // Removing a detail by leaving it empty.
    await page.getByLabel('Mobilnummer').fill('');
    await page.getByRole('button', { name: 'Spara kontaktuppgifter' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Dina kontaktuppgifter är sparade.' })).toBeVisible();
    await page.reload();
    await waitForApp(page);
    await expect(page.getByLabel('Mobilnummer')).toHaveValue('');
    expect(problems).toEqual([]);
  });

  test('a coordination number holder sees the special postal address', async ({ page }) => {
    await loginAs(page, 'Lars Berg');
    await page.goto('/mina-uppgifter');
    await waitForApp(page);
    const registered = page.getByRole('region', { name: 'Folkbokföring' });
    await expect(registered.getByText('Samordningsnummer')).toBeVisible();
    await expect(registered.getByText('19701063-2391')).toBeVisible();
    await expect(registered.getByText('Särskild postadress')).toBeVisible();
    await expect(registered.getByText('Box 123')).toBeVisible();
    await expectNoAxeViolations(page, 'personal details of a coordination number holder');
  });
});

test.describe('session', () => {
  test('logout ends the session on the server', async ({ page }) => {
    await loginAs(page, 'Anna Andersson');
    await page.goto('/mina-uppgifter');
    await waitForApp(page);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.endsWith('minsida_session'));
    expect(session, 'session cookie').toBeTruthy();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe('Strict');
    // Not readable from scripts.
    expect(await page.evaluate(() => document.cookie)).not.toContain('minsida_session');

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await expect(page).toHaveURL(/\/logga-in$/);
    await expect(page.getByRole('status').filter({ hasText: 'Du är nu utloggad.' })).toBeVisible();
    await expectNoAxeViolations(page, 'login page after logout');

    // Replaying the old cookie gets nothing: the session is dead on the server.
    const replay = await page.request.get('/api/me', {
      headers: { cookie: `${session!.name}=${session!.value}` },
    });
    expect(replay.status()).toBe(401);

    // Protected pages send the visitor to login, and back after logging in.
    await page.goto('/mina-uppgifter');
    await expect(page).toHaveURL(/\/logga-in\?next=\/mina-uppgifter$/);
    await waitForApp(page);
    await page.getByRole('button', { name: /Logga in som Anna Andersson/ }).click();
    await expect(page).toHaveURL(/\/mina-uppgifter$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Mina uppgifter' })).toBeVisible();
  });
});

test.describe('shell', () => {
  test('language switch translates and keeps what the person typed', async ({ page }) => {
    await loginAs(page, 'Anna Andersson');
    await page.goto('/mina-uppgifter');
    await waitForApp(page);
    const email = page.getByLabel('E-postadress');
    await email.fill('typed.but.not.saved@example.se');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'My details' })).toBeVisible();
    await expect(page).toHaveTitle('My details – My page');
    await expect(page.getByLabel('Email address')).toHaveValue('typed.but.not.saved@example.se');
    await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    await expectNoAxeViolations(page, 'personal details page in English');
    // Remembered on this device.
    await page.reload();
    await waitForApp(page);
    await expect(page.getByRole('heading', { level: 1, name: 'My details' })).toBeVisible();
    await page.getByRole('button', { name: 'Svenska' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  });

  test('skip link, keyboard login and the not-found page', async ({ page }) => {
    await page.goto('/logga-in');
    await waitForApp(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Gå direkt till innehållet' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();

    // Log in with the keyboard only.
    const field = page.getByLabel('Personnummer');
    await field.focus();
    await page.keyboard.type('198112189876');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Välkommen, Anna' })).toBeVisible();

    await page.goto('/finns-inte');
    await waitForApp(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' })).toBeVisible();
    await expect(page).toHaveTitle('Sidan finns inte – Min sida');
    await expectNoAxeViolations(page, 'not-found page');
  });

  test('strict security headers and no inline script', async ({ page, request }) => {
    const response = await page.goto('/logga-in');
    const headers = response!.headers();
    const csp = headers['content-security-policy'];
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['permissions-policy']).toContain('camera=()');
    const html = await response!.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    await waitForApp(page);
    const api = await request.get('/api/health');
    expect(api.headers()['content-security-policy']).toBeTruthy();
    expect(api.headers()['cache-control']).toBe('no-store');
  });
});
