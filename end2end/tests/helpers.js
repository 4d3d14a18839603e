// Steps shared by the specs, done the way a person does them: through visible, labelled controls.
import { expect } from '@playwright/test';
import { BASE } from './fixtures.js';

/** Signs in from the sign-in page with the account and password; where it leads (the account
 *  center, an error, the two-step step) is the caller's to check. */
export async function signIn(page, account, password) {
  await page.goto(`${BASE}signin`);
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(account);
  await page.getByLabel('Password', { exact: true }).fill(password);
  // After failed attempts in this tab the image check comes too: solved as a learner would.
  const check = page.getByRole('textbox', { name: 'Enter the characters' });
  if (await check.isVisible()) {
    await page.getByRole('button', { name: 'Reveal the image code' }).click();
    await check.fill((await page.locator('.captcha-answer strong').textContent()).trim());
  }
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Picks a region through the combobox by searching for `query`. */
export async function chooseRegion(page, query, name) {
  await page.getByRole('combobox', { name: 'Country/Region' }).click();
  await page.getByRole('combobox', { name: 'Search countries and regions' }).fill(query);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Country/Region' })).toContainText(name);
}

/** The latest code the simulated messages panel received. */
export async function latestCode(page) {
  const msg = page.locator('.message-text').first();
  await expect(msg).toContainText(/verification code is \d{6}/, { timeout: 15_000 });
  return (await msg.textContent()).match(/(\d{6})/)[1];
}

/** Solves the human check the way a learner would with the demo tools' reveal. */
export async function passCheck(page) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  await solveImageCheck(page);
}

/** Reveals the image code with the demo tools, types it and asks for the code. */
export async function solveImageCheck(page) {
  await page.getByRole('button', { name: 'Reveal the image code' }).click();
  const answer = (await page.locator('.captcha-answer strong').textContent()).trim();
  expect(answer).toMatch(/^[A-Z0-9]{5}$/);
  await page.getByRole('textbox', { name: 'Enter the characters' }).fill(answer);
  await page.getByRole('button', { name: 'Send code' }).click();
}

/** Clicks the send button in `scope` and returns the code that arrives as a new message. */
export async function sendAndReadCode(page, scope) {
  const before = await page.locator('.message-text').count();
  await scope.getByRole('button', { name: /^Send code$|^Resend$/ }).click();
  await expect(page.locator('.message-text')).toHaveCount(before + 1, { timeout: 15_000 });
  const text = await page.locator('.message-text').first().textContent();
  return text.match(/(\d{6})/)[1];
}

/** Types `code` into the code boxes inside `scope` (a dialog, a card). */
export async function typeCodeIn(scope, page, code) {
  await scope.getByRole('textbox', { name: 'Verification code 1' }).click();
  await page.keyboard.type(code);
}

export async function typeCode(page, code) {
  await page.getByRole('textbox', { name: 'Verification code 1' }).click();
  await page.keyboard.type(code);
}

/** Sign-up from its image check to the password step, with `password` typed twice. */
async function checkToPasswordStep(page, password) {
  await passCheck(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter verification code');
  await typeCode(page, await latestCode(page));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set password');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
}

export async function signUpByPhone(page, { region = ['86', 'China'], phone = '13812345678', password = 'Str0ng-Pass!' } = {}) {
  await page.goto(`${BASE}signup`);
  await chooseRegion(page, ...region);
  await page.getByRole('textbox', { name: 'Phone number' }).fill(phone);
  await page.getByRole('checkbox', { name: /I've read and agreed/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await checkToPasswordStep(page, password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account created', { timeout: 30_000 });
  return (await page.locator('.account-id strong').textContent()).trim();
}


/** A new sign-up's first step by email: the address typed and the terms agreed, before "Next". */
export async function fillEmailDetails(page, email) {
  await page.goto(`${BASE}signup`);
  await page.getByRole('button', { name: 'Create using email' }).click();
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('checkbox', { name: /I've read and agreed/ }).check();
}

/**
 * Sign-up by email up to the filled-in password step, without creating the account yet.
 * `waitClock`: another tab's send started the shared resend countdown; move the demo clock past it.
 */
export async function toPasswordStep(page, email, { waitClock = false, password = 'Race-pass-42' } = {}) {
  await fillEmailDetails(page, email);
  await page.getByRole('button', { name: 'Next' }).click();
  if (waitClock) await moveClock(page, 1);
  await checkToPasswordStep(page, password);
}

/**
 * Moves the demo clock forward by `minutes` with its visible buttons and waits until the demo
 * tools show the new offset: the move is stored asynchronously (under the storage lock), so a
 * navigation straight after the click could otherwise overtake it.
 */
export async function moveClock(page, minutes) {
  const tools = page.getByRole('region', { name: 'Demo tools' });
  const label = tools.getByText(/^Demo clock: \+\d+ min$/);
  let now = Number((await label.textContent()).match(/\+(\d+)/)[1]);
  const steps = [60, 10, 1];
  let left = minutes;
  for (const step of steps) {
    while (left >= step) {
      await tools.getByRole('button', { name: `+${step} min` }).click();
      now += step;
      left -= step;
      await expect(label).toHaveText(`Demo clock: +${now} min`);
    }
  }
}

/**
 * Holds every request matching `pattern` until the returned function is called, to see the page
 * while a file is on its way.
 */
export async function holdRequests(page, pattern) {
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(pattern, async (r) => {
    await held;
    await r.continue();
  });
  return release;
}

/**
 * Whether a person can see `locator` now: its middle is inside the viewport and nothing covers
 * it there (a dialog's backdrop, content scrolled over it).
 */
export async function inSight(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (r.width === 0 || x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit !== null && el.contains(hit);
  });
}
