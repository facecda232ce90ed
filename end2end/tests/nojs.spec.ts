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
  // What was typed comes back with the error, except the password (never put in an address).
  await expect(page.getByLabel('Full name')).toHaveValue('Nadia Plain');
  await expect(page.getByLabel('Email')).toHaveValue('not-an-email');
  await expect(page.getByLabel('Password')).toHaveValue('');
  expect(page.url()).not.toContain('long%20enough');
  expect(page.url()).not.toContain('long+enough');

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

  // A refused addition keeps the address typed (never the password).
  await page.getByLabel('Email').fill(added);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Add admin' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(added);
  await expect(page.getByLabel('Password')).toHaveValue('');
});

test('the Developers page and the audit log are links: tabs, search, sorting and filters', async ({ page }) => {
  // Someone waiting, to find.
  const email = uniqueEmail('nojs.listed');
  await page.goto('/signup');
  await page.getByLabel('Full name').fill('Lena Listed');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('status')).toContainText('pending approval');
  await page.context().clearCookies();

  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Requests' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Developers' }).click();
  await page.getByRole('tab', { name: /Requested/ }).click();
  await expect(page.getByRole('tab', { name: /Requested/ })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('searchbox', { name: 'Search developers' }).fill(email);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('row').filter({ hasText: email })).toBeVisible();
  await expect(page).toHaveURL(/status=pending/);
  await expect(page.getByRole('searchbox', { name: 'Search developers' })).toHaveValue(email);
  // Sorting by a column keeps the tab and the search.
  await page.getByRole('columnheader', { name: 'Email' }).getByRole('link').click();
  await expect(page.getByRole('columnheader', { name: 'Email' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('row').filter({ hasText: email })).toBeVisible();

  // "Invite developers" opens its form without a script, and a refusal keeps the addresses.
  await page.getByRole('button', { name: 'Invite developers' }).click();
  await page.getByLabel('Emails').fill('someone@example.com, not-an-address');
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await expect(page.getByLabel('Emails')).toHaveValue('someone@example.com, not-an-address');
  await page.getByLabel('Emails').fill(uniqueEmail('nojs.invited'));
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitations sent to 1 developers' })).toBeVisible();
  // The page kept its tab and search.
  await expect(page).toHaveURL(/status=pending/);

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Target').fill(email);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'developer.signed_up' }).first()).toBeVisible();
});
