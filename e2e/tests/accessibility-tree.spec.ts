import { test, expect } from '@playwright/test';
import {
  login,
  waitForContent,
} from './accessibility-shared';

// Accessibility end to end: the accessibility tree that assistive technology relies on.

// --- Accessibility tree ------------------------------------------------------------------------

test.describe('accessibility tree', () => {
  // Structure, names and states that assistive technology relies on. Names that change
  // with the data (dates, counts, reference numbers) are matched with regular expressions.
  const banner = `
      - banner:
        - link "Exempelverket Min sida":
          - /url: /
        - link "Tillgänglighet":
          - /url: /tillganglighet
        - group "Språk":
          - /children: equal
          - button "Svenska" [pressed]
          - button "English" [pressed=false]
          - button "Suomi" [pressed=false]
          - button "العربية" [pressed=false]`;
  const footer = `
      - contentinfo:
        - heading "Kontakta oss" [level=2]
        - paragraph: Behöver du hjälp? Ring 0771-00 00 00 eller besök ett servicekontor.
        - paragraph:
          - link "Tillgänglighetsredogörelse":
            - /url: /tillganglighetsredogorelse
        - paragraph:
          - link "Lämna synpunkter":
            - /url: /synpunkter`;

  test('login page', async ({ page }) => {
    await page.goto('/logga-in');
    await waitForContent(page, '.person-button');
    await expect(page.locator('body')).toMatchAriaSnapshot(`
      - link "Gå direkt till innehållet":
        - /url: "#main"
      ${banner.trim()}
      - main:
        - heading "Logga in på Min sida" [level=1]
        - paragraph: Här ser du dina uppgifter och kan sköta dina ärenden hos oss.
        - region "Testinloggning":
          - heading "Testinloggning" [level=2]
          - paragraph: Endast för test och demonstration. Personerna är påhittade.
          - heading "Välj en testperson" [level=3]
          - list:
            - /children: equal
            - listitem:
              - button "Logga in som Anna Andersson 19811218-9876"
            - listitem:
              - button "Logga in som Lars Berg 19701063-2391"
            - listitem:
              - button "Logga in som Tolvan Tolvansson 19121212-1212"
          - heading "Logga in med personnummer" [level=3]
          - paragraph: 10 eller 12 siffror, till exempel 19811218-9876
          - textbox "Personnummer"
          - button "Logga in"
      ${footer.trim()}
    `);
    // The hint is the field's description, not just text next to it.
    await expect(page.getByRole('textbox', { name: 'Personnummer' })).toHaveAccessibleDescription(
      '10 eller 12 siffror, till exempel 19811218-9876',
    );
  });

  test('start page, inbox and settings', async ({ page }) => {
    await login(page, 'Anna Andersson');
    await waitForContent(page, '.todo-list');
    await expect(page.locator('body')).toMatchAriaSnapshot(`
      - link "Gå direkt till innehållet"
      - banner:
        - link "Exempelverket Min sida"
        - link "Tillgänglighet"
        - group "Språk"
        - paragraph:
          - text: Inloggad som
          - strong: Anna Andersson
        - button "Logga ut"
        - navigation "Huvudmeny":
          - list:
            - /children: equal
            - listitem:
              - link "Start":
                - /url: /
            - listitem:
              - link /^Meddelanden( \\d+ olästa)?$/:
                - /url: /meddelanden
            - listitem:
              - link "Mina ärenden":
                - /url: /arenden
            - listitem:
              - link "E-tjänster":
                - /url: /e-tjanster
            - listitem:
              - link "Mina uppgifter":
                - /url: /mina-uppgifter
            - listitem:
              - link "Kontaktval":
                - /url: /kontaktval
        - paragraph:
          - text: Du agerar för dig själv.
          - link "Agera för ett företag eller en annan person":
            - /url: /agera-for
        - paragraph: "Testmiljö: här används bara påhittade testpersoner."
      - main:
        - heading "Välkommen, Anna" [level=1]
        - paragraph: Här samlar vi det du kan göra på Min sida.
        - region "Att göra":
          - heading "Att göra" [level=2]
          - list:
            - listitem:
              - strong: Vi behöver komplettering från dig
              - text: ":"
              - link /^Flyttanmälan till Sveavägen 12 \\(.+\\)$/:
                - /url: /^\\/arenden\\/\\d+$/
            - listitem:
              - strong: Oläst meddelande
              - text: ":"
              - link:
                - /url: /^\\/meddelanden\\/\\d+$/
              - text: /^· \\d{1,2} \\S+ \\d{4}$/
        - region "Dina tjänster":
          - heading "Dina tjänster" [level=2]
          - list:
            - /children: equal
            - listitem:
              - heading "Meddelanden" [level=3]:
                - link "Meddelanden"
              - paragraph: Läs brev och beslut från oss och se kvittenser på det du har skickat.
            - listitem:
              - heading "Mina ärenden" [level=3]:
                - link "Mina ärenden"
              - paragraph: Följ dina ärenden, svara på begäran om komplettering och skicka dokument.
            - listitem:
              - heading "Mina uppgifter" [level=3]:
                - link "Mina uppgifter"
              - paragraph: Se uppgifterna vi har om dig i folkbokföringen och ändra dina kontaktuppgifter.
            - listitem:
              - heading "Kontaktval" [level=3]:
                - link "Kontaktval":
                  - /url: /kontaktval
              - paragraph: Välj hur vi kontaktar dig och om du vill ha en avisering via e-post eller sms när något nytt kommer.
            - listitem:
              - heading "Ombud för dig" [level=3]:
                - link "Ombud för dig":
                  - /url: /ombud
              - paragraph: Ge en annan person rätt att hjälpa dig med dina ärenden.
            - listitem:
              - heading "Vem har tittat på mina uppgifter" [level=3]:
                - link "Vem har tittat på mina uppgifter":
                  - /url: /atkomstlogg
              - paragraph: Se när någon annan har läst eller gjort något för dig.
      ${footer.trim()}
    `);

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: /^Meddelanden/ }).click();
    await waitForContent(page, '.message-row');
    await expect(page.locator('main')).toMatchAriaSnapshot(`
      - main:
        - heading "Meddelanden" [level=1]
        - paragraph: /^Här finns brev och beslut från oss/
        - navigation "Mappar":
          - list:
            - /children: equal
            - listitem:
              - link "Inkorg":
                - /url: /meddelanden
            - listitem:
              - link /^Olästa( \\d+)?$/:
                - /url: /meddelanden?mapp=olasta
            - listitem:
              - link "Skickade"
            - listitem:
              - link "Arkiv"
        - search:
          - heading "Sök och filtrera" [level=2]
          - searchbox "Sök i ämne och text"
          - combobox "Ärende":
            - option "Alla ärenden" [selected]
            - option /^Flyttanmälan till Sveavägen 12 \\(.+\\)$/
          - textbox "Från och med datum"
          - textbox "Till och med datum"
          - button "Visa meddelanden"
        - status: /^Visar 1–\\d+ av \\d+ meddelanden$/
        - list:
          - listitem:
            - 'link /^(Oläst: )?.+$/':
              - /url: /^\\/meddelanden\\/\\d+$/
            - paragraph:
              - time: /^\\d{1,2} \\S+ \\d{4} kl\\. \\d{2}:\\d{2}$/
          - listitem:
            - link "Ditt personbevis"
            - paragraph:
              - text: Skatteverket, Folkbokföring ·
              - time
              - text: · 1 bilaga
    `);
    // An unread message says so in its name, not only with a colour and weight.
    await expect(page.locator('.message-row.unread a.message-subject').first()).toHaveAccessibleName(/^Oläst: /);

    await page.locator('.site-header').getByRole('link', { name: 'Tillgänglighet' }).click();
    await waitForContent(page, '#text-size-100');
    await expect(page.locator('main')).toMatchAriaSnapshot(`
      - main:
        - heading "Tillgänglighet" [level=1]
        - paragraph: /^Välj hur Min sida ska se ut och fungera för dig\\./
        - group "Textstorlek":
          - radio "100 %" [checked]
          - radio "125 %" [checked=false]
          - radio "150 %" [checked=false]
          - radio "200 %" [checked=false]
        - group "Färger och kontrast":
          - radio "Som på min enhet" [checked]
          - radio "Ljust" [checked=false]
          - radio "Mörkt" [checked=false]
          - radio "Hög kontrast" [checked=false]
        - group "Rörelse":
          - radio "Som på min enhet" [checked]
          - radio "Minska rörelser och animationer" [checked=false]
        - group "Text och läsbarhet":
          - checkbox "Större avstånd mellan rader, ord och bokstäver" [checked=false]
          - checkbox "Lättläst typsnitt" [checked=false]
          - checkbox "Lättläst svenska" [checked=false]
          - paragraph: Förklarande texter visas på lättläst svenska.
        - button "Återställ till standard"
        - status
        - paragraph:
          - link "Tillgänglighetsredogörelse"
    `);
  });
});
