import { test, expect, Page } from '@playwright/test';
import {
  ANNA,
  TOLVAN,
  expectNoAxeViolations,
  openHeaderMenuIfCollapsed,
  waitForApp,
  watchConsole,
} from './helpers';

// Logging in with a real e-ID provider over OpenID Connect (authorization code with PKCE):
// the OpenID Connect test provider e2e/oidc-provider.mjs, started by playwright.config.ts and
// configured in the server as `e2e-idp` ("Test-e-legitimation", accepted acr loa3 and loa4).
// The browser really leaves Min sida for the provider's own login page and comes back.

const IDP = process.env.E2E_IDP_ISSUER!;
const PROVIDER_LINK = 'Logga in med Test-e-legitimation';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The login page's e-ID section (one button-styled link per provider). */
function eidSection(page: Page) {
  return page.getByRole('region', { name: 'Logga in med e-legitimation' });
}

/** On the login page: go to the provider and wait for its own login form. */
async function startAtProvider(page: Page) {
  await eidSection(page).getByRole('link', { name: PROVIDER_LINK }).click();
  await expect(page).toHaveURL(new RegExp(`^${escape(IDP)}/interaction/`));
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in med Test-e-legitimation' })).toBeVisible();
}

/** At the provider's login form: log in with the test account's password. */
async function loginAtProvider(page: Page, username: string) {
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill('test');
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
}

/** The app's own view of the browser's session. */
async function sessionState(page: Page): Promise<string> {
  const response = await page.request.get('/api/session');
  expect(response.status()).toBe(200);
  return (await response.json()).state;
}

test.describe('login with an e-ID provider (OpenID Connect)', () => {
  test('a person opens a protected page, logs in at the provider, lands there, and logs out at the provider too', async ({ page }) => {
    const problems = watchConsole(page);

    // Logged out, a protected page sends the person to login, remembering where they were going.
    await page.goto('/meddelanden');
    await expect(page).toHaveURL(/\/logga-in\?next=\/meddelanden$/);
    await waitForApp(page);
    await expect(eidSection(page)).toMatchAriaSnapshot(`
      - region "Logga in med e-legitimation":
        - heading "Logga in med e-legitimation" [level=2]
        - list:
          - listitem:
            - link "${PROVIDER_LINK}"
    `);
    // The link is a full page load of the server's start URL, carrying `next` along.
    await expect(eidSection(page).getByRole('link', { name: PROVIDER_LINK })).toHaveAttribute(
      'href',
      '/api/auth/oidc/e2e-idp/start?next=%2Fmeddelanden',
    );
    // The test provider is still offered, clearly marked, beside the real one.
    await expect(page.getByRole('region', { name: 'Testinloggning' })).toBeVisible();
    await expectNoAxeViolations(page, 'login page with an e-ID provider');

    await startAtProvider(page);
    await loginAtProvider(page, ANNA);

    // Back in Min sida, logged in, on the page the person wanted.
    await expect(page).toHaveURL(/\/meddelanden$/);
    await waitForApp(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Meddelanden' })).toBeVisible();
    await openHeaderMenuIfCollapsed(page);
    await expect(page.locator('.site-header .whoami')).toContainText('Anna Andersson');
    expect(await sessionState(page)).toBe('logged_in');

    // Logging out ends the session in Min sida and then at the provider (RP-initiated
    // logout): the provider asks for confirmation on its own page ("Ja, logga ut").
    await page.locator('.site-header').getByRole('button', { name: 'Logga ut' }).click();
    await expect(page).toHaveURL(new RegExp(`^${escape(IDP)}/session/end`));
    expect(await sessionState(page)).toBe('anonymous');
    await page.getByRole('button', { name: 'Ja, logga ut' }).click();

    // The provider sends the browser back to the login page, which says so.
    await expect(page).toHaveURL(/\/logga-in\?logged_out=1(&|$)/);
    await waitForApp(page);
    await expect(page.getByRole('status').filter({ hasText: 'Du är nu utloggad.' })).toBeVisible();
    await expect(page.locator('.site-header').getByRole('button', { name: 'Logga ut' })).toHaveCount(0);
    expect(await sessionState(page)).toBe('anonymous');

    // The provider's session ended too: logging in again asks for the password again.
    await startAtProvider(page);
    await expect(page.getByLabel('Lösenord')).toBeVisible();

    expect(problems).toEqual([]);
  });

  test('an e-ID with too low a level of assurance is refused with an explanation', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/logga-in');
    await waitForApp(page);
    await startAtProvider(page);
    // Tolvan's e-ID is at level loa2; Min sida accepts loa3 and loa4.
    await loginAtProvider(page, TOLVAN);

    await expect(page).toHaveURL(/\/logga-in\?login_error=assurance$/);
    await waitForApp(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Logga in på Min sida' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText(
      'Din e-legitimation har inte den säkerhetsnivå som Min sida kräver, så du är inte inloggad.',
    );
    // What to do next is part of the message.
    await expect(page.getByRole('alert')).toContainText('högre säkerhetsnivå');
    // Not logged in, and the way to try again is right there.
    expect(await sessionState(page)).toBe('anonymous');
    await expect(page.locator('.site-header').getByRole('button', { name: 'Logga ut' })).toHaveCount(0);
    await expect(eidSection(page).getByRole('link', { name: PROVIDER_LINK })).toBeVisible();
    await expectNoAxeViolations(page, 'login page after a refused login (assurance)');
    expect(problems).toEqual([]);
  });

  test('cancelling at the provider returns to the login page, keeping where the person was going', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/arenden');
    await expect(page).toHaveURL(/\/logga-in\?next=\/arenden$/);
    await waitForApp(page);
    await startAtProvider(page);
    await page.getByRole('button', { name: 'Avbryt' }).click();

    await expect(page).toHaveURL(/\/logga-in\?login_error=cancelled&next=%2Farenden$/);
    await waitForApp(page);
    await expect(page.getByRole('alert')).toContainText('Du avbröt inloggningen och är inte inloggad.');
    expect(await sessionState(page)).toBe('anonymous');
    // Trying again still leads to the page the person wanted.
    await expect(eidSection(page).getByRole('link', { name: PROVIDER_LINK })).toHaveAttribute(
      'href',
      '/api/auth/oidc/e2e-idp/start?next=%2Farenden',
    );
    await expectNoAxeViolations(page, 'login page after cancelling at the provider');

    await startAtProvider(page);
    await loginAtProvider(page, ANNA);
    await expect(page).toHaveURL(/\/arenden$/);
    await waitForApp(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Mina ärenden' })).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('an unknown failure code gets the general message', async ({ page }) => {
    await page.goto('/logga-in?login_error=something_new');
    await waitForApp(page);
    await expect(page.getByRole('alert')).toContainText('Inloggningen misslyckades och du är inte inloggad.');
  });
});
