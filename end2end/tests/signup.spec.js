// The whole of Method 3 as a person does it, through visible, labelled controls only.
import { test, expect, BASE, shot } from './fixtures.js';
import { chooseRegion, inSight, latestCode, passCheck, typeCode, signIn, signUpByPhone, moveClock, toPasswordStep, fillEmailDetails } from './helpers.js';

async function storageDump(page) {
  return page.evaluate(() => JSON.stringify({ ...localStorage }));
}

test('sign up by phone, step by step, with every mistake a person makes', async ({ page }) => {
  await page.goto(`${BASE}signup`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  await expect(page.getByText("The region can't be changed after registration")).toBeVisible();
  await shot(page, 'signup-1-details', 1280);
  await shot(page, 'signup-1-details', 360);
  await page.setViewportSize({ width: 1280, height: 900 });

  await chooseRegion(page, '86', 'China');
  const phone = page.getByRole('textbox', { name: 'Phone number' });
  // Wrong for China: too short, then not a mobile number.
  await phone.fill('1381234');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('A phone number with +86 has 11 digits')).toBeVisible();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await phone.fill('10812345678');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText("This isn't a valid mobile number for the selected region")).toBeVisible();
  await shot(page, 'signup-1-error', 1280);

  // Without the tick, "Agree and continue" opens.
  await phone.fill('138 1234 5678');
  await page.getByRole('button', { name: 'Next' }).click();
  const dialog = page.getByRole('dialog', { name: 'Agree and continue' });
  await expect(dialog).toBeVisible();
  await shot(page, 'signup-1-terms-dialog', 1280);
  await dialog.getByRole('button', { name: 'Agree and continue' }).click();

  // The human check.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  await expect(page).toHaveURL(/step=check/);
  await page.getByRole('textbox', { name: 'Enter the characters' }).fill('WRONG');
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText("The characters don't match. Try the new image.")).toBeVisible();
  await shot(page, 'signup-2-check', 1280);
  await shot(page, 'signup-2-check', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await passCheck(page);

  // The code arrives in the messages panel after a short delay.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter verification code');
  // The number as its owner reads it: the calling code apart.
  await expect(page.locator('.identifier')).toHaveText('+86 13812345678');
  const code = await latestCode(page);
  await expect(page.getByRole('button', { name: /^Resend \(\d+:\d\d\)$/ })).toBeDisabled();
  // Half a code: the focus goes to the first box still empty.
  await typeCode(page, code.slice(0, 3));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('Enter all 6 digits of the code')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Verification code 4' })).toBeFocused();
  const wrong = code === '000000' ? '111111' : '000000';
  await typeCode(page, wrong);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('Incorrect code. Tries left: 4.')).toBeVisible();
  await shot(page, 'signup-3-code', 1280);
  await shot(page, 'signup-3-code', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await typeCode(page, code);
  await page.getByRole('button', { name: 'Verify' }).click();

  // The password, against every rule.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set password');
  // For password managers, the form names its account (hidden): the number as sign-in reads it.
  await expect(page.locator('form input[autocomplete="username"]')).toHaveValue('+8613812345678');
  const pw = page.getByLabel('Password', { exact: true });
  const confirm = page.getByLabel('Confirm password');
  const create = page.getByRole('button', { name: 'Create account' });
  await create.click();
  await expect(page.getByText('Enter a password')).toBeVisible();
  await expect(pw).toHaveAttribute('aria-invalid', 'true');
  // A message is about what was there: typing hides it, and the next submit judges afresh.
  await pw.pressSequentially('abc12');
  await expect(page.getByText('Enter a password')).toHaveCount(0);
  await expect(pw).toHaveAttribute('aria-invalid', 'false');
  await create.click();
  await expect(page.getByText('The password must be 8–16 characters')).toBeVisible();
  await pw.press('End');
  await pw.press('Backspace');
  await expect(page.getByText('The password must be 8–16 characters')).toHaveCount(0);
  await create.click();
  await expect(page.getByText('The password must be 8–16 characters')).toBeVisible();
  // Too long is refused, and the meter does not call it strong.
  await pw.fill('Str0ng-Pass!-too-long');
  await expect(page.locator('.strength-label')).toHaveText('Weak');
  await create.click();
  await expect(page.getByText('The password must be 8–16 characters')).toBeVisible();
  await pw.fill('abcdefghij');
  await create.click();
  await expect(page.getByText('Use at least two of: digits, letters, symbols')).toBeVisible();
  await pw.fill('password1');
  await create.click();
  await expect(page.getByText('This password is too common. Choose another.')).toBeVisible();
  await pw.fill('+8613812345678');
  await create.click();
  await expect(page.getByText("Your password can't be your phone number or email")).toBeVisible();
  // 14 characters of two classes would be strong for anyone else's account, not for this one.
  await expect(page.locator('.strength-label')).toHaveText('Weak');
  await pw.fill('Str0ng-Pass!');
  await expect(page.locator('.strength-label')).toHaveText(/Medium|Strong/);
  // The meter sits right under the password's hint, above "Show password" (no wide gap).
  const hint = await page.getByText('8–16 characters, with at least two of digits, letters, symbols').boundingBox();
  const meter = await page.locator('.strength').boundingBox();
  const toggle = await page.getByRole('button', { name: 'Show password' }).boundingBox();
  expect(meter.y - (hint.y + hint.height)).toBeLessThanOrEqual(10);
  expect(toggle.y).toBeGreaterThanOrEqual(meter.y + meter.height - 1);
  expect(toggle.y - (meter.y + meter.height)).toBeLessThanOrEqual(10);
  await confirm.fill('Str0ng-Pass?');
  await create.click();
  await expect(page.getByText("The passwords don't match")).toBeVisible();
  await shot(page, 'signup-4-password', 1280);
  await shot(page, 'signup-4-password', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await confirm.fill('Str0ng-Pass!');
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(pw).toHaveAttribute('type', 'text');
  await create.click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account created', { timeout: 30_000 });
  await expect(page.getByText('Use this ID or your phone number with the same password to sign in')).toBeVisible();
  const id = (await page.locator('.account-id strong').textContent()).trim();
  expect(id).toMatch(/^[1-9]\d{9}$/);
  await expect(page.getByText(`Your Xiaomi Account ID is: ${id}`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in' }).last()).toBeVisible();
  await shot(page, 'signup-5-done', 1280);
  await shot(page, 'signup-5-done', 360);

  // What is stored: the account with a PHC hash, and no password or code in plain text.
  const dump = await storageDump(page);
  expect(dump).not.toContain('Str0ng-Pass');
  expect(dump).not.toContain(code);
  const account = JSON.parse(await page.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id));
  expect(account).toMatchObject({ id, region: 'CN', phone: '+8613812345678', nickname: `User${id.slice(-4)}` });
  expect(account.phc).toMatch(/^\$pbkdf2-sha256\$i=600000,l=32\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  expect(await page.evaluate(() => localStorage.getItem('xa.idx.p:+8613812345678'))).toBe(id);
  const session = await page.evaluate(() => JSON.stringify({ ...sessionStorage }));
  expect(session).not.toContain('Str0ng-Pass');

  // A reload keeps showing the result; the same phone cannot register again.
  await page.reload();
  await expect(page.getByText(`Your Xiaomi Account ID is: ${id}`)).toBeVisible();
  await page.getByRole('button', { name: 'Create another account' }).click();
  await expect(page).toHaveURL(/\/demo\/signup\?step=details$/);
  await expect(page.getByText(`Your Xiaomi Account ID is: ${id}`)).toHaveCount(0);
  await chooseRegion(page, '86', 'China');
  await page.getByRole('textbox', { name: 'Phone number' }).fill('13812345678');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('This phone number is already registered. Use another or sign in.')).toBeVisible();
  // It is about the number sent: edited, it goes; sent again, it is back.
  await page.getByRole('textbox', { name: 'Phone number' }).fill('13812345679');
  await expect(page.getByRole('alert').filter({ hasText: 'already registered' })).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Phone number' }).fill('13812345678');
  await page.getByRole('button', { name: 'Next' }).click();
  // "Sign in" in that message: the number is in the field already, in its region.
  await page.getByRole('alert').getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  await expect(page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' })).toHaveValue('13812345678');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.getByLabel('Password', { exact: true }).fill('Str0ng-Pass!');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/account$/);
  await expect(page.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
});

test('sign up by email: stored lower-cased, one account whatever the case', async ({ page }) => {
  await page.goto(`${BASE}signup`);
  await page.getByRole('button', { name: 'Create using email' }).click();
  const email = page.getByRole('textbox', { name: 'Email' });
  await email.fill('not-an-email');
  await page.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await email.fill('Ann.Lee@Example.COM');
  await page.getByRole('button', { name: 'Next' }).click();
  await passCheck(page);
  await expect(page.locator('.message-email')).toBeVisible({ timeout: 15_000 });
  const code = await latestCode(page);
  // Typing advances box by box; Backspace on an empty box steps back and clears.
  const box = (n) => page.getByRole('textbox', { name: `Verification code ${n}` });
  await box(1).click();
  await page.keyboard.type('12');
  await expect(box(3)).toBeFocused();
  await page.keyboard.press('Backspace');
  await expect(box(2)).toBeFocused();
  await expect(box(2)).toHaveValue('');
  await page.keyboard.press('Backspace');
  await expect(box(1)).toBeFocused();
  await expect(box(1)).toHaveValue('');
  // Full-width digits, as a CJK input method types and pastes them, go in as digits.
  const wide = (s) => [...s].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
  await box(1).click();
  await page.keyboard.insertText(wide(code.slice(0, 2)));
  await expect(box(1)).toHaveValue(code[0]);
  await expect(box(2)).toHaveValue(code[1]);
  await expect(box(3)).toBeFocused();
  await box(1).evaluate((el, text) => {
    const data = new DataTransfer();
    data.setData('text', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, wide(code));
  for (let n = 1; n <= 6; n++) await expect(box(n)).toHaveValue(code[n - 1]);
  for (let n = 6; n >= 1; n--) {
    await box(n).click();
    await page.keyboard.press('Backspace');
    await expect(box(n)).toHaveValue('');
  }
  // Pasting the whole code fills all six boxes.
  await box(1).evaluate((el, text) => {
    const data = new DataTransfer();
    data.setData('text', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, `Code: ${code}`);
  for (let n = 1; n <= 6; n++) await expect(box(n)).toHaveValue(code[n - 1]);
  // A digit typed into a filled box replaces it wherever the caret is, and moves on; the
  // other boxes keep theirs (box 1 used to push its old digit into box 2, the others to refuse).
  for (const n of [1, 3, 6]) {
    const wrong = code[n - 1] === '9' ? '0' : '9';
    await box(n).click();
    await page.keyboard.press('End');
    await page.keyboard.type(wrong);
    await expect(box(n)).toHaveValue(wrong);
    await expect(box(Math.min(n + 1, 6))).toBeFocused();
    for (let m = 1; m <= 6; m++) if (m !== n) await expect(box(m)).toHaveValue(code[m - 1]);
    await box(n).click();
    await page.keyboard.type(code[n - 1]);
    await expect(box(n)).toHaveValue(code[n - 1]);
  }
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByLabel('Password', { exact: true }).fill('Mail-pass-42');
  await page.getByLabel('Confirm password').fill('Mail-pass-42');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account created', { timeout: 30_000 });
  await expect(page.getByText('Use this ID or your email with the same password to sign in')).toBeVisible();
  const id = (await page.locator('.account-id strong').textContent()).trim();
  const account = JSON.parse(await page.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id));
  // Emails are one address whatever their case: kept lower-cased.
  expect(account.email).toBe('ann.lee@example.com');
  expect(account.phone).toBeUndefined();
  expect(await storageDump(page)).not.toContain('Mail-pass-42');
  // "Sign in" from the result: the address is in the field.
  await page.getByRole('link', { name: 'Sign in' }).last().click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  // The email as the account has it, lower case, whatever the case it was typed in.
  await expect(page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' })).toHaveValue('ann.lee@example.com');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  // The result stays only on its own page: the Sign up tab from sign-in starts a new sign-up.
  await page.getByRole('navigation').getByRole('link', { name: 'Sign up', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/signup\?step=details$/);
  await expect(page.getByRole('button', { name: 'Next' })).toBeVisible();
  await expect(page.getByText(`Your Xiaomi Account ID is: ${id}`)).toHaveCount(0);
  // The same address in other capitals is the same account: refused, and signs in.
  await page.getByRole('button', { name: 'Create using email' }).click();
  await page.getByRole('textbox', { name: 'Email' }).fill('ANN.lee@example.com');
  await page.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('This email is already registered.')).toBeVisible();
  await signIn(page, 'Ann.LEE@EXAMPLE.com', 'Mail-pass-42');
  await expect(page).toHaveURL(/\/demo\/account$/);
});

test('an expired code is refused: the demo clock moves past ten minutes', async ({ page }) => {
  await page.goto(`${BASE}signup`);
  await chooseRegion(page, 'India', 'India');
  await page.getByRole('textbox', { name: 'Phone number' }).fill('98765 43210');
  await page.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await passCheck(page);
  const code = await latestCode(page);
  await page.getByRole('button', { name: '+10 min' }).click();
  await expect(page.getByText('Demo clock: +10 min')).toBeVisible();
  await typeCode(page, code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('This code has expired. Send a new one.')).toBeVisible();
  // A new code works.
  await page.getByRole('button', { name: 'Resend' }).click();
  await expect(page.locator('.message-text')).toHaveCount(2, { timeout: 15_000 });
  const fresh = await latestCode(page);
  await typeCode(page, fresh);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set password');
});

test('resend countdown and the hourly limit hold across a reload', async ({ page }) => {
  await page.goto(`${BASE}signup`);
  await chooseRegion(page, 'United Kingdom', 'United Kingdom');
  await page.getByRole('textbox', { name: 'Phone number' }).fill('07911 123456');
  await page.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await passCheck(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter verification code');
  // m:ss, as the lockout message counts ("Resend (0:59)", "Resend (28:59)").
  const resendCounting = page.getByRole('button', { name: /^Resend \(\d+:\d\d\)$/ });
  const secondsOf = (label) => label.match(/\(([\d:]+)\)/)[1].split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
  await expect(resendCounting).toBeDisabled();
  const first = secondsOf(await resendCounting.textContent());
  expect(first).toBeGreaterThan(50);
  expect(first).toBeLessThanOrEqual(60);

  const notKept = page.getByText("The code sent before this page was opened can't be shown here");
  await expect(notKept).toHaveCount(0);
  // A reload keeps the step and the countdown; the code's message went with the old page (codes
  // are never stored), and the page says so.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter verification code');
  await expect(resendCounting).toBeDisabled();
  await expect(notKept).toBeVisible();
  await expect(page.locator('.message-text')).toHaveCount(0);

  // Sends 2..4, each after its countdown (60 s × sends so far) has run out on the demo clock.
  const resend = page.getByRole('button', { name: 'Resend', exact: true });
  for (let n = 2; n <= 4; n++) {
    await moveClock(page, n <= 2 ? 1 : 10);
    await expect(resend).toBeEnabled();
    await resend.click();
    await expect(notKept, 'the new code is shown').toHaveCount(0);
    const shown = secondsOf(await resendCounting.textContent());
    expect(shown).toBeGreaterThan(60 * n - 5);
    expect(shown).toBeLessThanOrEqual(60 * n);
  }
  // The fifth send (at +31 min) uses up the hour: the next is possible only when the first
  // send is an hour old, 29 minutes later.
  await moveClock(page, 10);
  await resend.click();
  // That send went through (its code is among the messages below), so nothing says it was
  // refused; a note says why Resend now waits so long.
  const limit = page.getByRole('status').filter({ hasText: 'That was the last of the 5 codes you can get in an hour.' });
  await expect(limit).toBeVisible();
  await expect(page.getByText('Sent too many codes')).toHaveCount(0);
  await expect(resendCounting).toHaveText(/^Resend \(2[89]:\d\d\)$/);
  const wait = secondsOf(await resendCounting.textContent());
  expect(wait).toBeGreaterThan(29 * 60 - 5);
  expect(wait).toBeLessThanOrEqual(29 * 60);
  // Messages live in memory only (a code is never stored), so the first went with the reload.
  await expect(page.locator('.message-text')).toHaveCount(4, { timeout: 15_000 });
  // Beside the card, the list scrolls instead of stretching the page (and the banner) down,
  // newest on top; it takes the focus, so a keyboard can scroll it.
  const list = page.getByRole('list', { name: 'Messages (simulated)' });
  expect(await list.evaluate((el) => [el.clientHeight <= 320, el.scrollHeight > el.clientHeight, el.scrollTop])).toEqual([true, true, 0]);
  await expect(list).toHaveAttribute('tabindex', '0');
  await list.focus();
  await page.keyboard.press('End');
  await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  // A sixth within the hour is refused, also after a reload.
  await moveClock(page, 10);
  await page.reload();
  await expect(limit).toBeVisible();
  await expect(page.getByRole('button', { name: /^Resend/ })).toBeDisabled();
  // An hour after the first send, sending works again.
  await moveClock(page, 60);
  await expect(page.getByRole('button', { name: 'Resend', exact: true })).toBeEnabled();
  await expect(limit).toHaveCount(0);
});

test('step 1 keeps what was typed: the phone and the email each, through switches and a reload', async ({ page }) => {
  await page.goto(`${BASE}signup`);
  await chooseRegion(page, 'United States', 'United States');
  const phone = page.getByRole('textbox', { name: 'Phone number' });
  const email = page.getByRole('textbox', { name: 'Email' });
  const terms = page.getByRole('checkbox', { name: /I've read and agreed/ });
  await phone.fill('20255');
  await page.getByRole('button', { name: 'Create using email' }).click();
  await expect(email).toHaveValue('');
  await email.fill('bob@');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await page.getByRole('button', { name: 'Create using phone number' }).click();
  await expect(phone).toHaveValue('20255');
  await terms.check();
  // Not submitted, and still all there after a reload, in the mode left.
  await page.reload();
  await expect(phone).toHaveValue('20255');
  await expect(terms).toBeChecked();
  await expect(page.getByRole('combobox', { name: 'Country/Region' })).toContainText('United States');
  await page.getByRole('button', { name: 'Create using email' }).click();
  await expect(email).toHaveValue('bob@');
});

test('back and forward move between steps, and a reload resumes the step', async ({ page }) => {
  await page.goto(`${BASE}signup`);
  await chooseRegion(page, 'Indonesia', 'Indonesia');
  await page.getByRole('textbox', { name: 'Phone number' }).fill('0812 3456 7890');
  await page.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  // What was typed is still there.
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveValue('0812 3456 7890');
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  // Asking for a later step by URL does not skip ahead, and the address says so.
  await page.goto(`${BASE}signup?step=password`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  await expect(page).toHaveURL(/\/demo\/signup\?step=check$/);
});

// A step change builds the next step hidden in one task and swaps it in the next (issue 6: no
// task over 50 ms). Whatever the browser paints in between, one whole step is shown: never
// none, never two, and the old one stays until the new one is complete.
test('a step change never shows two steps or none, and the next one is built before it shows', async ({ page }) => {
  await fillEmailDetails(page, 'steps@example.com');
  // After every task (mutation records arrive at its end): the headings of the steps shown,
  // and of any built but hidden.
  await page.evaluate(() => {
    window.stepLog = [];
    const card = document.querySelector('.signup');
    const note = () => {
      const heads = (sel) => [...card.querySelectorAll(sel)].map((h) => h.textContent);
      window.stepLog.push({
        shown: heads('.signup-step:not([hidden]) h1'),
        hidden: heads('.signup-step[hidden] h1'),
      });
    };
    new MutationObserver(note).observe(card, { subtree: true, childList: true, attributes: true });
  });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  await page.getByRole('button', { name: 'Change phone number or email' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  const log = await page.evaluate(() => window.stepLog);
  for (const entry of log) expect(entry.shown, JSON.stringify(log)).toHaveLength(1);
  const built = (title) => log.some((e) => e.hidden.includes(title));
  expect(built('Security verification'), JSON.stringify(log)).toBe(true);
  expect(built('Create Xiaomi Account'), JSON.stringify(log)).toBe(true);
  expect(log.at(-1)).toEqual({ shown: ['Create Xiaomi Account'], hidden: [] });
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue('steps@example.com');
});

// The orange banner beside the form (wide screens) is the card's height: the side column
// beside them grows with every message, and the banner's art must not drift down with it.
test('the side banner is as tall as the card and stays put as messages arrive', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await fillEmailDetails(page, 'banner@example.com');
  await page.getByRole('button', { name: 'Next' }).click();
  await passCheck(page);
  await latestCode(page);
  const sizes = () =>
    page.evaluate(() => ({
      banner: parseFloat(getComputedStyle(document.querySelector('.site-body'), '::before').height),
      card: document.querySelector('.site-main').getBoundingClientRect().height,
      side: document.querySelector('.site-side').getBoundingClientRect().height,
    }));
  const before = await sizes();
  expect(before.banner).toBeCloseTo(before.card, 0);
  for (let n = 2; n <= 3; n++) {
    await moveClock(page, 10);
    await page.getByRole('button', { name: 'Resend' }).click();
    await expect(page.locator('.message-text')).toHaveCount(n);
  }
  const after = await sizes();
  expect(after.side).toBeGreaterThan(before.side + 100);
  expect(after.side).toBeGreaterThan(after.card);
  expect(after.banner).toBe(before.banner);
  expect(after.banner).toBeCloseTo(after.card, 0);
});

test('after "Account created", Back keeps it on screen and in the address', async ({ page }) => {
  await signUpByPhone(page, { phone: '13900007070', password: 'Back-wards-1' });
  await expect(page).toHaveURL(/\/demo\/signup\?step=done$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/demo\/signup\?step=done$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account created');
});

test('two tabs run their own sign-up flows without touching each other', async ({ page, context }) => {
  const other = await context.newPage();
  await page.goto(`${BASE}signup`);
  await other.goto(`${BASE}signup`);
  await chooseRegion(page, '86', 'China');
  await page.getByRole('textbox', { name: 'Phone number' }).fill('13700000001');
  await page.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');

  await other.getByRole('button', { name: 'Create using email' }).click();
  await other.getByRole('textbox', { name: 'Email' }).fill('second@tab.example');
  await other.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await other.getByRole('button', { name: 'Next' }).click();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Security verification');

  // Each tab still has its own identifier after a reload.
  await page.reload();
  await other.reload();
  await expect(page.getByText('+86 13700000001')).toBeVisible();
  await expect(other.getByText('second@tab.example')).toBeVisible();
  await other.close();
});

test('the demo tools erase all demo data after a confirmation', async ({ page }) => {
  const id = await signUpByPhone(page, { region: ['India', 'India'], phone: '9123456780', password: 'Erase-me-99' });
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('xa.')).length)).toBeGreaterThan(2);
  await page.evaluate(() => localStorage.setItem('another-app', 'keep me'));
  // A failed sign-in in this tab: erasing forgets it too (no image check waits afterwards).
  await signIn(page, id, 'Wrong-pass-1');
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('xa.signin.failures'))).toBe('1');
  // Away from sign-in, where the erase leads: arriving there shows it is done.
  await page.goto(`${BASE}help`);
  await page.getByRole('button', { name: 'Erase all demo data' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase all demo data?' });
  await expect(dialog).toBeVisible();
  // Cancel keeps everything.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await page.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id)).not.toBeNull();
  await page.getByRole('button', { name: 'Erase all demo data' }).click();
  await dialog.getByRole('button', { name: 'Erase everything' }).click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  const left = await page.evaluate(() => Object.keys(localStorage));
  expect(left.filter((k) => k.startsWith('xa.') && k !== 'xa.meta')).toEqual([]);
  expect(left).toContain('another-app');
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('xa.')))).toEqual([]);
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(id);
  await page.getByLabel('Password', { exact: true }).fill('Wrong-pass-2');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
  // The first failure after the erase, not the second: no image check yet.
  await expect(page.getByRole('textbox', { name: 'Enter the characters' })).toHaveCount(0);
});


test('leaving sign-up while the password is hashed: the account is made, and sign-in offers it', async ({ page }) => {
  test.setTimeout(90_000);
  // A device without WebCrypto (the app's Rust path) hashes slowly enough to leave meanwhile.
  await page.addInitScript(() => {
    Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined, configurable: true });
  });
  await toPasswordStep(page, 'left@midway.example');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Securing your password…')).toBeVisible();
  await page.getByRole('link', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  expect(await page.evaluate(() => localStorage.getItem('xa.idx.e:left@midway.example')), 'left before the account was made').toBeNull();
  // The hash ends on the sign-in page (the fixture fails the test on any uncaught error).
  await expect.poll(() => page.evaluate(() => localStorage.getItem('xa.idx.e:left@midway.example')), { timeout: 30_000 }).not.toBeNull();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' })).toHaveValue('left@midway.example');
});

test('an identifier registered meanwhile in another tab: the password step offers the way back', async ({ page, context }) => {
  test.setTimeout(90_000);
  const other = await context.newPage();
  await toPasswordStep(page, 'twice@meanwhile.example');
  await toPasswordStep(other, 'twice@meanwhile.example', { waitClock: true });
  await other.getByRole('button', { name: 'Create account' }).click();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Account created', { timeout: 30_000 });
  const change = page.getByRole('button', { name: 'Change phone number or email' });
  await expect(change).toHaveCount(0);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('This phone number or email was registered meanwhile (perhaps in another tab).')).toBeVisible({ timeout: 30_000 });
  await shot(page, 'signup-taken-meanwhile', 360);
  await change.click();
  await expect(page).toHaveURL(/step=details/);
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue('twice@meanwhile.example');
  await page.getByRole('textbox', { name: 'Email' }).fill('once@meanwhile.example');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  await other.close();
});

test('the region list is keyboard-usable and defaults from the browser language', async ({ page }) => {
  await page.goto(`${BASE}signup`);
  // Playwright's Chromium runs with en-US.
  await expect(page.getByRole('combobox', { name: 'Country/Region' })).toContainText('United States');
  await page.getByRole('combobox', { name: 'Country/Region' }).focus();
  await page.keyboard.press('ArrowDown');
  const search = page.getByRole('combobox', { name: 'Search countries and regions' });
  await expect(search).toBeFocused();
  await expect(page.getByRole('group', { name: 'Common' })).toBeVisible();
  await page.keyboard.type('+7');
  await expect(page.getByRole('listbox').getByRole('option').first()).toContainText('+7');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('combobox', { name: 'Country/Region' })).toContainText('United States');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.type('Japan');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Country/Region' })).toContainText('Japan');
  await expect(page.locator('.field-prefix')).toHaveText('+81');
});

test('at 360 px the code shows on top of the page, where the messages panel is out of sight', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${BASE}signup`);
  await chooseRegion(page, '86', 'China');
  await page.getByRole('textbox', { name: 'Phone number' }).fill('13812340360');
  await page.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await passCheck(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter verification code');
  const headsUp = page.getByRole('status').filter({ hasText: /verification code is \d{6}/ });
  await expect(headsUp).toBeVisible({ timeout: 15_000 });
  expect(await inSight(headsUp)).toBe(true);
  // The panel has it too, below the form.
  const inPanel = page.locator('.message-text').first();
  await expect(inPanel).toContainText(/\d{6}/);
  expect(await inSight(inPanel)).toBe(false);
  // It covers no part of the form.
  expect(await inSight(page.getByRole('textbox', { name: 'Verification code 1' }))).toBe(true);
  expect(await inSight(page.getByRole('button', { name: 'Verify' }))).toBe(true);
  await shot(page, 'signup-code-heads-up', 360);
  await page.setViewportSize({ width: 360, height: 740 });
  const code = (await headsUp.textContent()).match(/code is (\d{6})/)[1];
  await typeCode(page, code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set password');
  // The next step starts without it.
  await expect(page.locator('.heads-up')).toHaveCount(0);
});
