// Languages: every language changes the page text and the region names; Arabic lays the page
// out right to left; the choice survives a reload; with no choice, the browser's languages pick.
// Expected texts come from the app's own locale and region-name files, so the test checks that
// what the page shows is that language's text (and not English).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, BASE, shot, expectNoHorizontalScroll } from './fixtures.js';
import { holdRequests, signIn, signUpByPhone } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const texts = (tag) => JSON.parse(readFileSync(join(ROOT, 'locales', `${tag}.json`), 'utf8'));
const regionNames = (tag) => JSON.parse(readFileSync(join(ROOT, 'public', 'data', 'regions', `${tag}.json`), 'utf8'));

const LANGUAGES = [
  ['zh-Hans', '简体中文'],
  ['zh-Hant', '繁體中文'],
  ['es', 'Español'],
  ['id', 'Bahasa Indonesia'],
  ['hi', 'हिन्दी'],
  ['ru', 'Русский'],
  ['ar', 'العربية'],
];
const EN = texts('en');

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Picks a language in the header's menu, whose label is in the language now shown. */
async function chooseLanguage(page, from, native) {
  await page.getByRole('banner').getByRole('combobox', { name: texts(from).language }).selectOption({ label: native });
}

for (const [tag, native] of LANGUAGES) {
  test(`${native}: the page text and the region names switch to it`, async ({ page }) => {
    const t = texts(tag);
    await page.goto(`${BASE}signup`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(EN.title_sign_up);
    await chooseLanguage(page, 'en', native);

    expect(t.title_sign_up).not.toBe(EN.title_sign_up);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title_sign_up);
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expect(page.locator('html')).toHaveAttribute('dir', tag === 'ar' ? 'rtl' : 'ltr');
    await expect(page).toHaveTitle(`${t.title_sign_up} – ${t.title_suffix}`);
    await expect(page.getByRole('note')).toHaveText(t.demo_notice);
    await expect(page.getByRole('button', { name: t.next, exact: true })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('combobox', { name: t.language })).toHaveValue(tag);

    // The region picker: the chosen region's name, then the list, in this language.
    const names = regionNames(tag);
    const nameOf = Object.fromEntries(names);
    const field = page.getByRole('combobox', { name: t.region_label });
    await expect(field).toContainText(nameOf.US);
    expect(nameOf.US).not.toBe('United States');
    await field.click();
    const list = page.getByRole('listbox', { name: t.region_label });
    await expect(list).toBeVisible();
    await expect(list.getByRole('group', { name: t.region_common })).toBeVisible();
    // The full list is alphabetical in this language: its first options are the file's first.
    const all = list.getByRole('group', { name: t.region_all }).getByRole('option');
    await expect(all).toHaveCount(names.length);
    for (let i = 0; i < 3; i++) {
      await expect(all.nth(i).locator('.region-name')).toHaveText(names[i][1]);
    }
    // Searching finds a region by its name in this language.
    const search = page.getByRole('combobox', { name: t.region_search_label });
    await search.fill(nameOf.DE);
    await expect(list.getByRole('option').first()).toHaveAccessibleName(new RegExp(`^${escape(nameOf.DE)}\\s*\\+49$`));
    await page.keyboard.press('Enter');
    await expect(field).toContainText(nameOf.DE);
  });
}

test('arrow keys on the language menu only move its choice: Enter or leaving it applies it', async ({ page }) => {
  await page.goto(`${BASE}signup`);
  const lang = page.locator('html');
  const menu = page.getByRole('banner').getByRole('combobox', { name: EN.language });
  await menu.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(menu).toHaveValue('zh-Hant');
  // Nothing switched on the way, and nothing was stored.
  await page.waitForTimeout(300);
  await expect(lang).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(EN.title_sign_up);
  expect((await page.evaluate(() => localStorage.getItem('xa.prefs'))) ?? '').not.toContain('zh');
  await page.keyboard.press('Enter');
  await expect(lang).toHaveAttribute('lang', 'zh-Hant');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(texts('zh-Hant').title_sign_up);
  // Moved again, then left with Tab: it applies as the focus goes.
  await page.getByRole('banner').getByRole('combobox', { name: texts('zh-Hant').language }).focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(300);
  await expect(lang).toHaveAttribute('lang', 'zh-Hant');
  await page.keyboard.press('Tab');
  await expect(lang).toHaveAttribute('lang', 'es');
});

test('Arabic lays the page out right to left', async ({ page }) => {
  const t = texts('ar');
  await page.goto(`${BASE}signup`);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('dir', 'ltr');
  await chooseLanguage(page, 'en', 'العربية');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(html).toHaveAttribute('lang', 'ar');

  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(t.title_sign_up);
  expect(await heading.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  // The header reads from the right: the wordmark sits right of the links.
  const banner = page.getByRole('banner');
  const brand = await banner.getByRole('link', { name: t.wordmark_label }).boundingBox();
  const nav = await banner.getByRole('navigation').boundingBox();
  expect(brand.x).toBeGreaterThan(nav.x);
  // A form field's label starts at the field's right edge.
  const label = await page.getByText(t.region_label, { exact: true }).boundingBox();
  const field = await page.getByRole('combobox', { name: t.region_label }).boundingBox();
  expect(field.x + field.width - (label.x + label.width)).toBeLessThan(field.width / 2);
  // Calling codes still read "+1", not "1+".
  await expect(page.getByRole('combobox', { name: t.region_label }).locator('.region-dial')).toHaveAttribute('dir', 'ltr');

  await shot(page, 'i18n-ar', 1280);
  await shot(page, 'i18n-ar', 360);
  // Loaded afresh, the page starts right to left.
  await page.reload();
  await expect(heading).toHaveText(t.title_sign_up);
  await expect(html).toHaveAttribute('dir', 'rtl');
  await chooseLanguage(page, 'ar', 'English');
  await expect(html).toHaveAttribute('dir', 'ltr');
  await expect(heading).toHaveText(EN.title_sign_up);
});

test('screenshots of the sign-up page in every language', async ({ page }) => {
  await page.goto(`${BASE}signup`);
  let from = 'en';
  for (const [tag, native] of LANGUAGES) {
    if (tag === 'ar') continue; // taken above, with its layout checks
    await chooseLanguage(page, from, native);
    from = tag;
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(texts(tag).title_sign_up);
    // Region names arrive from our own origin; wait for them before the picture.
    await expect(page.getByRole('combobox', { name: texts(tag).region_label })).toContainText(Object.fromEntries(regionNames(tag)).US);
    await shot(page, `i18n-${tag}`, 1280);
    await shot(page, `i18n-${tag}`, 360);
  }
});

test('the chosen language survives a reload and applies at start-up', async ({ page }) => {
  const t = texts('ru');
  await page.goto(`${BASE}signin`);
  await chooseLanguage(page, 'en', 'Русский');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title_sign_in);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title_sign_in);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('banner').getByRole('combobox', { name: t.language })).toHaveValue('ru');
  // Another page, loaded fresh, starts in it too.
  await page.goto(`${BASE}help`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title_help);
});

test.describe('with no saved choice, the browser languages pick', () => {
  test.describe('Spanish (Mexico)', () => {
    test.use({ locale: 'es-MX' });

    test('starts in Spanish, and a choice made here wins over the browser', async ({ page }) => {
      const t = texts('es');
      await page.goto(`${BASE}signup`);
      expect((await page.evaluate(() => navigator.languages))[0]).toBe('es-MX');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title_sign_up);
      await expect(page.locator('html')).toHaveAttribute('lang', 'es');
      await expect(page.getByRole('combobox', { name: t.region_label })).toContainText(Object.fromEntries(regionNames('es')).MX);

      await chooseLanguage(page, 'es', 'English');
      await page.reload();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(EN.title_sign_up);
    });
  });

  test.describe('Chinese (Taiwan)', () => {
    test.use({ locale: 'zh-TW' });

    test('starts in Traditional Chinese', async ({ page }) => {
      await page.goto(`${BASE}signin`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(texts('zh-Hant').title_sign_in);
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
    });
  });

  test.describe('French, which we do not offer', () => {
    test.use({ locale: 'fr-FR' });

    test('starts in English', async ({ page }) => {
      await page.goto(`${BASE}signin`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(EN.title_sign_in);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    });
  });
});

/** In light and dark, at 360 and 1280 px: no sideways scroll, and a screenshot `page-<name>-<theme>`. */
async function captureThemesAndWidths(page, name) {
  for (const theme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: theme });
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
      await expectNoHorizontalScroll(page);
      await shot(page, `page-${name}-${theme}`, width);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

// Every page in a language of another script and in the right-to-left one, light and dark: its
// heading in that language, no sideways scroll at 360 px, and screenshots to look at.
test('every page in 简体中文 and العربية, light and dark, at 360 and 1280 px', async ({ page }) => {
  test.setTimeout(180_000);
  const id = await signUpByPhone(page, { phone: '13911112222', password: 'Every-page-1' });
  await signIn(page, id, 'Every-page-1');
  await expect(page).toHaveURL(/\/demo\/account$/);
  let from = 'en';
  for (const [tag, native] of [['zh-Hans', '简体中文'], ['ar', 'العربية']]) {
    await chooseLanguage(page, from, native);
    from = tag;
    const t = texts(tag);
    const pages = [
      ['account', 'account', `User${id.slice(-4)}`],
      ['signup', 'signup', t.title_sign_up],
      ['forgot', 'forgot', t.forgot_title],
      ['phone', 'phone', t.title_phone],
      ['agreement', 'agreement', t.title_agreement],
      ['privacy', 'privacy', t.title_privacy],
      ['help', 'help', t.title_help],
      ['404', 'no-such-page', t.title_not_found],
    ];
    for (const [name, path, heading] of pages) {
      await page.goto(`${BASE}${path}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      await expect(page.locator('html')).toHaveAttribute('dir', tag === 'ar' ? 'rtl' : 'ltr');
      await captureThemesAndWidths(page, `${tag}-${name}`);
    }
    // Signed out, the sign-in page.
    await page.goto(`${BASE}account`);
    await page.getByRole('button', { name: t.sign_out, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title_sign_in);
    await captureThemesAndWidths(page, `${tag}-signin`);
    // Back in for the next language.
    await page.getByRole('textbox', { name: t.field_account }).fill(id);
    await page.getByLabel(t.field_password, { exact: true }).fill('Every-page-1');
    await page.getByRole('button', { name: t.title_sign_in, exact: true }).click();
    await expect(page).toHaveURL(/\/demo\/account$/);
  }
});

test('a message already on screen follows a language switch', async ({ page }) => {
  const zh = texts('zh-Hans');
  // Sign-in's answer arrives after an await (the lookup and the hash), the forgot page's at once.
  await signIn(page, 'nobody@example.com', 'Wrong-password-1');
  await expect(page.getByText(EN.error_signin, { exact: true }).first()).toBeVisible();
  await chooseLanguage(page, 'en', '简体中文');
  await expect(page.getByText(zh.error_signin, { exact: true }).first()).toBeVisible();
  await expect(page.getByText(EN.error_signin)).toHaveCount(0);

  await chooseLanguage(page, 'zh-Hans', 'English');
  await page.goto(`${BASE}forgot`);
  await page.getByRole('textbox', { name: EN.field_account }).fill('???');
  await page.getByRole('button', { name: EN.next, exact: true }).click();
  await expect(page.getByText(EN.error_identifier)).toBeVisible();
  await chooseLanguage(page, 'en', '简体中文');
  await expect(page.getByText(zh.error_identifier)).toBeVisible();
  await expect(page.getByRole('textbox', { name: zh.field_account })).toHaveAccessibleDescription(zh.error_identifier);
});

// English is built into the app; another language's text is fetched from the site itself the
// first time it is chosen, and the page switches only once it is in.
test.describe('languages other than English are fetched when first needed', () => {
  const heading = (page) => page.getByRole('heading', { level: 1 });
  const failedNote = (native) => EN.language_load_failed.replace('%language%', native);

  test('only the language chosen is fetched, once, from the site itself', async ({ page }) => {
    const fetched = [];
    page.on('request', (r) => {
      if (r.url().includes('/data/text/')) fetched.push(new URL(r.url()).pathname);
    });
    await page.goto(`${BASE}signin`);
    await expect(heading(page)).toHaveText(EN.title_sign_in);
    expect(fetched, 'English needs no file').toEqual([]);
    expect((await page.request.get(`${BASE}data/text/en.json`)).status(), 'nor is one shipped').toBe(404);
    // Held back a moment, to see the page while it is on its way.
    const release = await holdRequests(page, '**/data/text/es.json');
    await chooseLanguage(page, 'en', 'Español');
    const loading = page.getByRole('status').filter({ hasText: EN.language_loading.replace('%language%', 'Español') });
    await expect(loading).toBeAttached();
    await expect(heading(page)).toHaveText(EN.title_sign_in);
    await expect(page.getByRole('banner').getByRole('combobox', { name: EN.language })).toHaveValue('es');
    release();
    await expect(heading(page)).toHaveText(texts('es').title_sign_in);
    await expect(loading).toHaveCount(0);
    await page.unroute('**/data/text/es.json');
    await chooseLanguage(page, 'es', 'English');
    await expect(heading(page)).toHaveText(EN.title_sign_in);
    await chooseLanguage(page, 'en', 'Español');
    await expect(heading(page)).toHaveText(texts('es').title_sign_in);
    expect(fetched, 'fetched once, under the base path').toEqual([`${BASE}data/text/es.json`]);
  });

  test('a saved language is on the first page drawn, with no English before it', async ({ page }) => {
    await page.goto(`${BASE}signin`);
    await chooseLanguage(page, 'en', 'हिन्दी');
    await expect(heading(page)).toHaveText(texts('hi').title_sign_in);
    // Every text the heading has had from the moment the page starts.
    await page.addInitScript(() => {
      window.headingTexts = [];
      new MutationObserver(() => {
        const text = document.querySelector('h1')?.textContent;
        if (text && window.headingTexts.at(-1) !== text) window.headingTexts.push(text);
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.reload();
    await expect(heading(page)).toHaveText(texts('hi').title_sign_in);
    expect(await page.evaluate(() => window.headingTexts)).toEqual([texts('hi').title_sign_in]);
  });

  test('region names come with the language: no English name before them, and tried again when missing', async ({ page, guard }) => {
    const es = texts('es');
    const nameOf = Object.fromEntries(regionNames('es'));
    const field = page.getByRole('combobox', { name: es.region_label });
    const fetched = [];
    page.on('request', (r) => {
      if (r.url().includes('/data/')) fetched.push(new URL(r.url()).pathname);
    });
    // Every (heading, region name) the page has shown from the moment it starts.
    await page.addInitScript(() => {
      window.shown = [];
      new MutationObserver(() => {
        const now = [document.querySelector('h1')?.textContent, document.querySelector('.region-value')?.textContent];
        if (now[0] && now[1] && String(window.shown.at(-1)) !== String(now)) window.shown.push(now);
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    // The names held back until the text is in: the page must wait for them too.
    const release = await holdRequests(page, '**/data/regions/es.json');
    await page.goto(`${BASE}signup`);
    const textIn = page.waitForResponse(`**${BASE}data/text/es.json`);
    await chooseLanguage(page, 'en', 'Español');
    await (await textIn).finished();
    expect(fetched, 'both files are asked for at once').toContain(`${BASE}data/regions/es.json`);
    await page.waitForTimeout(300);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(EN.title_sign_up);
    release();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(es.title_sign_up);
    await expect(field).toContainText(nameOf.US);
    expect(await page.evaluate(() => window.shown)).toEqual([
      [EN.title_sign_up, 'United States'],
      [es.title_sign_up, nameOf.US],
    ]);
    await page.unroute('**/data/regions/es.json');

    // A fresh start in Spanish draws the Spanish names from its first frame.
    await page.reload();
    await expect(field).toContainText(nameOf.US);
    expect(await page.evaluate(() => window.shown)).toEqual([[es.title_sign_up, nameOf.US]]);

    // Names that cannot be had do not hold the language back: English names stand in, and the
    // next switch to the language tries them again.
    guard.expectBlocked(/Failed to load resource: net::ERR_FAILED/);
    await page.route('**/data/regions/ru.json', (r) => r.abort());
    await chooseLanguage(page, 'es', 'Русский');
    const ru = texts('ru');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ru.title_sign_up);
    await expect(page.getByRole('combobox', { name: ru.region_label })).toContainText('United States');
    await page.unroute('**/data/regions/ru.json');
    await chooseLanguage(page, 'ru', 'English');
    await chooseLanguage(page, 'en', 'Русский');
    await expect(page.getByRole('combobox', { name: ru.region_label })).toContainText(Object.fromEntries(regionNames('ru')).US);

    // Names slower than the text by more than a second do not hold the language back either;
    // they take their place when they come.
    const zh = texts('zh-Hans');
    const releaseZh = await holdRequests(page, '**/data/regions/zh-Hans.json');
    await chooseLanguage(page, 'ru', '简体中文');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh.title_sign_up, { timeout: 5_000 });
    const zhField = page.getByRole('combobox', { name: zh.region_label });
    await expect(zhField).toContainText('United States');
    releaseZh();
    await expect(zhField).toContainText(Object.fromEntries(regionNames('zh-Hans')).US);
  });

  test('a language that cannot be had leaves the page as it was, says so, and can be chosen again', async ({ page, guard }) => {
    // The aborted request is logged by the browser; that is the point of this test.
    guard.expectBlocked(/Failed to load resource: net::ERR_FAILED/);
    const menu = page.getByRole('banner').getByRole('combobox', { name: EN.language });
    const note = page.getByRole('status').filter({ hasText: failedNote('Русский') });
    await page.route('**/data/text/ru.json', (r) => r.abort());
    await page.goto(`${BASE}signin`);
    await chooseLanguage(page, 'en', 'Русский');
    await expect(note).toHaveText(failedNote('Русский'));
    await expect(heading(page)).toHaveText(EN.title_sign_in);
    await expect(menu).toHaveValue('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    // The choice is remembered, so the next start tries it again (and says so again).
    await page.reload();
    await expect(note).toHaveText(failedNote('Русский'));
    await expect(heading(page)).toHaveText(EN.title_sign_in);

    // A host that answers a missing file with its HTML page: refused the same way.
    await page.unroute('**/data/text/ru.json');
    await page.route('**/data/text/ru.json', (r) =>
      r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Not found</title>' }),
    );
    await chooseLanguage(page, 'en', 'Русский');
    await expect(note).toHaveText(failedNote('Русский'));
    await expect(menu).toHaveValue('en');

    // Back online: the same choice now works, and the note goes.
    await page.unroute('**/data/text/ru.json');
    await chooseLanguage(page, 'en', 'Русский');
    await expect(heading(page)).toHaveText(texts('ru').title_sign_in);
    await expect(note).toHaveCount(0);
    await expect(page.getByRole('banner').getByRole('combobox', { name: texts('ru').language })).toHaveValue('ru');
  });

  test('a saved language that cannot be had at start-up: the page starts in English and says so', async ({ page, guard }) => {
    guard.expectBlocked(/Failed to load resource: net::ERR_FAILED/);
    await page.goto(`${BASE}signin`);
    await chooseLanguage(page, 'en', 'العربية');
    await expect(heading(page)).toHaveText(texts('ar').title_sign_in);
    await page.route('**/data/text/ar.json', (r) => r.abort());
    await page.reload();
    await expect(heading(page)).toHaveText(EN.title_sign_in);
    await expect(page.getByRole('status').filter({ hasText: failedNote('العربية') })).toBeAttached();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    // The saved choice stays, so the next visit tries again.
    await page.unroute('**/data/text/ar.json');
    await page.reload();
    await expect(heading(page)).toHaveText(texts('ar').title_sign_in);
  });

  test('a start-up language slower than 3 s: the page starts in English and switches when it arrives', async ({ page }) => {
    await page.goto(`${BASE}signin`);
    await chooseLanguage(page, 'en', 'Bahasa Indonesia');
    await expect(heading(page)).toHaveText(texts('id').title_sign_in);
    await page.route('**/data/text/id.json', async (r) => {
      await new Promise((ok) => setTimeout(ok, 4_500));
      await r.continue();
    });
    const started = Date.now();
    await page.reload();
    await expect(heading(page)).toHaveText(EN.title_sign_in);
    expect(Date.now() - started, 'not kept blank until the file came').toBeLessThan(4_500);
    await expect(page.getByRole('banner').getByRole('combobox', { name: EN.language })).toHaveValue('id');
    await expect(heading(page)).toHaveText(texts('id').title_sign_in, { timeout: 15_000 });
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  });
});
