// The console's Applications page, and the keyboard in its dialogs.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { admin } from '../playwright.config';
import { signInToConsole, uniqueEmail } from './helpers';

async function post(request: APIRequestContext, baseURL: string, fn: string, form: Record<string, string>) {
  const response = await request.post(`/api/${fn}`, { headers: { Origin: baseURL }, form });
  expect(response.ok(), `${fn}: ${await response.text()}`).toBe(true);
  return response.json();
}

test('the Applications page lists, searches and filters, and opens the developer at the application', async ({ page, browser, baseURL }) => {
  const base = baseURL!;
  const dev = await browser.newContext({ baseURL: base });
  const email = uniqueEmail('applist');
  await post(dev.request, base, 'sign_up', { full_name: 'Lista Apps', email, password: 'a long enough password' });
  await signInToConsole(page, admin.email, admin.password);
  await page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer approved');
  const name = `Listed ${Date.now()}`;
  const appId: string = await post(dev.request, base, 'create_application', { name, description: '' });
  await post(dev.request, base, 'generate_credential', {
    application_id: appId, 'credential[kind]': 'key-auth', 'credential[name]': '', 'credential[username]': '',
    'credential[public_key]': '', 'credential[expires_in_days]': '',
  });

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Applications' }).click();
  await expect(page.getByRole('heading', { name: 'Applications', level: 1 })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search applications' }).fill(email);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(email);
  await expect(row).toContainText('None');
  await expect(row.getByRole('cell').nth(3)).toHaveText('1');

  // Filtered by a status it has no registration in, it is not listed.
  await page.getByLabel('Registration status').selectOption('pending');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/status=pending/);
  await expect(page.getByText('No applications')).toBeVisible();

  // The row opens the developer's page at the application.
  await page.goBack();
  await page.getByRole('link', { name }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/developers/.+#application-${appId}$`));
  await expect(page.getByRole('article', { name: `Application ${name}` })).toBeVisible();
});

test('a dialog keeps the keyboard inside and closes with Escape', async ({ page, browser }) => {
  const other = await browser.newContext();
  const email = uniqueEmail('focus');
  const visitor = await other.newPage();
  await visitor.goto('/signup');
  await visitor.getByLabel('Full name').fill('Focus Trap');
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByLabel('Password').fill('a long enough password');
  await visitor.getByRole('button', { name: 'Sign up' }).click();
  await expect(visitor.getByRole('status')).toContainText('pending approval');

  await signInToConsole(page, admin.email, admin.password);
  await page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: 'Reject' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // Focus starts on the harmless choice, and Tab cycles inside the dialog.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  for (let n = 0; n < 5; n += 1) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: email })).toBeVisible();
});
