// Sign-up as a visitor: the pending status, and bad input that changes nothing.
import { expect, test } from '@playwright/test';
import { signUp, uniqueEmail } from './helpers';

test('a visitor signs up, is told the request is pending, and sees "Pending"', async ({ page }) => {
  const email = uniqueEmail('ada');
  await signUp(page, 'Ada Lovelace', email, 'analytical engine');
  await expect(page.getByRole('status')).toContainText('pending approval');
  // Signed in at once: the header offers sign-out, and the status page says where things stand.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.getByRole('link', { name: 'See your account status' }).click();
  await expect(page.getByText('Pending', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Hello, Ada Lovelace' })).toBeVisible();
});

test('bad input gets a message next to each field and creates nothing', async ({ page }) => {
  const email = uniqueEmail('grace');
  await page.goto('/signup');
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('Email').fill('grace-at-example');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter an email address like name@example.com.' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Use at least 10 characters.' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');

  // A valid email with a short password: refused, so the same email is still free afterwards.
  // (A refusal that came back as a page, before the script was there, empties the password.)
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Use at least 10 characters.' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter an email address' })).toHaveCount(0);
  await page.getByLabel('Password').fill('compilers rule the world');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('status')).toContainText('pending approval');
});

test('an email that is already registered is refused next to the field', async ({ page, browser }) => {
  const email = uniqueEmail('twice');
  await signUp(page, 'First Person', email, 'a long password');
  await expect(page.getByRole('status')).toContainText('pending approval');

  const other = await browser.newPage();
  await signUp(other, 'Second Person', email.toUpperCase(), 'another long password');
  await expect(other.getByRole('alert')).toContainText('This email is already registered');
  await other.close();
});
