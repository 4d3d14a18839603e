import { test, expect, BASE, shot, expectNoHorizontalScroll } from './fixtures.js';
import { holdRequests } from './helpers.js';

test('the shell shows our wordmark, the links and the demo notice', async ({ page }) => {
  await page.goto(BASE);
  await expect(page.getByRole('note')).toHaveText('Demo — not affiliated with Xiaomi. Nothing you type leaves this browser.');
  const banner = page.getByRole('banner');
  await expect(banner.getByRole('link', { name: 'Account demo home' })).toBeVisible();
  await expect(banner.getByText('Xiaomi Account', { exact: true })).toBeVisible();
  for (const name of ['User Agreement', 'Privacy Policy', 'Help']) {
    await expect(banner.getByRole('link', { name })).toBeVisible();
  }
  await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
  await expect(page.getByRole('contentinfo')).toContainText('no data is sent anywhere');
  await expect(page).toHaveTitle('Sign in – Xiaomi Account (demo)');
  // Our wordmark is drawn inline: no image of anyone's logo is loaded.
  await expect(page.locator('img')).toHaveCount(0);
});

test('links move between routes under the subpath, with a title per route', async ({ page }) => {
  await page.goto(BASE);
  await page.getByRole('link', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/demo\/signup\?step=details$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  await expect(page).toHaveTitle('Create Xiaomi Account – Xiaomi Account (demo)');
  await expect(page.getByRole('link', { name: 'Sign up' })).toHaveAttribute('aria-current', 'page');

  await page.getByRole('link', { name: 'Help' }).click();
  await expect(page).toHaveURL(/\/demo\/help$/);
  await expect(page).toHaveTitle('Help – Xiaomi Account (demo)');

  await page.goBack();
  await expect(page).toHaveURL(/\/demo\/signup\?step=details$/);
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
});

test('a deep link loads on reload through the 404.html fallback', async ({ page }) => {
  const response = await page.goto(`${BASE}signup`);
  expect(response.status()).toBe(404); // served by the static host's fallback page
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  // Signed out, the account page sends you to sign in.
  await page.goto(`${BASE}account`);
  await expect(page).toHaveURL(/\/demo\/signin$/);
  await expect(page).toHaveTitle('Sign in – Xiaomi Account (demo)');
  // The start file by its name, as some hosts and bookmarks give it, is the start page too.
  await page.goto(`${BASE}index.html`);
  await expect(page).toHaveURL(/\/demo\/signin$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
});

test('served where its files are not (another path than it was built for), it says so instead of a blank page', async ({ page, guard }) => {
  // What a host serving dist/ under another path does: the app's files are not found. The
  // wasm's fetch checks its integrity, which a 404 page fails, and the browser says so.
  guard.expectBlocked(/integrity/);
  await page.route(/\/demo\/mi-account-demo-[0-9a-f]+(_bg\.wasm|\.js)$/, (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.goto(`${BASE}signin`);
  await expect(page.getByRole('alert')).toHaveText(/^This demo could not load its files from \/demo\/\. It was built to be served from that path/);
  await shot(page, 'boot-error', 360);
  // Where the files are, no such message.
  await page.unrouteAll();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await expect(page.getByText('could not load its files')).toHaveCount(0);
});

// The wasm's compile starts while the page is parsed: the start-up module waits for the style
// sheet before it runs, the compile does not (issue 6: a cold load's first paint).
test('the wasm is compiled while the style sheet is still on its way', async ({ page }) => {
  const release = await holdRequests(page, /\.css$/);
  await page.goto(`${BASE}signup`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.wasmModule !== undefined);
  expect(await page.evaluate(() => window.wasmModule.then((m) => m instanceof WebAssembly.Module))).toBe(true);
  // Nothing has started meanwhile: the start-up module was waiting for the styles.
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
  release();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeEditable();
});

// The wasm is compiled as it streams in, which needs its MIME type; some static hosts send
// .wasm as a plain download. The page then compiles it once it is all in, and starts the same.
test('a host that serves the wasm without its MIME type still starts the app', async ({ page }) => {
  let served = 0;
  await page.route(/\/demo\/mi-account-demo-[0-9a-f]+_bg\.wasm$/, async (route) => {
    const response = await route.fetch();
    served++;
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await page.goto(`${BASE}signup`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  await page.getByRole('textbox', { name: 'Phone number' }).fill('13812345678');
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveValue('13812345678');
  expect(served).toBe(1);
});

test('an unknown address shows a real 404 page', async ({ page }) => {
  await page.goto(`${BASE}no/such/page`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page).toHaveTitle('Page not found – Xiaomi Account (demo)');
  await page.getByRole('link', { name: 'Go to sign in' }).click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
});

test('the CSP forbids inline code and every connection off the origin', async ({ page, guard }) => {
  guard.expectBlocked(/example\.com/);
  await page.goto(BASE);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).not.toContain("'unsafe-inline'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).toMatch(/script-src [^;]*'sha256-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  // Trunk's Subresource Integrity is kept on what it emits.
  expect(await page.locator('link[rel="modulepreload"][integrity]').count()).toBeGreaterThan(0);
  // A script that tries to call out is refused by the policy.
  const blocked = await page.evaluate(async () => {
    try {
      await fetch('https://example.com/', { mode: 'no-cors' });
      return false;
    } catch {
      return true;
    }
  });
  expect(blocked).toBe(true);
});

test('the first load asks for one style sheet, with its integrity, holding every part of style/', async ({ page }) => {
  const sheets = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'stylesheet') sheets.push(r.url());
  });
  await page.goto(`${BASE}signup`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // scripts/postbuild.mjs joins style/*.css so the wasm is not queued behind 16 requests.
  expect(sheets).toHaveLength(1);
  expect(sheets[0]).toMatch(/\/demo\/app-[0-9a-f]{16}\.css$/);
  await expect(page.locator('link[rel="stylesheet"]')).toHaveCount(1);
  await expect(page.locator('link[rel="stylesheet"]')).toHaveAttribute('integrity', /^sha384-/);
  // The first part (tokens.css) and the last (storage.css) are both in force, in that order.
  const found = await page.evaluate(() => {
    const rules = [...document.styleSheets[0].cssRules];
    return {
      token: getComputedStyle(document.documentElement).getPropertyValue('--brand').trim(),
      first: rules.findIndex((r) => r.cssText.includes('--brand')),
      last: rules.findIndex((r) => r.selectorText?.startsWith('.storage-banner')),
    };
  });
  expect(found.token).not.toBe('');
  expect(found.first).toBeGreaterThanOrEqual(0);
  expect(found.last).toBeGreaterThan(found.first);
});
test('on a first load the side column waits until the form is on screen, then comes', async ({ page }) => {
  // The page starts invisible, so the browser paints nothing contentful until the test shows it:
  // the side column must wait meanwhile (it would come a frame after the form if it waited only
  // for the main thread's paint). Recorded in the page: when the form's first field and the
  // side column's Messages panel entered the document.
  await page.addInitScript(() => {
    const seen = (window.__seen = { field: null, side: null, hidden: false });
    new MutationObserver(() => {
      // As soon as the parser makes <html> (there is none yet when this script runs).
      if (!seen.hidden && document.documentElement) {
        document.documentElement.style.visibility = 'hidden';
        seen.hidden = true;
      }
      seen.field ??= document.querySelector('main input[type="tel"]') && performance.now();
      seen.side ??= document.querySelector('.site-side h2') && performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${BASE}signup`);
  await page.waitForFunction(() => window.__seen.field !== null);
  // Several frames later, nothing has been painted, and the side column is not there yet.
  const meanwhile = await page.evaluate(
    () => new Promise((done) => setTimeout(() => done({ ...window.__seen, painted: performance.getEntriesByName('first-contentful-paint').length }), 150)),
  );
  expect(meanwhile.painted).toBe(0);
  expect(meanwhile.side).toBeNull();
  await page.evaluate(() => (document.documentElement.style.visibility = ''));
  await expect(page.getByRole('heading', { name: 'Messages (simulated)' })).toBeVisible();
  const seen = await page.evaluate(() => ({
    ...window.__seen,
    // When the browser put the first contentful paint on screen.
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  }));
  expect(seen.fcp).not.toBeNull();
  // After that paint (or, had it not come, half a second after the form), so its building and
  // drawing did not slow the form's.
  expect(seen.side).toBeGreaterThan(seen.fcp);
});

test('the side banner shows beside the sign-in and sign-up cards only, and follows the page', async ({ page }) => {
  // The banner is the page body's ::before, drawn where the window is 62.5em wide (1280 px here).
  const banner = () => page.evaluate(() => getComputedStyle(document.querySelector('.site-body'), '::before').content);
  await page.goto(`${BASE}signup`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  await expect.poll(banner).not.toBe('none');
  await page.getByRole('link', { name: 'Help' }).click();
  await expect(page).toHaveURL(/\/demo\/help$/);
  await expect.poll(banner).toBe('none');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
  await expect.poll(banner).not.toBe('none');
  // From one banner page to the other it stays (the next page comes before the last one goes).
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await expect(page).toHaveURL(/\/demo\/signin$/);
  await expect.poll(banner).not.toBe('none');
  await page.getByRole('link', { name: 'Privacy Policy' }).first().click();
  await expect.poll(banner).toBe('none');
});

test('the shell is keyboard-usable: skip link first, then the header links', async ({ page }) => {
  await page.goto(BASE);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
});

for (const width of [1280, 360]) {
  test(`screenshots of the shell at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    for (const [name, path] of [['signin', ''], ['signup', 'signup'], ['account', 'account'], ['not-found', 'nope']]) {
      await page.goto(BASE + path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoHorizontalScroll(page);
      await shot(page, `shell-${name}`, width);
    }
  });
}
