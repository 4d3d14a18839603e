// Accessibility: axe-core (WCAG 2.0/2.1 A and AA, and best practice) finds nothing on any page or
// state — empty, with errors, success, every dialog open, the region list open — in the light
// and the dark theme, in English and in Arabic (right to left). Then a whole sign-up done with
// the keyboard alone. Every state is reached as a person reaches it, through visible, labelled
// controls; names come from the app's own locale files so the Arabic tour finds the same ones.
import { readFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, BASE, SHOTS } from './fixtures.js';
import { signUpByPhone } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const texts = (tag) => JSON.parse(readFileSync(join(ROOT, 'locales', `${tag}.json`), 'utf8'));
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const THEMES = ['light', 'dark'];
const LANGS = [
  ['en', 'English'],
  ['ar', 'العربية'],
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A translated text with `%n%` / `{{ n }}` placeholders as a regular expression. */
const rx = (s) => new RegExp(escape(s).replace(/%\w+%|\\\{\\\{ \w+ \\\}\\\}/g, '.+?'));

/** Scans the page as it is now in both themes; every violation is reported with its rule id,
 *  the element and axe's summary of what to fix (`include`: only that part of the page).
 *  `A11Y_LOG` names a file that gets one JSON line per scan (for counting). */
async function scan(page, state, { include } = {}) {
  const lang = await page.locator('html').getAttribute('lang');
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    // Let the floating labels and colour transitions settle before colours are measured.
    await page.waitForTimeout(250);
    const builder = new AxeBuilder({ page }).withTags(TAGS);
    if (include) builder.include(include);
    const { violations } = await builder.analyze();
    const found = violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id} [${v.impact}] ${n.target.join(' ')}: ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ')}`),
    );
    if (process.env.A11Y_LOG) {
      appendFileSync(process.env.A11Y_LOG, `${JSON.stringify({ state, theme, lang, count: found.length, rules: [...new Set(violations.map((v) => v.id))] })}\n`);
    }
    expect.soft(found, `axe: ${state} (${lang}, ${theme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Picks a language in the header's menu, whose label is in the language now shown. */
async function chooseLanguage(page, from, native) {
  await page.getByRole('banner').getByRole('combobox', { name: texts(from).language }).selectOption({ label: native });
}

/** The six digits of the newest simulated message. */
async function newestCode(page, count) {
  const msgs = page.locator('.message-text');
  if (count !== undefined) await expect(msgs).toHaveCount(count, { timeout: 15_000 });
  await expect(msgs.first()).toContainText(/\d{6}/, { timeout: 15_000 });
  return (await msgs.first().textContent()).match(/(\d{6})/)[1];
}

async function typeCodeIn(scope, page, t, code) {
  await scope.getByRole('textbox', { name: `${t.code_label} 1` }).click();
  await page.keyboard.type(code);
}

const h1 = (page) => page.getByRole('heading', { level: 1 });

/** A screenshot of the page as it is (1280 px wide) in artifacts/screenshots. */
async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

for (const [tag, native] of LANGS) {
  const t = texts(tag);
  const inLanguage = async (page) => {
    if (tag !== 'en') {
      await chooseLanguage(page, 'en', native);
      await expect(page.locator('html')).toHaveAttribute('lang', tag);
    }
  };

  test(`${tag}: info pages, the simulated phone's first screen and the 404 page`, async ({ page }) => {
    await page.goto(`${BASE}help`);
    await inLanguage(page);
    for (const [path, key] of [['agreement', 'title_agreement'], ['privacy', 'title_privacy'], ['help', 'title_help'], ['no-such-page', 'title_not_found'], ['phone', 'title_phone']]) {
      await page.goto(`${BASE}${path}`);
      await expect(h1(page)).toHaveText(t[key]);
      await scan(page, path);
    }
  });

  test(`${tag}: every sign-up step, with its errors, the region list and the terms dialog`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto(`${BASE}signup`);
    await inLanguage(page);
    await expect(h1(page)).toHaveText(t.title_sign_up);
    await scan(page, 'sign-up details, empty');

    const region = page.getByRole('combobox', { name: t.region_label });
    await region.click();
    await expect(page.getByRole('listbox', { name: t.region_label })).toBeVisible();
    await scan(page, 'sign-up region list open');
    await page.getByRole('combobox', { name: t.region_search_label }).fill('zzzz');
    await expect(page.getByText(t.region_no_match)).toBeVisible();
    await scan(page, 'sign-up region search, no match');
    await page.getByRole('combobox', { name: t.region_search_label }).fill('86');
    await expect(page.getByRole('listbox', { name: t.region_label }).getByRole('option').first()).toContainText('+86');
    await scan(page, 'sign-up region search, results');
    await page.keyboard.press('Enter');
    await expect(region).toContainText('+86');

    await page.getByRole('button', { name: t.use_email }).click();
    await expect(page.getByRole('textbox', { name: t.field_email })).toBeVisible();
    await scan(page, 'sign-up details, by email');
    await page.getByRole('button', { name: t.use_phone }).click();

    const phone = page.getByRole('textbox', { name: t.field_phone });
    await phone.fill('1381234');
    await page.getByRole('button', { name: t.next, exact: true }).click();
    await expect(phone).toHaveAttribute('aria-invalid', 'true');
    await scan(page, 'sign-up details, with an error');

    await phone.fill('13812345678');
    await page.getByRole('button', { name: t.next, exact: true }).click();
    const terms = page.getByRole('dialog', { name: t.terms_dialog_title });
    await expect(terms).toBeVisible();
    await scan(page, 'sign-up terms dialog');
    await terms.getByRole('button', { name: t.agree_and_continue }).click();

    await expect(h1(page)).toHaveText(t.check_title);
    await scan(page, 'sign-up image check');
    const answerBox = page.getByRole('textbox', { name: t.captcha_label });
    await page.getByRole('button', { name: t.send_code }).click();
    await expect(answerBox).toHaveAttribute('aria-invalid', 'true');
    await expect(answerBox).toBeFocused();
    await scan(page, 'sign-up image check, with an error');
    await page.getByRole('button', { name: t.demo_reveal_captcha }).click();
    const answer = (await page.locator('.captcha-answer strong').textContent()).trim();
    await answerBox.fill(answer);
    await page.getByRole('button', { name: t.send_code }).click();

    await expect(h1(page)).toHaveText(t.code_title);
    const code = await newestCode(page, 1);
    await scan(page, 'sign-up code step');
    await typeCodeIn(page, page, t, code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: t.verify }).click();
    await expect(page.getByText(rx(t.error_code_wrong))).toBeVisible();
    await expect(page.getByRole('textbox', { name: `${t.code_label} 1` })).toBeFocused();
    await scan(page, 'sign-up code step, with an error');
    await typeCodeIn(page, page, t, code);
    await page.getByRole('button', { name: t.verify }).click();

    await expect(h1(page)).toHaveText(t.password_title);
    await scan(page, 'sign-up password, empty');
    const pw = page.getByLabel(t.field_password, { exact: true });
    await pw.fill('abc12');
    await page.getByRole('button', { name: t.create_account }).click();
    await expect(pw).toHaveAttribute('aria-invalid', 'true');
    await scan(page, 'sign-up password, too short');
    await pw.fill('Str0ng-Pass!');
    await page.getByLabel(t.field_confirm).fill('Str0ng-Pass?');
    await page.getByRole('button', { name: t.create_account }).click();
    await expect(page.getByLabel(t.field_confirm)).toHaveAttribute('aria-invalid', 'true');
    await scan(page, 'sign-up password, not matching');
    await page.getByLabel(t.field_confirm).fill('Str0ng-Pass!');
    await page.getByRole('button', { name: t.create_account }).click();

    await expect(h1(page)).toHaveText(t.done_title, { timeout: 30_000 });
    await scan(page, 'sign-up done');

    // The same number again: "already registered", with its link to sign in, tied to the field.
    await page.getByRole('button', { name: t.create_another }).click();
    await expect(region).toBeFocused();
    await region.click();
    await page.getByRole('combobox', { name: t.region_search_label }).fill('86');
    await page.keyboard.press('Enter');
    await phone.fill('13812345678');
    await page.getByRole('checkbox', { name: new RegExp(escape(t.terms_line_before.trim())) }).check();
    await page.getByRole('button', { name: t.next, exact: true }).click();
    await expect(page.getByText(t.error_phone_registered)).toBeVisible();
    await expect(phone).toBeFocused();
    await expect(phone).toHaveAttribute('aria-invalid', 'true');
    await expect(phone).toHaveAccessibleDescription(new RegExp(escape(t.error_phone_registered)));
    await scan(page, 'sign-up details, already registered');
  });

  test(`${tag}: sign-in and forgot password, every step with its errors`, async ({ page }) => {
    test.setTimeout(300_000);
    const id = await signUpByPhone(page, { phone: '13900007777', password: 'A11y-forgot-1' });
    await page.goto(`${BASE}signin`);
    await inLanguage(page);
    await expect(h1(page)).toHaveText(t.title_sign_in);
    await scan(page, 'sign-in, empty');
    await page.getByRole('button', { name: t.title_sign_in, exact: true }).click();
    await expect(page.getByText(t.error_signin_empty)).toBeVisible();
    await expect(page.getByLabel(t.field_password, { exact: true })).toBeFocused();
    await scan(page, 'sign-in, with an error');
    await page.getByRole('textbox', { name: t.field_account }).fill('13900007777');
    await page.getByRole('button', { name: t.signin_with_code }).click();
    await expect(page.getByRole('combobox', { name: t.region_label })).toBeVisible();
    await scan(page, 'sign-in by code, phone');

    await page.goto(`${BASE}forgot`);
    await expect(h1(page)).toHaveText(t.forgot_title);
    await scan(page, 'forgot, empty');
    await page.getByRole('button', { name: t.next, exact: true }).click();
    await expect(page.getByText(t.error_identifier)).toBeVisible();
    await expect(page.getByRole('textbox', { name: t.field_account })).toBeFocused();
    await scan(page, 'forgot, with an error');
    await page.getByRole('textbox', { name: t.field_account }).fill(id);
    await page.getByRole('button', { name: t.next, exact: true }).click();
    const answerBox = page.getByRole('textbox', { name: t.captcha_label });
    await expect(answerBox).toBeFocused();
    await scan(page, 'forgot image check');
    await page.getByRole('button', { name: t.send_code }).click();
    await expect(page.getByText(t.captcha_error_empty, { exact: true })).toBeVisible();
    await scan(page, 'forgot image check, with an error');
    await page.getByRole('button', { name: t.demo_reveal_captcha }).click();
    await answerBox.fill((await page.locator('.captcha-answer strong').textContent()).trim());
    await page.getByRole('button', { name: t.send_code }).click();
    await expect(page.getByText(t.forgot_code_sent)).toBeVisible();
    const code = await newestCode(page);
    await expect(page.getByRole('textbox', { name: `${t.code_label} 1` })).toBeFocused();
    await scan(page, 'forgot code step');
    await page.getByRole('button', { name: t.verify }).click();
    await expect(page.getByText(t.error_code_incomplete)).toBeVisible();
    await expect(page.getByRole('textbox', { name: `${t.code_label} 1` })).toBeFocused();
    await scan(page, 'forgot code step, with an error');
    // Empty boxes used no attempt; the right code works.
    await typeCodeIn(page, page, t, code);
    await page.getByRole('button', { name: t.verify }).click();
    await expect(page.getByLabel(t.field_new_password)).toBeFocused();
    await scan(page, 'forgot new password, empty');
    await page.getByLabel(t.field_new_password).fill('A11y-forgot-2');
    await page.getByLabel(t.field_confirm).fill('A11y-forgot-3');
    await page.getByRole('button', { name: t.change_password }).click();
    await expect(page.getByText(t.error_password_mismatch)).toBeVisible();
    // The mismatch belongs to the confirmation, which takes the focus.
    await expect(page.getByLabel(t.field_confirm)).toBeFocused();
    await expect(page.getByLabel(t.field_confirm)).toHaveAttribute('aria-invalid', 'true');
    await scan(page, 'forgot new password, with an error');
    await page.getByLabel(t.field_confirm).fill('A11y-forgot-2');
    await page.getByRole('button', { name: t.change_password }).click();
    await expect(page.getByText(t.forgot_done)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('main').getByRole('link', { name: t.tab_sign_in })).toBeFocused();
    await scan(page, 'forgot done');
  });

  test(`${tag}: the account center, every dialog, and the two-step sign-in`, async ({ page }) => {
    test.setTimeout(360_000);
    const id = await signUpByPhone(page, { phone: '13900008888', password: 'A11y-account-1' });
    await page.goto(`${BASE}signin`);
    await inLanguage(page);
    const signIn = async (password) => {
      await page.getByRole('textbox', { name: t.field_account }).fill(id);
      await page.getByLabel(t.field_password, { exact: true }).fill(password);
      await page.getByRole('button', { name: t.title_sign_in, exact: true }).click();
    };
    await signIn('A11y-account-1');
    await expect(page).toHaveURL(/\/demo\/account$/);
    await expect(page.getByRole('region', { name: t.security_title })).toBeVisible();
    await scan(page, 'account center');
    const security = page.getByRole('region', { name: t.security_title });

    // Nickname: the edit form, then its error.
    await page.getByRole('button', { name: t.edit_nickname }).click();
    const nick = page.getByRole('textbox', { name: t.field_nickname });
    await expect(nick).toBeFocused();
    await scan(page, 'nickname edit');
    await nick.fill(' ');
    await page.getByRole('button', { name: t.save, exact: true }).click();
    await expect(page.getByText(t.error_nickname)).toBeVisible();
    await scan(page, 'nickname edit, with an error');
    await page.getByRole('button', { name: t.cancel }).click();

    // Change password: open, then every field wrong at once.
    await security.getByRole('button', { name: `${t.change} — ${t.field_password}`, exact: true }).click();
    const change = page.getByRole('dialog', { name: t.change_password_title });
    await expect(change).toBeVisible();
    await scan(page, 'change password dialog');
    await expect(change.getByLabel(t.field_current_password)).toBeFocused();
    await change.getByLabel(t.field_new_password).fill('short');
    await change.getByRole('button', { name: t.save, exact: true }).click();
    // Two fields wrong at once: the summary says so, takes the focus, and leads to each field.
    const summary = change.getByRole('alert').filter({ hasText: t.form_problems.replace('%n%', '2') });
    await expect(summary).toBeFocused();
    await expect(change.getByLabel(t.field_current_password)).toHaveAttribute('aria-invalid', 'true');
    await expect(change.getByLabel(t.field_new_password)).toHaveAttribute('aria-invalid', 'true');
    await shot(page, `a11y-${tag}-change-password-errors`);
    await scan(page, 'change password dialog, with errors');
    await summary.getByRole('button', { name: t.error_password_length }).click();
    await expect(change.getByLabel(t.field_new_password)).toBeFocused();
    await change.getByRole('button', { name: t.cancel }).click();
    await expect(change).toBeHidden();

    // The security phone's change dialog.
    await security.getByRole('button', { name: `${t.change} — ${t.security_phone}` }).click();
    const phoneDialog = page.getByRole('dialog', { name: t.edit_phone_title });
    await expect(phoneDialog).toBeVisible();
    // The password first; then the new number.
    await expect(phoneDialog.getByLabel(t.field_password, { exact: true })).toBeFocused();
    await scan(page, 'security phone dialog, the password');
    await phoneDialog.getByRole('button', { name: t.next }).click();
    await expect(phoneDialog.getByText(t.error_password_empty, { exact: true })).toBeVisible();
    await expect(phoneDialog.getByLabel(t.field_password, { exact: true })).toBeFocused();
    await scan(page, 'security phone dialog, the password, with an error');
    await phoneDialog.getByLabel(t.field_password, { exact: true }).fill('A11y-account-1');
    await page.keyboard.press('Enter');
    await expect(phoneDialog.getByRole('textbox', { name: t.field_new_phone })).toBeFocused({ timeout: 15_000 });
    await scan(page, 'security phone dialog');
    await phoneDialog.getByRole('button', { name: t.cancel }).click();

    // Add a security email: the dialog, a bad address, then a code and success.
    await security.getByRole('button', { name: `${t.add} — ${t.security_email}` }).click();
    const email = page.getByRole('dialog', { name: t.edit_email_title });
    await expect(email).toBeVisible();
    await email.getByLabel(t.field_password, { exact: true }).fill('A11y-account-1');
    await email.getByRole('button', { name: t.next }).click();
    await expect(email.getByRole('textbox', { name: t.field_email, exact: true })).toBeFocused({ timeout: 15_000 });
    await scan(page, 'security email dialog');
    await email.getByRole('textbox', { name: t.field_email, exact: true }).fill('not-an-email');
    await email.getByRole('button', { name: t.send_code }).click();
    await expect(email.getByText(t.error_email_invalid)).toBeVisible();
    await expect(email.getByRole('textbox', { name: t.field_email, exact: true })).toBeFocused();
    await scan(page, 'security email dialog, with an error');
    await email.getByRole('textbox', { name: t.field_email, exact: true }).fill('a11y@example.com');
    const before = await page.locator('.message-text').count();
    await email.getByRole('button', { name: t.send_code }).click();
    await typeCodeIn(email, page, t, await newestCode(page, before + 1));
    await scan(page, 'security email dialog, code sent');
    await email.getByRole('button', { name: t.save, exact: true }).click();
    await expect(email).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: t.email_saved })).toBeVisible();
    await scan(page, 'account center, email saved');

    // Remove the phone: the dialog only.
    await security.getByRole('button', { name: `${t.remove} — ${t.security_phone}` }).click();
    const removeDialog = page.getByRole('dialog', { name: t.remove_phone_title });
    await expect(removeDialog).toBeVisible();
    await expect(removeDialog.getByRole('button', { name: t.send_code })).toBeFocused();
    await scan(page, 'remove phone dialog');
    await removeDialog.getByRole('button', { name: t.cancel }).click();

    // Two-step verification: the dialog, a missing code, then on.
    await security.getByRole('button', { name: t.turn_on }).click();
    const twoStep = page.getByRole('dialog', { name: t.two_step_turn_on_title });
    await expect(twoStep).toBeVisible();
    await scan(page, 'two-step dialog');
    await twoStep.getByRole('button', { name: t.turn_on }).click();
    await expect(twoStep.getByText(t.error_code_incomplete)).toBeVisible();
    await expect(twoStep.getByRole('textbox', { name: `${t.code_label} 1` })).toBeFocused();
    await scan(page, 'two-step dialog, with an error');
    const n = await page.locator('.message-text').count();
    await twoStep.getByRole('button', { name: t.send_code }).click();
    await typeCodeIn(twoStep, page, t, await newestCode(page, n + 1));
    await twoStep.getByRole('button', { name: t.turn_on }).click();
    await expect(twoStep).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: t.two_step_now_on })).toBeVisible();

    // Delete account: the dialog, then both mistakes at once.
    await page.getByRole('button', { name: t.delete_account }).click();
    const del = page.getByRole('dialog', { name: t.delete_account_title });
    await expect(del).toBeVisible();
    await scan(page, 'delete account dialog');
    await expect(del.getByLabel(t.field_password)).toBeFocused();
    await del.getByRole('button', { name: t.delete_account, exact: true }).click();
    await expect(del.getByRole('checkbox')).toHaveAttribute('aria-invalid', 'true');
    const delSummary = del.getByRole('alert').filter({ hasText: t.form_problems.replace('%n%', '2') });
    await expect(delSummary).toBeFocused();
    await shot(page, `a11y-${tag}-delete-errors`);
    await scan(page, 'delete account dialog, with errors');
    await delSummary.getByRole('button', { name: t.error_delete_confirm }).click();
    await expect(del.getByRole('checkbox')).toBeFocused();
    // One problem left: no summary, the focus goes straight to that field.
    await page.keyboard.press('Space');
    await del.getByRole('button', { name: t.delete_account, exact: true }).click();
    await expect(del.getByLabel(t.field_password)).toBeFocused();
    await expect(del.getByRole('alert').filter({ hasText: t.form_problems.replace('%n%', '2') })).toHaveCount(0);
    await expect(del.getByText(t.error_password_empty)).toBeVisible();
    await scan(page, 'delete account dialog, one error');
    // Two-step is on: the right password leads to a code, sent from "Send code", which has the focus.
    await del.getByLabel(t.field_password).fill('A11y-account-1');
    await del.getByRole('button', { name: t.delete_account, exact: true }).click();
    await expect(del.getByText(t.delete_code_body)).toBeVisible({ timeout: 15_000 });
    await expect(del.getByRole('button', { name: t.send_code })).toBeFocused();
    await scan(page, 'delete account dialog, the code step');
    await del.getByRole('button', { name: t.cancel }).click();

    // The demo tools' erase confirmation.
    await page.getByRole('button', { name: t.demo_erase }).click();
    const erase = page.getByRole('dialog', { name: t.demo_erase_confirm_title });
    await expect(erase).toBeVisible();
    await expect(erase.getByRole('button', { name: t.cancel })).toBeFocused();
    await scan(page, 'erase demo data dialog');
    await erase.getByRole('button', { name: t.cancel }).click();

    // Change password for real: the countdown, then the sign-in page.
    await security.getByRole('button', { name: `${t.change} — ${t.field_password}`, exact: true }).click();
    await change.getByLabel(t.field_current_password).fill('A11y-account-1');
    await change.getByLabel(t.field_new_password).fill('A11y-account-2');
    await change.getByLabel(t.field_confirm).fill('A11y-account-2');
    await change.getByRole('button', { name: t.save, exact: true }).click();
    await expect(change.getByRole('button', { name: t.sign_in_again })).toBeVisible({ timeout: 30_000 });
    await expect(change.getByRole('button', { name: t.sign_in_again })).toBeFocused();
    // Only the dialog: the whole page takes longer than the countdown leaves.
    await scan(page, 'change password dialog, success', { include: 'dialog[open]' });
    // The countdown (5 s) ends on the sign-in page by itself.
    await expect(page).toHaveURL(/\/demo\/signin/, { timeout: 15_000 });

    // Two-step sign-in: the choice of where the code goes, then a missing code.
    await signIn('A11y-account-2');
    await expect(h1(page)).toHaveText(t.two_step_title);
    // The phone and the email can both take the code: the choice comes first.
    await expect(page.getByRole('radio').first()).toBeFocused();
    await scan(page, 'two-step sign-in');
    await page.getByRole('button', { name: t.verify }).click();
    await expect(page.getByText(t.error_code_incomplete)).toBeVisible();
    await expect(page.getByRole('textbox', { name: `${t.code_label} 1` })).toBeFocused();
    await scan(page, 'two-step sign-in, with an error');
  });
}

/** Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user moves on. */
async function tabTo(page, target, { back = false, max = 40 } = {}) {
  await expect(target).toBeVisible();
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${max} presses of ${back ? 'Shift+Tab' : 'Tab'} never reached ${target}`);
}

test('keyboard only: a whole sign-up with Tab, Shift+Tab, Enter, Space and the arrow keys', async ({ page }) => {
  test.setTimeout(120_000);
  const t = texts('en');
  const press = (key) => page.keyboard.press(key);
  await page.goto(`${BASE}signup`);
  await expect(h1(page)).toHaveText(t.title_sign_up);

  // The skip link is the first stop and leads into the page.
  await press('Tab');
  await expect(page.getByRole('link', { name: t.skip_to_content })).toBeFocused();
  await press('Enter');
  await expect(page.getByRole('main')).toBeFocused();

  // The region combobox: Space opens it and Escape closes it; Down opens it with the search box
  // focused; typing filters; the arrows move through the options; Enter chooses.
  const region = page.getByRole('combobox', { name: t.region_label });
  await tabTo(page, region);
  await press('Space');
  await expect(region).toHaveAttribute('aria-expanded', 'true');
  await press('Escape');
  await expect(region).toHaveAttribute('aria-expanded', 'false');
  await expect(region).toBeFocused();
  await press('ArrowDown');
  const search = page.getByRole('combobox', { name: t.region_search_label });
  await expect(search).toBeFocused();
  await page.keyboard.type('+8');
  await press('ArrowDown');
  await press('ArrowUp');
  const active = await search.getAttribute('aria-activedescendant');
  await expect(page.locator(`[id="${active}"]`)).toContainText('+8');
  await page.keyboard.type('6');
  await press('Enter');
  await expect(region).toBeFocused();
  await expect(region).toContainText('China');

  // The phone number, then Next without the tick: the terms dialog takes the focus, Escape
  // closes it and gives the focus back.
  await press('Tab');
  const phone = page.getByRole('textbox', { name: t.field_phone });
  await expect(phone).toBeFocused();
  await page.keyboard.type('13812345678');
  const next = page.getByRole('button', { name: t.next, exact: true });
  await tabTo(page, next);
  await press('Enter');
  const terms = page.getByRole('dialog', { name: t.terms_dialog_title });
  await expect(terms).toBeVisible();
  expect(await terms.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await press('Escape');
  await expect(terms).toBeHidden();
  await expect(next).toBeFocused();
  // Back to the box, ticked with Space, and on with Enter.
  const tick = page.getByRole('checkbox', { name: /I've read and agreed/ });
  await tabTo(page, tick, { back: true });
  await press('Space');
  await expect(tick).toBeChecked();
  await tabTo(page, next);
  await press('Enter');

  // The image check: focus lands in its field; the demo tools (later in the page) show the
  // characters; Shift+Tab goes back to the field.
  await expect(h1(page)).toHaveText(t.check_title);
  const answerBox = page.getByRole('textbox', { name: t.captcha_label });
  await expect(answerBox).toBeFocused();
  const reveal = page.getByRole('button', { name: t.demo_reveal_captcha });
  await tabTo(page, reveal, { max: 60 });
  await press('Enter');
  const answer = (await page.locator('.captcha-answer strong').textContent()).trim();
  await tabTo(page, answerBox, { back: true, max: 60 });
  await page.keyboard.type(answer);
  await press('Enter');

  // The code: focus is in the first box; typing moves along, the arrows move back and forth.
  await expect(h1(page)).toHaveText(t.code_title);
  const box = (n) => page.getByRole('textbox', { name: `${t.code_label} ${n}` });
  await expect(box(1)).toBeFocused();
  const code = await newestCode(page, 1);
  await page.keyboard.type(code.slice(0, 3));
  await expect(box(4)).toBeFocused();
  await press('ArrowLeft');
  await expect(box(3)).toBeFocused();
  await press('ArrowRight');
  await expect(box(4)).toBeFocused();
  await page.keyboard.type(code.slice(3));
  await press('Enter');

  // The password: the field has the focus; Tab past "Show password" to the confirmation.
  await expect(h1(page)).toHaveText(t.password_title);
  const pw = page.getByLabel(t.field_password, { exact: true });
  await expect(pw).toBeFocused();
  await page.keyboard.type('Key-board-42');
  await press('Tab');
  const toggle = page.getByRole('button', { name: t.show_password });
  await expect(toggle).toBeFocused();
  await press('Space');
  await expect(pw).toHaveAttribute('type', 'text');
  const confirm = page.getByLabel(t.field_confirm);
  await tabTo(page, confirm);
  await page.keyboard.type('Key-board-42');
  await press('Enter');

  // Done: the focus is on the way on, to sign in.
  await expect(h1(page)).toHaveText(t.done_title, { timeout: 30_000 });
  const signIn = page.getByRole('main').getByRole('link', { name: t.tab_sign_in }).last();
  await expect(signIn).toBeFocused();
  await press('Enter');
  await expect(page).toHaveURL(/\/demo\/signin$/);
  // The new account is in the field already: the focus starts at the password, what is left
  // to type.
  await expect(page.getByLabel(t.field_password, { exact: true })).toBeFocused();
});
