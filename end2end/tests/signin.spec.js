// Signing in with the credentials made at sign-up, the generic error, the lockout, and
// sessions shared by tabs.
import { test, expect, BASE, shot } from './fixtures.js';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { signIn, signUpByPhone, chooseRegion, solveImageCheck, moveClock, latestCode, typeCode, typeCodeIn, sendAndReadCode } from './helpers.js';

test('sign in by phone and by Account ID, then sign out', async ({ page }) => {
  const id = await signUpByPhone(page, { phone: '13900001111', password: 'Sign-in-77' });
  await page.getByRole('link', { name: 'Sign in' }).last().click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  await shot(page, 'signin', 1280);
  await shot(page, 'signin', 360);
  await page.setViewportSize({ width: 1280, height: 900 });

  // By phone: the calling-code selector appears once the field holds a phone number.
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('139 0000 1111');
  await chooseRegion(page, '86', 'China');
  await page.getByLabel('Password', { exact: true }).fill('Sign-in-77');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`User${id.slice(-4)}`);
  // The account center took the sign-in page's place: Back goes to the page before it, not to a
  // form that would only send it on again.
  await page.goBack();
  await expect(page).toHaveURL(/\/demo\/signup/);
  await page.goForward();
  await expect(page).toHaveURL(/\/demo\/account$/);
  await expect(page.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  await expect(page.getByText('Mi Cloud (backup & sync)')).toBeVisible();
  await shot(page, 'account', 1280);
  await shot(page, 'account', 360);
  await page.setViewportSize({ width: 1280, height: 900 });

  // The session survives a reload; signed in, the sign-in page leads to the account center;
  // signing out ends the session.
  await page.reload();
  await expect(page.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  await page.goto(`${BASE}signin`);
  await expect(page).toHaveURL(/\/demo\/account$/);
  await expect(page.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  // The sign-in page says so, once: not after a reload.
  const notice = page.getByRole('status').filter({ hasText: "You've signed out." });
  await expect(notice).toBeVisible();
  // The button that had the focus went with the account center: the focus starts at the notice,
  // so a screen reader reads it, and Tab goes on to the form. The field holds the number this
  // tab signed up with, so the form starts with its calling code.
  await expect(notice).toBeFocused();
  const account = page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' });
  await expect(account).toHaveValue('13900001111');
  await page.keyboard.press('Tab');
  await expect(account).toBeFocused();
  // The region picker follows the field: it appears with the first digit, and the field must
  // not move under the caret.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('combobox', { name: 'Country/Region' })).toBeFocused();
  const fieldTop = async () => (await account.boundingBox()).y;
  const before = await fieldTop();
  await account.fill('');
  await expect(page.getByRole('combobox', { name: 'Country/Region' })).toHaveCount(0);
  expect(await fieldTop()).toBe(before);
  await account.fill('13900001111');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await expect(page.getByText("You've signed out.")).toHaveCount(0);
  // The account is filled in already: the password is what is left to type.
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  // Signed out, /account sends you to sign in and back after.
  await page.goto(`${BASE}account`);
  await expect(page).toHaveURL(/\/demo\/signin$/);

  // An address that names where sign-in leads is not followed: it always leads to the account.
  await page.goto(`${BASE}signin?next=/%5Cexample.com`);
  // By Account ID, in the full-width digits a CJK input method types (the other specs type ASCII).
  const wide = [...id].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(wide);
  await page.getByLabel('Password', { exact: true }).fill('Sign-in-77');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/account$/);

  // Edit the nickname: Escape cancels; bad input gets a message and keeps the old one; markup
  // stays text.
  const nick = page.getByRole('textbox', { name: 'Nickname' });
  await page.getByRole('button', { name: 'Edit nickname' }).click();
  await nick.fill('Not kept');
  await page.keyboard.press('Escape');
  await expect(nick).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit nickname' })).toBeFocused();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`User${id.slice(-4)}`);
  await page.getByRole('button', { name: 'Edit nickname' }).click();
  await expect(nick).toHaveValue(`User${id.slice(-4)}`);
  await expect(nick).toHaveAccessibleDescription('8 of 20 characters');
  // A paste past the limit is kept whole and counted, not cut short without a word.
  await nick.fill('A nickname far too long');
  await expect(nick).toHaveValue('A nickname far too long');
  await expect(nick).toHaveAccessibleDescription('23 of 20 characters');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(nick).toHaveAccessibleDescription('A nickname has 1 to 20 characters 23 of 20 characters');
  // Twenty emoji are twenty characters (forty UTF-16 units for the browser).
  await nick.fill('😀'.repeat(20));
  await expect(nick).toHaveValue('😀'.repeat(20));
  await expect(nick).toHaveAccessibleDescription('20 of 20 characters');
  await nick.fill('   ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('A nickname has 1 to 20 characters')).toBeVisible();
  await nick.fill('<b>Ann</b> 小米');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('<b>Ann</b> 小米');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('<b>Ann</b> 小米');
  await expect(page.getByRole('region', { name: 'Personal info' }).getByText('<b>Ann</b> 小米', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('Sign-in-77');
});


test('a number typed with its calling code signs in whatever region is picked; a 10-digit one with the region chosen', async ({ page, context }) => {
  // India's mobile numbers have 10 digits, like an Account ID.
  const id = await signUpByPhone(page, { region: ['91', 'India'], phone: '98765 43210', password: 'Ten-digit-91' });
  await page.getByRole('link', { name: 'Sign in' }).last().click();
  const field = page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' });
  const picker = page.getByRole('combobox', { name: 'Country/Region' });

  // "+91 …" in an American browser: the number names its own country, so no selector.
  await field.fill('+91 98765 43210');
  await expect(picker).toHaveCount(0);
  await page.getByLabel('Password', { exact: true }).fill('Ten-digit-91');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/account$/);
  await expect(page.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/signin/);

  // The same ten digits without a code: this tab signed up in India, so the selector starts
  // there and they sign in.
  await field.fill('9876543210');
  await expect(picker).toContainText('India');
  await page.getByLabel('Password', { exact: true }).fill('Ten-digit-91');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/account$/);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/signin$/);

  // Another tab, which made no account, starts at the browser's region: read as a United States
  // number they lead nowhere…
  const other = await context.newPage();
  await other.goto(`${BASE}signin`);
  await other.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('9876543210');
  await expect(other.getByRole('combobox', { name: 'Country/Region' })).toContainText('United States');
  await other.getByLabel('Password', { exact: true }).fill('Ten-digit-91');
  await other.getByRole('button', { name: 'Sign in', exact: true }).click();
  // The message names the calling code they were read with.
  await expect(other.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
    'Incorrect account or password. For a phone number, check that its calling code (+1) is right.');
  // …and with India chosen in the selector they sign in.
  await chooseRegion(other, '91', 'India');
  await other.getByLabel('Password', { exact: true }).fill('Ten-digit-91');
  await other.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(other).toHaveURL(/\/demo\/account$/);
  await expect(other.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
});
test('an account field that can name no account says what to fix there, and no attempt is counted', async ({ page }) => {
  await page.goto(`${BASE}signin`);
  const field = page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' });
  const password = page.getByLabel('Password', { exact: true });
  const submit = page.getByRole('button', { name: 'Sign in', exact: true });
  // Each of these, tried twice: two failed attempts would bring the image check.
  const cases = [
    ['hello', 'Enter a valid email, phone number or Xiaomi Account ID'],
    ['mi@', 'Enter a valid email address'],
    // Eight digits, read with the browser's region (the United States) picked below.
    ['1381 2345', 'A phone number with +1 has 10 digits'],
    // A number after "+" is judged in the country it names.
    ['+86 138 1234', 'A phone number with +86 has 11 digits'],
  ];
  for (const [typed, message] of cases) {
    for (let n = 0; n < 2; n++) {
      await field.fill(typed);
      await password.fill('Any-pass-12');
      await submit.click();
      await expect(field).toHaveAccessibleDescription(message);
      await expect(field).toBeFocused();
      await expect(password).not.toHaveAttribute('aria-invalid', 'true');
    }
  }
  await expect(page.getByRole('textbox', { name: 'Enter the characters' })).toHaveCount(0);
  expect(await page.evaluate(() => sessionStorage.getItem('xa.signin.failures'))).toBeNull();
  await shot(page, 'signin-account-format', 360);
  // Typing again puts the message away until the next try.
  await field.pressSequentially('6');
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');

  // Forgot password says the same, before any image check.
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  const account = page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' });
  await account.fill('1381 2345');
  await expect(page.getByRole('combobox', { name: 'Country/Region' })).toContainText('United States');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(account).toHaveAccessibleDescription('A phone number with +1 has 10 digits');
  await expect(page.getByRole('textbox', { name: 'Enter the characters' })).toHaveCount(0);
});

test('one generic error, and a lockout after five failures that the demo clock moves past', async ({ page }) => {
  const id = await signUpByPhone(page, { phone: '13900002222', password: 'Lock-out-88' });
  // An account that does not exist gets the same answer as a wrong password.
  await signIn(page, 'nobody@nowhere.example', 'Lock-out-88');
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
  // The second failure in this tab brings the image check, whatever the account.
  const check = page.getByRole('textbox', { name: 'Enter the characters' });
  await expect(check).toHaveCount(0);
  await signIn(page, id, 'Wrong-pass-1');
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
  await expect(page.getByText('Several attempts have failed here: enter the characters in the image too.')).toBeVisible();
  await expect(check).toBeVisible();
  await shot(page, 'signin-image-check', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  // Without the characters, or with wrong ones, the password is not even tried (nor counted).
  await page.getByLabel('Password', { exact: true }).fill('Lock-out-88');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Enter the characters in the image', { exact: true })).toBeVisible();
  await expect(check).toBeFocused();
  // The last "incorrect" is not left standing over a password that was not tried.
  await expect(page.getByText('Incorrect account or password')).toHaveCount(0);
  // Typing the characters hides the image check's error until the next try.
  await check.fill('W');
  await expect(page.getByText('Enter the characters in the image', { exact: true })).toHaveCount(0);
  await check.fill('WRONG');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText("The characters don't match. Try the new image.")).toBeVisible();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  // It stays for the tab, across a reload.
  await page.reload();
  await expect(check).toBeVisible();
  for (let n = 2; n <= 4; n++) {
    await signIn(page, id, `Wrong-pass-${n}`);
    await expect(page.getByText('Incorrect account or password')).toBeVisible();
  }
  await signIn(page, id, 'Wrong-pass-5');
  const locked = page.getByText(/Too many attempts/);
  await expect(locked).toBeVisible();
  // Read at once: a fresh one-minute lockout says a minute or a little less, never 1:01.
  expect(await locked.textContent()).toMatch(/Try again in (1:00|0:5\d)\.$/);
  // Heard once: while the message only counts down, its line is no alert (a screen reader
  // would read it again every second), and it still ticks for the eye.
  const line = page.locator('#signin-password-error');
  const before = await line.textContent();
  await expect(line).not.toHaveText(before, { timeout: 5_000 });
  await expect(line).toHaveText(/Too many attempts/);
  await expect(line).not.toHaveAttribute('role', 'alert');
  await expect(line).not.toHaveAttribute('aria-live', 'assertive');
  await shot(page, 'signin-locked', 1280);
  // Locked: even the right password is refused, also after a reload.
  await signIn(page, id, 'Lock-out-88');
  await expect(page.getByText(/Too many attempts/)).toBeVisible();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  // A minute later on the demo clock, the right password works.
  await moveClock(page, 1);
  await signIn(page, id, 'Lock-out-88');
  await expect(page).toHaveURL(/\/demo\/account$/);
  // A success clears the tab's count: the next sign-in has no image check.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' })).toBeVisible();
  await expect(check).toHaveCount(0);
  expect(await page.evaluate(() => sessionStorage.getItem('xa.signin.failures'))).toBeNull();
});

/** How many PBKDF2 runs ("xa:hash" measures) the page has finished. */
const hashes = (page) => page.evaluate(() => performance.getEntriesByName('xa:hash').length);

test('leaving the page while a password is checked: the attempt still counts, and nothing breaks', async ({ page }) => {
  test.setTimeout(90_000);
  const id = await signUpByPhone(page, { phone: '13900007777', password: 'Leave-me-77' });
  // A device without WebCrypto (the app's Rust path) checks slowly enough to leave meanwhile.
  await page.addInitScript(() => {
    Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined, configurable: true });
  });
  await page.goto(`${BASE}signin`);
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(id);
  await page.getByLabel('Password', { exact: true }).fill('Wrong-pass-1');
  const done = await hashes(page);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset password');
  expect(await hashes(page), 'left before the check ended').toBe(done);
  await expect.poll(() => hashes(page), { timeout: 30_000 }).toBe(done + 1);
  // The wrong password counted for the account and for this tab's image check; the page left
  // for stays as it is (the fixture fails the test on any uncaught error).
  await expect
    .poll(() => page.evaluate((id) => JSON.parse(localStorage.getItem(`xa.throttle.${id}`) ?? 'null')?.failures, id))
    .toBe(1);
  expect(await page.evaluate(() => sessionStorage.getItem('xa.signin.failures'))).toBe('1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset password');
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(id);
  await expect(page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' })).toHaveValue(id);
});

test("a lockout is the account's: its message goes with another account, and a password reset ends it", async ({ page }) => {
  test.setTimeout(90_000);
  const id = await signUpByPhone(page, { phone: '13900008888', password: 'Reset-lock-88' });
  for (let n = 1; n <= 5; n++) {
    await signIn(page, id, `Wrong-pass-${n}`);
    await expect(page.getByText(n < 5 ? 'Incorrect account or password' : /Too many attempts/)).toBeVisible();
  }
  const account = page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' });
  await account.fill('nobody@nowhere.example');
  await expect(page.getByText(/Too many attempts/)).toHaveCount(0);
  await page.getByLabel('Password', { exact: true }).fill('Wrong-pass-6');
  await page.getByRole('button', { name: 'Reveal the image code' }).click();
  await page.getByRole('textbox', { name: 'Enter the characters' }).fill((await page.locator('.captcha-answer strong').textContent()).trim());
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
  await expect(page.getByText(/Too many attempts/)).toHaveCount(0);
  // Back to the locked account, whose lockout still runs: reset its password.
  expect(await page.evaluate((id) => JSON.parse(localStorage.getItem(`xa.throttle.${id}`)).locked_until > Date.now(), id)).toBe(true);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await account.fill(id);
  await page.getByRole('button', { name: 'Next' }).click();
  await solveImageCheck(page);
  const code = await latestCode(page);
  await page.getByRole('textbox', { name: 'Verification code 1' }).click();
  await page.keyboard.type(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByLabel('New password').fill('After-lock-99');
  await page.getByLabel('Confirm password').fill('After-lock-99');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText("Your password has been changed and you've been signed out everywhere.")).toBeVisible({ timeout: 15_000 });
  // The lockout was on the old password: the new one signs in at once.
  expect(await page.evaluate((id) => localStorage.getItem(`xa.throttle.${id}`), id)).toBeNull();
  await signIn(page, id, 'After-lock-99');
  await expect(page).toHaveURL(/\/demo\/account$/);
});

test('an image check left past its five minutes is replaced before it is answered', async ({ page }) => {
  // Two failures in this tab bring the image check (no account needed).
  for (const n of [1, 2]) {
    await signIn(page, 'nobody@nowhere.example', `Wrong-pass-${n}`);
    await expect(page.getByText('Incorrect account or password')).toBeVisible();
  }
  const check = page.getByRole('textbox', { name: 'Enter the characters' });
  await expect(check).toBeVisible();
  const answer = async () => {
    await page.getByRole('button', { name: 'Reveal the image code' }).click();
    return (await page.locator('.captcha-answer strong').textContent()).trim();
  };
  const first = await answer();
  // A lockout of five minutes or more, or a tab left open: the image expires unanswered.
  await moveClock(page, 6);
  // A new image hides the revealed answer again.
  await expect(page.locator('.captcha-answer strong')).toHaveCount(0);
  const second = await answer();
  expect(second).not.toBe(first);
  await check.fill(second);
  await page.getByLabel('Password', { exact: true }).fill('Wrong-pass-3');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
  await expect(page.getByText('The image expired. Try the new one.')).toHaveCount(0);
});

test('signing out in one tab signs out the other at once', async ({ page, context }) => {
  const id = await signUpByPhone(page, { phone: '13900003333', password: 'Two-tabs-99' });
  await signIn(page, id, 'Two-tabs-99');
  await expect(page).toHaveURL(/\/demo\/account$/);
  const other = await context.newPage();
  await other.goto(`${BASE}account`);
  await expect(other.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(other).toHaveURL(/\/demo\/signin$/);
  // Each tab says why: this one was signed out here, the other elsewhere.
  await expect(page.getByRole('status').filter({ hasText: "You've signed out." })).toBeVisible();
  await expect(other.getByRole('status').filter({ hasText: 'You were signed out in another tab or on another device.' })).toBeVisible();
  await other.close();
});

test('a record hashed at an older, lower cost is re-hashed at 600,000 iterations on sign-in', async ({ page }) => {
  // A record as an earlier version would have written it, with 1,000 iterations.
  const b64 = (b) => b.toString('base64').replace(/=+$/, '');
  const salt = randomBytes(16);
  const phc = `$pbkdf2-sha256$i=1000,l=32$${b64(salt)}$${b64(pbkdf2Sync('Old-cost-11', salt, 1000, 32, 'sha256'))}`;
  await page.goto(`${BASE}signin`);
  await page.evaluate((phc) => {
    const id = '5555555555';
    localStorage.setItem(`xa.acct.${id}`, JSON.stringify({ id, region: 'GB', email: 'old@cost.example', phc, created_at: 0, nickname: 'Old timer' }));
    localStorage.setItem(`xa.idx.i:${id}`, id);
    localStorage.setItem('xa.idx.e:old@cost.example', id);
  }, phc);
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('old@cost.example');
  await page.getByLabel('Password', { exact: true }).fill('Old-cost-11');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Old timer');
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('xa.acct.5555555555')));
  expect(stored.phc).toMatch(/^\$pbkdf2-sha256\$i=600000,l=32\$/);
  // The new hash is of the same password: signing in again works.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('5555555555');
  await page.getByLabel('Password', { exact: true }).fill('Old-cost-11');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Old timer');
});

test('forgot password: code to the phone, the old password refused, the new one works', async ({ page }) => {
  const id = await signUpByPhone(page, { phone: '13900004444', password: 'Before-reset-1' });
  await signIn(page, id, 'Before-reset-1');
  await expect(page).toHaveURL(/\/demo\/account$/);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset password');
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(id);
  await page.getByRole('button', { name: 'Next' }).click();
  await solveImageCheck(page);
  await expect(page.getByText('If this account exists, a verification code has been sent')).toBeVisible();
  const msg = page.locator('.message-text').first();
  await expect(msg).toContainText(/\d{6}/, { timeout: 15_000 });
  await expect(page.locator('.message-meta').first()).toContainText('+86 13900004444');
  const code = (await msg.textContent()).match(/(\d{6})/)[1];
  await page.getByRole('textbox', { name: 'Verification code 1' }).click();
  await page.keyboard.type(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  const pw = page.getByLabel('New password');
  await pw.fill('Before-reset-1');
  await page.getByLabel('Confirm password').fill('Before-reset-1');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText("The new password can't be the same as the old one")).toBeVisible({ timeout: 15_000 });
  // As on sign-up: a meter that knows the account's number, and one switch for both fields.
  await pw.fill('+8613900004444');
  await expect(page.locator('.strength-label')).toHaveText('Weak');
  await pw.fill('After-reset-2');
  await expect(page.locator('.strength-label')).toHaveText(/Medium|Strong/);
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(pw).toHaveAttribute('type', 'text');
  await expect(page.getByLabel('Confirm password')).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide password' }).click();
  await expect(pw).toHaveAttribute('type', 'password');
  await page.getByLabel('Confirm password').fill('After-reset-2');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText("Your password has been changed and you've been signed out everywhere.")).toBeVisible({ timeout: 15_000 });
  // The session ended with the change.
  await page.goto(`${BASE}account`);
  await expect(page).toHaveURL(/\/demo\/signin$/);
  await signIn(page, id, 'Before-reset-1');
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
  await signIn(page, id, 'After-reset-2');
  await expect(page).toHaveURL(/\/demo\/account$/);
});

test('forgot password: a mistyped account can be corrected, and a new code sent after the wait', async ({ page }) => {
  const id = await signUpByPhone(page, { phone: '13900005555', password: 'Before-reset-3' });
  await page.goto(`${BASE}forgot`);
  const account = page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' });
  await account.fill('1390000555'); // one digit short: no such account
  await page.getByRole('button', { name: 'Next' }).click();
  await solveImageCheck(page);
  await expect(page.getByText('If this account exists, a verification code has been sent')).toBeVisible();
  // The same wait as for a real account.
  await expect(page.getByRole('button', { name: /^Resend \(\d+:\d\d\)$/ })).toBeDisabled();
  await page.getByRole('button', { name: 'Use another account' }).click();
  await expect(account).toHaveValue('1390000555');
  await account.fill(id);
  await page.getByRole('button', { name: 'Next' }).click();
  await solveImageCheck(page);
  const first = await latestCode(page);
  const resend = page.getByRole('button', { name: /^Resend/ });
  await expect(resend).toBeDisabled();
  await expect(resend).toHaveText(/^Resend \((1:5\d|2:00)\)$/); // the second send here: 2 minutes
  await moveClock(page, 2);
  await expect(resend).toHaveText('Resend');
  await resend.click();
  // A new code takes the image check again.
  await solveImageCheck(page);
  await expect(page.locator('.message-text').first()).not.toHaveText(new RegExp(first));
  const second = await latestCode(page);
  // Verify with the boxes empty, then with part of the code: each is named and uses up none of
  // the code's five tries (the whole code, typed sixth, still works).
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('Enter all 6 digits of the code')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Verification code 1' })).toBeFocused();
  for (let n = 1; n <= 4; n++) {
    await page.getByRole('textbox', { name: 'Verification code 1' }).click();
    await page.keyboard.type(second.slice(0, 5));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('textbox', { name: 'Verification code 6' })).toBeFocused();
  }
  await page.getByRole('textbox', { name: 'Verification code 1' }).click();
  await page.keyboard.type(second);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByLabel('New password')).toBeVisible();
});

test('forgot password after a reload: no message comes for the code sent before it, and the page says why, as for any account', async ({ page }) => {
  const id = await signUpByPhone(page, { phone: '13900005656', password: 'Before-reset-5' });
  await page.goto(`${BASE}forgot`);
  const account = page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' });
  const hint = page.getByText("No message? A code sent before this page was opened can't be shown again here");
  await account.fill(id);
  await page.getByRole('button', { name: 'Next' }).click();
  await solveImageCheck(page);
  await latestCode(page);
  await page.reload();
  await account.fill(id);
  await page.getByRole('button', { name: 'Next' }).click();
  await solveImageCheck(page);
  await expect(page.getByText('If this account exists, a verification code has been sent')).toBeVisible();
  await expect(hint).toBeVisible();
  await page.waitForTimeout(3_000);
  await expect(page.locator('.message-text')).toHaveCount(0);
});

test('forgot password reveals nothing about an account that does not exist', async ({ page }) => {
  await page.goto(`${BASE}forgot`);
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('ghost@nowhere.example');
  await page.getByRole('button', { name: 'Next' }).click();
  await solveImageCheck(page);
  await expect(page.getByText('If this account exists, a verification code has been sent')).toBeVisible();
  await page.waitForTimeout(3_000);
  await expect(page.locator('.message-text')).toHaveCount(0);
  // The same hint as for a real account: it says nothing about this one.
  await expect(page.getByText("No message? A code sent before this page was opened can't be shown again here")).toBeVisible();
  await page.getByRole('textbox', { name: 'Verification code 1' }).click();
  await page.keyboard.type('123456');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('Incorrect or expired code')).toBeVisible();
});

test('download my data has no secrets; delete account removes every byte and sign-in then fails', async ({ page }) => {
  const id = await signUpByPhone(page, { phone: '13900005555', password: 'Delete-me-55' });
  await signIn(page, id, 'Delete-me-55');
  await expect(page).toHaveURL(/\/demo\/account$/);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download my data' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`xiaomi-account-${id}.json`);
  const exported = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  expect(exported).toMatchObject({ xiaomi_account_id: id, phone: '+8613900005555', region: 'CN' });
  expect(JSON.stringify(exported)).not.toContain('pbkdf2');

  await page.getByRole('button', { name: 'Delete account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this account?' });
  const box = dialog.getByRole('checkbox', { name: /deleted permanently/ });
  // A wrong password and no tick: both said at once (the password is checked all the same),
  // in a summary that takes the focus; nothing is deleted.
  await dialog.getByLabel('Password').fill('Wrong-pass-55');
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await expect(dialog.getByText('Incorrect password')).toHaveCount(2, { timeout: 15_000 }); // summary and field
  await expect(dialog.getByText('Tick the box to confirm')).toHaveCount(2);
  await expect(dialog.getByRole('alert').filter({ hasText: 'There are 2 problems with this form' })).toBeFocused();
  // The right password and no tick: the box alone, with the focus.
  await dialog.getByLabel('Password').fill('Delete-me-55');
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await expect(box).toBeFocused({ timeout: 15_000 });
  await expect(dialog.getByText('Incorrect password')).toHaveCount(0);
  await expect(dialog.getByText('Tick the box to confirm')).toBeVisible();
  await expect(page).toHaveURL(/\/demo\/account$/);
  await box.check();
  await dialog.getByLabel('Password').fill('Wrong-pass-55');
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await expect(dialog.getByText('Incorrect password')).toBeVisible({ timeout: 15_000 });
  await dialog.getByLabel('Password').fill('Delete-me-55');
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await expect(page).toHaveURL(/\/demo\/signin$/, { timeout: 15_000 });
  const gone = page.getByRole('status').filter({ hasText: `Xiaomi Account ${id} was deleted.` });
  await expect(gone).toBeVisible();
  await expect(gone).toBeFocused();
  const keys = await page.evaluate(() => Object.keys(localStorage));
  expect(keys.filter((k) => k.includes(id) || k.includes('+8613900005555'))).toEqual([]);
  expect(keys).not.toContain('xa.session');
  await signIn(page, id, 'Delete-me-55');
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
});

test('a code goes to the email when the email is typed: forgot password and sign-in by code', async ({ page }) => {
  test.setTimeout(120_000);
  const id = await signUpByPhone(page, { phone: '13900008888', password: 'Mail-code-88' });
  await signIn(page, id, 'Mail-code-88');
  await expect(page).toHaveURL(/\/demo\/account$/);
  // A security email next to the phone.
  await page.getByRole('button', { name: 'Add — Security email' }).click();
  const dialog = page.getByRole('dialog', { name: 'Security email' });
  await dialog.getByLabel('Password', { exact: true }).fill('Mail-code-88');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('both.ways@example.com');
  await typeCodeIn(dialog, page, await sendAndReadCode(page, dialog));
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Security email saved.' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  // Forgot password with the email: the code goes there, not to the phone.
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('Both.Ways@Example.com');
  await page.getByRole('button', { name: 'Next' }).click();
  // The panel still holds the code that confirmed the email: the reset code comes on top.
  const held = await page.locator('.message-text').count();
  await solveImageCheck(page);
  await expect(page.getByText('If this account exists, a verification code has been sent')).toBeVisible();
  await expect(page.locator('.message-text')).toHaveCount(held + 1, { timeout: 15_000 });
  await expect(page.locator('.message-meta').first()).toContainText('both.ways@example.com');
  await typeCode(page, await latestCode(page));
  await page.getByRole('button', { name: 'Verify' }).click();
  // The form names the account for password managers as sign-in reads it.
  await expect(page.getByLabel('New password')).toBeVisible();
  await expect(page.locator('form input[autocomplete="username"]')).toHaveValue('both.ways@example.com');

  // Sign in by code with the email: the code goes there too, and signs in.
  await page.goto(`${BASE}signin`);
  await page.getByRole('button', { name: 'Sign in with a verification code' }).click();
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('both.ways@example.com');
  await moveClock(page, 2);
  const before = await page.locator('.message-text').count();
  await solveImageCheck(page);
  await expect(page.locator('.message-text')).toHaveCount(before + 1, { timeout: 15_000 });
  await expect(page.locator('.message-meta').first()).toContainText('both.ways@example.com');
  await typeCode(page, await latestCode(page));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/account$/);
});

test('sign in with a verification code instead of the password', async ({ page }) => {
  const id = await signUpByPhone(page, { phone: '13900006666', password: 'By-code-66' });
  await page.goto(`${BASE}signin`);
  await page.getByRole('button', { name: 'Sign in with a verification code' }).click();
  // No account: the message names what this way needs (not a password). (The field starts
  // with the number this tab signed up with.)
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('');
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText('Enter your account and the verification code')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' })).toBeFocused();
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(id);
  // The codes sent to the account's phone, as stored (send times).
  const sends = () => page.evaluate(() => JSON.parse(localStorage.getItem('xa.code.in.+8613900006666'))?.sends.length ?? 0);
  // As on the real site, the image check comes before a code is sent: none goes out without it.
  const check = page.getByRole('textbox', { name: 'Enter the characters' });
  await expect(check).toBeVisible();
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText('Enter the characters in the image', { exact: true })).toBeVisible();
  await expect(check).toBeFocused();
  // Past the resend wait: a code the refused click had sent would not hold the next one back,
  // and would count as a send of its own.
  await moveClock(page, 2);
  // Enter in the check asks for the code, as the button does (there is no code yet to sign in
  // with).
  await page.getByRole('button', { name: 'Reveal the image code' }).click();
  await check.fill((await page.locator('.captcha-answer strong').textContent()).trim());
  await check.press('Enter');
  await expect(page.getByText('If this account exists, a code has been sent')).toBeVisible();
  // "No message?" waits a few seconds: right after a send it would only cast doubt on the code.
  await expect(page.getByText('No message?')).toHaveCount(0);
  // Once the code is out, the check steps aside.
  await expect(check).toHaveCount(0);
  const msg = page.locator('.message-text').first();
  await expect(msg).toContainText(/\d{6}/, { timeout: 15_000 });
  expect(await sends()).toBe(1);
  const code = (await msg.textContent()).match(/(\d{6})/)[1];
  // The button counts down to the next send, as everywhere a code is sent; the focus has moved
  // on to the code.
  await expect(page.getByRole('button', { name: /^Resend \(0:\d\d\)$/ })).toBeDisabled();
  await expect(page.getByRole('textbox', { name: 'Verification code 1' })).toBeFocused();
  // A reload loses the message (codes are never kept): asking again within the wait sends
  // nothing and says why no message comes.
  await page.reload();
  await page.getByRole('button', { name: 'Sign in with a verification code' }).click();
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(id);
  await page.getByRole('button', { name: 'Reveal the image code' }).click();
  await check.fill((await page.locator('.captcha-answer strong').textContent()).trim());
  await check.press('Enter');
  await expect(page.getByText("No message? A code sent before this page was opened can't be shown again here")).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Verification code 1' })).toBeFocused();
  await page.waitForTimeout(2_000);
  await expect(page.locator('.message-text')).toHaveCount(0);
  expect(await sends()).toBe(1);
  // Part of a code is not an attempt: it is named, the focus goes to the first empty box, and
  // nothing is counted against the account.
  await page.getByRole('textbox', { name: 'Verification code 1' }).click();
  await page.keyboard.type(code.slice(0, 3));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Enter all 6 digits of the code')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Verification code 4' })).toBeFocused();
  expect(await page.evaluate((id) => localStorage.getItem(`xa.throttle.${id}`), id)).toBeNull();
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByRole('textbox', { name: 'Verification code 1' }).click();
  await page.keyboard.type(wrong);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Incorrect account or code')).toBeVisible();
  // Another code would take the check again: it comes back first, with the focus, and nothing
  // is sent (past the resend wait again, so a send would go through).
  await moveClock(page, 2);
  await page.getByRole('button', { name: 'Resend', exact: true }).click();
  await expect(check).toBeFocused();
  await page.getByRole('textbox', { name: 'Verification code 1' }).click();
  await page.keyboard.type(code);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/account$/);
  await expect(page.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  expect(await sends()).toBe(1);
});
