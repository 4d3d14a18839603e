// The account center's security life: score and risks, a security email added and a phone
// removed by code, two-step verification on and its sign-in step, change password with the
// countdown sign-out, the devices list. Everything through visible, labelled controls.
import { test, expect, BASE, SHOTS, shot, expectNoHorizontalScroll } from './fixtures.js';
import { inSight, signIn, signUpByPhone, typeCode, typeCodeIn, sendAndReadCode, moveClock } from './helpers.js';

const section = (page, name) => page.getByRole('region', { name });

test('security: score, add an email, two-step sign-in, change password, remove the phone', async ({ page }) => {
  test.setTimeout(150_000);
  const id = await signUpByPhone(page, { phone: '13700001234', password: 'Sec-urity-1' });
  await signIn(page, id, 'Sec-urity-1');
  await expect(page).toHaveURL(/\/demo\/account$/);

  // A phone-only account: 60 points, two risks, and the guide's warning about one recovery option.
  const security = section(page, 'Account security');
  await expect(security.getByText('Security score: 60 points')).toBeVisible();
  await expect(security.getByText('Risks found: 2')).toBeVisible();
  await expect(security.getByText('No security email: add one to recover the account by email.')).toBeVisible();
  await expect(security.getByText(/losing both makes account recovery very difficult/)).toBeVisible();
  await expect(security.getByText('+86 137****1234')).toBeVisible();
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, file] of [['Personal info', 'personal'], ['Account security', 'security'], ['Devices', 'devices'], ['Xiaomi services that use this account', 'services'], ['Privacy', 'privacy']]) {
      await section(page, name).screenshot({ path: `${SHOTS}/account-${file}-${width}.png` });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Add a security email: a bad address is refused before any code goes out.
  // The password comes first, so an open session alone cannot give the account a new contact.
  await security.getByRole('button', { name: 'Add — Security email' }).click();
  const dialog = page.getByRole('dialog', { name: 'Security email' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('For your security, enter your account password first.')).toBeVisible();
  await expect(dialog.getByLabel('Password', { exact: true })).toBeFocused();
  await expect(dialog.getByRole('textbox', { name: 'Email', exact: true })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByText('Enter a password')).toBeVisible();
  await dialog.getByLabel('Password', { exact: true }).fill('Not-my-pass-1');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByText('Incorrect password')).toBeVisible({ timeout: 15_000 });
  await expect(dialog.getByLabel('Password', { exact: true })).toBeFocused();
  // Cancelled and opened again, it asks again.
  await dialog.getByLabel('Password', { exact: true }).fill('Sec-urity-1');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await security.getByRole('button', { name: 'Add — Security email' }).click();
  await expect(dialog.getByLabel('Password', { exact: true })).toBeFocused();
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveValue('');
  await dialog.getByLabel('Password', { exact: true }).fill('Sec-urity-1');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Email', exact: true })).toBeFocused({ timeout: 15_000 });
  await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('not-an-email');
  await dialog.getByRole('button', { name: 'Send code' }).click();
  await expect(dialog.getByText('Enter a valid email address')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('Sec.Owner@Example.COM');
  const code = await sendAndReadCode(page, dialog);
  await expect(dialog.getByText('Code sent to S***r@example.com')).toBeVisible();
  await dialog.screenshot({ path: `${SHOTS}/account-dialog-email-1280.png` });
  // A wrong code first: the message says how many tries are left, nothing is saved.
  await typeCodeIn(dialog, page, code === '000000' ? '111111' : '000000');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Incorrect code. Tries left: 4.')).toBeVisible();
  // The focus goes back to the first box for another try (a frame after the message: a person
  // editing the address that instant would have typed into the box).
  await expect(dialog.getByRole('textbox', { name: 'Verification code 1' })).toBeFocused();
  // Edited after the code went out, the dialog no longer says a code went there, and offers to
  // send one to the new address…
  const newEmail = dialog.getByRole('textbox', { name: 'Email', exact: true });
  await newEmail.fill('other.owner@example.com');
  await expect(dialog.getByText(/^Code sent to/)).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Send code', exact: true })).toBeEnabled();
  // …and back at the address it went to, that code still counts.
  await newEmail.fill('Sec.Owner@Example.COM');
  await expect(dialog.getByText('Code sent to S***r@example.com')).toBeVisible();
  await expect(dialog.getByRole('button', { name: /^Resend \(\d+:\d\d\)$/ })).toBeDisabled();
  await typeCodeIn(dialog, page, code);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const saved = page.getByRole('status').filter({ hasText: 'Security email saved.' });
  await expect(saved).toBeVisible();
  // Just after the action it floats at the top of the window; closed, it settles at the top
  // of the center at once (not after its seconds), with the focus on it.
  expect(await saved.evaluate((e) => getComputedStyle(e).position)).toBe('sticky');
  await saved.getByRole('button', { name: 'Close message' }).click();
  await expect(saved).toBeFocused();
  await expect(saved).toBeVisible();
  await expect(saved.getByRole('button', { name: 'Close message' })).toHaveCount(0);
  expect(await saved.evaluate((e) => getComputedStyle(e).position)).toBe('static');
  await expect(security.getByText('Security score: 80 points')).toBeVisible();
  await expect(security.getByText(/losing both/)).toHaveCount(0);
  await expect(security.getByText('s***r@example.com', { exact: true })).toBeVisible();

  // Two-step verification on, confirmed by a code to the phone.
  await security.getByRole('button', { name: 'Turn on' }).click();
  const twoStep = page.getByRole('dialog', { name: 'Turn on two-step verification' });
  await typeCodeIn(twoStep, page, await sendAndReadCode(page, twoStep));
  await twoStep.getByRole('button', { name: 'Turn on' }).click();
  await expect(twoStep).toBeHidden();
  await expect(security.getByText('Security score: 100 points')).toBeVisible();
  // The page is drawn anew with the change: the focus is back on the row's button (which now
  // turns it off), not lost to the top of the page.
  await expect(security.getByRole('button', { name: 'Turn off' })).toBeFocused();
  await expect(security.getByText('Risks found: 0')).toBeVisible();

  // Sign out; signing in by the new email now asks for a code after the right password.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/signin/);
  // Emails match whatever their case.
  await signIn(page, 'Sec.Owner@EXAMPLE.com', 'Sec-urity-1');
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step verification' })).toBeVisible();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  await shot(page, 'signin-two-step', 1280);
  await page.setViewportSize({ width: 1280, height: 900 });
  const card = page.getByRole('region', { name: 'Two-step verification' });
  // The code that turned two-step on went to the phone moments ago, but it was used: another
  // can go at once, and the keyboard starts at the choice of where.
  await expect(card.getByRole('radio', { name: '+86 137****1234' })).toBeChecked();
  await expect(card.getByRole('radio', { name: '+86 137****1234' })).toBeFocused();
  await expect(card.getByRole('button', { name: 'Send code', exact: true })).toBeEnabled();
  await expect(card.getByText('A code was already sent here recently.')).toHaveCount(0);
  await page.getByRole('radio', { name: 's***r@example.com' }).check();
  const twoStepCode = await sendAndReadCode(page, card);
  await expect(page.locator('.message').first()).toContainText('sec.owner@example.com');
  await typeCodeIn(card, page, twoStepCode);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/demo\/account$/);

  // Change password: the current one must be right and the new one different.
  await security.getByRole('button', { name: 'Change — Password', exact: true }).click();
  const change = page.getByRole('dialog', { name: 'Change password' });
  await change.getByLabel('Current password').fill('Wrong-pass-9');
  await change.getByLabel('New password').fill('Brand-new-22');
  await change.getByLabel('Confirm password').fill('Brand-new-22');
  await change.getByRole('button', { name: 'Save' }).click();
  await expect(change.getByText('The current password is incorrect')).toBeVisible();
  await change.getByLabel('Current password').fill('Sec-urity-1');
  await change.getByLabel('New password').fill('Sec-urity-1');
  await change.getByLabel('Confirm password').fill('Sec-urity-1');
  await change.getByRole('button', { name: 'Save' }).click();
  await expect(change.getByText("The new password can't be the same as the old one")).toBeVisible();
  await change.getByLabel('New password').fill('Brand-new-22');
  await change.getByLabel('Confirm password').fill('Brand-new-22');
  await change.getByRole('button', { name: 'Save' }).click();
  await expect(change.getByText(/Password changed\. For your security you'll be signed out in [1-5] s\./)).toBeVisible({ timeout: 30_000 });
  await change.screenshot({ path: `${SHOTS}/account-dialog-password-1280.png` });
  // The countdown ends on the sign-in page.
  await expect(page).toHaveURL(/\/demo\/signin$/, { timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Your password was changed. Sign in with the new one.' })).toBeFocused();
  // The account is filled in (its phone, as password managers saved it): the new password is
  // what is left to type.
  await expect(page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' })).toHaveValue(/^\+86137\d{4}1234$/);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  expect(await page.evaluate(() => localStorage.getItem('xa.session'))).toBeNull();

  // The old password is refused; the new one (and the two-step code) signs in.
  await signIn(page, id, 'Sec-urity-1');
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
  await signIn(page, id, 'Brand-new-22');
  // The phone's resend countdown from turning two-step on may still run: the demo clock skips it.
  await moveClock(page, 2);
  const card2 = page.getByRole('region', { name: 'Two-step verification' });
  // Where the code goes: a styled radio list (no browser-default fieldset frame), each choice a
  // full touch target.
  const sendTo = card2.getByRole('group', { name: 'Send the code to' });
  await expect(sendTo).toHaveCSS('border-top-width', '0px');
  for (const label of await sendTo.locator('label').all()) expect((await label.boundingBox()).height).toBeGreaterThanOrEqual(44);
  await shot(page, 'signin-two-step', 1280);
  await shot(page, 'signin-two-step', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await typeCodeIn(card2, page, await sendAndReadCode(page, card2));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/demo\/account$/);
  await expect(security.getByText(/Last changed \d{4}-\d{2}-\d{2}/)).toBeVisible();

  // Remove the phone (allowed while the email stays), by a code to it.
  await security.getByRole('button', { name: 'Remove — Security phone' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove security phone' });
  await typeCodeIn(remove, page, await sendAndReadCode(page, remove));
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect(remove).toBeHidden();
  await expect(security.getByText('Security score: 80 points')).toBeVisible();
  await expect(security.getByText(/losing both/)).toBeVisible();
  // The email is now the only contact: it cannot be removed.
  await expect(security.getByRole('button', { name: 'Remove — Security email' })).toHaveCount(0);
  const stored = JSON.parse(await page.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id));
  expect(stored.phone).toBeUndefined();
  expect(stored.email).toBe('sec.owner@example.com');
  expect(stored.two_step).toBe(true);
  expect(await page.evaluate(() => localStorage.getItem('xa.idx.p:+8613700001234'))).toBeNull();

  // The removed phone no longer signs in.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  await signIn(page, '+8613700001234', 'Brand-new-22');
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
});

test('with two-step verification on, deleting the account needs a code as well as the password', async ({ page }) => {
  test.setTimeout(120_000);
  const id = await signUpByPhone(page, { phone: '13700006543', password: 'Two-del-65' });
  await signIn(page, id, 'Two-del-65');
  await expect(page).toHaveURL(/\/demo\/account$/);
  const security = section(page, 'Account security');
  await security.getByRole('button', { name: 'Turn on' }).click();
  const twoStep = page.getByRole('dialog', { name: 'Turn on two-step verification' });
  await typeCodeIn(twoStep, page, await sendAndReadCode(page, twoStep));
  await twoStep.getByRole('button', { name: 'Turn on' }).click();
  await expect(security.getByRole('button', { name: 'Turn off' })).toBeVisible();
  const stored = () => page.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id);

  // The right password and the box lead to a code step, not to the deletion; the keyboard
  // starts at "Send code".
  const del = page.getByRole('dialog', { name: 'Delete this account?' });
  const toCodeStep = async () => {
    await page.getByRole('button', { name: 'Delete account' }).click();
    await expect(del.getByLabel('Password')).toHaveValue('');
    await del.getByLabel('Password').fill('Two-del-65');
    await del.getByRole('checkbox', { name: /deleted permanently/ }).check();
    await del.getByRole('button', { name: 'Delete account' }).click();
    await expect(del.getByText(/Two-step verification is on/)).toBeVisible({ timeout: 15_000 });
    await expect(del.getByLabel('Password')).toBeHidden();
    await expect(del.getByRole('button', { name: 'Send code', exact: true })).toBeFocused();
  };
  await toCodeStep();
  await shot(page, 'account-delete-code', 1280);
  await shot(page, 'account-delete-code', 360);
  await expectNoHorizontalScroll(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await stored()).not.toBeNull();
  // Cancelled there, the dialog opens again at the password, empty.
  await del.getByRole('button', { name: 'Cancel' }).click();
  await expect(del).toBeHidden();
  await toCodeStep();

  // A wrong code is refused and deletes nothing; the right one deletes the account.
  const code = await sendAndReadCode(page, del);
  await expect(del.getByText('Code sent to +86 137****6543')).toBeVisible();
  const wrong = code.replace(/^./, (d) => String((Number(d) + 1) % 10));
  await typeCodeIn(del, page, wrong);
  await del.getByRole('button', { name: 'Delete account' }).click();
  await expect(del.getByText('Incorrect code. Tries left: 4.')).toBeVisible();
  await expect(del.getByRole('textbox', { name: 'Verification code 1' })).toBeFocused();
  expect(await stored()).not.toBeNull();
  await page.keyboard.type(code);
  await del.getByRole('button', { name: 'Delete account' }).click();
  await expect(page).toHaveURL(/\/demo\/signin$/, { timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: `Xiaomi Account ${id} was deleted.` })).toBeVisible();
  const keys = await page.evaluate(() => Object.keys(localStorage));
  expect(keys.filter((k) => k.includes(id) || k.includes('+8613700006543'))).toEqual([]);
});

test('devices: this browser with its first and last sign-in; another tab follows a sign-out', async ({ page, context }) => {
  const id = await signUpByPhone(page, { phone: '13700005678', password: 'Dev-ices-33' });
  await signIn(page, id, 'Dev-ices-33');
  const devices = section(page, 'Devices');
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  // Playwright's desktop Chrome profile reports Windows in its user agent.
  await expect(devices.getByText(/^Chrome on Windows/)).toBeVisible();
  await expect(devices.getByText('This device')).toBeVisible();
  await expect(devices.getByText(/First sign-in \d{4}-\d{2}-\d{2} · last sign-in \d{4}-\d{2}-\d{2} · signed in/)).toBeVisible();
  // No other device is signed in, so there is nothing to sign out.
  await expect(devices.getByRole('button', { name: 'Sign out of other devices' })).toBeDisabled();

  // Signing in again from the same browser keeps one entry for it.
  const other = await context.newPage();
  await other.goto(`${BASE}account`);
  await expect(other.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(other).toHaveURL(/\/demo\/signin$/);
  await signIn(other, id, 'Dev-ices-33');
  await expect(section(other, 'Devices').getByRole('listitem')).toHaveCount(1);
  const stored = JSON.parse(await other.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id));
  expect(stored.devices).toHaveLength(1);
  expect(stored.devices[0].last_sign_in).toBeGreaterThanOrEqual(stored.devices[0].first_sign_in);
  // The download holds the device but no session token.
  const download = other.getByRole('link', { name: 'Download my data' });
  const href = await download.getAttribute('href');
  const data = JSON.parse(decodeURIComponent(href.slice(href.indexOf(',') + 1)));
  expect(data.devices[0].name).toBe('Chrome on Windows');
  expect(JSON.stringify(data)).not.toContain(stored.devices[0].token);
});

test('a password change in one tab signs the other tab out at once', async ({ page, context }) => {
  const id = await signUpByPhone(page, { phone: '13700009012', password: 'Two-tabs-44' });
  await signIn(page, id, 'Two-tabs-44');
  // Signed in (the hash takes a moment) before the other tab opens the account center.
  await expect(page).toHaveURL(/\/demo\/account$/);
  const other = await context.newPage();
  await other.goto(`${BASE}account`);
  await expect(other.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();
  await page.getByRole('button', { name: 'Change — Password', exact: true }).click();
  const change = page.getByRole('dialog', { name: 'Change password' });
  await change.getByLabel('Current password').fill('Two-tabs-44');
  await change.getByLabel('New password').fill('Two-tabs-55');
  await change.getByLabel('Confirm password').fill('Two-tabs-55');
  await change.getByRole('button', { name: 'Save' }).click();
  await expect(change.getByText(/Password changed/)).toBeVisible({ timeout: 30_000 });
  // The other tab does not wait for the countdown, and says why it left the account.
  await expect(other).toHaveURL(/\/demo\/signin$/);
  await expect(other.getByRole('status').filter({ hasText: 'You were signed out in another tab or on another device.' })).toBeVisible();
  await other.close();
});

test('a code sent from a dialog shows on top of it; the messages panel is behind the backdrop', async ({ page }) => {
  const id = await signUpByPhone(page, { phone: '13700007777', password: 'Heads-up-77' });
  await signIn(page, id, 'Heads-up-77');
  await expect(page).toHaveURL(/\/demo\/account$/);
  await page.getByRole('button', { name: 'Change — Security phone' }).click();
  const dialog = page.getByRole('dialog', { name: 'Security phone number' });
  await dialog.getByLabel('Password', { exact: true }).fill('Heads-up-77');
  await dialog.getByRole('button', { name: 'Next' }).click();
  const newPhone = dialog.getByRole('textbox', { name: 'New phone number' });
  await expect(newPhone).toHaveAttribute('inputmode', 'tel');
  await newPhone.fill('13700007778');
  // Enter in the number, with no code typed yet, sends the code.
  await newPhone.press('Enter');
  await expect(dialog.getByText('Enter all 6 digits of the code')).toHaveCount(0);
  const headsUp = dialog.getByRole('status').filter({ hasText: /verification code is \d{6}/ });
  await expect(headsUp).toBeVisible({ timeout: 15_000 });
  await expect(headsUp).toContainText('SMS from Xiaomi Account → +86 13700007778');
  expect(await inSight(headsUp)).toBe(true);
  const inPanel = page.locator('.message-text').first();
  await expect(inPanel).toContainText(/\d{6}/);
  expect(await inSight(inPanel)).toBe(false);
  await page.screenshot({ path: `${SHOTS}/account-dialog-heads-up-1280.png` });
  const code = (await headsUp.textContent()).match(/code is (\d{6})/)[1];
  // Closed, it goes; the code stays in the panel.
  await dialog.getByRole('button', { name: 'Close message' }).click();
  await expect(headsUp).toHaveCount(0);
  await expect(inPanel).toContainText(code);
  await typeCodeIn(dialog, page, code);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Security phone saved.' })).toBeVisible();
  // Back on the page, what came while the dialog was open does not show again.
  await expect(page.locator('.heads-up')).toHaveCount(0);
  const stored = JSON.parse(await page.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id));
  expect(stored.phone).toBe('+8613700007778');
});

/** How many PBKDF2 runs ("xa:hash" measures) the page has finished. */
const hashes = (page) => page.evaluate(() => performance.getEntriesByName('xa:hash').length);

test('Cancel while the password is checked stops the deletion and the password change', async ({ page }) => {
  test.setTimeout(120_000);
  const id = await signUpByPhone(page, { phone: '13700004321', password: 'Cancel-me-43' });
  await signIn(page, id, 'Cancel-me-43');
  await expect(page).toHaveURL(/\/demo\/account$/);
  const before = await page.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id);
  // A device without WebCrypto (the app's Rust path) takes long enough to press Cancel mid-check.
  await page.addInitScript(() => {
    Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined, configurable: true });
  });
  await page.reload();
  await expect(page.getByText(`Xiaomi Account ID: ${id}`)).toBeVisible();

  // Delete: the right password and the box, then Cancel while the password is being checked.
  await page.getByRole('button', { name: 'Delete account' }).click();
  const del = page.getByRole('dialog', { name: 'Delete this account?' });
  await del.getByLabel('Password').fill('Cancel-me-43');
  await del.getByRole('checkbox', { name: /deleted permanently/ }).check();
  let done = await hashes(page);
  await del.getByRole('button', { name: 'Delete account' }).click();
  await expect(del.getByRole('button', { name: 'Delete account' })).toBeDisabled();
  await del.getByRole('button', { name: 'Cancel' }).click();
  await expect(del).toBeHidden();
  // The check ends; nothing follows it.
  await expect.poll(() => hashes(page), { timeout: 30_000 }).toBe(done + 1);
  // Opened again: clean, and a wrong password (one more check) shows it is usable; by then a
  // deletion the cancelled check had let through would have happened.
  await page.getByRole('button', { name: 'Delete account' }).click();
  await expect(del.getByLabel('Password')).toHaveValue('');
  await expect(del.getByRole('checkbox', { name: /deleted permanently/ })).not.toBeChecked();
  await expect(del.getByRole('button', { name: 'Delete account' })).toBeEnabled();
  await del.getByLabel('Password').fill('Not-this-one-1');
  await del.getByRole('checkbox', { name: /deleted permanently/ }).check();
  await del.getByRole('button', { name: 'Delete account' }).click();
  await expect(del.getByText('Incorrect password')).toBeVisible({ timeout: 30_000 });
  await del.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/demo\/account$/);
  const kept = JSON.parse(await page.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id));
  expect(kept.phc).toBe(JSON.parse(before).phc);
  expect(await page.evaluate(() => localStorage.getItem('xa.session'))).not.toBeNull();

  // Change password: Cancel during the check of the current one; the new one is never hashed.
  await page.getByRole('button', { name: 'Change — Password', exact: true }).click();
  const change = page.getByRole('dialog', { name: 'Change password' });
  await change.getByLabel('Current password').fill('Cancel-me-43');
  await change.getByLabel('New password').fill('Never-saved-77');
  await change.getByLabel('Confirm password').fill('Never-saved-77');
  done = await hashes(page);
  await change.getByRole('button', { name: 'Save' }).click();
  await expect(change.getByRole('button', { name: 'Saving…' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(change).toBeHidden();
  await expect.poll(() => hashes(page), { timeout: 30_000 }).toBe(done + 1);
  await page.getByRole('button', { name: 'Change — Password', exact: true }).click();
  await expect(change.getByRole('button', { name: 'Save' })).toBeEnabled();
  for (const field of ['Current password', 'New password', 'Confirm password']) {
    await expect(change.getByLabel(field)).toHaveValue('');
  }
  await change.getByLabel('Current password').fill('Wrong-again-2');
  await change.getByLabel('New password').fill('Never-saved-77');
  await change.getByLabel('Confirm password').fill('Never-saved-77');
  await change.getByRole('button', { name: 'Save' }).click();
  await expect(change.getByText('The current password is incorrect')).toBeVisible({ timeout: 30_000 });
  // Only the two checks ran: the cancelled change hashed no new password.
  expect(await hashes(page)).toBe(done + 2);
  const after = JSON.parse(await page.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id));
  expect(after.phc).toBe(JSON.parse(before).phc);
  await expect(page).toHaveURL(/\/demo\/account$/);
});

test('wrong passwords in the account center count toward the lockout, as sign-in failures do', async ({ page }) => {
  test.setTimeout(120_000);
  const id = await signUpByPhone(page, { phone: '13700005432', password: 'Guess-me-54' });
  await signIn(page, id, 'Guess-me-54');
  await expect(page).toHaveURL(/\/demo\/account$/);
  // A right password after mistakes forgets them (the count is the account's).
  await page.getByRole('button', { name: 'Add — Security email' }).click();
  const dialog = page.getByRole('dialog', { name: 'Security email' });
  const pw = dialog.getByLabel('Password', { exact: true });
  const failures = () => page.evaluate((id) => JSON.parse(localStorage.getItem(`xa.throttle.${id}`))?.failures ?? 0, id);
  for (let n = 1; n <= 4; n++) {
    await pw.fill(`Guess-wrong-${n}`);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await expect.poll(failures, { timeout: 15_000 }).toBe(n);
    await expect(dialog.getByText('Incorrect password')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Next' })).toBeEnabled();
  }
  await pw.fill('Guess-me-54');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Email', exact: true })).toBeFocused({ timeout: 15_000 });
  // A clean record is no record.
  expect(await page.evaluate((id) => localStorage.getItem(`xa.throttle.${id}`), id)).toBeNull();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Five wrong in a row (here in the delete dialog) lock the account: the right password then
  // waits too, here and on the sign-in page, until the lockout ends.
  await page.getByRole('button', { name: 'Delete account' }).click();
  const del = page.getByRole('dialog', { name: 'Delete this account?' });
  await del.getByRole('checkbox', { name: /deleted permanently/ }).check();
  for (let n = 1; n <= 4; n++) {
    await del.getByLabel('Password').fill(`Guess-wrong-${n}`);
    await del.getByRole('button', { name: 'Delete account' }).click();
    await expect.poll(failures, { timeout: 15_000 }).toBe(n);
    await expect(del.getByText('Incorrect password')).toBeVisible();
    await expect(del.getByRole('button', { name: 'Delete account' })).toBeEnabled();
  }
  await del.getByLabel('Password').fill('Guess-wrong-5');
  await del.getByRole('button', { name: 'Delete account' }).click();
  const locked = del.getByText(/^Too many attempts/);
  await expect(locked).toBeVisible({ timeout: 15_000 });
  // Read at once: a fresh one-minute lockout says a minute or less, never 1:01.
  expect(await locked.textContent()).toMatch(/^Too many attempts\. Try again in (1:00|0:5\d)\.$/);
  await expect(del.getByLabel('Password')).toBeFocused();
  await del.screenshot({ path: `${SHOTS}/account-dialog-locked-1280.png` });
  // The right password now is refused without being checked: no hash runs, nothing is deleted.
  const done = await hashes(page);
  await del.getByLabel('Password').fill('Guess-me-54');
  await del.getByRole('button', { name: 'Delete account' }).click();
  await expect(del.getByLabel('Password')).toBeFocused();
  await expect(del.getByRole('button', { name: 'Delete account' })).toBeEnabled();
  await expect(del.getByText(/^Too many attempts/)).toBeVisible();
  // Another attempt, to be sure the first one has finished: still nothing hashed or deleted.
  await del.getByRole('button', { name: 'Delete account' }).click();
  await expect(del.getByRole('button', { name: 'Delete account' })).toBeEnabled();
  expect(await hashes(page)).toBe(done);
  expect(await page.evaluate((id) => localStorage.getItem(`xa.acct.${id}`), id)).not.toBeNull();
  await expect(page).toHaveURL(/\/demo\/account$/);
  await del.getByRole('button', { name: 'Cancel' }).click();
  // The same lock holds on the sign-in page.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  await signIn(page, id, 'Guess-me-54');
  await expect(page.getByText(/^Too many attempts/)).toBeVisible({ timeout: 15_000 });
  // Once it ends (the demo clock moved), the right password signs in.
  await moveClock(page, 2);
  await signIn(page, id, 'Guess-me-54');
  await expect(page).toHaveURL(/\/demo\/account$/, { timeout: 15_000 });
});
