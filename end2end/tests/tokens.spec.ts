// The console's API tokens page: a token made, its secret shown once where the form was, used
// by a script, listed without its secret, and revoked.
import { expect, test } from '@playwright/test';
import { admin } from '../playwright.config';
import { signInToConsole } from './helpers';

test('an owner makes an API token, a script uses it, and revoking it ends it', async ({ page, request }) => {
  const name = `ci-${Date.now()}`;
  await signInToConsole(page, admin.email, admin.password);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { name: 'API tokens', level: 1 })).toBeVisible();

  // A name the rules refuse is named beside its field, and nothing is made.
  await page.getByLabel('Name').fill('a/b');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('Use letters, digits, spaces')).toBeVisible();

  await page.getByLabel('Name').fill(name);
  await page.getByLabel(/^Manage developers/).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const heading = page.getByRole('heading', { name: `Token "${name}" created` });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
  const secret = (await page.getByTestId('new-token-secret').textContent()) ?? '';
  expect(secret).toMatch(/^gha_/);

  const used = await request.get('/api/v1/developers', { headers: { Authorization: `Bearer ${secret}` } });
  expect(used.status()).toBe(200);

  await page.getByRole('button', { name: 'I have saved it' }).click();
  await expect(page.getByRole('button', { name: 'Create token' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('read, developers');
  await expect(page.getByText(secret)).toHaveCount(0);

  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Token revoked' })).toBeVisible();
  const refused = await request.get('/api/v1/developers', { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
});
