// The same app built for a site root (public URL "/") rather than a subpath.
import { test, expect } from './fixtures.js';

const ROOT = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173) + 1}/`;

test('built for a site root: routes, links and deep-link reload work there too', async ({ page }) => {
  await page.goto(ROOT);
  await expect(page).toHaveURL(`${ROOT}signin`);
  await page.getByRole('link', { name: 'Help' }).click();
  await expect(page).toHaveURL(`${ROOT}help`);
  await expect(page).toHaveTitle('Help – Xiaomi Account (demo)');
  const response = await page.goto(`${ROOT}signup`);
  expect(response.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Xiaomi Account');
});
