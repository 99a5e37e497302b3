import { test, expect, Page } from '@playwright/test';
import { expectNoAxeViolations, loginAs, mainNav, system, TOLVAN, waitForApp, watchConsole } from './helpers';

// The person's voice: feedback given logged out and read by the agency through the system
// API, and the satisfaction question after answering a request to supplement.

/** ISO date `days` from today (UTC). */
function isoDateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Every piece of feedback, as the agency reads it (page by page). */
async function allFeedback(request: Parameters<typeof system>[0]) {
  const items: any[] = [];
  let after = 0;
  for (;;) {
    const page = await (await system(request, 'GET', `/feedback?after=${after}&limit=500`)).json();
    items.push(...page.items);
    if (page.next_after == null) return items;
    after = page.next_after;
  }
}

/** Presses keys on the focused element only: the journey below is done with the keyboard. */
async function focusAndPress(page: Page, selector: string, key: string) {
  await page.locator(selector).focus();
  await page.keyboard.press(key);
}

test.describe('feedback', () => {
  test('given logged out with the keyboard, nothing typed lost on errors or a language switch, read by the agency', async ({ page, request }) => {
    const problems = watchConsole(page);
    const run = Date.now();
    const text = `Knappen för att ladda upp filer syns inte i mobilen (${run}).`;

    await page.goto('/');
    await waitForApp(page);
    // The footer's link, on every page.
    const link = page.locator('footer').getByRole('link', { name: 'Lämna synpunkter' });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/synpunkter$/);
    const h1 = page.getByRole('heading', { level: 1, name: 'Lämna synpunkter' });
    await expect(h1).toBeFocused();
    await expect(page).toHaveTitle('Lämna synpunkter – Min sida');
    // Logged out there is no inbox to answer in.
    await expect(page.getByRole('radio', { name: 'Ja, i Min sida' })).toHaveCount(0);
    await expectNoAxeViolations(page, 'feedback form (logged out)');

    // Sent empty: an error summary that takes focus and links to the fields.
    await focusAndPress(page, 'form button[type=submit]', 'Enter');
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link')).toHaveText(['Välj vad du vill lämna.', 'Skriv dina synpunkter.']);
    await summary.getByRole('link', { name: 'Skriv dina synpunkter.' }).focus();
    await page.keyboard.press('Enter');
    const textbox = page.getByRole('textbox', { name: 'Dina synpunkter' });
    await expect(textbox).toBeFocused();
    await expect(textbox).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, 'feedback form with errors');

    await page.keyboard.type(text);
    await focusAndPress(page, '#feedback-kind-error-report', 'Space');
    await expect(page.getByRole('radio', { name: 'Felanmälan – något fungerar inte' })).toBeChecked();
    await focusAndPress(page, '#feedback-reply-email', 'Space');
    const email = page.getByRole('textbox', { name: 'E-postadress' });
    await email.focus();
    await page.keyboard.type('kim@');
    await focusAndPress(page, 'form button[type=submit]', 'Enter');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link')).toHaveText(['Skriv e-postadressen så här: namn@exempel.se']);
    // Nothing typed was lost.
    await expect(textbox).toHaveValue(text);
    await expect(email).toHaveValue('kim@');

    // Another language: the words change, what was typed stays.
    await page.locator('.lang-switch').getByRole('button', { name: 'English', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('textbox', { name: 'Your feedback' })).toHaveValue(text);
    await expect(page.getByRole('radio', { name: /^Error report/ })).toBeChecked();
    await expect(page.locator('#feedback-email')).toHaveValue('kim@');
    await page.locator('#feedback-email').fill('Kim@Example.se');
    await page.locator('#feedback-name').fill('Kim');
    await focusAndPress(page, 'form button[type=submit]', 'Enter');

    // Thanks, with a reference, in the chosen language.
    const thanks = page.getByRole('heading', { level: 1, name: 'Thank you for your feedback' });
    await expect(thanks).toBeFocused();
    const reference = (await page.locator('.receipt-number').textContent())!.trim();
    expect(reference).toMatch(/^SYN-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expectNoAxeViolations(page, 'feedback thanks');

    // The agency reads it, as given, with the answer in English by e-mail.
    const item = (await allFeedback(request)).find((i) => i.reference === reference);
    expect(item).toBeTruthy();
    expect(item.text).toBe(text);
    expect(item.kind).toBe('error_report');
    expect(item.logged_in).toBe(false);
    expect(item.language).toBe('en');
    expect(item.reply).toEqual({
      channel: 'email',
      address: 'Kim@example.se',
      name: 'Kim',
      personal_number: null,
      organisation_number: null,
    });
    // And as CSV, for a spreadsheet.
    const csv = await (await system(request, 'GET', '/feedback?after=0&limit=500&format=csv')).text();
    expect(csv.split('\r\n')[0]).toBe(
      'id,reference,received_at,kind,text,matter_reference,service_id,reply_channel,reply_address,reply_name,personal_number,organisation_number,language,logged_in',
    );
    expect(csv).toContain(`,${reference},`);
    expect(problems).toEqual([]);
  });

  test('a logged-in person names a matter and gets the answer in Min sida; prefilled contact details', async ({ page, request }) => {
    const problems = watchConsole(page);
    const run = Date.now();
    const title = `Ansökan om bostadsbidrag ${run}`;
    const matter = await (
      await system(request, 'POST', '/matters', {
        recipient: { personal_number: TOLVAN },
        title,
        category: 'ongoing',
        handler: 'Skatteverket',
        external_id: `e2e-feedback-${run}`,
      })
    ).json();
    await loginAs(page, 'Tolvan');
    await page.locator('footer').getByRole('link', { name: 'Lämna synpunkter' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Lämna synpunkter' })).toBeFocused();
    await page.getByRole('radio', { name: 'Klagomål' }).check();
    await page.getByRole('textbox', { name: 'Dina synpunkter' }).fill(`Det tar lång tid (${run}).`);
    await page.getByRole('combobox', { name: 'Gäller det ett av dina ärenden?' }).selectOption({ label: `${title} (${matter.reference})` });
    // What the agency has is offered, not typed again: the contact details on record.
    const me = await (await page.request.get('/api/me')).json();
    await page.getByRole('radio', { name: 'Ja, ring mig' }).check();
    await expect(page.getByRole('textbox', { name: 'Telefonnummer' })).toHaveValue(me.contact.mobile ?? '');
    await page.getByRole('radio', { name: 'Ja, via e-post' }).check();
    await expect(page.getByRole('textbox', { name: 'E-postadress' })).toHaveValue(me.contact.email ?? '');
    await page.getByRole('radio', { name: 'Ja, i Min sida' }).check();
    await expectNoAxeViolations(page, 'feedback form (logged in)');
    await page.getByRole('button', { name: 'Skicka synpunkter' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tack för dina synpunkter' })).toBeFocused();
    await expect(page.getByText('Vi svarar dig i Min sida.')).toBeVisible();
    const reference = (await page.locator('.receipt-number').textContent())!.trim();
    const item = (await allFeedback(request)).find((i) => i.reference === reference);
    expect(item.logged_in).toBe(true);
    expect(item.matter_reference).toBe(matter.reference);
    expect(item.reply.channel).toBe('min_sida');
    expect(item.reply.personal_number).toBe(TOLVAN);
    expect(problems).toEqual([]);
  });

  test('unsent feedback survives leaving the page, for the same person only', async ({ page }) => {
    const problems = watchConsole(page);
    const text = `Halvskrivet förslag (${Date.now()})`;
    const open = async () => {
      await page.locator('footer').getByRole('link', { name: 'Lämna synpunkter' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Lämna synpunkter' })).toBeFocused();
    };
    await loginAs(page, 'Tolvan');
    await open();
    await page.getByRole('radio', { name: 'Förslag' }).check();
    await page.getByRole('textbox', { name: 'Dina synpunkter' }).fill(text);
    // Away (as a timeout takes the person to the login page) and back: all there.
    await mainNav(page).getByRole('link', { name: /^Meddelanden/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Meddelanden' })).toBeFocused();
    await open();
    await expect(page.getByRole('textbox', { name: 'Dina synpunkter' })).toHaveValue(text);
    await expect(page.getByRole('radio', { name: 'Förslag' })).toBeChecked();
    // Away again, and someone else logs in on the same browser: they never get it.
    await mainNav(page).getByRole('link', { name: /^Meddelanden/ }).click();
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await expect(page).toHaveURL(/\/logga-in/);
    await loginAs(page, 'Lars');
    await open();
    await expect(page.getByRole('textbox', { name: 'Dina synpunkter' })).toHaveValue('');
    await expect(page.getByRole('radio', { name: 'Förslag' })).not.toBeChecked();
    expect(problems).toEqual([]);
  });
});

test('satisfaction question after answering a request to supplement, answered once, counted for the agency', async ({ page, request }) => {
  const problems = watchConsole(page);
  const run = Date.now();
  const matter = await (
    await system(request, 'POST', '/matters', {
      recipient: { personal_number: TOLVAN },
      title: `Flytt ${run}`,
      category: 'life_event',
      handler: 'Skatteverket, Folkbokföring',
      external_id: `e2e-satisfaction-${run}`,
    })
  ).json();
  const delivery = await (
    await system(request, 'POST', `/matters/${matter.id}/supplement-requests`, {
      sender: 'Skatteverket, Folkbokföring',
      subject: `Komplettering ${run}`,
      body: 'Vi behöver veta ditt nya hyresvärds namn.',
      requested_items: ['Hyresvärdens namn'],
      due_date: isoDateInDays(14),
    })
  ).json();
  const before = await (await system(request, 'GET', '/satisfaction')).json();
  const countBefore = before.services.find((s: any) => s.service === 'supplement_answer')?.count ?? 0;

  await loginAs(page, 'Tolvan');
  await page.goto(`/arenden/${matter.id}/skriv?komplettering=${delivery.supplement_request_id}`);
  await waitForApp(page);
  await page.locator('#body').fill('Hyresvärden heter Bostads AB Exempel.');
  await page.getByRole('button', { name: 'Skicka' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kvittens' })).toBeFocused();

  // Optional and after the receipt: the receipt is complete without it.
  const question = page.getByRole('region', { name: 'Vad tyckte du?' });
  await expect(question.getByRole('group', { name: 'Hur lätt var det att göra det här?' })).toBeVisible();
  await expectNoAxeViolations(page, 'receipt with the satisfaction question');
  await question.getByRole('button', { name: 'Skicka svaret' }).click();
  await expect(question.locator('.error-summary')).toBeFocused();
  await expect(question.locator('.error-summary').getByRole('link')).toHaveText(['Välj hur lätt det var, från 1 till 5.']);
  await question.getByRole('radio', { name: '4 – Ganska lätt' }).check();
  await question.getByRole('textbox', { name: 'Vill du berätta mer? (frivilligt)' }).fill(`Smidigt (${run})`);
  await question.getByRole('button', { name: 'Skicka svaret' }).click();
  await expect(question.getByRole('status')).toHaveText('Tack för ditt svar!');
  // Asked once: the question is gone, and the server takes no second answer.
  await expect(question.getByRole('radio')).toHaveCount(0);
  await expectNoAxeViolations(page, 'receipt after the satisfaction answer');

  const after = await (await system(request, 'GET', '/satisfaction')).json();
  const service = after.services.find((s: any) => s.service === 'supplement_answer');
  expect(service.count).toBe(countBefore + 1);
  expect(service.distribution.reduce((a: number, b: number) => a + b, 0)).toBe(service.count);
  const comments: any[] = [];
  let cursor = 0;
  for (;;) {
    const page = await (await system(request, 'GET', `/satisfaction/comments?after=${cursor}&limit=500`)).json();
    comments.push(...page.items);
    if (page.next_after == null) break;
    cursor = page.next_after;
  }
  const mine = comments.find((c) => c.comment === `Smidigt (${run})`);
  expect(mine).toMatchObject({ service: 'supplement_answer', rating: 4 });
  expect(mine.week).toMatch(/^\d{4}-W\d{2}$/);
  expect(problems).toEqual([]);
});
