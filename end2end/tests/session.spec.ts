// Signing in and out: developers on the portal, admins on the console.
import { expect, test } from '@playwright/test';
import { admin } from '../playwright.config';
import { signUp, uniqueEmail } from './helpers';

test('the bootstrap admin signs in to the console and sees the request queue', async ({ page, browser }) => {
  // A developer waiting for approval, signed up in another browser.
  const visitor = await browser.newPage();
  const email = uniqueEmail('queued');
  await signUp(visitor, 'Queued Developer', email, 'a long password');
  await expect(visitor.getByRole('status')).toContainText('pending approval');
  await visitor.close();

  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/requests$/);
  await expect(page.getByRole('heading', { name: 'Requests' })).toBeVisible();
  await expect(page.getByRole('tab', { name: /Developers/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: /Applications/ })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: email })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Console' });
  for (const section of ['Requests', 'Developers', 'Services', 'Settings', 'Audit log']) {
    await expect(nav.getByRole('link', { name: section })).toBeVisible();
  }
});

test('signing out ends the session', async ({ page }) => {
  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Requests' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
  // The console is closed to a signed-out browser, even by typing its address.
  await page.goto('/admin/requests');
  await expect(page).toHaveURL(/\/admin\/login$/);
});

test('a wrong password is refused with one message that reveals nothing', async ({ page }) => {
  const email = uniqueEmail('wrong');
  await signUp(page, 'Wrong Password', email, 'the right password');
  await expect(page.getByRole('status')).toContainText('pending approval');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();

  for (const [who, password] of [[email, 'the wrong password'], [uniqueEmail('nobody'), 'the right password']]) {
    await page.goto('/login');
    await page.getByLabel('Email').fill(who);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Invalid email or password');
  }

  await page.getByLabel('Password').fill('the right password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByText('Pending', { exact: true })).toBeVisible();
});
