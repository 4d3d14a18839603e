// Shared fixtures: every test's page records what it requests and what the console says, and
// the test fails if anything left the origin, broke the CSP, or threw.
import { test as base, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const BASE = '/demo/';
export const SHOTS = join(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');

export const test = base.extend({
  guard: [
    async ({ page }, use) => {
      const offOrigin = [];
      const problems = [];
      page.on('request', (r) => {
        // Navigations are the test's own doing; everything the page itself requests must stay
        // on the page's origin.
        if (r.isNavigationRequest()) return;
        const u = r.url();
        if (u.startsWith('data:') || u.startsWith('blob:')) return;
        let pageOrigin = null;
        try {
          pageOrigin = new URL(r.frame().url()).origin;
        } catch {
          /* a frame without a URL yet */
        }
        if (new URL(u).origin !== pageOrigin) offOrigin.push(u);
      });
      page.on('console', (m) => {
        const text = m.text();
        if (m.type() === 'error' || /Content[- ]Security[- ]Policy/i.test(text)) problems.push(`console ${m.type()}: ${text}`);
      });
      page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`),
        );
      });
      const allowed = [];
      // A test that provokes a violation on purpose names it here, so only that one is excused.
      const expectBlocked = (pattern) => allowed.push(pattern);
      await use({ offOrigin, problems, expectBlocked });
      const excused = (s) => allowed.some((p) => p.test(s));
      const leaked = offOrigin.filter((u) => !excused(u));
      expect(leaked, 'requests that left the origin').toEqual([]);
      // The static server answers deep links with 404.html and status 404, as GitHub Pages does;
      // Chromium logs that document status, which is expected and not an app error.
      const real = problems.filter((p) => !/status of 404/.test(p) && !excused(p));
      expect(real, 'console errors, CSP violations or uncaught exceptions').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Saves a full-page screenshot at the given width into artifacts/screenshots. */
export async function shot(page, name, width) {
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
  await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
}

/** Fails if the page scrolls sideways at the current width. */
export async function expectNoHorizontalScroll(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
}
