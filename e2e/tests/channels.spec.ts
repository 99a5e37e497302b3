import { test, expect, Page } from '@playwright/test';
import * as crypto from 'node:crypto';
import {
  expectNoAxeViolations,
  loginAs,
  mainNav,
  readMails,
  readSms,
  SinkMail,
  sixDigitCodes,
  smsText,
  system,
  SYSTEM,
  TOLVAN,
  waitForApp,
  waitForMail,
  waitForSms,
  watchConsole,
} from './helpers';

// Issue 4, "Kontaktval och aviseringar", end to end: the person's choices in the SPA, one-time
// codes that really travel (e-mail over SMTP to the local sink, SMS to <data-dir>/sms.jsonl),
// notices queued when the agency delivers a message and sent by the server's worker, and the
// agency's read of the choices through the system API.
//
// Tolvan Tolvansson is the person here: no other spec file looks at his contact details or
// channel choices, and he starts with no e-mail address or mobile number at all. The tests
// build on each other (address → verified → choices → notices), so they run in order.

const EMAIL = 'tolvan.tolvansson@example.se';
const EMAIL_MASKED = 't***@example.se';
const MOBILE_TYPED = '070-555 12 34';
const MOBILE = '+46705551234';

const KINDS = {
  recurring: 'Deklaration och andra återkommande ärenden',
  life_event: 'Livshändelser, till exempel flytt eller när ett barn föds',
  ongoing: 'Pågående ärenden',
  other: 'Övrigt',
} as const;

const TEXT = {
  title: 'Kontaktval och aviseringar',
  defaultsHeading: 'Du har inte gjort några val ännu. Så här gör vi då:',
  defaults: [
    'Allt vi skickar till dig kommer till din inkorg på Min sida.',
    'Beslut som vi måste skicka på papper kommer också med posten till din folkbokföringsadress.',
    'Du får ingen avisering via e-post eller sms förrän du har verifierat din e-postadress eller ditt mobilnummer och valt det här.',
  ],
  errEmailNotVerified: 'Verifiera din e-postadress först för att kunna få aviseringar via e-post.',
  codeSentEmail: 'Vi har skickat en kod till din e-postadress. Skriv in den nedan.',
  codeSentMobile: 'Vi har skickat en kod i ett sms till ditt mobilnummer. Skriv in den nedan.',
  errCodeFormat: 'Koden består av 6 siffror. Kontrollera att du har skrivit av den rätt.',
  errWrongCode: 'Koden stämmer inte. Kontrollera koden och försök igen.',
  emailVerified: 'Din e-postadress är verifierad. Nu kan du välja aviseringar via e-post.',
  mobileVerified: 'Ditt mobilnummer är verifierat. Nu kan du välja aviseringar via sms och telefonsamtal.',
  saved: 'Dina kontaktval är sparade.',
};

// --- Helpers ---------------------------------------------------------------------------------

/** The page has loaded the person's settings, history and notice log. */
async function expectChannelsLoaded(page: Page) {
  await waitForApp(page);
  await expect(page.getByRole('button', { name: 'Spara kontaktval' })).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
}

/** Opens "Kontaktval" from the main navigation, as a person does. */
async function openChannels(page: Page) {
  await mainNav(page).getByRole('link', { name: 'Kontaktval', exact: true }).click();
  await expect(page).toHaveURL(/\/kontaktval$/);
  await expect(page.getByRole('heading', { level: 1, name: TEXT.title })).toBeFocused();
  await expectChannelsLoaded(page);
}

/** The fieldset of one kind of matter (named by its legend). */
function kindGroup(page: Page, kind: keyof typeof KINDS) {
  return page.getByRole('group', { name: KINDS[kind], exact: true });
}

function emailPanel(page: Page) {
  return page.getByRole('group', { name: 'E-postadress', exact: true });
}

function mobilePanel(page: Page) {
  return page.getByRole('group', { name: 'Mobilnummer', exact: true });
}

function historyRegion(page: Page) {
  return page.getByRole('region', { name: 'Ändringshistorik' });
}

function noticesRegion(page: Page) {
  return page.getByRole('region', { name: 'Skickade aviseringar' });
}

/** Highest id the SMTP sink has handed out so far: later mails have larger ids. */
async function lastMailId(): Promise<number> {
  return Math.max(0, ...(await readMails()).map((m) => m.id));
}

/** Every part of a mail a person or a mail system could read. */
function everythingIn(mail: SinkMail): string {
  return [mail.subject, mail.text, mail.html, mail.raw, JSON.stringify(mail.headers)].join('\n');
}

async function csrfToken(page: Page): Promise<string> {
  return page.evaluate(async () => (await (await fetch('/api/session')).json()).csrf_token);
}

/** The session's channel settings as the server has them. */
async function serverSettings(page: Page): Promise<any> {
  return page.evaluate(async () => {
    const r = await fetch('/api/me/channels');
    return { status: r.status, body: await r.json() };
  });
}

type Focused = { tag: string; id: string; text: string; href: string | null; inNav: string | null; visible: boolean };

/** The focused element and whether it is in the viewport, uncovered and shows a focus ring. */
async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const cs = getComputedStyle(el);
    const ring = !el.matches(':focus-visible') || cs.outlineStyle !== 'none' || cs.boxShadow !== 'none';
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      text: (el.textContent || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim(),
      href: el.getAttribute('href'),
      inNav: el.closest('nav')?.getAttribute('aria-label') ?? null,
      visible:
        r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && !!hit && (hit === el || el.contains(hit)) && ring,
    };
  });
}

/** Presses `key` until the focused element matches; every stop on the way must be visible. */
async function keyTo(page: Page, key: 'Tab' | 'Shift+Tab', wanted: (f: Focused) => boolean, what: string, max = 60) {
  const visited: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    visited.push(f ? `${f.tag}#${f.id}:${f.text.slice(0, 25)}` : '(body)');
    if (!f) continue;
    expect(f.visible, `focused ${f.tag}#${f.id} "${f.text}" is in view, uncovered, with a focus ring`).toBe(true);
    if (wanted(f)) return f;
  }
  throw new Error(`${what} not reached with ${key}; focus went: ${visited.join(' → ')}`);
}

/** Presses "Uppdatera listan" until the notice log shows `count` entries of this purpose and
 * channel, all sent, to the masked address. */
async function expectNoticesSent(
  page: Page,
  purpose: 'Nytt på Min sida' | 'Verifieringskod',
  channel: 'E-post' | 'Sms',
  to: string,
  count = 1,
) {
  const notices = noticesRegion(page);
  const entries = notices.getByRole('listitem').filter({ hasText: purpose }).filter({ hasText: channel });
  await expect(async () => {
    await notices.getByRole('button', { name: 'Uppdatera listan' }).click();
    await expect(page.locator('.loading')).toHaveCount(0);
    await expect(entries.locator('.notice-status')).toHaveText(Array(count).fill('Skickad'), { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(entries.locator('.address-value')).toHaveText(Array(count).fill(to));
  return entries;
}

// --- The tests -------------------------------------------------------------------------------

test.describe.serial('Kontaktval och aviseringar', () => {
  test('a person who never chose anything sees the defaults and adds contact details', async ({ page }) => {
    const problems = watchConsole(page);
    await loginAs(page, 'Tolvan');
    await openChannels(page);
    await expect(page).toHaveTitle(`${TEXT.title} – Min sida`);
    await expect(mainNav(page).getByRole('link', { name: 'Kontaktval', exact: true })).toHaveAttribute('aria-current', 'page');

    // What applies without a choice is explained, and the form shows exactly that.
    const defaults = page.getByRole('note', { name: TEXT.defaultsHeading });
    await expect(defaults.getByRole('listitem')).toHaveText(TEXT.defaults);
    for (const kind of Object.keys(KINDS) as (keyof typeof KINDS)[]) {
      const group = kindGroup(page, kind);
      await expect(group.getByRole('radio', { name: 'Min sida' })).toBeChecked();
      await expect(group.getByRole('checkbox', { name: 'E-post' })).not.toBeChecked();
      await expect(group.getByRole('checkbox', { name: 'Sms' })).not.toBeChecked();
    }
    await expect(page.getByRole('checkbox', { name: 'Jag vill inte få brev på papper' })).not.toBeChecked();
    await expect(page.getByRole('radio', { name: 'Svenska' })).toBeChecked();
    for (const time of ['Kl. 8–10', 'Kl. 10–13', 'Kl. 13–16']) {
      await expect(page.getByRole('checkbox', { name: time })).not.toBeChecked();
    }
    await expect(historyRegion(page)).toContainText('Du har inte ändrat något ännu.');
    await expect(noticesRegion(page)).toContainText('Vi har inte skickat några aviseringar till dig.');

    // Nothing to verify yet: the page says so and links to where the details are given.
    await expect(emailPanel(page)).toContainText('Du har inte angett någon e-postadress.');
    await expect(mobilePanel(page)).toContainText('Du har inte angett något mobilnummer.');
    await expect(emailPanel(page).getByRole('button')).toHaveCount(0);
    await expectNoAxeViolations(page, 'Kontaktval, defaults, no contact details');

    await emailPanel(page).getByRole('link', { name: 'Lägg till under Mina uppgifter' }).click();
    await expect(page).toHaveURL(/\/mina-uppgifter$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Mina uppgifter' })).toBeFocused();
    await page.getByLabel('E-postadress').fill(EMAIL);
    await page.getByLabel('Mobilnummer').fill(MOBILE_TYPED);
    await page.getByRole('button', { name: 'Spara kontaktuppgifter' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Dina kontaktuppgifter är sparade.' })).toBeVisible();
    await expect(page.getByLabel('Mobilnummer')).toHaveValue(MOBILE);

    // Back to Kontaktval through the link next to the contact details.
    await page.getByRole('link', { name: /verifiera e-post och mobilnummer under Kontaktval/ }).click();
    await expect(page).toHaveURL(/\/kontaktval$/);
    await expectChannelsLoaded(page);
    await expect(emailPanel(page).locator('.address-value')).toHaveText(EMAIL);
    await expect(emailPanel(page).getByText('Inte verifierad', { exact: true })).toBeVisible();
    await expect(emailPanel(page).getByRole('button', { name: 'Skicka kod till min e-postadress' })).toBeVisible();
    await expect(mobilePanel(page).locator('.address-value')).toHaveText(MOBILE);
    await expect(mobilePanel(page).getByText('Inte verifierad', { exact: true })).toBeVisible();
    await expect(mobilePanel(page).getByRole('button', { name: 'Skicka kod till mitt mobilnummer' })).toBeVisible();
    // Contact details are not channel choices: the defaults still apply.
    await expect(page.getByRole('note', { name: TEXT.defaultsHeading })).toBeVisible();
    await expectNoAxeViolations(page, 'Kontaktval, defaults, unverified contact details');
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });

  test('e-mail notices before the address is verified are refused with the reason, nothing else lost', async ({ page }) => {
    const problems = watchConsole(page);
    await loginAs(page, 'Tolvan');
    await openChannels(page);

    // Other choices made in the same go must survive the refusal.
    await page.getByRole('checkbox', { name: 'Kl. 13–16' }).check();
    await page.getByRole('radio', { name: 'Engelska' }).check();
    await kindGroup(page, 'life_event').getByRole('radio', { name: 'Brev' }).check();
    const box = kindGroup(page, 'ongoing').getByRole('checkbox', { name: 'E-post' });
    await box.check();
    await page.getByRole('button', { name: 'Spara kontaktval' }).click();

    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('heading')).toHaveText('Rätta följande innan du fortsätter:');
    await expect(summary.getByRole('link')).toHaveText([TEXT.errEmailNotVerified]);
    await expect(page.locator('#notify-email-ongoing-error')).toBeVisible();
    await expect(page.locator('#notify-email-ongoing-error')).toHaveText(TEXT.errEmailNotVerified);
    await expect(box).toHaveAttribute('aria-invalid', 'true');
    await expect(box).toHaveAccessibleDescription(TEXT.errEmailNotVerified);
    // Only that box is marked wrong.
    await expect(page.locator('[aria-invalid="true"]')).toHaveCount(1);
    await expect(box).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'Kl. 13–16' })).toBeChecked();
    await expect(page.getByRole('radio', { name: 'Engelska' })).toBeChecked();
    await expect(kindGroup(page, 'life_event').getByRole('radio', { name: 'Brev' })).toBeChecked();
    await expect(page.getByRole('status').filter({ hasText: TEXT.saved })).toHaveCount(0);
    await expectNoAxeViolations(page, 'Kontaktval with an error');

    // The summary's link takes the person to the box.
    await summary.getByRole('link').click();
    await expect(box).toBeFocused();

    // Nothing was saved.
    const stored = await serverSettings(page);
    expect(stored.status).toBe(200);
    expect(stored.body.is_default).toBe(true);
    expect(stored.body.email.verified_at ?? null).toBeNull();

    // The server applies the same rule to a request that skips the SPA's checks.
    const prefs = structuredClone(stored.body.prefs);
    prefs.kinds.find((k: any) => k.category === 'ongoing').notify_email = true;
    prefs.kinds.find((k: any) => k.category === 'other').notify_sms = true;
    const direct = await page.evaluate(
      async ({ token, prefs }) => {
        const r = await fetch('/api/me/channels', {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-csrf-token': token },
          body: JSON.stringify(prefs),
        });
        return { status: r.status, body: await r.json() };
      },
      { token: await csrfToken(page), prefs },
    );
    // Well-formed choices that the contact details do not allow yet: 409 with the fields.
    expect(direct.status).toBe(409);
    expect(direct.body.code).toBe('conflict');
    expect(direct.body.fields).toEqual([
      { field: 'kinds.ongoing.notify_email', code: 'email_not_verified' },
      { field: 'kinds.other.notify_sms', code: 'mobile_not_verified' },
    ]);
    expect((await serverSettings(page)).body.is_default).toBe(true);
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });

  test('the e-mail address is verified with the code that arrives by e-mail', async ({ page }) => {
    const problems = watchConsole(page);
    await loginAs(page, 'Tolvan');
    await openChannels(page);
    const panel = emailPanel(page);
    await expect(panel.getByText('Inte verifierad', { exact: true })).toBeVisible();

    const before = await lastMailId();
    await panel.getByRole('button', { name: 'Skicka kod till min e-postadress' }).click();
    await expect(panel.getByRole('status')).toHaveText(TEXT.codeSentEmail);
    const codeField = panel.getByRole('textbox', { name: 'Kod från e-postmeddelandet' });
    await expect(codeField).toBeFocused();
    await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(codeField).toHaveAccessibleDescription(/6 siffror/);

    // The code really travelled: over SMTP, to the address on file and to nobody else.
    const mail = await waitForMail(EMAIL, (m) => m.id > before, { message: `the code mail to ${EMAIL}` });
    expect(mail.envelope.to).toEqual([EMAIL]);
    expect(mail.to).toEqual([EMAIL]);
    expect(mail.envelope.from, 'envelope sender').toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(mail.messageId, 'Message-ID header').toMatch(/^<[^<>\s]+@[^<>\s]+>$/);
    expect(mail.headers['message-id']).toBe(mail.messageId);
    expect(Date.parse(mail.date ?? ''), 'Date header').not.toBeNaN();
    expect(mail.subject.trim()).not.toBe('');
    const codes = [...new Set(sixDigitCodes(`${mail.text}\n${mail.html}`))];
    expect(codes, 'exactly one 6-digit code in the mail').toHaveLength(1);
    const code = codes[0];

    // A code of the wrong form is explained at once, and costs no attempt.
    await codeField.fill('12345');
    await codeField.press('Enter');
    await expect(panel.locator('#email-code-error')).toHaveText(TEXT.errCodeFormat);
    await expect(codeField).toHaveValue('12345');
    await expect(codeField).toBeFocused();

    // A wrong code: refused, the typed value stays for correcting.
    const wrong = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
    await codeField.fill(wrong);
    await panel.getByRole('button', { name: 'Verifiera', exact: true }).click();
    await expect(panel.locator('#email-code-error')).toHaveText(TEXT.errWrongCode);
    await expect(codeField).toHaveValue(wrong);
    await expect(codeField).toHaveAttribute('aria-invalid', 'true');
    await expect(codeField).toHaveAccessibleDescription(new RegExp(TEXT.errWrongCode.replace(/\./g, '\\.')));
    await expect(codeField).toBeFocused();
    await expect(panel.getByText('Inte verifierad', { exact: true })).toBeVisible();
    await expectNoAxeViolations(page, 'Kontaktval, wrong code');

    // The right one.
    await codeField.fill(code);
    await panel.getByRole('button', { name: 'Verifiera', exact: true }).click();
    await expect(panel.getByRole('status')).toHaveText(TEXT.emailVerified);
    await expect(panel.getByText('Verifierad', { exact: true })).toBeVisible();
    await expect(panel.getByText(/^Verifierad den \S/)).toBeVisible();
    await expect(codeField).toHaveCount(0);
    await expect(historyRegion(page).getByRole('listitem').filter({ hasText: 'Du verifierade din e-postadress.' })).toHaveCount(1);
    // The code mail is in the notice log, with the address masked.
    await expectNoticesSent(page, 'Verifieringskod', 'E-post', EMAIL_MASKED);
    await expectNoAxeViolations(page, 'Kontaktval, e-mail verified');

    // It stays verified.
    await page.reload();
    await expectChannelsLoaded(page);
    await expect(emailPanel(page).getByText('Verifierad', { exact: true })).toBeVisible();
    const stored = (await serverSettings(page)).body;
    expect(stored.email.address).toBe(EMAIL);
    expect(Date.parse(stored.email.verified_at)).not.toBeNaN();
    expect(stored.email.pending ?? null).toBeNull();
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });

  test('keyboard only: choose e-mail notices, change a channel, tick a phone time and save', async ({ page }) => {
    const problems = watchConsole(page);
    await loginAs(page, 'Tolvan');

    // From the start page into the main navigation, backwards, and open "Kontaktval".
    await keyTo(page, 'Shift+Tab', (f) => f.href === '/kontaktval' && f.inNav === 'Huvudmeny', 'main navigation "Kontaktval"');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/kontaktval$/);
    await expect(page.getByRole('heading', { level: 1, name: TEXT.title })).toBeFocused();
    await expectChannelsLoaded(page);

    // E-mail notices for ongoing matters: Tab to the box, Space.
    await keyTo(page, 'Tab', (f) => f.id === 'notify-email-ongoing', 'the e-mail box of "Pågående ärenden"');
    await page.keyboard.press('Space');
    await expect(page.locator('#notify-email-ongoing')).toBeChecked();

    // The channel for "Övrigt": Tab lands on the checked radio, an arrow key chooses the next.
    await keyTo(page, 'Tab', (f) => f.id === 'channel-other-mailbox', 'the checked channel radio of "Övrigt"');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#channel-other-paper')).toBeFocused();
    await expect(kindGroup(page, 'other').getByRole('radio', { name: 'Brev' })).toBeChecked();
    await expect(kindGroup(page, 'other').getByRole('radio', { name: 'Min sida' })).not.toBeChecked();

    // A phone time.
    await keyTo(page, 'Tab', (f) => f.id === 'phone-time-morning', 'the phone time "Kl. 8–10"');
    await page.keyboard.press('Space');
    await expect(page.getByRole('checkbox', { name: 'Kl. 8–10' })).toBeChecked();

    // Save with Enter on the button.
    await keyTo(page, 'Tab', (f) => f.tag === 'button' && f.text === 'Spara kontaktval', 'the button "Spara kontaktval"');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: TEXT.saved })).toBeVisible();
    await expect(page.locator('.error-summary')).toBeHidden();
    // Choices exist now: the defaults explanation is gone.
    await expect(page.getByRole('note', { name: TEXT.defaultsHeading })).toHaveCount(0);

    // The history lists each change.
    const history = historyRegion(page).getByRole('listitem');
    for (const change of [
      'Du valde avisering via e-post för ”Pågående ärenden”.',
      'Du ändrade hur vi kontaktar dig om ”Övrigt” från Min sida till Brev.',
      'Du ändrade tiderna då vi helst ringer dig till Kl. 8–10.',
      'Du verifierade din e-postadress.',
    ]) {
      await expect(history.filter({ hasText: change }), change).toHaveCount(1);
    }
    await expect(history).toHaveCount(4);
    await expect(history.first().locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
    await expectNoAxeViolations(page, 'Kontaktval, saved');

    // Saved on the server, not just on the page.
    await page.reload();
    await expectChannelsLoaded(page);
    await expect(kindGroup(page, 'ongoing').getByRole('checkbox', { name: 'E-post' })).toBeChecked();
    await expect(kindGroup(page, 'other').getByRole('radio', { name: 'Brev' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'Kl. 8–10' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'Kl. 13–16' })).not.toBeChecked();
    await expect(page.getByRole('radio', { name: 'Svenska' })).toBeChecked();
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });

  test('a message in an ongoing matter sends an e-mail notice without its content', async ({ page, request }) => {
    test.setTimeout(120_000);
    const problems = watchConsole(page);
    const token = crypto.randomBytes(6).toString('hex');
    const subject = `Beslut om bostadsbidrag ${token}`;
    const bodyText = `Du beviljas bostadsbidrag med 1 234 kronor i månaden. Hemlig uppgift ${token}.`;
    const before = await lastMailId();

    const matter = await (
      await system(request, 'POST', '/matters', {
        recipient: { personal_number: TOLVAN },
        title: 'Ansökan om bostadsbidrag',
        category: 'ongoing',
        handler: 'Försäkringskassan, Bostadsbidrag',
        external_id: `e2e-notice-${Date.now()}`,
      })
    ).json();
    expect(matter.id).toBeGreaterThan(0);
    const deliverInMatter = async (subject: string, body: string) => {
      const delivery = await (
        await system(request, 'POST', '/messages', {
          recipient: { personal_number: TOLVAN },
          sender: 'Försäkringskassan, Bostadsbidrag',
          subject,
          body,
          matter_id: matter.id,
        })
      ).json();
      expect(delivery.message_id).toBeGreaterThan(0);
    };
    await deliverInMatter(subject, bodyText);

    // The worker sends the notice over SMTP to the verified address.
    const notice = await waitForMail(EMAIL, (m) => m.id > before, { timeout: 60_000, message: `the notice e-mail to ${EMAIL}` });
    expect(notice.envelope.to).toEqual([EMAIL]);
    expect(notice.to).toEqual([EMAIL]);
    expect(notice.messageId).toMatch(/^<[^<>\s]+@[^<>\s]+>$/);
    expect(notice.headers['auto-submitted'], 'no auto-replies to a notice (RFC 3834)').toBe('auto-generated');
    expect(`${notice.text}${notice.html}`.trim(), 'the notice says something').not.toBe('');
    // Never the content: not the subject, not the text, not a piece of either.
    const all = everythingIn(notice);
    for (const secret of [subject, bodyText, token, '1 234 kronor', 'bostadsbidrag med']) {
      expect(all, `the notice does not contain "${secret}"`).not.toContain(secret);
    }
    // No one-time code in a notice either.
    expect(sixDigitCodes(`${notice.text}\n${notice.html}`)).toEqual([]);

    // A message outside any matter counts as "Övrigt", for which no notice was chosen; the next
    // one in the ongoing matter gets its notice again. Notices are queued when the message is
    // delivered, so once the second notice is out a wrong one for "Övrigt" would show too.
    await system(request, 'POST', '/messages', {
      recipient: { personal_number: TOLVAN },
      sender: 'Försäkringskassan',
      subject: `Allmän information ${token}`,
      body: 'Ingen avisering för det här.',
    });
    await deliverInMatter(`Nytt i ditt ärende ${token}`, 'Vi har fått dina uppgifter.');
    const second = await waitForMail(EMAIL, (m) => m.id > notice.id, { timeout: 60_000, message: 'the second notice e-mail' });
    expect(everythingIn(second)).not.toContain(token);
    expect(second.messageId, 'each notice has its own Message-ID').not.toBe(notice.messageId);

    // The notice log shows them as sent, masked, and nothing for the message outside a matter.
    await loginAs(page, 'Tolvan');
    await openChannels(page);
    await expectNoticesSent(page, 'Nytt på Min sida', 'E-post', EMAIL_MASKED, 2);
    await expect(noticesRegion(page)).not.toContainText(EMAIL);
    await expect(noticesRegion(page)).not.toContainText(token);
    const log = await page.evaluate(async () => (await (await fetch('/api/me/notices')).json()).entries);
    expect(log.filter((e: any) => e.purpose === 'new_message').map((e: any) => [e.channel, e.status])).toEqual([
      ['email', 'sent'],
      ['email', 'sent'],
    ]);
    const mails = (await readMails()).filter((m) => m.id > before && m.envelope.to.includes(EMAIL));
    expect(mails.map((m) => m.id), 'exactly the two notice mails').toEqual([notice.id, second.id]);
    await expectNoAxeViolations(page, 'Kontaktval with the notice log');
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });

  test('the agency reads the choices through the system API, without addresses', async ({ request }) => {
    const response = await system(request, 'GET', `/persons/${TOLVAN}/channel-preferences`);
    const body = await response.json();
    expect(String(body.personal_number).replace(/\D/g, '')).toBe(TOLVAN);
    expect(body.is_default).toBe(false);
    expect(Date.parse(body.updated_at)).not.toBeNaN();
    expect(body.email_verified).toBe(true);
    expect(body.mobile_verified).toBe(false);
    expect(body.prefs).toEqual({
      kinds: [
        { category: 'recurring', channel: 'mailbox', notify_email: false, notify_sms: false },
        { category: 'life_event', channel: 'mailbox', notify_email: false, notify_sms: false },
        { category: 'ongoing', channel: 'mailbox', notify_email: true, notify_sms: false },
        { category: 'other', channel: 'paper', notify_email: false, notify_sms: false },
      ],
      paper_opt_out: false,
      letter_language: 'sv',
      phone_times: ['morning'],
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain(MOBILE);

    // Only with a system key (the request context sends no credentials of its own).
    const refused = await request.get(`${SYSTEM}/persons/${TOLVAN}/channel-preferences`);
    expect(refused.status()).toBe(401);
    const wrongKey = await request.get(`${SYSTEM}/persons/${TOLVAN}/channel-preferences`, {
      headers: { Authorization: 'Bearer not-a-key-0000000000000000000000000000000' },
    });
    expect(wrongKey.status()).toBe(401);
  });

  test('the mobile number is verified with the code from the SMS, and SMS notices follow', async ({ page, request }) => {
    test.setTimeout(120_000);
    const problems = watchConsole(page);
    await loginAs(page, 'Tolvan');
    await openChannels(page);
    const panel = mobilePanel(page);
    const smsBefore = readSms().length;
    await panel.getByRole('button', { name: 'Skicka kod till mitt mobilnummer' }).click();
    await expect(panel.getByRole('status')).toHaveText(TEXT.codeSentMobile);
    const codeField = panel.getByRole('textbox', { name: 'Kod från sms:et' });
    await expect(codeField).toBeFocused();

    const sms = await waitForSms((line) => JSON.stringify(line).includes(MOBILE) && sixDigitCodes(smsText(line)).length > 0, {
      after: smsBefore,
      message: `the code SMS to ${MOBILE} in sms.jsonl`,
    });
    const codes = [...new Set(sixDigitCodes(smsText(sms)))];
    expect(codes, 'exactly one 6-digit code in the SMS').toHaveLength(1);
    await codeField.fill(codes[0]);
    await codeField.press('Enter');
    await expect(panel.getByRole('status')).toHaveText(TEXT.mobileVerified);
    await expect(panel.getByText('Verifierad', { exact: true })).toBeVisible();
    await expect(historyRegion(page).getByRole('listitem').filter({ hasText: 'Du verifierade ditt mobilnummer.' })).toHaveCount(1);

    // SMS notices for ongoing matters too (now allowed), saved with the mouse this time.
    await kindGroup(page, 'ongoing').getByRole('checkbox', { name: 'Sms' }).check();
    await page.getByRole('button', { name: 'Spara kontaktval' }).click();
    await expect(page.getByRole('status').filter({ hasText: TEXT.saved })).toBeVisible();
    await expect(historyRegion(page).getByRole('listitem').filter({ hasText: 'Du valde avisering via sms för ”Pågående ärenden”.' })).toHaveCount(1);

    const token = crypto.randomBytes(6).toString('hex');
    const subject = `Kompletterande beslut ${token}`;
    const smsBeforeNotice = readSms().length;
    const mailBefore = await lastMailId();
    const matter = await (
      await system(request, 'POST', '/matters', {
        recipient: { personal_number: TOLVAN },
        title: 'Ansökan om bostadsbidrag, omprövning',
        category: 'ongoing',
        handler: 'Försäkringskassan, Bostadsbidrag',
        external_id: `e2e-sms-notice-${Date.now()}`,
      })
    ).json();
    await system(request, 'POST', '/messages', {
      recipient: { personal_number: TOLVAN },
      sender: 'Försäkringskassan, Bostadsbidrag',
      subject,
      body: `Beslutet gäller från och med nästa månad. ${token}`,
      matter_id: matter.id,
    });
    const notice = await waitForSms((line) => JSON.stringify(line).includes(MOBILE), {
      after: smsBeforeNotice,
      timeout: 60_000,
      message: `the notice SMS to ${MOBILE}`,
    });
    expect(JSON.stringify(notice)).not.toContain(token);
    expect(JSON.stringify(notice)).not.toContain(subject);
    // And by e-mail, as chosen before.
    const mail = await waitForMail(EMAIL, (m) => m.id > mailBefore, { timeout: 60_000 });
    expect(everythingIn(mail)).not.toContain(token);

    await page.reload();
    await expectChannelsLoaded(page);
    await expectNoticesSent(page, 'Nytt på Min sida', 'Sms', '+4670*****34');
    await expectNoticesSent(page, 'Verifieringskod', 'Sms', '+4670*****34');
    const system_ = await (await system(request, 'GET', `/persons/${TOLVAN}/channel-preferences`)).json();
    expect(system_.mobile_verified).toBe(true);
    expect(system_.prefs.kinds.find((k: any) => k.category === 'ongoing')).toEqual({
      category: 'ongoing',
      channel: 'mailbox',
      notify_email: true,
      notify_sms: true,
    });
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });
});
