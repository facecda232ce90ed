// The header on a phone: its links fold behind "Menu" (a native disclosure, so it opens
// before the page's script arrives), open as a list, and fold again once a link is followed;
// on a wider screen there is no Menu and the links sit in the header.
import { expect, test } from '@playwright/test';

test('on a phone the header folds its links behind Menu', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto('/');
  const menu = page.locator('summary', { hasText: 'Menu' });
  const main = page.getByRole('navigation', { name: 'Main' });
  await expect(menu).toBeVisible();
  await expect(main.getByRole('link', { name: 'Sign in' })).toBeHidden();
  const header = await page.locator('.site-header').boundingBox();
  expect(header!.height).toBeLessThan(80);

  await menu.click();
  await expect(main.getByRole('link', { name: 'Sign up' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await main.getByRole('link', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Sign up' })).toBeHidden();

  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(menu).toBeHidden();
  await expect(main.getByRole('link', { name: 'Sign up' })).toBeVisible();
});
