// Links that arrive by e-mail: password reset and invitations, read from a real SMTP server.
import { expect, test } from '@playwright/test';
import { admin } from '../playwright.config';
import { linkIn, signInToConsole, signUp, uniqueEmail, waitForMail } from './helpers';

test('a forgotten password is reset through the e-mailed link, once', async ({ page }) => {
  const email = uniqueEmail('forgetful');
  await signUp(page, 'Forgetful Developer', email, 'the first password');
  await expect(page.getByRole('status')).toContainText('pending approval');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account exists for this email');

  const link = linkIn(await waitForMail(email, 'Reset your developer portal password'), '/reset-password?token=');
  await page.goto(link);
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByRole('alert')).toHaveText('Use at least 10 characters.');
  await page.getByLabel('New password').fill('the second password');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password was changed');

  // The link works once.
  await page.goto(link);
  await page.getByLabel('New password').fill('a third password');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByRole('alert')).toContainText('This link is invalid, used already or expired');

  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('the second password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/apps$/);
});

test('an admin invites developers; the invitation opens sign-up with the email filled in', async ({ page, browser }) => {
  const invitee = uniqueEmail('invited');
  await signInToConsole(page, admin.email, admin.password);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Developers' }).click();
  await page.getByRole('button', { name: 'Invite developers' }).click();
  await page.getByLabel('Emails').fill(`${invitee}, not-an-email`);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByRole('alert')).toHaveText('\u201cnot-an-email\u201d is not an email address.');

  const other = uniqueEmail('invited');
  await page.getByLabel('Emails').fill(`${invitee}, ${other}`);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByRole('status')).toContainText('Invitations sent to 2 developers');
  await expect(page.getByRole('link', { name: /mail app/ })).toHaveAttribute('href', `mailto:?bcc=${invitee},${other}`);

  const link = linkIn(await waitForMail(invitee, 'You are invited to our developer portal'), '/signup?email=');
  const guest = await browser.newPage();
  await guest.goto(link);
  await expect(guest.getByLabel('Email')).toHaveValue(invitee);
  await guest.getByLabel('Full name').fill('Invited Developer');
  await guest.getByLabel('Password').fill('a long password');
  await guest.getByRole('button', { name: 'Sign up' }).click();
  await expect(guest.getByRole('status')).toContainText('pending approval');
});
