// The simulated phone (/phone): Method 1 (first-boot setup → create the account on the phone)
// and Method 2 (Settings → Xiaomi Account → sign in with an account made on the web). In both,
// the same account then signs in on the web, the account center lists the phone as its own
// device, "Sign out of other devices" signs it out, and the phone notices at once.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, BASE, SHOTS, shot, expectNoHorizontalScroll } from './fixtures.js';
import { chooseRegion, holdRequests, latestCode, signIn, signUpByPhone, solveImageCheck, typeCode, moveClock } from './helpers.js';

const phoneOf = (page) => page.getByRole('region', { name: 'Phone (simulated)' });
/** The phone's current screen heading (every screen has exactly one h2). */
const screenOf = (page) => phoneOf(page).getByRole('heading', { level: 2 });

async function expectScreen(page, name) {
  await expect(screenOf(page)).toHaveText(name);
  // Focus moves to each new screen's heading, so a screen reader starts there.
  await expect(screenOf(page)).toBeFocused();
}

async function noAxeViolations(page, what) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), what).toEqual([]);
}

/** Signs in on the web (in `web`, a tab of the same browser) and opens the account center. */
async function signInOnWeb(web, account, password) {
  await signIn(web, account, password);
  await expect(web).toHaveURL(/\/demo\/account$/);
}

/** In the account center: the phone is listed as its own device; sign it out from the web. */
async function signOutPhoneFromWeb(web) {
  const devices = web.getByRole('region', { name: 'Devices' });
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  const phoneRow = devices.getByRole('listitem').filter({ hasText: 'Xiaomi phone (simulated)' });
  await expect(phoneRow).toContainText('signed in');
  await expect(phoneRow).not.toContainText('This device');
  await expect(devices.getByRole('listitem').filter({ hasText: 'This device' })).toContainText('Chrome on Windows');
  await devices.getByRole('button', { name: 'Sign out of other devices' }).click();
  await expect(web.getByRole('status').filter({ hasText: 'Other devices signed out: 1.' })).toBeVisible();
  await expect(phoneRow).toContainText('signed out');
  // The button is disabled now (no other device is signed in): the focus goes to the list's
  // heading, not to the page's top.
  await expect(devices.getByRole('button', { name: 'Sign out of other devices' })).toBeDisabled();
  await expect(devices.getByRole('heading', { name: 'Devices' })).toBeFocused();
  // The web itself stays signed in.
  await expect(web).toHaveURL(/\/demo\/account$/);
}

/** From the phone's "Xiaomi Account" screen: Sign in with `account` and `password`, on to the
 * account's own screen (named `nickname`). */
async function signInOnPhone(page, account, password, nickname) {
  const phone = phoneOf(page);
  await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
  await phone.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(account);
  await phone.getByLabel('Password', { exact: true }).fill(password);
  await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectScreen(page, nickname);
}

/** The phone (in another tab) notices at once, through the storage event. */
async function expectPhoneSignedOut(page) {
  const phone = phoneOf(page);
  await expect(phone.getByRole('status').filter({ hasText: 'This phone was signed out of your Xiaomi Account from another device.' })).toBeVisible();
  await expect(screenOf(page)).toHaveText('Xiaomi Account');
  await expect(phone.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
}

test('Method 1: first-boot setup, create the account on the phone, sign in on the web, sign the phone out from there', async ({ page, context }) => {
  test.setTimeout(180_000);
  // The way there: every page's footer links to the phone, except the phone's own.
  await page.goto(`${BASE}help`);
  const footerLink = page.getByRole('link', { name: 'Practise Methods 1 and 2 on a simulated phone' });
  await footerLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Simulated phone');
  await expect(footerLink).toBeHidden();
  await expect(page).toHaveTitle('Simulated phone – Xiaomi Account (demo)');
  const phone = phoneOf(page);
  const guideStep = page.locator('.phone-steps [aria-current="step"]');
  await expect(screenOf(page)).toHaveText('Welcome');
  await expect(page.getByRole('heading', { name: 'Method 1 – Create during first boot setup' })).toBeVisible();
  await expect(guideStep).toHaveText('Power on your new Xiaomi phone.');
  await expect(phone.getByRole('button', { name: 'Back' })).toBeDisabled();
  await expect(phone.getByRole('button', { name: 'Home' })).toBeDisabled();
  await shot(page, 'phone-welcome', 1280);
  await shot(page, 'phone-welcome', 360);
  await expectNoHorizontalScroll(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await noAxeViolations(page, 'welcome');

  // The setup wizard: language (the site's own switch), region, Wi-Fi skipped, Google skipped.
  await expect(phone.getByRole('radio', { name: 'English' })).toBeChecked();
  await phone.getByRole('button', { name: 'Next' }).click();
  await expectScreen(page, 'Choose your region');
  await expect(guideStep).toHaveText('Follow the setup wizard until you reach Sign in with Xiaomi Account.');
  // Back retraces the wizard.
  await phone.getByRole('button', { name: 'Back' }).click();
  await expectScreen(page, 'Welcome');
  await phone.getByRole('button', { name: 'Next' }).click();
  await phone.getByRole('button', { name: 'Next' }).click();
  await expectScreen(page, 'Connect to Wi-Fi');
  await phone.getByRole('button', { name: 'Skip' }).click();
  await expectScreen(page, 'Google Account');
  await expect(phone.getByText('Xiaomi Account (Mi Account) and Google Account are separate')).toBeVisible();
  await phone.getByRole('button', { name: 'Skip' }).click();

  await expectScreen(page, 'Sign in with Xiaomi Account');
  await expect(guideStep).toHaveText('Tap Create account.');
  const services = phone.getByRole('region', { name: 'What your Xiaomi Account unlocks on this phone' });
  for (const s of ['Mi Cloud (backup & sync)', 'Find My Device (anti-theft)', 'Mi Store app purchases', 'Themes & ringtones store', 'Mi Community forum', 'Second Space']) {
    await expect(services.getByRole('listitem').filter({ hasText: s })).toBeVisible();
  }
  await shot(page, 'phone-account-setup', 1280);
  await shot(page, 'phone-account-setup', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await phone.getByRole('button', { name: 'Create account' }).click();

  // Create account: email, the terms, the image check, the code from the messages panel.
  await expectScreen(page, 'Create Xiaomi Account');
  await expect(guideStep).toHaveText('Enter your email address or phone number.');
  await phone.getByRole('button', { name: 'Create using email' }).click();
  await phone.getByRole('textbox', { name: 'Email' }).fill('Phone.Owner@Example.COM');
  await phone.getByRole('button', { name: 'Next' }).click();
  await expect(phone.getByText('To create an account, agree to the User Agreement and Privacy Policy.')).toBeVisible();
  await expect(phone.getByRole('checkbox', { name: /I've read and agreed/ })).toBeFocused();
  await noAxeViolations(page, 'terms not accepted');
  await shot(page, 'phone-create-terms', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await phone.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await phone.getByRole('button', { name: 'Next' }).click();
  await expectScreen(page, 'Security verification');
  await solveImageCheck(page);
  await expectScreen(page, 'Enter verification code');
  await expect(guideStep).toHaveText('Set a strong password and verify via the code sent to email/phone.');
  await expect(page.locator('.message').first()).toContainText('phone.owner@example.com', { timeout: 15_000 });
  await typeCode(page, await latestCode(page));
  await phone.getByRole('button', { name: 'Verify' }).click();

  // The password: the site's rules (not the email's local part, two classes) and the guide's tip.
  await expectScreen(page, 'Set password');
  await expect(phone.getByText('Use a unique password not shared with other services.')).toBeVisible();
  await phone.getByLabel('Password', { exact: true }).fill('abcdefgh');
  await phone.getByLabel('Confirm password').fill('abcdefgh');
  await phone.getByRole('button', { name: 'Create account' }).click();
  await expect(phone.getByText('Use at least two of: digits, letters, symbols')).toBeVisible();
  await phone.getByLabel('Password', { exact: true }).fill('Ph0ne-Owner!');
  await phone.getByLabel('Confirm password').fill('Ph0ne-Owner!');
  await phone.getByRole('button', { name: 'Create account' }).click();
  await expect(screenOf(page)).toHaveText('Account created', { timeout: 30_000 });
  const id = (await phone.locator('.account-id strong').textContent()).trim();
  expect(id).toMatch(/^[1-9]\d{9}$/);
  await expect(phone.getByText('This phone is now signed in with your new account.')).toBeVisible();
  await expect(phone.getByText(/Write down your Xiaomi Account credentials and keep them safe/)).toBeVisible();
  await expect(guideStep).toHaveText('Accept terms and complete profile.');
  // A created account is not backed out of.
  await expect(phone.getByRole('button', { name: 'Back' })).toBeDisabled();
  await shot(page, 'phone-created', 1280);
  await page.setViewportSize({ width: 1280, height: 900 });
  await phone.getByRole('button', { name: 'Continue' }).click();

  // Complete the profile (the guide's last step of Method 1), then the phone is set up.
  await expectScreen(page, 'Complete your profile');
  await expect(phone.getByText(/Add both a phone number and an email as recovery options/)).toBeVisible();
  await phone.getByRole('textbox', { name: 'Nickname' }).fill('Phone Owner');
  await phone.getByRole('button', { name: 'Save' }).click();
  await expectScreen(page, 'All set');
  await phone.getByRole('button', { name: 'Start' }).click();
  await expectScreen(page, 'Home screen');
  await phone.getByRole('button', { name: 'Settings' }).click();
  await expectScreen(page, 'Settings');
  // HyperOS shows "[Your name]" at the top of Settings.
  await phone.getByRole('button', { name: /Phone Owner/ }).click();
  await expectScreen(page, 'Phone Owner');
  await expect(phone.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  await expect(phone.getByText('Turn on two-step verification: Xiaomi Account → Security → Two-step verification → on.')).toBeVisible();
  await shot(page, 'phone-account', 1280);
  await shot(page, 'phone-account', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await noAxeViolations(page, 'signed-in account screen');

  // The record: the phone's own device, with the session the account honours.
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('xa.phone')));
  expect(stored.set_up).toBe(true);
  expect(stored.session.account_id).toBe(id);
  expect(stored.device_id).not.toBe(await page.evaluate(() => JSON.parse(localStorage.getItem('xa.device'))));

  // The same account (email, any case of the domain) signs in on the web, in another tab.
  const web = await context.newPage();
  await signInOnWeb(web, 'Phone.Owner@EXAMPLE.com', 'Ph0ne-Owner!');
  await expect(web.getByRole('heading', { level: 1 })).toHaveText('Phone Owner');
  await signOutPhoneFromWeb(web);
  await web.getByRole('region', { name: 'Devices' }).screenshot({ path: `${SHOTS}/phone-web-devices-1280.png` });

  // Back in the phone's tab: signed out, said so, and Settings offers to sign in again.
  await page.bringToFront();
  await expectPhoneSignedOut(page);
  await shot(page, 'phone-signed-out', 1280);
  await shot(page, 'phone-signed-out', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await noAxeViolations(page, 'signed out from another device');
  await phone.getByRole('button', { name: 'Back' }).click();
  await expect(phone.getByRole('button', { name: /Xiaomi Account\s*Sign in/ })).toBeVisible();
  await phone.getByRole('button', { name: 'OK' }).click();
  await expect(phone.getByText(/signed out of your Xiaomi Account from another device/)).toHaveCount(0);
  await expect(screenOf(page)).toBeFocused();
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('xa.phone')).session)).toBeUndefined();
});

test('Method 2: a set-up phone, Settings → Xiaomi Account → sign in with a web-made account, by keyboard; the web signs it out', async ({ page, context }) => {
  test.setTimeout(150_000);
  const id = await signUpByPhone(page, { phone: '13700004321', password: 'Web-made-42' });
  await page.goto(`${BASE}phone`);
  const phone = phoneOf(page);
  await page.getByRole('button', { name: 'A phone already set up (Method 2)' }).click();
  await expectScreen(page, 'Home screen');
  await expect(page.getByRole('heading', { name: 'Method 2 – Create after setup (existing phone)' })).toBeVisible();
  const guideStep = page.locator('.phone-steps [aria-current="step"]');
  await expect(guideStep).toHaveText('Settings → Xiaomi Account (or Settings → [Your name] on HyperOS).');
  await shot(page, 'phone-home', 1280);
  await shot(page, 'phone-home', 360);
  await page.setViewportSize({ width: 1280, height: 900 });

  // By keyboard alone: focus is on each screen's heading, Tab reaches the next control.
  await page.keyboard.press('Tab');
  await expect(phone.getByRole('button', { name: 'Settings' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expectScreen(page, 'Settings');
  await page.keyboard.press('Tab');
  await expect(phone.getByRole('button', { name: /Xiaomi Account\s*Sign in/ })).toBeFocused();
  await shot(page, 'phone-settings', 1280);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.keyboard.press('Enter');
  await expectScreen(page, 'Xiaomi Account');
  await expect(guideStep).toHaveText('Tap Sign in → Create new account.');
  await page.keyboard.press('Tab');
  await expect(phone.getByRole('button', { name: 'Sign in', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expectScreen(page, 'Sign in');
  await expect(phone.getByRole('button', { name: 'Create new account' })).toBeVisible();

  // The web's rules: one generic error for a wrong password, counted against the account.
  await page.keyboard.press('Tab');
  await expect(phone.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' })).toBeFocused();
  await page.keyboard.type(id);
  // Ten digits may be a number: the region picker follows the field, then the password.
  await page.keyboard.press('Tab');
  await expect(phone.getByRole('combobox', { name: 'Country/Region' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(phone.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type('Wrong-pass-1');
  await page.keyboard.press('Enter');
  await expect(phone.getByText('Incorrect account or password')).toBeVisible({ timeout: 15_000 });
  const throttle = await page.evaluate((id) => JSON.parse(localStorage.getItem(`xa.throttle.${id}`)), id);
  expect(throttle.failures).toBe(1);
  await shot(page, 'phone-signin-error', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await noAxeViolations(page, 'phone sign-in with an error');
  // The second failure in this tab brings the site's image check to the phone too: the phone is
  // no way around it.
  await phone.getByLabel('Password', { exact: true }).fill('Wrong-pass-2');
  await phone.getByLabel('Password', { exact: true }).press('Enter');
  await expect(phone.getByText('Several attempts have failed here: enter the characters in the image too.')).toBeVisible({ timeout: 15_000 });
  const check = phone.getByRole('textbox', { name: 'Enter the characters' });
  await expect(check).toBeVisible();
  // Without the characters the password is not tried: the right one, typed after the refused
  // one, is the only one hashed.
  const hashes = () => page.evaluate(() => performance.getEntriesByName('xa:hash').length);
  const before = await hashes();
  await phone.getByLabel('Password', { exact: true }).fill('Wrong-pass-3');
  await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(phone.getByText('Enter the characters in the image', { exact: true })).toBeVisible();
  await expect(check).toBeFocused();
  // The last "incorrect" is not left standing over a password that was not tried.
  await expect(phone.getByText('Incorrect account or password')).toHaveCount(0);
  await shot(page, 'phone-signin-image-check', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await noAxeViolations(page, 'phone sign-in with the image check');
  // Solved as a learner would, with the demo tools' reveal.
  await page.getByRole('button', { name: 'Reveal the image code' }).click();
  await check.fill((await page.locator('.captcha-answer strong').textContent()).trim());
  await phone.getByLabel('Password', { exact: true }).fill('Web-made-42');
  await phone.getByLabel('Password', { exact: true }).press('Enter');

  // Signed in: the account screen ("[Your name]"), and Settings shows the name.
  const nickname = `User${id.slice(-4)}`;
  await expectScreen(page, nickname);
  expect(await hashes()).toBe(before + 1);
  // A sign-in clears the tab's failures: the next sign-in here has no image check.
  expect(await page.evaluate(() => sessionStorage.getItem('xa.signin.failures'))).toBeNull();
  await expect(phone.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  await expect(phone.getByText('+86 137****4321')).toBeVisible();
  await phone.getByRole('button', { name: 'Back' }).click();
  await expectScreen(page, 'Settings');
  await expect(phone.getByRole('button', { name: new RegExp(`${nickname}\\s*Xiaomi Account, Mi Cloud and more`) })).toBeVisible();
  // The avatar's letter is the account center's: "U" for "User1234" (not "US", a country).
  await expect(phone.locator('.phone-avatar').first()).toHaveText('U');
  expect(await page.evaluate((id) => localStorage.getItem(`xa.throttle.${id}`), id)).toBeNull();

  // A reload is a reboot: the phone comes back on its home screen, still signed in.
  await page.reload();
  await expect(screenOf(page)).toHaveText('Home screen');
  await phone.getByRole('button', { name: 'Settings' }).click();
  await phone.getByRole('button', { name: new RegExp(nickname) }).click();
  await expectScreen(page, nickname);

  // The same account on the web: the phone is one of its devices; sign it out from there.
  const web = await context.newPage();
  await signInOnWeb(web, id, 'Web-made-42');
  await signOutPhoneFromWeb(web);
  await page.bringToFront();
  await expectPhoneSignedOut(page);
  // And it signs in again with the same credentials.
  await signInOnPhone(page, id, 'Web-made-42', nickname);
  await expect(phone.getByText(/signed out of your Xiaomi Account from another device/)).toHaveCount(0);
  await web.reload();
  const phoneRow = web.getByRole('region', { name: 'Devices' }).getByRole('listitem').filter({ hasText: 'Xiaomi phone (simulated)' });
  await expect(phoneRow).toContainText('signed in');

  // Signing out on the phone itself: its device entry is signed out, the web stays signed in.
  // It leaves this tab's failed sign-ins as they are: only a sign-in clears them.
  await page.evaluate(() => sessionStorage.setItem('xa.signin.failures', '2'));
  await phone.getByRole('button', { name: 'Sign out' }).click();
  await expectScreen(page, 'Xiaomi Account');
  expect(await page.evaluate(() => sessionStorage.getItem('xa.signin.failures'))).toBe('2');
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('xa.phone')).session)).toBeUndefined();
  await web.bringToFront();
  await expect(phoneRow).toContainText('signed out');
  await expect(web).toHaveURL(/\/demo\/account$/);

  // Device names are stored in English and shown in the language of the moment.
  await web.getByRole('banner').getByRole('combobox', { name: 'Language' }).selectOption({ label: '简体中文' });
  const devicesZh = web.getByRole('region', { name: '设备' }).getByRole('listitem');
  await expect(devicesZh.filter({ hasText: '本设备' })).toContainText('Windows 上的 Chrome');
  await expect(devicesZh.filter({ hasText: '小米手机（模拟）' })).toContainText('已退出');
  await expect(web.getByText('Xiaomi phone (simulated)')).toHaveCount(0);
  const labels = await web.evaluate((id) => JSON.parse(localStorage.getItem(`xa.acct.${id}`)).devices.map((d) => d.label), id);
  expect(labels.sort()).toEqual(['Chrome on Windows', 'Xiaomi phone (simulated)']);
});

test('the phone in Arabic and dark: right to left, translated, no axe violations', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${BASE}phone`);
  await phoneOf(page).getByRole('radio', { name: 'العربية' }).check();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('هاتف محاكى');
  await expect(page.getByRole('region', { name: 'الهاتف (محاكى)' }).getByRole('heading', { level: 2 })).toHaveText('مرحبًا');
  await noAxeViolations(page, 'Arabic, dark');
  await shot(page, 'phone-ar-dark', 1280);
  await shot(page, 'phone-ar-dark', 360);
  await expectNoHorizontalScroll(page);
});

test('the phone says a language is loading, and when it could not be had, beside the choice', async ({ page, guard }) => {
  // The aborted request is logged by the browser; that is the point of this test.
  guard.expectBlocked(/Failed to load resource: net::ERR_FAILED/);
  const es = JSON.parse(readFileSync(new URL('../../locales/es.json', import.meta.url), 'utf8'));
  const phone = phoneOf(page);
  const release = await holdRequests(page, '**/data/text/es.json');
  await page.route('**/data/text/ru.json', (r) => r.abort());
  await page.goto(`${BASE}phone`);
  await phone.getByRole('radio', { name: 'Español' }).check();
  await expect(phone.getByText('Loading Español…')).toBeVisible();
  await expect(screenOf(page)).toHaveText('Welcome');
  await shot(page, 'phone-language-loading', 360);
  release();
  // The phone's own name is in Spanish now too.
  const phoneEs = page.getByRole('region', { name: es.phone_frame_label });
  await expect(phoneEs.getByRole('heading', { level: 2 })).toHaveText(es.phone_welcome);
  await expect(phoneEs.getByText(es.language_loading.replace('%language%', 'Español'))).toHaveCount(0);

  // click, not check: the radio goes back to Español as soon as the fetch fails.
  await phoneEs.getByRole('radio', { name: 'Русский' }).click();
  await expect(phoneEs.getByText(es.language_load_failed.replace('%language%', 'Русский'))).toBeVisible();
  await expect(phoneEs.getByRole('heading', { level: 2 })).toHaveText(es.phone_welcome);
  // The radios show the language the phone is in again.
  await expect(phoneEs.getByRole('radio', { name: 'Español' })).toBeChecked();
  await shot(page, 'phone-language-failed', 360);
  await expectNoHorizontalScroll(page);
});

test('two-step verification applies on the phone too: the password, then a code', async ({ page }) => {
  test.setTimeout(120_000);
  const id = await signUpByPhone(page, { phone: '13700007777', password: 'Two-step-77' });
  // Turn two-step verification on in the account center, as the guide's tip says.
  await signInOnWeb(page, id, 'Two-step-77');
  const security = page.getByRole('region', { name: 'Account security' });
  await security.getByRole('button', { name: 'Turn on' }).click();
  const dialog = page.getByRole('dialog', { name: 'Turn on two-step verification' });
  await dialog.getByRole('button', { name: 'Send code' }).click();
  await typeCode(page, await latestCode(page));
  await dialog.getByRole('button', { name: 'Turn on' }).click();
  await expect(dialog).toBeHidden();

  await page.goto(`${BASE}phone`);
  const phone = phoneOf(page);
  await page.getByRole('button', { name: 'A phone already set up (Method 2)' }).click();
  await phone.getByRole('button', { name: 'Settings' }).click();
  await phone.getByRole('button', { name: /Xiaomi Account/ }).click();
  await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
  // A phone number brings the calling-code selector, as on the site.
  await phone.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('137 0000 7777');
  await chooseRegion(page, '86', 'China');
  await phone.getByLabel('Password', { exact: true }).fill('Two-step-77');
  await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectScreen(page, 'Two-step verification');
  // Not signed in yet: the password alone is not enough.
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('xa.phone')).session)).toBeUndefined();
  // The code sent to turn two-step on may still hold the resend countdown: the demo clock skips it.
  await moveClock(page, 2);
  const before = await page.locator('.message-text').count();
  await phone.getByRole('button', { name: /^Send code$/ }).click();
  await expect(page.locator('.message-text')).toHaveCount(before + 1, { timeout: 15_000 });
  const code = (await page.locator('.message-text').first().textContent()).match(/(\d{6})/)[1];
  await phone.getByRole('textbox', { name: 'Verification code 1' }).click();
  await page.keyboard.type(code);
  await shot(page, 'phone-two-step', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await phone.getByRole('button', { name: 'Verify' }).click();
  await expectScreen(page, `User${id.slice(-4)}`);
  // The state on a line of its own under its name (not "Two-step verification: On: …").
  const securityPanel = phone.getByRole('region', { name: 'Security' });
  await expect(securityPanel.getByText('On: sign-in asks for a code after the password', { exact: true })).toBeVisible();
  await expect(securityPanel.getByText(/verification: On/)).toHaveCount(0);
  await expect(phone.getByText(/^Turn on two-step verification/)).toHaveCount(0);
});

test('"Remove" on the phone in the web\'s device list signs it out and takes it off the list', async ({ page, context }) => {
  test.setTimeout(120_000);
  const id = await signUpByPhone(page, { phone: '13700002468', password: 'Remove-me-24' });
  const nickname = `User${id.slice(-4)}`;
  await page.goto(`${BASE}phone`);
  const phone = phoneOf(page);
  await page.getByRole('button', { name: 'A phone already set up (Method 2)' }).click();
  await expectScreen(page, 'Home screen');
  await phone.getByRole('button', { name: 'Settings' }).click();
  await phone.getByRole('button', { name: /Xiaomi Account\s*Sign in/ }).click();
  await signInOnPhone(page, id, 'Remove-me-24', nickname);

  const web = await context.newPage();
  await signInOnWeb(web, id, 'Remove-me-24');
  const devices = web.getByRole('region', { name: 'Devices' });
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  // This browser has no "Remove" (it signs out instead); the phone has one, named for it.
  await expect(devices.getByRole('button', { name: /^Remove/ })).toHaveCount(1);
  await devices.screenshot({ path: `${SHOTS}/account-devices-remove-1280.png` });
  await web.setViewportSize({ width: 360, height: 780 });
  await devices.screenshot({ path: `${SHOTS}/account-devices-remove-360.png` });
  await expectNoHorizontalScroll(web);
  await web.setViewportSize({ width: 1280, height: 900 });
  await devices.getByRole('button', { name: 'Remove — Xiaomi phone (simulated)' }).click();
  await expect(web.getByRole('status').filter({ hasText: 'Xiaomi phone (simulated) was removed from this account and signed out.' })).toBeVisible();
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  await expect(devices.getByRole('listitem')).toContainText('This device');
  await expect(devices.getByRole('heading', { name: 'Devices' })).toBeFocused();
  await expect(web).toHaveURL(/\/demo\/account$/);
  const stored = JSON.parse(await web.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id));
  expect(stored.devices.map((d) => d.label)).toEqual(['Chrome on Windows']);

  // The phone notices at once, and signing in on it again lists it anew.
  await page.bringToFront();
  await expectPhoneSignedOut(page);
  await signInOnPhone(page, id, 'Remove-me-24', nickname);
  await web.bringToFront();
  await web.reload();
  await expect(devices.getByRole('listitem')).toHaveCount(2);
});
