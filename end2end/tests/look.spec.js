// The look across every page: at a 360 px phone and a 1280 px desktop, in the light and the dark
// theme, no page scrolls sideways, standalone controls are touch-sized (44 px), text colours pass
// axe's contrast rule, and a screenshot of each lands in artifacts/screenshots/look-<page>-<width>-<theme>.png.
import { test, expect, BASE, SHOTS, expectNoHorizontalScroll } from './fixtures.js';
import { signIn, signUpByPhone, chooseRegion, solveImageCheck, latestCode, typeCode, fillEmailDetails } from './helpers.js';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const WIDTHS = [360, 1280];
const THEMES = ['light', 'dark'];

/** Controls smaller than 44 × 44 px. Links inside running text (display: inline) are exempt,
 *  as WCAG's target-size rule exempts them; a checkbox counts with its label. */
function smallTargets() {
  const seen = [];
  const box = (el) => el.getBoundingClientRect();
  const visible = (el) => {
    const r = box(el);
    const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && r.bottom > 0 && !el.closest('[inert]');
  };
  // Behind an open modal dialog only the dialog can be used.
  const scope = document.querySelector('dialog[open]') ?? document;
  for (const el of scope.querySelectorAll('a[href], button, input, select, [role="combobox"], [role="option"], summary')) {
    if (!visible(el) || el.closest('.visually-hidden')) continue;
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') continue;
    let r = box(el);
    if (el.type === 'checkbox' || el.type === 'radio') {
      const label = el.id && document.querySelector(`label[for="${el.id}"]`);
      if (label) {
        const l = box(label);
        r = { width: l.right - Math.min(l.left, r.left), height: Math.max(l.height, r.height) };
      }
    }
    if (r.width < 43.5 || r.height < 43.5) {
      const name = (el.getAttribute('aria-label') || el.textContent || el.id || el.tagName).trim().slice(0, 40);
      seen.push(`${el.tagName.toLowerCase()}.${el.className} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return seen;
}

/** Every width and theme: no sideways scroll, touch-sized targets, contrast, a screenshot. */
async function capture(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
      // Let layout and transitions (the floating labels) settle.
      await page.waitForTimeout(200);
      await expectNoHorizontalScroll(page);
      expect(await page.evaluate(smallTargets), `targets under 44 px on ${name} at ${width} px`).toEqual([]);
      const contrast = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
      const failures = contrast.violations.flatMap((v) => v.nodes.map((n) => `${n.target}: ${n.any[0]?.message ?? v.help}`));
      expect(failures, `contrast on ${name} at ${width} px, ${theme}`).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `look-${name}-${width}-${theme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The same page laid out right to left, as <html dir="rtl"> (Arabic) will lay it out. */
async function captureRtl(page, name) {
  await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
  await capture(page, `${name}-rtl`);
  await page.evaluate(() => document.documentElement.setAttribute('dir', 'ltr'));
}

/** Between the two screenshot widths: no sideways scroll at the layout's break points either. */
async function sweep(page, name) {
  for (const width of [390, 600, 601, 768, 900, 901, 999, 1000, 1100, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `horizontal overflow on ${name} at ${width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('sign-in, its variants, the info pages and the 404 page', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${BASE}signin`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await capture(page, 'signin');
  await sweep(page, 'signin');

  // Right-to-left (Arabic sets <html dir="rtl">): the layout mirrors through logical properties.
  await captureRtl(page, 'signin');
  await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
  const [brand, links] = await Promise.all([page.locator('.brand').boundingBox(), page.locator('.site-links').boundingBox()]);
  expect(brand.x, 'the wordmark sits at the right in right-to-left').toBeGreaterThan(links.x);
  await page.evaluate(() => document.documentElement.setAttribute('dir', 'ltr'));

  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Enter your account and password')).toBeVisible();
  await capture(page, 'signin-error');

  // A phone number brings the calling-code selector; the code way swaps the password for boxes.
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('13812345678');
  await page.getByRole('button', { name: 'Sign in with a verification code' }).click();
  await expect(page.getByRole('combobox', { name: 'Country/Region' })).toBeVisible();
  await capture(page, 'signin-code');

  // The demo tools' confirmation dialog.
  await page.getByRole('button', { name: 'Erase all demo data' }).click();
  const erase = page.getByRole('dialog', { name: 'Erase all demo data?' });
  await expect(erase).toBeVisible();
  await capture(page, 'demo-erase-dialog');
  await erase.getByRole('button', { name: 'Cancel' }).click();
  await expect(erase).toBeHidden();

  for (const [path, heading] of [
    ['agreement', 'User Agreement'],
    ['privacy', 'Privacy Policy'],
    ['help', 'Help'],
  ]) {
    await page.goto(`${BASE}${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await capture(page, path);
  }

  await page.goto(`${BASE}no-such-page`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await capture(page, '404');
});

test('every sign-up step, with errors, the terms dialog and the region list', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(`${BASE}signup`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  await capture(page, 'signup-details');
  await sweep(page, 'signup-details');
  await captureRtl(page, 'signup-details');

  await page.getByRole('combobox', { name: 'Country/Region' }).click();
  await page.getByRole('combobox', { name: 'Search countries and regions' }).fill('an');
  await capture(page, 'signup-region-open');
  await page.keyboard.press('Escape');

  await chooseRegion(page, '86', 'China');
  await page.getByRole('textbox', { name: 'Phone number' }).fill('1381234');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('A phone number with +86 has 11 digits')).toBeVisible();
  await capture(page, 'signup-details-error');

  await page.getByRole('textbox', { name: 'Phone number' }).fill('13812345678');
  await page.getByRole('button', { name: 'Next' }).click();
  const dialog = page.getByRole('dialog', { name: 'Agree and continue' });
  await expect(dialog).toBeVisible();
  await capture(page, 'signup-terms-dialog');
  await dialog.getByRole('button', { name: 'Agree and continue' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  await page.getByRole('textbox', { name: 'Enter the characters' }).fill('WRONG');
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText("The characters don't match. Try the new image.")).toBeVisible();
  // The demo tools show the image's characters; type them as a learner would.
  await page.getByRole('button', { name: 'Reveal the image code' }).click();
  await capture(page, 'signup-check');
  const answer = (await page.locator('.captcha-answer strong').textContent()).trim();
  await page.getByRole('textbox', { name: 'Enter the characters' }).fill(answer);
  await page.getByRole('button', { name: 'Send code' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter verification code');
  const code = await latestCode(page);
  await typeCode(page, code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('Incorrect code. Tries left: 4.')).toBeVisible();
  await capture(page, 'signup-code');
  await typeCode(page, code);
  await page.getByRole('button', { name: 'Verify' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set password');
  await page.getByLabel('Password', { exact: true }).fill('Looks-good-12');
  await page.getByLabel('Confirm password').fill('Looks-good-13');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText("The passwords don't match")).toBeVisible();
  await capture(page, 'signup-password');
  await page.getByLabel('Confirm password').fill('Looks-good-12');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account created', { timeout: 30_000 });
  await capture(page, 'signup-done');
});

test('forgot password, every step', async ({ page }) => {
  test.setTimeout(240_000);
  const id = await signUpByPhone(page, { phone: '13900007777', password: 'Looks-forgot-1' });
  await page.goto(`${BASE}forgot`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset password');
  await capture(page, 'forgot');
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(id);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('textbox', { name: 'Enter the characters' })).toBeVisible();
  await capture(page, 'forgot-check');
  await solveImageCheck(page);
  await expect(page.getByText('If this account exists, a verification code has been sent')).toBeVisible();
  const code = await latestCode(page);
  await capture(page, 'forgot-code');
  await typeCode(page, code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByLabel('New password')).toBeVisible();
  await capture(page, 'forgot-password');
  await page.getByLabel('New password').fill('Looks-forgot-2');
  await page.getByLabel('Confirm password').fill('Looks-forgot-2');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText("Your password has been changed and you've been signed out everywhere.")).toBeVisible({ timeout: 15_000 });
  await capture(page, 'forgot-done');
});

test('the account center, its edit form and its dialog', async ({ page }) => {
  test.setTimeout(240_000);
  const id = await signUpByPhone(page, { phone: '13900008888', password: 'Looks-account-1' });
  await signIn(page, id, 'Looks-account-1');
  await expect(page).toHaveURL(/\/demo\/account$/);
  await expect(page.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  await capture(page, 'account');
  await sweep(page, 'account');
  await captureRtl(page, 'account');

  await page.getByRole('button', { name: 'Edit nickname' }).click();
  await page.getByRole('textbox', { name: 'Nickname' }).fill(' ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('A nickname has 1 to 20 characters')).toBeVisible();
  await capture(page, 'account-nickname');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Delete account' }).click();
  await expect(page.getByRole('dialog', { name: 'Delete this account?' })).toBeVisible();
  await capture(page, 'account-delete-dialog');
});

test('zoomed to 200 % on a phone (180 × 370 CSS px), a new code leaves the code boxes and Verify in sight', async ({ page }) => {
  await page.setViewportSize({ width: 180, height: 370 });
  await fillEmailDetails(page, 'zoomed@example.com');
  await page.getByRole('button', { name: 'Next' }).click();
  await solveImageCheck(page);
  const headsUp = page.getByRole('status').filter({ hasText: 'verification code is' });
  await expect(headsUp).toBeVisible({ timeout: 15_000 });
  // It keeps to the message itself: under a third of the screen.
  expect((await headsUp.boundingBox()).height).toBeLessThan(370 / 3);
  // What the code is typed into, and its button, are not under it.
  for (const target of [page.getByRole('textbox', { name: 'Verification code 1' }), page.getByRole('button', { name: 'Verify' })]) {
    await target.scrollIntoViewIfNeeded();
    const uncovered = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === el;
    });
    expect(uncovered).toBe(true);
  }
  await page.screenshot({ path: `${SHOTS}/look-heads-up-zoomed-180.png` });
});

// The browser's own font-size setting (Settings › Appearance › Font size, here through DevTools'
// Page.setFontSizes, which sets the same preference): text is in rem, so it follows.
test('with the browser\'s text size at 24 px instead of 16, the text grows and the fields still hold it', async ({ page }) => {
  const sizes = async () => {
    await page.goto(`${BASE}signin`);
    const field = page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' });
    await field.fill('ann@example.com');
    return field.evaluate(async (input) => {
      // The label floats up with a transition: measured where it ends.
      await Promise.all(document.getAnimations().map((a) => a.finished));
      const label = input.labels[0];
      const box = input.getBoundingClientRect();
      const cs = getComputedStyle(input);
      return {
        text: parseFloat(cs.fontSize),
        heading: parseFloat(getComputedStyle(document.querySelector('h1, .auth-tabs')).fontSize),
        button: parseFloat(getComputedStyle([...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Sign in')).fontSize),
        // The floating label ends above where the typed text starts.
        labelBottom: label.getBoundingClientRect().bottom - box.top,
        textTop: parseFloat(cs.paddingTop),
        fieldHeight: box.height,
        lineHeight: parseFloat(cs.lineHeight),
      };
    });
  };
  // The side banner (a ::before of the page body) is drawn only where the window is 62.5em wide.
  const banner = () => page.evaluate(() => getComputedStyle(document.querySelector('.site-body'), '::before').content);
  await page.setViewportSize({ width: 1280, height: 900 });
  const normal = await sizes();
  expect(normal.text).toBe(17);
  expect(await banner()).not.toBe('none');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24 } });
  const large = await sizes();
  for (const k of ['text', 'heading', 'button']) expect(large[k], k).toBeCloseTo(normal[k] * 1.5, 1);
  // 1280 px is 53em of 24 px text: the layout for narrower windows, without the banner.
  expect(await banner()).toBe('none');
  // The field, the floating label's place and the text's start grow with the text: the label
  // stays above the typed text as it does at 16 px, and the text fits in the field.
  for (const k of ['labelBottom', 'textTop', 'lineHeight']) expect(large[k], k).toBeCloseTo(normal[k] * 1.5, 0);
  expect(large.labelBottom - large.textTop).toBeLessThanOrEqual(Math.max(0, normal.labelBottom - normal.textTop) * 1.5 + 0.5);
  expect(large.fieldHeight).toBeGreaterThanOrEqual(large.textTop + large.lineHeight);
  // A full-page screenshot would reset the font sizes (Playwright's own emulation for it): the
  // viewport is made as tall as the page instead.
  const fullShot = async (name, width) => {
    await page.setViewportSize({ width, height: 900 });
    await expectNoHorizontalScroll(page);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width, height });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('24px');
    await page.screenshot({ path: `${SHOTS}/look-text-24px-${name}-${width}.png` });
  };
  for (const width of [360, 1280]) await fullShot('signin', width);
  // The sign-up's first step and its code boxes, on a phone.
  await page.goto(`${BASE}signup`);
  await fullShot('signup', 360);
  await page.getByRole('button', { name: 'Create using email' }).click();
  await page.getByRole('textbox', { name: 'Email' }).fill('large.text@example.com');
  await page.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await solveImageCheck(page);
  await expect(page.getByRole('textbox', { name: 'Verification code 1' })).toBeVisible();
  await fullShot('signup-code', 360);
});
