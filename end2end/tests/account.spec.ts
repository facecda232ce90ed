// A developer's own account settings, and deleting the account.
import { expect, test } from '@playwright/test';
import { expectNoReload, openHydrated, signUp, uniqueEmail } from './helpers';

test('a developer renames themselves, is refused a wrong password, and deletes the account', async ({ page }) => {
  const email = uniqueEmail('self');
  await signUp(page, 'Self Service', email, 'a long password');
  await expect(page.getByRole('status')).toContainText('pending approval');

  await openHydrated(page, '/settings');
  const nameForm = page.getByRole('form', { name: 'Name' });
  await nameForm.getByLabel('Full name').fill('Self Served');
  await nameForm.getByRole('button', { name: 'Save name' }).click();
  await expect(nameForm.getByRole('status')).toHaveText('Name saved');
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Self Served');

  const passwordForm = page.getByRole('form', { name: 'Password' });
  await passwordForm.getByLabel('Current password').fill('not my password');
  await passwordForm.getByLabel('New password').fill('a newer long password');
  await passwordForm.getByRole('button', { name: 'Change password' }).click();
  await expect(passwordForm.getByRole('alert')).toHaveText('That is not your current password.');
  await expectNoReload(page);

  await page.getByRole('button', { name: 'Delete account' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Delete your account?');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();

  // The address is free again.
  await signUp(page, 'Self Service', email, 'a long password');
  await expect(page.getByRole('status')).toContainText('pending approval');
});
