// The first forms a person meets, with JavaScript off: the same as pressing them before the
// page's WASM has arrived. They post to the server and the page that comes back says what
// happened.
import { expect, test } from '@playwright/test';
import { admin } from '../playwright.config';
import { uniqueEmail } from './helpers';

test.use({ javaScriptEnabled: false });

test('sign-up and sign-in work as plain forms, with their messages', async ({ page }) => {
  const email = uniqueEmail('nojs');
  await page.goto('/signup');
  await page.getByLabel('Full name').fill('Nadia Plain');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter an email address like name@example.com.' })).toBeVisible();

  await page.getByLabel('Full name').fill('Nadia Plain');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('status')).toContainText('pending approval');

  // Signed in by the sign-up; signed out, a wrong password is named, the right one leads on.
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByText('Pending', { exact: true })).toBeVisible();
});

test('an admin signs in to the console as a plain form', async ({ page }) => {
  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/requests$/);
  await expect(page.getByRole('heading', { name: 'Requests' })).toBeVisible();

  // The owner adds an admin, changes the role and removes the admin, each a plain form.
  const added = uniqueEmail('nojs.admin');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Admins' }).click();
  await page.getByLabel('Email').fill(added);
  await page.getByLabel('Password').fill('an admin password');
  await page.getByRole('button', { name: 'Add admin' }).click();
  await expect(page.getByRole('status')).toHaveText(`Admin ${added} added`);
  await page.getByRole('combobox', { name: `Role of ${added}` }).selectOption('viewer');
  await page.getByRole('button', { name: `Save the role of ${added}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Role changed to viewer' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: `Role of ${added}` })).toHaveValue('viewer');
  await page.getByRole('row').filter({ hasText: added }).getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Admin removed' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: added })).toHaveCount(0);
});
