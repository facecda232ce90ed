// The developer lifecycle with JavaScript off (what a person gets before the page's WASM
// arrives): settings, approval, an application, its registration, a key shown once, rolled
// and edited. A refused form comes back with what was typed.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { admin } from '../playwright.config';
import { uniqueEmail } from './helpers';

async function plainPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  return context.newPage();
}

test('from sign-up to a key, and the owner deciding, all as plain forms', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const owner = await plainPage(browser, baseURL!);
  await owner.goto('/admin/login');
  await owner.getByLabel('Email').fill(admin.email);
  await owner.getByLabel('Password').fill(admin.password);
  await owner.getByRole('button', { name: 'Sign in' }).click();
  await expect(owner.getByRole('heading', { name: 'Requests' })).toBeVisible();

  // Settings: a bad lifetime is named beside its field and nothing changes; a good one saves.
  await owner.goto('/admin/settings');
  const lifetime = owner.getByLabel('Maximum credential lifetime (days)');
  await lifetime.fill('3651');
  await owner.getByRole('button', { name: 'Save' }).click();
  await expect(owner.getByRole('alert')).toHaveText('Enter a number of days from 0 (no limit) to 3650.');
  await expect(lifetime).toHaveValue('3651');
  await owner.goto('/admin/settings');
  await expect(lifetime).toHaveValue('0');
  await lifetime.fill('400');
  await owner.getByRole('button', { name: 'Save' }).click();
  await expect(owner.getByRole('status')).toHaveText('Settings saved');
  await owner.goto('/admin/settings');
  await expect(lifetime).toHaveValue('400');
  // Unticked boxes stay unticked (a plain form sends nothing for them).
  await expect(owner.getByLabel('Require email verification')).not.toBeChecked();
  await expect(owner.getByLabel('Public portal')).toBeChecked();
  await expect(owner.getByLabel('key-auth')).toBeChecked();

  // A service to register with (made through the server function, as a script would).
  const service = `Plain ${Date.now()}`;
  const saved = await owner.request.post('/api/save_service', {
    headers: { Origin: baseURL! },
    form: {
      'form[id]': '', 'form[name]': service, 'form[version]': '1.0', 'form[description]': '',
      'form[route_prefix]': `/plain${Date.now()}`, 'form[host]': '', 'form[acl_groups]': '', 'form[openapi]': '',
    },
  });
  expect(saved.ok()).toBe(true);
  // The owner edits it on the Services page, a plain form like the rest.
  await owner.goto('/admin/services');
  await owner.getByRole('row').filter({ hasText: service }).getByRole('link', { name: 'Edit' }).click();
  await expect(owner.getByRole('heading', { name: 'Edit service' })).toBeVisible();
  await expect(owner.getByLabel('Name', { exact: true })).toHaveValue(service);
  await owner.getByLabel('Version').fill('');
  await owner.getByLabel('Description').fill('Pets, typed once');
  await owner.getByRole('button', { name: 'Save service' }).click();
  await expect(owner.getByRole('alert')).toBeVisible();
  // Nothing typed is lost to the refusal.
  await expect(owner.getByLabel('Description')).toHaveValue('Pets, typed once');
  await expect(owner.getByLabel('Version')).toHaveValue('');
  await owner.getByLabel('Version').fill('2.0');
  await owner.getByRole('button', { name: 'Save service' }).click();
  await expect(owner.getByRole('status')).toHaveText(`Service ${service} saved`);
  await expect(owner.getByRole('row').filter({ hasText: service })).toContainText('2.0');

  // A developer signs up and waits; the owner approves them from the Requests page.
  const dev = await plainPage(browser, baseURL!);
  const email = uniqueEmail('plain');
  await dev.goto('/signup');
  await dev.getByLabel('Full name').fill('Paula Plain');
  await dev.getByLabel('Email').fill(email);
  await dev.getByLabel('Password').fill('a long enough password');
  await dev.getByRole('button', { name: 'Sign up' }).click();
  await expect(dev.getByRole('status')).toContainText('pending approval');

  await owner.goto('/admin/requests');
  await owner.getByRole('row').filter({ hasText: email }).getByRole('button', { name: 'Approve' }).click();
  await expect(owner.getByRole('status')).toHaveText('Developer approved');
  await expect(owner.getByRole('row').filter({ hasText: email })).toHaveCount(0);

  // The developer creates an application: a bad name is named, a good one opens its page.
  await dev.goto('/apps');
  await dev.getByRole('button', { name: 'Create application' }).click();
  await expect(dev.getByRole('alert')).toBeVisible();
  await dev.getByLabel('Application name').fill('Plain app');
  await dev.getByRole('button', { name: 'Create application' }).click();
  await expect(dev.getByRole('heading', { name: 'Plain app', level: 1 })).toBeVisible();
  await expect(dev.getByRole('status')).toHaveText('Application created');

  // Registers it with the service through the dialog the address opens.
  await dev.getByRole('link', { name: 'Register with a service' }).click();
  await dev.getByRole('dialog').getByRole('button', { name: service }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Registration requested' })).toBeVisible();
  await expect(dev.getByRole('dialog')).toHaveCount(0);
  await expect(dev.getByRole('row').filter({ hasText: service })).toContainText('Pending');

  // The owner approves it on the Requests page with a plan chosen beside Approve.
  const services: { id: string; name: string }[] = await (await owner.request.post('/api/list_services', {
    headers: { Origin: baseURL! }, form: {},
  })).json();
  const plan = await owner.request.post('/api/save_plan', {
    headers: { Origin: baseURL! },
    form: {
      'plan[id]': '', 'plan[service_id]': services.find((s) => s.name === service)!.id, 'plan[name]': 'Plain plan',
      'plan[per_second]': '', 'plan[per_minute]': '', 'plan[per_day]': '500', 'plan[per_month]': '',
    },
  });
  expect(plan.ok()).toBe(true);
  await owner.goto(`/admin/requests?tab=applications&q=${encodeURIComponent(email)}`);
  const request = owner.getByRole('row').filter({ hasText: email });
  await request.getByLabel(`Plan for Plain app → ${service}`).selectOption({ label: 'Plain plan — 500 per day' });
  await request.getByRole('button', { name: 'Approve' }).click();
  await expect(owner.getByRole('status')).toHaveText('Registration approved');
  await dev.goto(dev.url());
  await expect(dev.getByRole('row').filter({ hasText: service })).toContainText('Approved');
  await expect(dev.getByRole('region', { name: 'Plan and usage' })).toContainText('Plain plan — 500 per day');

  // A key-auth key, shown exactly once and never in the address.
  await expect(dev.getByLabel('Credential type')).toHaveValue('key-auth');
  await expect(dev.getByLabel('Username')).toBeHidden();
  await dev.getByLabel('Credential name').fill('Plain key');
  await dev.getByRole('button', { name: 'Generate credential' }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Credential created' })).toBeVisible();
  const key = await dev.getByTestId('new-secret').innerText();
  expect(key).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(dev.url()).not.toContain(key);
  await expect(dev.getByRole('row').filter({ hasText: 'Plain key' })).toContainText(key.slice(0, 6));
  // The lifetime the owner set bounds it.
  await expect(dev.getByText('expire within 400 days')).toBeVisible();
  await dev.reload();
  await expect(dev.getByRole('row').filter({ hasText: 'Plain key' })).toBeVisible();
  await expect(dev.getByTestId('new-secret')).toHaveCount(0);
  expect(await dev.content()).not.toContain(key);

  // Rolled through its dialog: a new key, shown once, the old one kept for the grace period.
  await dev.getByRole('row').filter({ hasText: 'Plain key' }).getByRole('button', { name: 'Roll' }).click();
  const roll = dev.getByRole('dialog');
  await expect(roll).toContainText('Roll this credential?');
  await expect(roll.getByLabel('Grace period')).toHaveValue('1');
  await roll.getByRole('button', { name: 'Roll' }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Credential rolled' })).toBeVisible();
  await expect(dev.getByRole('dialog')).toHaveCount(0);
  const rolled = await dev.getByTestId('new-secret').innerText();
  expect(rolled).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(rolled).not.toBe(key);
  expect(dev.url()).not.toContain(rolled);
  await expect(dev.getByRole('row').filter({ hasText: 'Plain key' })).toContainText('Previous secret works until');

  // Edited through its dialog: a name too long is refused with what was typed kept; a good
  // one is saved.
  await dev.getByRole('row').filter({ hasText: 'Plain key' }).getByRole('button', { name: 'Edit' }).click();
  const editing = dev.getByRole('dialog');
  await expect(editing.getByRole('heading', { name: 'Edit API credential' })).toBeVisible();
  await expect(editing.getByLabel('Credential name')).toHaveValue('Plain key');
  await expect(editing.getByLabel('Expires in (days)')).toBeHidden();
  await editing.getByLabel('Credential name').fill('k'.repeat(61));
  await editing.getByLabel('Change the expiry').check();
  await editing.getByLabel('Expires in (days)').fill('30');
  await editing.getByRole('button', { name: 'Save' }).click();
  await expect(dev.getByRole('dialog').getByRole('alert').first()).toBeVisible();
  await expect(dev.getByRole('dialog').getByLabel('Credential name')).toHaveValue('k'.repeat(61));
  await expect(dev.getByRole('dialog').getByLabel('Change the expiry')).toBeChecked();
  await expect(dev.getByRole('dialog').getByLabel('Expires in (days)')).toHaveValue('30');
  await dev.getByRole('dialog').getByLabel('Credential name').fill('Plain key, renamed');
  await dev.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Credential saved' })).toBeVisible();
  await expect(dev.getByRole('dialog')).toHaveCount(0);
  await expect(dev.getByRole('row').filter({ hasText: 'Plain key, renamed' })).toBeVisible();

  // A basic-auth credential: the type's own fields show once it is chosen.
  await dev.getByLabel('Credential type').selectOption('basic-auth');
  await expect(dev.getByLabel('Username')).toBeVisible();

  // Taking something away asks first, on a page of its own: deleting the key.
  const keyRow = dev.getByRole('row').filter({ hasText: 'Plain key, renamed' });
  await keyRow.getByRole('button', { name: 'Delete' }).click();
  const confirm = dev.getByRole('dialog');
  await expect(confirm).toContainText('Delete the credential Plain key, renamed?');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(dev.getByRole('dialog')).toHaveCount(0);
  await expect(keyRow).toBeVisible();
  await keyRow.getByRole('button', { name: 'Delete' }).click();
  await dev.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Credential deleted' })).toBeVisible();
  await expect(dev.getByRole('row').filter({ hasText: 'Plain key' })).toHaveCount(0);

  // And the whole application, which leads back to My Apps.
  await dev.getByRole('button', { name: 'Delete application' }).click();
  await dev.getByRole('dialog').getByRole('button', { name: 'Delete application' }).click();
  await expect(dev).toHaveURL(/\/apps$/);
  await expect(dev.getByText('No applications yet')).toBeVisible();

  // The owner rejects a second sign-up, through the same confirmation.
  const other = await plainPage(browser, baseURL!);
  const otherEmail = uniqueEmail('plain-other');
  await other.goto('/signup');
  await other.getByLabel('Full name').fill('Otto Plain');
  await other.getByLabel('Email').fill(otherEmail);
  await other.getByLabel('Password').fill('a long enough password');
  await other.getByRole('button', { name: 'Sign up' }).click();
  await expect(other.getByRole('status')).toContainText('pending approval');
  await owner.goto('/admin/requests');
  await owner.getByRole('row').filter({ hasText: otherEmail }).getByRole('button', { name: 'Reject' }).click();
  await expect(owner.getByRole('dialog')).toContainText(`Reject ${otherEmail}?`);
  await owner.getByRole('dialog').getByRole('button', { name: 'Reject' }).click();
  await expect(owner.getByRole('status')).toHaveText('Developer rejected');
  await expect(owner.getByRole('dialog')).toHaveCount(0);
  await expect(owner.getByRole('row').filter({ hasText: otherEmail })).toHaveCount(0);

  // The developer deletes the account, confirmed on a page of its own, and is signed out.
  await dev.goto('/settings');
  await dev.getByRole('button', { name: 'Delete account' }).click();
  await dev.getByRole('dialog').getByRole('button', { name: 'Delete account' }).click();
  await expect(dev).toHaveURL(/\/$/);
  await dev.goto('/apps');
  await expect(dev).toHaveURL(/\/login$/);

  // The owner puts the lifetime back.
  await owner.goto('/admin/settings');
  await lifetime.fill('0');
  await owner.getByRole('button', { name: 'Save' }).click();
  await expect(owner.getByRole('status')).toHaveText('Settings saved');
});

test('a form pressed before the WASM has arrived still works', async ({ page }) => {
  // The page's script and WASM arrive late, as on a slow network; the person does not wait.
  await page.route(/\.(wasm|js)$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await route.continue();
  });
  await page.goto('/admin/login', { waitUntil: 'commit' });
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/requests$/);
  await expect(page.getByRole('heading', { name: 'Requests' })).toBeVisible();

  await page.goto('/admin/settings', { waitUntil: 'commit' });
  await page.getByLabel('Maximum credential lifetime (days)').fill('12');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved');
  await page.goto('/admin/settings', { waitUntil: 'commit' });
  await expect(page.getByLabel('Maximum credential lifetime (days)')).toHaveValue('12');
  // Once the WASM is there, the same form saves without a reload.
  await page.unroute(/\.(wasm|js)$/);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await page.getByLabel('Maximum credential lifetime (days)').fill('0');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved');
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});
