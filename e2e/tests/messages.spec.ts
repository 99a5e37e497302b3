import { test, expect, APIRequestContext, Page } from '@playwright/test';
import * as crypto from 'node:crypto';
import {
  ANNA,
  expectNoAxeViolations,
  LARS,
  loginAs,
  mainNav,
  makePdf,
  system,
  TOLVAN,
  waitForApp,
  watchConsole,
} from './helpers';

async function deliver(request: APIRequestContext, personalNumber: string, subject: string, body: string, attachments: unknown[] = []) {
  const r = await system(request, 'POST', '/messages', {
    recipient: { personal_number: personalNumber },
    sender: 'Skatteverket, Kundservice',
    subject,
    body,
    attachments,
  });
  return r.json();
}

function isoDateInDays(days: number): string {
  const d = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  return d.toISOString().slice(0, 10);
}

/** The person's unread count as the server sees it (what the badge must show). */
async function unreadCount(page: Page): Promise<number> {
  return page.evaluate(async () => (await (await fetch('/api/messages?folder=unread')).json()).unread);
}

async function expectBadge(page: Page, n: number) {
  const badge = mainNav(page).getByRole('link', { name: /^Meddelanden/ }).locator('.badge');
  if (n === 0) {
    await expect(badge).toHaveCount(0);
  } else {
    await expect(badge).toHaveText(new RegExp(`^\\s*${n}\\s+olästa\\s*$`));
  }
}

/** A document's download link; its name (aria-label) is the file name and ", ladda ner". */
function downloadLinkName(fileName: string): RegExp {
  return new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*, ladda ner$`);
}

function row(page: Page, subject: string) {
  return page.locator('.message-row').filter({ has: page.getByRole('link', { name: subject }) });
}

test.describe('request to supplement, answered with a document', () => {
  test('agency asks, citizen answers with an upload, agency gets the identical bytes', async ({ page, request }) => {
    const problems = watchConsole(page);
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    const run = Date.now();
    const title = `Bostadstillägg ${run}`;

    // --- The agency opens a matter and asks for a supplement -------------------------------
    const matter = await (
      await system(request, 'POST', '/matters', {
        recipient: { personal_number: TOLVAN },
        title,
        category: 'life_event',
        handler: 'Skatteverket, Folkbokföring',
        external_id: `e2e-supplement-${run}`,
      })
    ).json();
    expect(matter.id).toBeGreaterThan(0);
    expect(matter.reference).toMatch(/\S/);
    const subject = `Begäran om komplettering ${run}`;
    const delivery = await (
      await system(request, 'POST', `/matters/${matter.id}/supplement-requests`, {
        sender: 'Skatteverket, Folkbokföring',
        subject,
        body:
          'Hej Tolvan!\n\nVi behöver fler uppgifter för att kunna handlägga ditt ärende.\n\n' +
          '## Det här behöver vi\n- Kopia av hyreskontrakt\n- Hyresvärdens namn\n\n' +
          '<script>alert(1)</script>',
        requested_items: ['Kopia av hyreskontrakt'],
        due_date: isoDateInDays(14),
      })
    ).json();
    expect(delivery.message_id).toBeGreaterThan(0);
    expect(delivery.supplement_request_id).toBeGreaterThan(0);
    // Not opened yet.
    const before = await (await system(request, 'GET', `/messages/${delivery.message_id}/receipt`)).json();
    expect(before.first_read_at ?? null).toBeNull();

    // --- The citizen sees it waiting ----------------------------------------------------------
    await loginAs(page, 'Tolvan');
    const todo = page.getByRole('region', { name: 'Att göra' });
    await expect(todo.getByRole('link', { name: `${title} (${matter.reference})` })).toBeVisible();
    await expect(todo.getByRole('link', { name: subject })).toBeVisible();
    const unread = await unreadCount(page);
    expect(unread).toBeGreaterThanOrEqual(1);
    await expectBadge(page, unread);

    await mainNav(page).getByRole('link', { name: /^Meddelanden/ }).click();
    await expect(page).toHaveURL(/\/meddelanden$/);
    const inboxH1 = page.getByRole('heading', { level: 1, name: 'Meddelanden' });
    await expect(inboxH1).toBeFocused();
    const requestRow = row(page, `Oläst: ${subject}`);
    await expect(requestRow).toHaveClass(/\bunread\b/);
    await expect(requestRow.locator('.tag')).toHaveText('Begäran om komplettering');
    await expect(requestRow.locator('.matter-ref')).toContainText(`${title} (${matter.reference})`);
    await expectNoAxeViolations(page, 'inbox');

    // --- Opening it: safe body, the request, read receipt -------------------------------------
    await requestRow.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/meddelanden/${delivery.message_id}$`));
    const h1 = page.getByRole('heading', { level: 1, name: subject });
    await expect(h1).toBeFocused();
    await expect(page).toHaveTitle(`${subject} – Min sida`);
    const body = page.locator('.message-body');
    await expect(body.getByRole('heading', { level: 2, name: 'Det här behöver vi' })).toBeVisible();
    await expect(body.locator('ul > li')).toHaveText(['Kopia av hyreskontrakt', 'Hyresvärdens namn']);
    await expect(body.locator('p').last()).toHaveText('<script>alert(1)</script>');
    await expect(body.locator('script')).toHaveCount(0);
    const requestPanel = page.getByRole('region', { name: 'Vi behöver komplettering från dig' });
    await expect(requestPanel.getByRole('listitem')).toHaveText(['Kopia av hyreskontrakt']);
    await expect(requestPanel.getByText('Väntar på ditt svar.')).toBeVisible();
    // Opening marks it read: the badge goes down by one.
    await expectBadge(page, unread - 1);
    const afterOpen = await (await system(request, 'GET', `/messages/${delivery.message_id}/receipt`)).json();
    expect(afterOpen.message_id).toBe(delivery.message_id);
    expect(Date.parse(afterOpen.first_read_at)).not.toBeNaN();
    await expectNoAxeViolations(page, 'message with a request to supplement');

    // --- Answering ------------------------------------------------------------------------------
    await requestPanel.getByRole('link', { name: 'Svara på begäran om komplettering' }).click();
    await expect(page).toHaveURL(new RegExp(`/arenden/${matter.id}/skriv\\?komplettering=${delivery.supplement_request_id}$`));
    // Focus moves to the heading once the page has loaded (not lost with the loading placeholder).
    await expect(page.getByRole('heading', { level: 1, name: 'Svara på begäran om komplettering' })).toBeFocused();
    await expect(page).toHaveTitle('Svara på begäran om komplettering – Min sida');
    const subjectField = page.getByLabel('Ämne');
    await expect(subjectField).toHaveValue(`Komplettering till ärende ${matter.reference}`);
    await expect(page.getByRole('region', { name: 'Det här behöver vi från dig' }).getByRole('listitem')).toHaveText([
      'Kopia av hyreskontrakt',
    ]);
    const text = `Här är mitt hyreskontrakt. (${run})`;
    const bodyField = page.locator('#body');
    await bodyField.fill(text);
    await expectNoAxeViolations(page, 'compose page');

    // A disguised file: named .pdf, really something else. Refused, with the reason next to it.
    const files = page.locator('#files');
    await files.setInputFiles({
      name: 'fake.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode.', 'latin1'),
    });
    const uploads = page.getByRole('list', { name: 'Valda dokument' });
    const fake = uploads.getByRole('listitem').filter({ hasText: 'fake.pdf' });
    await expect(fake.locator('.upload-error')).toHaveText('Filen är inte en PDF-, JPEG- eller PNG-fil. Välj en annan fil.');
    await expect(fake).toHaveClass(/upload-failed/);
    await expect(page.getByRole('status').filter({ hasText: 'fake.pdf: Filen är inte en PDF-' })).toBeAttached();
    // Nothing typed is lost.
    await expect(bodyField).toHaveValue(text);
    await expect(subjectField).toHaveValue(`Komplettering till ärende ${matter.reference}`);
    await expectNoAxeViolations(page, 'compose page with a refused file');
    await fake.getByRole('button', { name: 'Ta bort fake.pdf' }).click();
    await expect(uploads.getByRole('listitem')).toHaveCount(0);
    await expect(files).toBeFocused();

    // A real PDF.
    const pdf = makePdf(`Hyreskontrakt ${run}`);
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    const fileName = `hyreskontrakt-${run}.pdf`;
    await files.setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: pdf });
    const good = uploads.getByRole('listitem').filter({ hasText: fileName });
    await expect(good.locator('.upload-ok')).toHaveText('Uppladdad');
    await expect(good.locator('progress')).toHaveCount(0);
    await expect(good.locator('.upload-meta')).toHaveText(`PDF, ${pdf.length} byte`);
    await expect(bodyField).toHaveValue(text);

    await page.getByRole('button', { name: 'Skicka', exact: true }).click();
    const receiptHeading = page.getByRole('heading', { level: 1, name: 'Kvittens' });
    await expect(receiptHeading).toBeFocused();
    const receipt = page.getByRole('region', { name: 'Kvittens' });
    const receiptNumber = (await receipt.locator('.receipt-number').textContent())!.trim();
    expect(receiptNumber).toMatch(/^K-[A-Z0-9-]+$/);
    await expect(receipt.getByRole('link', { name: downloadLinkName(fileName) })).toBeVisible();
    await expect(receipt.locator('.document-meta')).toHaveText(`PDF, ${pdf.length} byte`);
    const shown = (await receipt.locator('code.checksum').textContent())!.trim();
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    expect(shown).toBe(sha);
    await expect(page.getByRole('status').filter({ hasText: 'Tack! Vi har tagit emot det du skickade.' })).toBeVisible();
    await expectNoAxeViolations(page, 'receipt');

    // --- The agency receives exactly what was sent -----------------------------------------
    const subs = await (await system(request, 'GET', `/matters/${matter.id}/submissions`)).json();
    expect(subs.matter_id).toBe(matter.id);
    const submission = subs.submissions.find((s: any) => s.receipt_number === receiptNumber);
    expect(submission, 'submission with the receipt number').toBeTruthy();
    expect(submission.supplement_request_id).toBe(delivery.supplement_request_id);
    expect(submission.subject).toBe(`Komplettering till ärende ${matter.reference}`);
    expect(submission.body).toBe(text);
    expect(submission.documents).toHaveLength(1);
    expect(submission.documents[0].file_name).toBe(fileName);
    expect(submission.documents[0].content_type).toBe('application/pdf');
    expect(submission.documents[0].size).toBe(pdf.length);
    expect(submission.documents[0].sha256).toBe(sha);
    const download = await system(request, 'GET', `/documents/${submission.documents[0].id}`);
    const bytes = await download.body();
    expect(bytes.length).toBe(pdf.length);
    expect(Buffer.compare(bytes, pdf)).toBe(0);
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(sha);

    // --- The receipt is a message in the inbox too --------------------------------------------
    await page.getByRole('link', { name: 'Visa kvittensen bland meddelanden' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Kvittens: Komplettering till ärende ${matter.reference}` })).toBeVisible();
    const inboxReceipt = page.getByRole('region', { name: 'Kvittens' });
    await expect(inboxReceipt.locator('.receipt-number')).toHaveText(receiptNumber);
    await expect(inboxReceipt.locator('code.checksum')).toHaveText(sha);
    await page.getByRole('link', { name: 'Tillbaka till meddelanden' }).click();
    await expect(inboxH1).toBeVisible();
    const receiptRow = page.locator('.message-row').filter({ hasText: `Kvittens: Komplettering till ärende ${matter.reference}` });
    await expect(receiptRow.locator('.tag')).toHaveText('Kvittens');

    // --- The matter shows the answer -----------------------------------------------------------
    await mainNav(page).getByRole('link', { name: 'Mina ärenden' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mina ärenden' })).toBeFocused();
    const card = page.locator('.matter-card').filter({ hasText: title });
    await expect(card).toContainText(matter.reference);
    await expect(card.locator('.alert.warning')).toHaveCount(0);
    await expectNoAxeViolations(page, 'matter list');
    await card.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeFocused();
    await expect(page).toHaveTitle(`${title} – Min sida`);
    const earlier = page.getByRole('region', { name: 'Tidigare begäran om komplettering' });
    await expect(earlier.getByText('Du har svarat.')).toBeVisible();
    await expect(earlier).toContainText(receiptNumber);
    await expect(page.getByRole('region', { name: 'Vi behöver komplettering från dig' })).toHaveCount(0);
    const timeline = page.getByRole('region', { name: 'Händelser i ärendet' });
    await expect(timeline.getByText('Du skickade')).toBeVisible();
    await expect(timeline).toContainText(receiptNumber);
    await expectNoAxeViolations(page, 'matter page');

    expect(dialogs, 'no script from a message body ran').toEqual([]);
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });
});

test.describe('inbox', () => {
  test('search, folders, matter filter, read state, archive and attachment download', async ({ page }) => {
    const problems = watchConsole(page);
    await loginAs(page, 'Anna Andersson');
    await mainNav(page).getByRole('link', { name: /^Meddelanden/ }).click();
    const h1 = page.getByRole('heading', { level: 1, name: 'Meddelanden' });
    await expect(h1).toBeFocused();
    expect(await page.evaluate(() => document.activeElement === document.querySelector('main h1'))).toBe(true);
    await expect(page).toHaveTitle('Meddelanden – Min sida');

    const rows = page.locator('.message-row');
    const count = page.locator('.result-count');
    await expect(count).toHaveText(/^Visar 1–\d+ av \d+ meddelanden$/);
    const total = Number((await count.textContent())!.match(/av (\d+)/)![1]);
    expect(total).toBeGreaterThanOrEqual(10);
    await expect(rows).toHaveCount(Math.min(total, 25));

    // Search: filtered, in the URL, cleared again.
    // (Two words: receipts of e-services sent in other tests also name "personbevis".)
    await page.getByLabel('Sök i ämne och text').fill('ditt personbevis');
    await page.getByRole('button', { name: 'Visa meddelanden' }).click();
    await expect(page).toHaveURL(/\/meddelanden\?sok=ditt(\+|%20)personbevis$/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByRole('link')).toHaveText('Ditt personbevis');
    await expect(count).toHaveText('Visar 1–1 av 1 meddelanden');
    await page.getByRole('link', { name: 'Rensa filter' }).click();
    await expect(page).toHaveURL(/\/meddelanden$/);
    await expect(page.getByLabel('Sök i ämne och text')).toHaveValue('');
    await expect(rows).toHaveCount(Math.min(total, 25));
    await expect(page.getByRole('link', { name: 'Rensa filter' })).toHaveCount(0);

    // Folder "Olästa": only unread messages, as many as the badge says.
    const unread = await unreadCount(page);
    expect(unread).toBeGreaterThan(0);
    await expectBadge(page, unread);
    const folders = page.getByRole('navigation', { name: 'Mappar' });
    await expect(folders.getByRole('link', { name: 'Inkorg' })).toHaveAttribute('aria-current', 'page');
    await folders.getByRole('link', { name: /^Olästa/ }).click();
    await expect(page).toHaveURL(/\/meddelanden\?mapp=olasta$/);
    await expect(folders.getByRole('link', { name: /^Olästa/ })).toHaveAttribute('aria-current', 'page');
    await expect(rows).toHaveCount(unread);
    await expect(page.locator('.message-row:not(.unread)')).toHaveCount(0);
    await expectNoAxeViolations(page, 'inbox, unread folder');
    await folders.getByRole('link', { name: 'Inkorg' }).click();
    await expect(rows).toHaveCount(Math.min(total, 25));

    // Filter by matter.
    const select = page.getByLabel('Ärende', { exact: true });
    const optionLabel = await select.locator('option', { hasText: 'Inkomstdeklaration 2025' }).textContent();
    expect(optionLabel).toMatch(/^Inkomstdeklaration 2025 \(.+\)$/);
    await select.selectOption({ label: optionLabel! });
    await page.getByRole('button', { name: 'Visa meddelanden' }).click();
    await expect(page).toHaveURL(/\/meddelanden\?arende=\d+$/);
    await expect(rows.getByRole('link')).toHaveText([
      'Beslut om slutlig skatt 2025',
      'Din inkomstdeklaration 2025 finns att granska',
    ]);
    for (const r of await rows.all()) await expect(r.locator('.matter-ref')).toContainText(optionLabel!);
    await expect(select).toHaveValue(/^\d+$/);
    await page.getByRole('link', { name: 'Rensa filter' }).click();
    await expect(rows).toHaveCount(Math.min(total, 25));

    // Open an unread message: it becomes read, focus lands on its heading.
    const reminder = 'Påminnelse: kontrollera dina kontaktuppgifter';
    await row(page, `Oläst: ${reminder}`).getByRole('link').click();
    const messageH1 = page.getByRole('heading', { level: 1, name: reminder });
    await expect(messageH1).toBeVisible();
    await expect(messageH1).toBeFocused();
    await expectBadge(page, unread - 1);
    await page.getByRole('button', { name: 'Markera som oläst' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Meddelandet är markerat som oläst.' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Markera som läst' })).toBeVisible();
    await expectBadge(page, unread);
    await page.getByRole('button', { name: 'Markera som läst' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Meddelandet är markerat som läst.' })).toBeVisible();
    await expectBadge(page, unread - 1);

    // Archive: gone from the inbox, found in the archive, restored.
    await page.getByRole('button', { name: 'Flytta till arkivet' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Meddelandet är flyttat till arkivet.' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Flytta tillbaka till inkorgen' })).toBeVisible();
    await page.getByRole('link', { name: 'Tillbaka till meddelanden' }).click();
    await expect(h1).toBeFocused();
    await expect(count).toHaveText(`Visar 1–${Math.min(total - 1, 25)} av ${total - 1} meddelanden`);
    await expect(row(page, reminder)).toHaveCount(0);
    await folders.getByRole('link', { name: 'Arkiv' }).click();
    await expect(page).toHaveURL(/\/meddelanden\?mapp=arkiv$/);
    await expect(rows.getByRole('link')).toHaveText([reminder]);
    await expectNoAxeViolations(page, 'inbox, archive');
    await rows.getByRole('link', { name: reminder }).click();
    await page.getByRole('button', { name: 'Flytta tillbaka till inkorgen' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Meddelandet är flyttat tillbaka till inkorgen.' })).toBeVisible();
    await page.getByRole('link', { name: 'Tillbaka till meddelanden' }).click();
    await expect(count).toHaveText(`Visar 1–${Math.min(total, 25)} av ${total} meddelanden`);
    await expect(row(page, reminder)).toHaveCount(1);

    // Download an attachment.
    await rows.getByRole('link', { name: 'Ditt personbevis' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Ditt personbevis' })).toBeFocused();
    const attachments = page.getByRole('region', { name: 'Bilagor' });
    await expect(attachments.locator('.document-meta')).toHaveText(/^PDF, [\d,]+ (byte|kB)$/);
    await expectNoAxeViolations(page, 'message with an attachment');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      attachments.getByRole('link', { name: downloadLinkName('Personbevis.pdf') }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Personbevis.pdf');
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const file = Buffer.concat(chunks);
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.toString('latin1')).toContain('%%EOF');
    // Still on the message page.
    await expect(page.getByRole('heading', { level: 1, name: 'Ditt personbevis' })).toBeVisible();
    expect(problems).toEqual([]);
  });
});

test.describe('authorization', () => {
  test("another person cannot see Anna's message or download her document", async ({ page, request }) => {
    const run = Date.now();
    const secretSubject = `Hemligt beslut ${run}`;
    const secretText = `Det här är bara för Anna ${run}`;
    const delivery = await deliver(request, ANNA, secretSubject, secretText, [
      { file_name: `Hemligt-${run}.pdf`, content_base64: makePdf(`Hemligt ${run}`).toString('base64') },
    ]);
    expect(delivery.attachments).toHaveLength(1);
    const docId = delivery.attachments[0].id;

    await loginAs(page, 'Lars Berg');
    const problems = watchConsole(page);
    await page.goto(`/meddelanden/${delivery.message_id}`);
    await waitForApp(page);
    await expect(page.getByText('Vi hittade inte det du söker.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Meddelande' })).toBeVisible();
    await expect(page.locator('body')).not.toContainText(secretSubject);
    await expect(page.locator('body')).not.toContainText(secretText);
    await expect(page.locator('body')).not.toContainText(`Hemligt-${run}.pdf`);
    await expectNoAxeViolations(page, 'message not found');

    // The API refuses too, with the session's cookies, without telling whether it exists.
    const doc = await page.request.get(`/api/documents/${docId}`);
    expect(doc.status()).toBe(404);
    expect(await doc.text()).not.toContain('%PDF');
    const msg = await page.request.get(`/api/messages/${delivery.message_id}`);
    expect(msg.status()).toBe(404);
    const unknown = await page.request.get(`/api/documents/999999999`);
    expect(unknown.status()).toBe(404);
    expect((await msg.json()).code).toBe((await unknown.json()).code);
    // Lars's inbox search does not find it either.
    await page.goto(`/meddelanden?sok=${run}`);
    await waitForApp(page);
    await expect(page.locator('.result-count')).toHaveText('Inga meddelanden att visa.');
    expect(problems).toEqual([]);
  });
});

test.describe('pagination', () => {
  test('many messages are split into pages', async ({ page, request }) => {
    const run = Date.now();
    const n = 30;
    for (let start = 0; start < n; start += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, n - start) }, (_, i) =>
          deliver(request, LARS, `Massutskick ${run} nummer ${start + i + 1}`, `Meddelande nummer ${start + i + 1}.`),
        ),
      );
    }
    await loginAs(page, 'Lars Berg');
    await page.goto('/meddelanden');
    await waitForApp(page);
    const total: number = await page.evaluate(async () => (await (await fetch('/api/messages')).json()).total);
    expect(total).toBeGreaterThanOrEqual(n + 2);
    const pages = Math.ceil(total / 25);
    const rows = page.locator('.message-row');
    const pagination = page.getByRole('navigation', { name: 'Sidor' });
    await expect(page.locator('.result-count')).toHaveText(`Visar 1–25 av ${total} meddelanden`);
    await expect(rows).toHaveCount(25);
    await expect(pagination.getByText(`Sida 1 av ${pages}`)).toBeVisible();
    await expect(pagination.getByRole('link', { name: 'Föregående sida' })).toHaveCount(0);
    // Newest first.
    await expect(rows.first().getByRole('link')).toHaveText(/^Oläst: Massutskick \d+ nummer \d+$/);
    await expectNoAxeViolations(page, 'inbox with pagination');

    await pagination.getByRole('link', { name: 'Nästa sida' }).click();
    await expect(page).toHaveURL(/\/meddelanden\?sida=2$/);
    await expect(pagination.getByText(`Sida 2 av ${pages}`)).toBeVisible();
    const last = Math.min(50, total);
    await expect(page.locator('.result-count')).toHaveText(`Visar 26–${last} av ${total} meddelanden`);
    await expect(rows).toHaveCount(last - 25);
    // The oldest message of Lars's demo data is on the last page.
    if (pages === 2) {
      await expect(rows.last().getByRole('link')).toHaveText('Särskild postadress registrerad');
      await expect(pagination.getByRole('link', { name: 'Nästa sida' })).toHaveCount(0);
    }
    await pagination.getByRole('link', { name: 'Föregående sida' }).click();
    await expect(page).toHaveURL(/\/meddelanden$/);
    await expect(pagination.getByText(`Sida 1 av ${pages}`)).toBeVisible();

    // Every one of the delivered messages is findable.
    await page.getByLabel('Sök i ämne och text').fill(`Massutskick ${run}`);
    await page.getByRole('button', { name: 'Visa meddelanden' }).click();
    await expect(page.locator('.result-count')).toHaveText(`Visar 1–25 av ${n} meddelanden`);
    await expect(pagination.getByText('Sida 1 av 2')).toBeVisible();
    await pagination.getByRole('link', { name: 'Nästa sida' }).click();
    await expect(page).toHaveURL(new RegExp(`sok=Massutskick%20${run}&sida=2$`));
    await expect(page.locator('.result-count')).toHaveText(`Visar 26–${n} av ${n} meddelanden`);
    // The first batch of ten (delivered in parallel, so in any order among themselves) is oldest.
    await expect(rows.last().getByRole('link')).toHaveText(new RegExp(`^Oläst: Massutskick ${run} nummer ([1-9]|10)$`));
  });
});
