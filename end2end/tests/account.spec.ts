// A developer's own account settings, and deleting the account.
import { expect, test } from '@playwright/test';
import { linkIn, signUp, uniqueEmail, waitForMail } from './helpers';

test('a developer renames themselves, is refused a wrong password, and deletes the account', async ({ page }) => {
  const email = uniqueEmail('self');
  await signUp(page, 'Self Service', email, 'a long password');
  await expect(page.getByRole('status')).toContainText('pending approval');

  await page.goto('/settings');
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

test('a new email takes effect only once the link sent to it is opened', async ({ page, browser }) => {
  const email = uniqueEmail('moving');
  const moved = uniqueEmail('moved');
  await signUp(page, 'Moving Developer', email, 'a long password');
  await expect(page.getByRole('status')).toContainText('pending approval');

  await page.goto('/settings');
  const emailForm = page.getByRole('form', { name: 'Email' });
  await emailForm.getByLabel('Email').fill(moved);
  await emailForm.getByLabel('Your password, to confirm the change').fill('a long password');
  await emailForm.getByRole('button', { name: 'Change email' }).click();
  await expect(emailForm.getByRole('status')).toHaveText(
    `We sent a confirmation link to ${moved}. Your email changes when you open it.`,
  );
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Moving Developer');
  await expect(page.getByRole('form', { name: 'Email' }).getByLabel('Email')).toHaveValue(email);

  // The old address hears of it; the new one gets the link.
  await waitForMail(email, 'A change of your developer portal email was requested');
  const link = linkIn(await waitForMail(moved, 'Confirm your new email for the developer portal'), '/confirm-email-change?token=');
  const inbox = await browser.newPage();
  await inbox.goto(link);
  await inbox.getByRole('button', { name: 'Confirm new email' }).click();
  await expect(inbox.getByRole('status')).toHaveText(`Your email is now ${moved}.`);

  await page.reload();
  await expect(page.getByRole('form', { name: 'Email' }).getByLabel('Email')).toHaveValue(moved);
});
