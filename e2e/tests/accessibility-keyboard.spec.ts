import { test, expect, Page } from '@playwright/test';
import { watchConsole } from './helpers';
import {
  ANNA,
  login,
  resetTouchedProfilesAfterEach,
  rootState,
  touched,
  waitForContent,
} from './accessibility-shared';

// Accessibility end to end: a keyboard-only journey with visible, uncovered focus (WCAG 2.1.1,
// 2.4.7, 2.4.11).

// Tests that save preferences record whose profile they changed; the defaults go back after each.
resetTouchedProfilesAfterEach();

// --- Keyboard only ---------------------------------------------------------------------------

type Focused = {
  tag: string;
  text: string;
  href: string | null;
  id: string;
  inViewport: boolean;
  uncovered: boolean;
  indicator: boolean;
  where: string;
  navLabel: string | null;
  rect: string;
};

/** The focused element, whether it is fully in the viewport, not hidden under anything (WCAG
 * 2.4.11) and has a visible focus indicator (2.4.7). */
async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    // A link may wrap onto two lines: look at the middle of each of its boxes.
    const uncovered = [...el.getClientRects()].some((box) => {
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return !!hit && (hit === el || el.contains(hit));
    });
    const cs = getComputedStyle(el);
    const keyboardFocus = el.matches(':focus-visible');
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim(),
      href: el.getAttribute('href'),
      id: el.id,
      inViewport: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
      uncovered,
      indicator: !keyboardFocus || cs.outlineStyle !== 'none' || cs.boxShadow !== 'none',
      rect: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)} in ${innerWidth}×${innerHeight}`,
      navLabel: el.closest('nav')?.getAttribute('aria-label') ?? null,
      where: el.closest('nav') ? 'nav' : el.closest('header') ? 'header' : el.closest('main') ? 'main' : el.closest('footer') ? 'footer' : 'other',
    };
  });
}

/** The focused element is (or, after a re-flow, comes back) fully in view and uncovered. */
async function expectFocusVisible(page: Page, what: string) {
  await expect
    .poll(async () => {
      const f = await focused(page);
      return f ? { inViewport: f.inViewport, uncovered: f.uncovered, indicator: f.indicator } : null;
    }, { message: `${what} is focused and visible` })
    .toEqual({ inViewport: true, uncovered: true, indicator: true });
}

/** Presses `key` until the focused element matches; every stop on the way must be visible. */
async function keyTo(page: Page, key: 'Tab' | 'Shift+Tab', wanted: (f: Focused) => boolean, what: string, max = 40) {
  const visited: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (!f) {
      visited.push('(body)');
      continue;
    }
    visited.push(`${f.tag}:${f.text.slice(0, 30)}`);
    expect(f.inViewport, `focused ${f.tag} "${f.text}" is in the viewport`).toBe(true);
    expect(f.uncovered, `focused ${f.tag} "${f.text}" is not covered`).toBe(true);
    expect(f.indicator, `focused ${f.tag} "${f.text}" has a focus indicator`).toBe(true);
    if (wanted(f)) return f;
  }
  throw new Error(`${what} not reached with ${key}; focus went: ${visited.join(' → ')}`);
}

test('keyboard only: log in, read a message, change settings', async ({ page }) => {
  const problems = watchConsole(page);
  touched.add(ANNA);
  await page.setViewportSize({ width: 1024, height: 600 });
  await page.goto('/logga-in');
  await waitForContent(page, '.person-button');

  await keyTo(page, 'Tab', (f) => f.tag === 'button' && f.text.startsWith('Logga in som Anna Andersson'), 'the Anna login button');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Välkommen, Anna' })).toBeVisible();
  await waitForContent(page, '.todo-list');

  // The main navigation comes before the content: back up from wherever focus is.
  await keyTo(page, 'Shift+Tab', (f) => f.where === 'nav' && f.href === '/meddelanden' && !!f.navLabel?.includes('Huvudmeny'), 'main navigation "Meddelanden"');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/meddelanden$/);
  await expect.poll(() => page.evaluate(() => document.activeElement === document.querySelector('main h1'))).toBe(true);
  await expect(page.locator('main h1')).toHaveText('Meddelanden');
  await waitForContent(page, '.message-row');

  const first = page.locator('.message-row').first();
  const firstHref = (await first.locator('a.message-subject').getAttribute('href'))!;
  const wasUnread = (await first.getAttribute('class'))!.split(/\s+/).includes('unread');
  await keyTo(page, 'Tab', (f) => f.href === firstHref, 'the first message link');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${firstHref}$`));
  await waitForContent(page, '.message-body');
  await expect.poll(() => page.evaluate(() => document.activeElement === document.querySelector('main h1'))).toBe(true);
  if (wasUnread) {
    // Leave Anna's inbox as the other spec files expect it.
    const id = firstHref.split('/').pop();
    const ok = await page.evaluate(async (id) => {
      const csrf = (await (await fetch('/api/session')).json()).csrf_token;
      const r = await fetch(`/api/messages/${id}/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ read: false }),
      });
      return r.ok;
    }, id);
    expect(ok).toBe(true);
  }

  await keyTo(page, 'Shift+Tab', (f) => f.where === 'header' && f.href === '/tillganglighet', 'header link "Tillgänglighet"');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tillganglighet$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Tillgänglighet' })).toBeFocused();

  // Text size with the arrow keys: the page grows around the focused radio, which must stay
  // in view.
  await keyTo(page, 'Tab', (f) => f.id === 'text-size-100', 'the checked radio "100 %"');
  for (const size of ['125', '150', '200']) {
    await page.keyboard.press('ArrowRight');
    await expect(page.locator(`#text-size-${size}`)).toBeFocused();
    await expect(page.locator('html')).toHaveAttribute('data-text-size', size);
    await expectFocusVisible(page, `radio ${size} %`);
  }
  expect((await rootState(page)).fontSize).toBe('32px');

  // Into the colour group: Tab stops on its checked radio, the arrows choose.
  await keyTo(page, 'Tab', (f) => f.id === 'theme-auto', 'the checked radio "Som på min enhet"');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#theme-light')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#theme-dark')).toBeFocused();
  await expect(page.getByRole('radio', { name: 'Mörkt' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.keyboard.press('Space');
  await expect(page.getByRole('radio', { name: 'Mörkt' })).toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: 'Sparat på den här enheten och i din profil.' })).toBeVisible();
  await expectFocusVisible(page, 'radio "Mörkt"');

  // A checkbox with Space; the re-flowed page keeps it in view.
  await keyTo(page, 'Tab', (f) => f.id === 'text-spacing', 'the checkbox "Större avstånd …"');
  await page.keyboard.press('Space');
  await expect(page.locator('#text-spacing')).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-spacing', 'wide');
  await expectFocusVisible(page, 'checkbox "Större avstånd …" (on)');
  await page.keyboard.press('Space');
  await expect(page.locator('#text-spacing')).not.toBeChecked();
  await expect(page.locator('html')).not.toHaveAttribute('data-spacing');
  await expectFocusVisible(page, 'checkbox "Större avstånd …" (off)');
  expect(problems).toEqual([]);
});
