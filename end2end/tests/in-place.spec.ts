// Once a page's script is running, its forms answer in place: no reload, the same messages
// as the plain forms give. These tests wait for the app to have taken the page over (that
// is what they are about); every other test acts as a person does, without waiting.
import { expect, test } from '@playwright/test';
import { admin } from '../playwright.config';
import { expectNoReload, markNoReload, uniqueEmail } from './helpers';

test('sign-up answers in place: field errors, then the pending request', async ({ page }) => {
  await page.goto('/signup');
  await markNoReload(page);
  await page.getByLabel('Full name').fill('Ines Place');
  await page.getByLabel('Email').fill('ines-at-example');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Use at least 10 characters.' })).toBeVisible();
  // Nothing typed is lost, the password included (the page never left).
  await expect(page.getByLabel('Password')).toHaveValue('short');
  await page.getByLabel('Email').fill(uniqueEmail('in-place'));
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('status')).toContainText('pending approval');
  await expectNoReload(page);
});

test('the console signs in, filters and pages in place', async ({ page }) => {
  await page.goto('/admin/login');
  await markNoReload(page);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/requests$/);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Developers' }).click();
  // The list follows the typing, and the address follows the list.
  await page.getByRole('searchbox', { name: 'Search developers' }).fill('nobody-matches-this');
  await expect(page.getByText('No developers here')).toBeVisible();
  await expect(page).toHaveURL(/q=nobody-matches-this/);
  await page.getByRole('tab', { name: /Rejected/ }).click();
  await expect(page.getByRole('tab', { name: /Rejected/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/status=rejected/);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Action').fill('developer.');
  await expect(page).toHaveURL(/action=developer\./);
  await expectNoReload(page);
});

test('a refusal that came back as a page leaves the address once the script runs', async ({ page }) => {
  // The script arrives late: the first press is a plain post, refused, with what was typed
  // carried back in the address.
  await page.route(/\.(wasm|js)$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.continue();
  });
  await page.goto('/signup', { waitUntil: 'commit' });
  await page.getByLabel('Full name').fill('Rita Refused');
  await page.getByLabel('Email').fill('rita-at-example');
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter an email address' })).toBeVisible();
  await expect(page).toHaveURL(/__form=/);
  await page.unroute(/\.(wasm|js)$/);
  // Once the app runs, the refusal's markers leave the address; the page keeps its fields.
  await markNoReload(page);
  await expect(page).not.toHaveURL(/__form=|__err=/);
  await expect(page.getByLabel('Full name')).toHaveValue('Rita Refused');
  await expect(page.getByRole('alert').filter({ hasText: 'Enter an email address' })).toBeVisible();
  await expectNoReload(page);
});
