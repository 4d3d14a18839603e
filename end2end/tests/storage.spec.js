// Storage that fails in ordinary ways (issue 7): two tabs racing for the same new email, tabs
// following each other's changes, stores seeded corrupted, from an older or a newer version,
// blocked or full, accounts exported and imported, hostile text and over-long input. Stores are
// seeded by init scripts before the app loads (as a hand edit or another build would leave
// them); everything else goes through visible, labelled controls.
import { test, expect, BASE, SHOTS, shot } from './fixtures.js';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { errors } from '@playwright/test';
import { passCheck, latestCode, typeCode, moveClock, solveImageCheck, signIn, toPasswordStep, fillEmailDetails } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'tests', 'fixtures');
const sample = (name) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
// The samples' passwords (tests/fixtures/README.md).
const PASSWORD = 'Str0ng-Pass!';

/** Seeds localStorage before the first load of this page's origin (not on later loads). */
async function seed(page, entries) {
  await page.addInitScript((entries) => {
    if (localStorage.getItem('__seeded')) return;
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
    localStorage.setItem('__seeded', '1');
  }, entries);
}

const dump = (page) =>
  page.evaluate(() => Object.fromEntries(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)])));

/**
 * Makes `holder` (a tab of the same profile) take the app's store lock and keep it, as a tab in
 * the middle of a write would, until `holder.evaluate(() => window.releaseStore())`.
 */
async function holdStore(holder) {
  await holder.goto(`${BASE}help`);
  await holder.evaluate(
    () =>
      new Promise((held) => {
        navigator.locks.request('xa.store', () => new Promise((release) => {
          window.releaseStore = release;
          held();
        }));
      }),
  );
}

const demoTools = (page) => page.getByRole('region', { name: 'Demo tools' });


const RACES = Number(process.env.STORAGE_RACES ?? 3);

// The race made as tight as it gets: a third tab of the same profile holds the store lock (as a
// tab in the middle of a write would), both tabs press "Create account", hash, and queue behind
// it; released, their two create sections run back to back. Exactly one account may result.
test(`two tabs creating the same new email at the same moment make exactly one account (${RACES} races)`, async ({ context }) => {
  test.setTimeout(60_000 * RACES);
  for (let race = 1; race <= RACES; race++) {
    // New tabs of one browser profile: one localStorage, a sign-up flow each.
    const page = await context.newPage();
    const other = await context.newPage();
    const holder = await context.newPage();
    const email = `race${race}@example.com`;
    await toPasswordStep(page, email);
    await toPasswordStep(other, email, { waitClock: true });
    await holdStore(holder);
    const create = (p) => p.getByRole('button', { name: 'Create account' });
    await Promise.all([create(page).click(), create(other).click()]);
    // Hashing takes well under this; both then wait for the lock, still busy, nothing created.
    await page.waitForTimeout(2_000);
    await expect(create(page)).toBeDisabled();
    await expect(create(other)).toBeDisabled();
    expect(Object.keys(await dump(page)).filter((k) => k === `xa.idx.e:${email}`)).toEqual([]);
    await holder.evaluate(() => window.releaseStore());
    const outcome = async (p) => {
      const created = p.getByRole('heading', { level: 1, name: 'Account created' });
      const refused = p.getByText('This phone number or email was registered meanwhile (perhaps in another tab).');
      await expect(created.or(refused)).toBeVisible({ timeout: 30_000 });
      return (await created.isVisible()) ? 'created' : 'refused';
    };
    const results = [await outcome(page), await outcome(other)].sort();
    expect(results, `race ${race}`).toEqual(['created', 'refused']);
    const store = await dump(page);
    const accounts = Object.entries(store).filter(([k, v]) => k.startsWith('xa.acct.') && JSON.parse(v).email === email);
    expect(accounts, `race ${race}: accounts for ${email}`).toHaveLength(1);
    expect(store[`xa.idx.e:${email}`]).toBe(JSON.parse(accounts[0][1]).id);
    for (const p of [page, other, holder]) await p.close();
  }
});

// A right code is used up by its check: one left while it waited (here behind another tab's
// write) must still count, or the way back to sign-up would ask for a code already spent.
test('a sign-up code check left while it waits still moves the sign-up on to the password', async ({ page, context }) => {
  test.setTimeout(60_000);
  await fillEmailDetails(page, 'left@example.com');
  await page.getByRole('button', { name: 'Next' }).click();
  await passCheck(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter verification code');
  const code = await latestCode(page);
  await typeCode(page, code);
  const holder = await context.newPage();
  await holdStore(holder);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('link', { name: 'Sign in', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await holder.evaluate(() => window.releaseStore());
  await expect
    .poll(() => page.evaluate(() => JSON.parse(sessionStorage.getItem('xa.flow.signup') ?? '{}').step))
    .toBe('Password');
  await holder.close();
  await page.getByRole('link', { name: 'Sign up', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set password');
  await expect(page).toHaveURL(/\/signup\?step=password$/);
});

test('every tab follows another tab: profile edit, sign-out, deleted account', async ({ page, context }) => {
  test.setTimeout(90_000);
  // The current sample: this browser is signed in as 1234567890 ("User7890").
  await seed(page, sample('store-v3'));
  await page.goto(`${BASE}account`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('User7890');
  const other = await context.newPage();
  await other.goto(`${BASE}account`);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('User7890');

  // A nickname edited here shows there at once, but not under a dialog open there: that one
  // and what was typed in it stay until it is closed, then the page follows.
  await other.getByRole('button', { name: 'Add — Security email' }).click();
  const adding = other.getByRole('dialog', { name: 'Security email' });
  await adding.getByLabel('Password', { exact: true }).fill('typed-meanwhile');
  await page.getByRole('button', { name: 'Edit nickname' }).click();
  await page.getByRole('textbox', { name: 'Nickname' }).fill('Renamed');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Renamed');
  await other.waitForTimeout(500);
  await expect(adding).toBeVisible();
  await expect(adding.getByLabel('Password', { exact: true })).toHaveValue('typed-meanwhile');
  await expect(other.locator('#page-heading')).toHaveText('User7890');
  await adding.getByRole('button', { name: 'Cancel' }).click();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Renamed');
  await expect(other.getByRole('button', { name: 'Add — Security email' })).toBeFocused();

  // Signing out here signs the other tab out.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(other).toHaveURL(/\/signin/);

  // Signed in again, then the account deleted here: the other tab is signed out too.
  await page.goto(`${BASE}signin`);
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('1234567890');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await other.goto(`${BASE}account`);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Renamed');
  await page.getByRole('button', { name: 'Delete account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this account?' });
  await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await dialog.getByRole('checkbox', { name: /I understand/ }).check();
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await expect(other).toHaveURL(/\/signin/);
  expect(Object.keys(await dump(other)).filter((k) => k.includes('1234567890'))).toEqual([]);
  await other.close();
});

test('a v1 store from the first builds is migrated in place: still signed in, nothing lost', async ({ page }) => {
  const v1 = sample('store-v1');
  await seed(page, v1);
  await page.goto(`${BASE}account`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('User7890');
  const after = await dump(page);
  expect(after['xa.meta']).toBe('{"v":3}');
  for (const key of Object.keys(v1)) expect(after, key).toHaveProperty([key]);
  expect(after.theme).toBe('dark');
  // The sample's language choice (Spanish) was kept and used.
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
});

test('a store from a newer version is shown read-only and never written', async ({ page }) => {
  await seed(page, sample('store-v4-future'));
  await page.goto(`${BASE}account`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('User7890');
  await expect(page.getByRole('status').filter({ hasText: 'This data was saved by a newer version of the demo.' })).toBeVisible();
  const before = await dump(page);
  await demoTools(page).getByRole('button', { name: '+1 min' }).click();
  await expect(demoTools(page).getByRole('alert')).toHaveText(/Couldn't save in this browser's storage/);
  await page.getByRole('button', { name: 'Edit nickname' }).click();
  await page.getByRole('textbox', { name: 'Nickname' }).fill('Changed');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/Couldn't save in this browser's storage/).first()).toBeVisible();
  expect(await dump(page)).toEqual(before);
});

test('a corrupted store: the app starts, names each broken record, keeps the rest, exports and removes', async ({ page }) => {
  const store = sample('store-v3');
  store['xa.acct.2234567890'] = '{"id":"2234567890","region":'; // cut short
  store['xa.throttle.1234567890'] = '{"failures":"lots"}'; // wrong type
  store['xa.code.up.+8613812345678'] = '{"sends":[1]}'; // missing field
  store['xa.<img src=x onerror=alert(1)>'] = '1'; // a key we do not know, with markup
  store['other-app:prefs'] = '{"theme":"dark"'; // another app's key: not ours, never touched
  await seed(page, store);
  await page.goto(`${BASE}account`);
  // Signed in and working: the account that reads is all there.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('User7890');
  await expect(page.getByText('+86 138****5678')).toBeVisible();
  const problems = page.getByRole('region', { name: 'Storage problems' });
  const keys = problems.locator('.problem-key');
  await expect(keys).toHaveText([
    'xa.<img src=x onerror=alert(1)>',
    'xa.acct.2234567890',
    'xa.code.up.+8613812345678',
    'xa.throttle.1234567890',
  ]);
  await expect(page.locator('img[src=x]')).toHaveCount(0);
  await expect(problems.getByText('Not valid data')).toBeVisible();
  await expect(problems.getByText('Damaged or edited')).toHaveCount(2);
  await expect(problems.getByText('Not a record this version knows')).toBeVisible();
  await demoTools(page).screenshot({ path: `${SHOTS}/storage-problems-1280.png` });

  // Export the broken account as it is stored.
  const row = problems.locator('.problem').filter({ hasText: 'xa.acct.2234567890' });
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Export' }).click()]);
  expect(download.suggestedFilename()).toBe('xa.acct.2234567890.txt');
  mkdirSync(join(SHOTS, '..', 'downloads'), { recursive: true });
  const saved = join(SHOTS, '..', 'downloads', download.suggestedFilename());
  await download.saveAs(saved);
  expect(readFileSync(saved, 'utf8')).toBe(store['xa.acct.2234567890']);

  // Remove it (after the confirmation): its email's index entry now leads nowhere, and is
  // listed in its turn; remove that too.
  await row.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog', { name: 'Remove this record?' }).getByRole('button', { name: 'Remove record' }).click();
  await expect(problems.getByText('Record removed.')).toBeVisible();
  const dangling = problems.locator('.problem').filter({ hasText: 'xa.idx.e:ann@example.com' });
  await expect(dangling.getByText('Points to an account that isn\'t there or doesn\'t have it')).toBeVisible();
  await dangling.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog', { name: 'Remove this record?' }).getByRole('button', { name: 'Remove record' }).click();
  // Left: the three others and the account's other index entry (its ID).
  await expect(keys).toHaveCount(4);
  const after = await dump(page);
  expect(after['xa.acct.2234567890']).toBeUndefined();
  expect(after['other-app:prefs']).toBe(store['other-app:prefs']);
  expect(after['xa.acct.1234567890']).toBe(store['xa.acct.1234567890']);
  // Still signed in after a reload.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('User7890');
});

test('an account whose record is damaged: sign-in, sign-in by code and forgot password say so, count nothing, and it can be removed', async ({ page }) => {
  test.setTimeout(60_000);
  const store = sample('store-v3');
  store['xa.acct.2234567890'] = '{"id":"2234567890","region":'; // cut short
  delete store['xa.session'];
  await seed(page, store);
  const damaged = "This account's record in this browser is damaged, so nothing can be checked against it. See “Storage problems” in the demo tools.";
  const account = page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' });
  const throttle = () => page.evaluate(() => localStorage.getItem('xa.throttle.2234567890'));
  const before = await (async () => {
    await page.goto(`${BASE}signin`);
    return throttle();
  })();

  // Password: by its email and by its ID, the same message, and no failure counted.
  for (const typed of ['ann@example.com', '2234567890']) {
    await signIn(page, typed, PASSWORD);
    await expect(page.getByText(damaged)).toBeVisible();
    await expect(page.getByText('Incorrect account or password')).toHaveCount(0);
    await expect(page).toHaveURL(/\/signin$/);
  }
  expect(await throttle()).toBe(before);

  // By code: it is said before any code is sent, and nothing is sent.
  await page.getByRole('button', { name: 'Sign in with a verification code' }).click();
  await account.fill('ann@example.com');
  const check = page.getByRole('textbox', { name: 'Enter the characters' });
  await expect(check).toBeVisible();
  await page.getByRole('button', { name: 'Reveal the image code' }).click();
  await check.fill((await page.locator('.captcha-answer strong').textContent()).trim());
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText(damaged)).toBeVisible();
  await expect(account).toBeFocused();
  await expect(page.getByText('If this account exists, a code has been sent')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('xa.code.in.ann@example.com'))).toBeNull();

  // Forgot password: the first step says so and stays, keeping what was typed.
  await page.goto(`${BASE}forgot`);
  await account.fill('ann@example.com');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(damaged)).toBeVisible();
  await expect(account).toHaveValue('ann@example.com');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset password');
  await shot(page, 'damaged-record-forgot', 360);

  // Removed in the demo tools (with its index entry), it is an unknown account like any other.
  const problems = page.getByRole('region', { name: 'Storage problems' });
  for (const key of ['xa.acct.2234567890', 'xa.idx.e:ann@example.com']) {
    await problems.locator('.problem').filter({ hasText: key }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog', { name: 'Remove this record?' }).getByRole('button', { name: 'Remove record' }).click();
    await expect(problems.locator('.problem').filter({ hasText: key })).toHaveCount(0);
  }
  await signIn(page, 'ann@example.com', PASSWORD);
  await expect(page.getByText('Incorrect account or password')).toBeVisible();
  await expect(page.getByText(damaged)).toHaveCount(0);
});

test('hand edits that leave valid JSON are damage too: a password hash that does not parse, a record under another ID, the signed-in account', async ({ page }) => {
  const store = sample('store-v3');
  const ann = JSON.parse(store['xa.acct.2234567890']);
  store['xa.acct.2234567890'] = JSON.stringify({ ...ann, phc: 'plain' });
  const signedIn = JSON.parse(store['xa.acct.1234567890']);
  store['xa.acct.1234567890'] = JSON.stringify({ ...signedIn, id: '1111111111' });
  await seed(page, store);
  const damaged = "This account's record in this browser is damaged, so nothing can be checked against it. See “Storage problems” in the demo tools.";
  // The session's account no longer reads: the account center leads to sign-in, saying why.
  await page.goto(`${BASE}account`);
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByText(damaged)).toBeVisible();
  const problems = page.getByRole('region', { name: 'Storage problems' });
  await expect(problems.locator('.problem').filter({ hasText: 'xa.acct.2234567890' }).getByText('Damaged or edited')).toBeVisible();
  await expect(problems.locator('.problem').filter({ hasText: 'xa.acct.1234567890' }).getByText("Doesn't match its name")).toBeVisible();
  // With the right password, either says so; no failure is counted.
  const before = await page.evaluate(() => localStorage.getItem('xa.throttle.2234567890'));
  await signIn(page, 'ann@example.com', PASSWORD);
  await expect(page.getByText(damaged)).toBeVisible();
  await signIn(page, '1234567890', PASSWORD);
  await expect(page.getByText(damaged)).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('xa.throttle.2234567890'))).toBe(before);
  expect(await page.evaluate(() => localStorage.getItem('xa.throttle.1234567890'))).toBeNull();
});

test('blocked storage: the app works in this tab\'s memory and says nothing will be kept', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => {
    for (const name of ['localStorage', 'sessionStorage']) {
      Object.defineProperty(window, name, {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    }
  });
  await page.goto(`${BASE}signup`);
  const banner = page.getByRole('status').filter({ hasText: 'This browser is blocking storage' });
  await expect(banner).toHaveText(
    "This browser is blocking storage, so the demo keeps everything in this tab's memory. Nothing will be kept after you close or reload this tab.",
  );
  await shot(page, 'storage-blocked', 360);
  await page.setViewportSize({ width: 1280, height: 900 });
  // A whole sign-up and sign-in, in memory.
  await toPasswordStep(page, 'memory@example.com');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account created', { timeout: 30_000 });
  const id = (await page.locator('.account-id strong').textContent()).trim();
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await page.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill(id);
  await page.getByLabel('Password', { exact: true }).fill('Race-pass-42');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`User${id.slice(-4)}`);
  // The notice is translated with the rest of the page.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-Hans');
  await expect(page.getByRole('status').filter({ hasText: '此浏览器阻止了存储' })).toBeVisible();
});

/** Another app fills the origin's storage to the last few hundred characters. */
async function fillStorage(page) {
  await page.evaluate(() => {
    let size = 1 << 20;
    let n = 0;
    while (size >= 64) {
      try {
        localStorage.setItem(`other-app:filler${n}`, 'x'.repeat(size));
        n++;
      } catch {
        size >>= 1;
      }
    }
  });
}

/** The other app frees its space. */
async function freeStorage(page) {
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('other-app:filler')) localStorage.removeItem(k);
  });
}

test('a full storage when a code is sent: no code step for a code that cannot be checked, and the reason', async ({ page }) => {
  await fillEmailDetails(page, 'nocode@example.com');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  await fillStorage(page);
  await solveImageCheck(page);
  await expect(page.getByText("No code was sent: this browser's storage is full or blocked")).toBeVisible();
  // The banner says why, and stays although the step itself was saved (in sessionStorage).
  const banner = page.getByRole('status').filter({ hasText: "This browser's storage is full, so your last change was not saved" });
  await expect(banner).toBeVisible();
  await page.waitForTimeout(500);
  await expect(banner).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security verification');
  await expect(page).toHaveURL(/\?step=check$/);
  await expect(page.getByRole('textbox', { name: 'Enter the characters' })).toBeFocused();
  await expect(page.getByText('No messages yet.')).toBeVisible();
  await shot(page, 'signup-code-not-sent', 360);
  // With space again, the new image's answer sends the code and opens the code step.
  await freeStorage(page);
  await solveImageCheck(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter verification code');
  expect(await latestCode(page)).toMatch(/^\d{6}$/);
  await expect(banner).toHaveCount(0);
});

test('a full storage: the action fails with a clear message, nothing is half written', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`${BASE}signup`);
  await toPasswordStep(page, 'full@example.com');
  await fillStorage(page);
  // What is stored, with the filler's megabytes counted rather than copied.
  const state = () =>
    page.evaluate(() => {
      const keys = Object.keys(localStorage).sort();
      const filler = keys.filter((k) => k.startsWith('other-app:filler'));
      const ours = keys.filter((k) => !k.startsWith('other-app:filler')).map((k) => [k, localStorage.getItem(k)]);
      return { ours, filler: filler.length, fillerChars: filler.reduce((n, k) => n + localStorage.getItem(k).length, 0) };
    });
  const before = await state();
  expect(before.filler).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText("This browser's storage is full, so nothing was saved.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: "This browser's storage is full, so your last change was not saved" })).toBeVisible();
  expect(await state()).toEqual(before);
  // The other app frees its space: the same press works, and the banner goes.
  await freeStorage(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account created', { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'storage is full' })).toHaveCount(0);
});

/**
 * Space on the focused file input opens the file chooser. Now and then (1 run in 6 here) the
 * headless Chromium drops that chooser although the page did its part: a log of the failing
 * runs shows the same keydown, keyup and click on the focused input as the passing ones, but
 * CDP's Page.fileChooserOpened never comes. So Space is pressed again, at most twice more, with
 * the input still focused; a chooser that never opens by keyboard still fails the test.
 */
async function chooserByKeyboard(page, input) {
  for (let attempt = 1; ; attempt++) {
    await expect(input).toBeFocused();
    try {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 5_000 }), page.keyboard.press('Space')]);
      // The chooser is this input's, not some other's.
      expect(await chooser.element().evaluate((el) => el.id)).toBe(await input.evaluate((el) => el.id));
      if (attempt > 1) test.info().annotations.push({ type: 'retried', description: `file chooser opened on Space press ${attempt}` });
      return chooser;
    } catch (e) {
      if (!(e instanceof errors.TimeoutError) || attempt === 3) throw e;
    }
  }
}

test('export all accounts, import them in another browser, and a second import adds nothing', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  await seed(page, sample('store-v3'));
  await page.goto(`${BASE}signin`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    demoTools(page).getByRole('button', { name: 'Export all accounts' }).click(),
  ]);
  await expect(demoTools(page).getByText('Accounts exported: 2')).toBeVisible();
  mkdirSync(join(SHOTS, '..', 'downloads'), { recursive: true });
  const file = join(SHOTS, '..', 'downloads', download.suggestedFilename());
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain('9f86d081884c7d659a2feaa0c55ad015'); // no session token

  // Another browser profile: empty storage.
  const fresh = await browser.newContext({ baseURL });
  const there = await fresh.newPage();
  await there.goto(`${BASE}signin`);
  const tools = demoTools(there);
  // As a person does: the chooser opens from the page's own button, in the page's language.
  const [chooser] = await Promise.all([
    there.waitForEvent('filechooser'),
    tools.getByText('Choose a file…', { exact: true }).click(),
  ]);
  await chooser.setFiles(file);
  await expect(tools.getByText('New: 2 · Already here: 0 · Conflicting: 0 · Not valid: 0')).toBeVisible();
  await expect(tools.getByText('1234567890 — new, will be added')).toBeVisible();
  await tools.screenshot({ path: `${SHOTS}/storage-import-1280.png` });
  await tools.getByRole('button', { name: 'Import new accounts (2)' }).click();
  await expect(tools.getByText('Accounts imported: 2')).toBeVisible();
  // The imported account signs in with its password.
  await there.getByRole('textbox', { name: 'Email/Phone/Xiaomi Account ID' }).fill('1234567890');
  await there.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await there.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(there.getByRole('heading', { level: 1 })).toHaveText('User7890');
  // The same file again, by keyboard (the hidden input takes the focus, its button shows it):
  // nothing new, nothing duplicated.
  const input = tools.getByLabel('Import accounts from a file');
  // Its name holds the words on the button that stands for it (label in name).
  await expect(input).toHaveAccessibleName('Import accounts from a file Choose a file…');
  await input.focus();
  await expect(input).toBeFocused();
  const again = await chooserByKeyboard(there, input);
  await again.setFiles(file);
  await expect(tools.getByText('New: 0 · Already here: 2 · Conflicting: 0 · Not valid: 0')).toBeVisible();
  await expect(tools.getByRole('button', { name: 'Import new accounts (0)' })).toBeDisabled();
  // The preview takes the focus at its first action, which brings it into view.
  await expect(tools.locator('.import-preview').getByRole('button', { name: 'Cancel' })).toBeFocused();
  const keys = await there.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('xa.acct.')));
  expect(keys.sort()).toEqual(['xa.acct.1234567890', 'xa.acct.2234567890']);
  // A file of something else is refused whole.
  await tools.getByLabel('Import accounts from a file').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await expect(tools.getByText("This file isn't an account export from this demo.")).toBeVisible();
  await fresh.close();
});

test('hostile input: markup renders as text, every field has a maximum length that holds', async ({ page }) => {
  test.setTimeout(90_000);
  await seed(page, sample('store-v3'));
  await page.goto(`${BASE}account`);
  await page.getByRole('button', { name: 'Edit nickname' }).click();
  const markup = '<b>x</b><script>1';
  await page.getByRole('textbox', { name: 'Nickname' }).fill(markup);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(markup);
  await expect(page.locator('h1 b')).toHaveCount(0);

  // Every text field of every page (dialogs included) has a maxlength, and a huge paste stops
  // there without stalling the page.
  const huge = 'x'.repeat(100_000);
  // The account center first: signed in, the sign-in page leads there, so it comes after the
  // sign-out that ends the account center's turn.
  for (const path of ['account', 'signup', 'signin', 'forgot', 'phone']) {
    await page.goto(`${BASE}${path}`);
    await expect(page.locator('main')).toBeVisible();
    // The region search exists only while the region list is open.
    if (path === 'signup') await page.getByRole('combobox', { name: 'Country/Region' }).click();
    // The account center's fields are in forms and dialogs that open on demand.
    if (path === 'account') await page.getByRole('button', { name: 'Edit nickname' }).click();
    const fields = page.locator('input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]), textarea');
    const missing = await fields.evaluateAll((els) => els.filter((e) => !(e.maxLength > 0)).map((e) => e.id || e.name || e.outerHTML.slice(0, 80)));
    expect(missing, `fields without maxlength on /${path}`).toEqual([]);
    let filled = 0;
    for (const field of await fields.elementHandles()) {
      // Typing may redraw the page (a step's fields come and go): only fields still there count.
      if (!(await field.isVisible()) || !(await field.isEditable())) continue;
      const max = await field.evaluate((e) => e.maxLength);
      const started = Date.now();
      await field.fill(huge);
      expect(await field.evaluate((e) => e.value.length)).toBeLessThanOrEqual(max);
      expect(Date.now() - started, 'a huge paste is quick').toBeLessThan(5_000);
      filled++;
    }
    // The phone starts on a wizard screen without fields; the others have some on show.
    if (path !== 'phone') expect(filled, `fields filled on /${path}`).toBeGreaterThan(0);
    if (path === 'account') {
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await expect(page).toHaveURL(/\/demo\/signin$/);
    }
  }
});
