// The developer lifecycle in the console (SPEC §2), row by row, as an admin clicks it.
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { admin, databaseEnv, gatehouseBinary, onWorkers } from '../playwright.config';
import {
  findDeveloper,
  linkIn,
  mailsTo,
  newDeveloper,
  signInToConsole,
  signUp,
  uniqueEmail,
  waitForMail,
} from './helpers';

test('approving a request lets the developer in', async ({ page, browser }) => {
  const developer = await newDeveloper(browser, 'approved');
  await signInToConsole(page, admin.email, admin.password);
  // The queue is searched by the start of an email; the search has an address of its own.
  const other = await newDeveloper(browser, 'waiting');
  await page.getByRole('searchbox', { name: 'Search requests' }).fill(developer.email.toUpperCase());
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByRole('tab', { name: /Developers/ })).toHaveText(/Developers\s*1$/);
  await expect(page.getByRole('row').filter({ hasText: other.email })).toHaveCount(0);
  const row = page.getByRole('row').filter({ hasText: developer.email });
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer approved');
  await expect(page.getByRole('row').filter({ hasText: developer.email })).toHaveCount(0);

  await developer.page.goto('/apps');
  await expect(developer.page.getByRole('heading', { name: 'My Apps' })).toBeVisible();

  // The approval is in the audit log, and on the developer's own page.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Target').fill(developer.email);
  await page.getByLabel('Action').fill('approved');
  await page.getByLabel('Action').press('Enter');
  const entry = page.getByRole('row').filter({ hasText: 'developer.approved' });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(admin.email);
});

test('rejections are final by default; with the setting off a rejected developer can be approved', async ({ page, browser }) => {
  const developer = await newDeveloper(browser, 'rejected');
  await signInToConsole(page, admin.email, admin.password);
  await page.getByRole('row').filter({ hasText: developer.email }).getByRole('button', { name: 'Reject' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(developer.email);
  await dialog.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer rejected');
  await developer.page.goto('/apps');
  await expect(developer.page.getByText('Rejected', { exact: true })).toBeVisible();

  // Final: the console offers only Delete, and the same email cannot sign up again.
  let row = await findDeveloper(page, 'Rejected', developer.email);
  await expect(row.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Delete' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('checkbox', { name: 'Rejections are final' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'Rejections are final' }).uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved');

  row = await findDeveloper(page, 'Rejected', developer.email);
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer approved');
  await developer.page.goto('/apps');
  await expect(developer.page.getByRole('heading', { name: 'My Apps' })).toBeVisible();

  // Back to the default for the other tests.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('checkbox', { name: 'Rejections are final' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved');
});

test('with email verification on, a request reaches the queue only after the e-mailed link is confirmed', async ({ page, browser }) => {
  await signInToConsole(page, admin.email, admin.password);
  const settingsLink = page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' });
  await settingsLink.click();
  await page.getByRole('checkbox', { name: 'Require email verification' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved');

  const visitor = await browser.newPage();
  const email = uniqueEmail('confirming');
  await signUp(visitor, 'Confirming Developer', email, 'a long password');
  await expect(visitor.getByRole('status')).toContainText('confirm');
  // The answer is the same for every address, so it signs no one in; nor can an address
  // that is not confirmed yet.
  await visitor.getByRole('link', { name: 'Sign in' }).last().click();
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByLabel('Password').fill('a long password');
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await expect(visitor.getByRole('alert')).toHaveText('Invalid email or password');

  // The admins see the sign-up as unconfirmed on the Developers page, not on Requests.
  const unconfirmed = await findDeveloper(page, 'Requested', email);
  await expect(unconfirmed).toContainText('Unconfirmed');

  // A lost link is asked for again by signing up again with the same address.
  await signUp(visitor, 'Confirming Developer', email, 'a long password');
  await expect(visitor.getByRole('status')).toContainText('confirm');
  await expect.poll(() => mailsTo(email, 'Confirm your email for the developer portal').length, { timeout: 15_000 }).toBe(2);
  // Or from the page the sign-up answer links to; it says the same for any address.
  await signUp(visitor, 'Confirming Developer', email, 'a long password');
  await visitor.getByRole('link', { name: 'Send the link again' }).click();
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByRole('button', { name: 'Send the link again' }).click();
  await expect(visitor.getByRole('status')).toHaveText('If this address is waiting for confirmation, a new link is on its way.');
  await expect.poll(() => mailsTo(email, 'Confirm your email for the developer portal').length, { timeout: 15_000 }).toBe(3);
  await visitor.getByLabel('Email').fill(uniqueEmail('nobody'));
  await visitor.getByRole('button', { name: 'Send the link again' }).click();
  await expect(visitor.getByRole('status')).toHaveText('If this address is waiting for confirmation, a new link is on its way.');

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Requests' }).click();
  await expect(page.getByRole('heading', { name: 'Requests' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: email })).toHaveCount(0);

  const link = linkIn(await waitForMail(email, 'Confirm your email for the developer portal'), '/verify-email?token=');
  await visitor.goto(link);
  await visitor.getByRole('button', { name: 'Confirm email' }).click();
  await expect(visitor.getByRole('status')).toContainText('pending approval');
  await visitor.goto('/login');
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByLabel('Password').fill('a long password');
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await expect(visitor.getByText('Pending', { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: email })).toBeVisible();

  await settingsLink.click();
  await page.getByRole('checkbox', { name: 'Require email verification' }).uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved');
});

test('a deleted request frees the email; a rejected one keeps it', async ({ page, browser }) => {
  const deleted = await newDeveloper(browser, 'deleted');
  const rejected = await newDeveloper(browser, 'refused');
  await signInToConsole(page, admin.email, admin.password);

  await page.getByRole('row').filter({ hasText: deleted.email }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer deleted');
  // The list is read again: a person sees the row go before acting on the next one.
  await expect(page.getByRole('row').filter({ hasText: deleted.email })).toHaveCount(0);
  await page.getByRole('row').filter({ hasText: rejected.email }).getByRole('button', { name: 'Reject' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer rejected');

  const again = await browser.newPage();
  await signUp(again, 'Deleted Developer', deleted.email, 'a long password');
  await expect(again.getByRole('status')).toContainText('pending approval');
  const refused = await browser.newPage();
  await signUp(refused, 'Refused Developer', rejected.email, 'a long password');
  await expect(refused.getByRole('alert')).toHaveText('This email cannot be used to sign up again. Please use a different email.');
});

test('an owner adds a viewer on the Admins page', async ({ page }) => {
  const viewer = uniqueEmail('added-viewer');
  await signInToConsole(page, admin.email, admin.password);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Admins' }).click();
  await page.getByLabel('Email').fill(viewer);
  await page.getByLabel('Password').fill('viewer password 2');
  await page.getByLabel('Role', { exact: true }).selectOption('viewer');
  await page.getByRole('button', { name: 'Add admin' }).click();
  await expect(page.getByRole('status')).toHaveText(`Admin ${viewer} added`);
  await expect(page.getByRole('row').filter({ hasText: viewer })).toBeVisible();
  await expect(page.getByRole('combobox', { name: `Role of ${viewer}` })).toHaveValue('viewer');

  await page.getByRole('combobox', { name: `Role of ${viewer}` }).selectOption('admin');
  await page.getByRole('button', { name: `Save the role of ${viewer}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Role changed to admin' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: `Role of ${viewer}` })).toHaveValue('admin');
});

test('revoke, re-approve and delete from the Developers page, each confirmed', async ({ page, browser }) => {
  const developer = await newDeveloper(browser, 'revoked');
  await signInToConsole(page, admin.email, admin.password);
  await page.getByRole('row').filter({ hasText: developer.email }).getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer approved');

  let row = await findDeveloper(page, 'Approved', developer.email);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer revoked');
  await developer.page.goto('/apps');
  await expect(developer.page.getByText('Revoked', { exact: true })).toBeVisible();

  row = await findDeveloper(page, 'Revoked', developer.email);
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer approved');

  row = await findDeveloper(page, 'Approved', developer.email);
  await row.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Delete ${developer.email}?`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer deleted');
  await expect(page.getByRole('row').filter({ hasText: developer.email })).toHaveCount(0);

  // The developer's session ended with the account.
  await developer.page.goto('/apps');
  await expect(developer.page).toHaveURL(/\/login$/);
});

test('a viewer sees the console and can change nothing, even by calling the server directly', async ({ page, browser }) => {
  test.skip(onWorkers, 'the viewer is made with `gatehouse admin create`, a command line on the database; a Worker\'s D1 has none');
  const viewer = { email: uniqueEmail('viewer'), password: 'viewer password 1' };
  execFileSync(gatehouseBinary, ['admin', 'create', '--email', viewer.email, '--password-stdin', '--role', 'viewer'], {
    input: `${viewer.password}\n`,
    env: { ...process.env, ...databaseEnv },
  });
  const developer = await newDeveloper(browser, 'watched');
  await signInToConsole(page, viewer.email, viewer.password);
  const row = page.getByRole('row').filter({ hasText: developer.email });
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('alert')).toContainText('Your role is viewer');
  await expect(row).toBeVisible();

  const id = (await row.getByRole('link').getAttribute('href'))!.split('/').pop()!;
  const direct = await page.request.post('/api/act_on_developer', {
    form: { developer_id: id, action: 'approve', expected: 'pending' },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(direct.status()).toBe(403);

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('Only an owner can change this');

  await developer.page.goto('/apps');
  await expect(developer.page.getByText('Pending', { exact: true })).toBeVisible();
});
