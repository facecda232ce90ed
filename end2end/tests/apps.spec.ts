// The developer's half of the portal: services, applications, registrations and credentials,
// clicked through as a developer and an admin would.
import { expect, test, type Page } from '@playwright/test';
import { admin } from '../playwright.config';
import { newDeveloper, signInToConsole, uniqueEmail, waitForMail } from './helpers';

const OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Petstore', version: '1.0.0' },
  paths: {
    '/pets/{petId}': {
      get: {
        summary: 'Info for a pet',
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } }],
        responses: { '200': { description: 'The pet', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
      },
    },
  },
  components: { schemas: { Pet: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, name: { type: 'string' } } } } },
});

/** An admin creates a published service in the console; returns its name. */
async function createService(page: Page): Promise<string> {
  const suffix = uniqueEmail('svc').split('@')[0].replace(/\./g, '-');
  const name = `Petstore ${suffix}`;
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Services' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Version').fill('1.0');
  await page.getByLabel('Description').fill('Pets, by id.');
  await page.getByLabel('Route prefix').fill(`/${suffix}`);
  await page.getByLabel('OpenAPI document').fill('{ "openapi": "3.0.3" }');
  await page.getByRole('button', { name: 'Create service' }).click();
  // A bad document is refused next to its field, and nothing is saved.
  await expect(page.getByText('not valid OpenAPI 3')).toBeVisible();
  await page.getByLabel('OpenAPI document').fill(OPENAPI);
  await page.getByRole('button', { name: 'Create service' }).click();
  await expect(page.getByRole('status')).toHaveText(`Service ${name} created`);
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Published');
  return name;
}

/** Approves a developer from the Requests page. */
async function approveDeveloper(page: Page, email: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Requests' }).click();
  await page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer approved');
}

async function createApplication(page: Page, name: string): Promise<void> {
  await page.goto('/apps');
  await page.getByLabel('Application name').fill(name);
  await page.getByRole('button', { name: 'Create application' }).click();
  // The application's page belongs to the portal's bundle: the browser loads it afresh.
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Application created');
}

async function generate(page: Page, type: string, fields: Record<string, string> = {}): Promise<{ secret: string; identifier?: string }> {
  await page.getByLabel('Credential type').selectOption(type);
  for (const [label, value] of Object.entries(fields)) {
    const field = page.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  await page.getByRole('button', { name: 'Generate credential' }).click();
  const secret = page.getByTestId('new-secret');
  await expect(secret).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Credential created' })).toBeVisible();
  // The secret appears where the person is looking: in place of the form, in view and
  // focused, with lines to paste that call the API with it.
  await expect(secret).toBeInViewport();
  await expect(page.getByRole('region', { name: /^Credential created/ })).toBeFocused();
  const identifier = (await page.getByTestId('new-identifier').count()) > 0 ? await page.getByTestId('new-identifier').innerText() : undefined;
  const value = await secret.innerText();
  await expect(page.getByTestId('call-example')).toContainText(value);
  await expect(page.getByRole('button', { name: 'Generate credential' })).toHaveCount(0);
  await page.getByRole('button', { name: 'I have saved it' }).click();
  // The form comes back, and the focus with it.
  await expect(page.getByLabel('Credential type')).toBeFocused();
  await expect(page.getByTestId('new-secret')).toHaveCount(0);
  return { secret: value, identifier };
}

test('a developer registers an application, gets it approved and manages its credentials', async ({ page, browser }) => {
  await signInToConsole(page, admin.email, admin.password);
  const service = await createService(page);
  const developer = await newDeveloper(browser, 'apps');
  await approveDeveloper(page, developer.email);

  // The catalog shows the service and its reference, rendered from the OpenAPI document.
  const dev = developer.page;
  await dev.goto('/');
  await dev.getByRole('link', { name: service }).click();
  await expect(dev.getByRole('heading', { name: service, level: 1 })).toBeVisible();
  await expect(dev.getByText('Info for a pet').first()).toBeVisible();
  await expect(dev.getByRole('cell', { name: 'integer (int64)' })).toBeVisible();

  await createApplication(dev, 'Billing');
  // The dialog takes the focus; Escape closes it and gives the focus back to its opener.
  const opener = dev.getByRole('link', { name: 'Register with a service' });
  await opener.click();
  await expect(dev.getByRole('dialog').getByRole('button').first()).toBeFocused();
  await dev.keyboard.press('Escape');
  await expect(dev.getByRole('dialog')).toHaveCount(0);
  await expect(opener).toBeFocused();
  await opener.click();
  await dev.getByRole('dialog').getByRole('button', { name: service }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Registration requested' })).toBeVisible();
  await expect(dev.getByRole('row').filter({ hasText: service })).toContainText('Pending');

  // The admin approves it on the Requests page's Applications tab (loaded afresh).
  await page.goto('/admin/requests');
  await page.getByRole('tab', { name: /Applications/ }).click();
  const request = page.getByRole('row').filter({ hasText: developer.email });
  await expect(request).toContainText('Billing');
  await request.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toHaveText('Registration approved');
  await waitForMail(developer.email, 'Billing can now call');
  await dev.goto(dev.url());
  await expect(dev.getByRole('row').filter({ hasText: service })).toContainText('Approved');

  // key-auth is the default type; its key is shown once.
  await expect(dev.getByLabel('Credential type')).toHaveValue('key-auth');
  await dev.getByLabel('Credential name').fill('Main key');
  const key = await generate(dev, 'key-auth');
  expect(key.secret).toMatch(/^[A-Za-z0-9]{32}$/);
  await dev.goto(dev.url());
  await expect(dev.getByRole('row').filter({ hasText: 'Main key' })).toContainText(key.secret.slice(0, 6));
  await expect(dev.getByTestId('new-secret')).toHaveCount(0);
  expect(await dev.content()).not.toContain(key.secret);

  // An expiry that is not a whole number of days is refused beside the field; nothing is made.
  const rows = await dev.getByRole('row').count();
  for (const bad of ['-3', '1.5']) {
    await dev.getByLabel('Expires in (days)', { exact: true }).fill(bad);
    await dev.getByRole('button', { name: 'Generate credential' }).click();
    await expect(dev.getByText('Enter a whole number of days (or leave it empty).')).toBeVisible();
  }
  await expect(dev.getByTestId('new-secret')).toHaveCount(0);
  expect(await dev.getByRole('row').count()).toBe(rows);
  await dev.getByLabel('Expires in (days)', { exact: true }).fill('');

  // Every other type, each with its identifier.
  const basic = await generate(dev, 'basic-auth', { Username: `basic-${Date.now()}` });
  expect(basic.identifier).toMatch(/^basic-/);
  await expect(dev.getByRole('row').filter({ hasText: basic.identifier! })).toContainText('Basic auth login 1');
  // A username the server refuses (taken) keeps the form as typed, with the message beside
  // the field; so does one refused before sending.
  const rowsBefore = await dev.getByRole('row').count();
  for (const [username, message] of [
    [basic.identifier!, 'This username is taken. Choose another one.'],
    ['a b', /letters, digits/],
  ] as const) {
    await dev.getByLabel('Credential type').selectOption('basic-auth');
    await dev.getByLabel('Credential name').fill('Partner login');
    await dev.getByLabel('Username', { exact: true }).fill(username);
    await dev.getByRole('button', { name: 'Generate credential' }).click();
    await expect(dev.locator('.field', { has: dev.getByLabel('Username', { exact: true }) }).locator('.field-error')).toHaveText(message);
    await expect(dev.getByLabel('Credential type')).toHaveValue('basic-auth');
    await expect(dev.getByLabel('Username', { exact: true })).toHaveValue(username);
    await expect(dev.getByLabel('Credential name')).toHaveValue('Partner login');
  }
  expect(await dev.getByRole('row').count()).toBe(rowsBefore);
  await dev.getByLabel('Credential name').fill('');
  const oauth = await generate(dev, 'oauth2');
  expect(oauth.identifier).toHaveLength(32);
  const hmac = await generate(dev, 'hmac-auth', { Username: `hmac-${Date.now()}` });
  expect(hmac.identifier).toMatch(/^hmac-/);
  const jwt = await generate(dev, 'jwt', { Algorithm: 'HS512' });
  expect(jwt.identifier).toHaveLength(32);
  expect(new Set([key.secret, basic.secret, oauth.secret, hmac.secret, jwt.secret]).size).toBe(5);
  await expect(dev.getByRole('row').filter({ hasText: 'HS512' })).toBeVisible();
  // On a phone too the secret is on the screen, though its box is taller than the screen.
  await dev.setViewportSize({ width: 360, height: 780 });
  const onPhone = await generate(dev, 'hmac-auth', { Username: `phone-${Date.now()}` });
  expect(onPhone.identifier).toMatch(/^phone-/);
  await dev.setViewportSize({ width: 1280, height: 720 });

  // Roll the key with a day of grace: a new key, the old one noted as still working.
  const keyRow = dev.getByRole('row').filter({ hasText: 'Main key' });
  await keyRow.getByRole('button', { name: 'Roll' }).click();
  await dev.getByRole('dialog').getByLabel('Grace period').selectOption('1');
  await dev.getByRole('dialog').getByRole('button', { name: 'Roll' }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Credential rolled' })).toBeVisible();
  const rolled = await dev.getByTestId('new-secret').innerText();
  expect(rolled).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(rolled).not.toBe(key.secret);
  await expect(dev.getByRole('row').filter({ hasText: 'Main key' })).toContainText('Previous secret works until');

  // A key never used says so; edit renames it and sets an expiry, without showing a secret.
  const hmacRow = dev.getByRole('row').filter({ hasText: hmac.identifier! });
  await expect(hmacRow.getByRole('cell').nth(5)).toHaveText('Never');
  await hmacRow.getByRole('button', { name: 'Edit' }).click();
  const editing = dev.getByRole('dialog', { name: 'Edit API credential' });
  await expect(editing.getByLabel('Credential name')).toBeFocused();
  await editing.getByLabel('Credential name').fill('Signing key');
  await editing.getByLabel('Change the expiry').check();
  await editing.getByLabel('Expires in (days)').fill('2.5');
  await editing.getByRole('button', { name: 'Save' }).click();
  await expect(editing.getByText('Enter a whole number of days (or leave it empty).')).toBeVisible();
  await editing.getByLabel('Expires in (days)').fill('30');
  await editing.getByRole('button', { name: 'Save' }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Credential saved' })).toBeVisible();
  await expect(editing).toHaveCount(0);
  const signing = dev.getByRole('row').filter({ hasText: 'Signing key' });
  await expect(signing).toContainText(hmac.identifier!);
  await expect(signing.getByRole('cell').nth(6)).not.toHaveText('Never');
  // The only secret on the page is still the one the roll showed: an edit shows none.
  await expect(dev.getByTestId('new-secret')).toHaveText(rolled);
  // Escape closes the dialog and changes nothing.
  await signing.getByRole('button', { name: 'Edit' }).click();
  await dev.keyboard.press('Escape');
  await expect(editing).toHaveCount(0);

  // Delete the oauth2 credential after confirming.
  const oauthRow = dev.getByRole('row').filter({ hasText: oauth.identifier! });
  await oauthRow.getByRole('button', { name: 'Delete' }).click();
  await expect(dev.getByRole('dialog')).toContainText('Delete the credential');
  await dev.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Credential deleted' })).toBeVisible();
  await expect(dev.getByRole('row').filter({ hasText: oauth.identifier! })).toHaveCount(0);

  // The admin's details page lists the metadata, never a secret.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Developers' }).click();
  await page.getByRole('searchbox', { name: 'Search developers' }).fill(developer.email);
  await page.getByRole('searchbox', { name: 'Search developers' }).press('Enter');
  await page.getByRole('link', { name: `apps Developer` }).click();
  const card = page.getByRole('article', { name: 'Application Billing' });
  await expect(card).toContainText(service);
  await expect(card).toContainText('key-auth');
  await expect(card).toContainText(basic.identifier!);
  const html = await page.content();
  for (const secret of [rolled, key.secret, basic.secret, hmac.secret, jwt.secret]) expect(html).not.toContain(secret);

  // Deleting the application asks first and takes its credentials along.
  await dev.getByRole('button', { name: 'Delete application' }).click();
  await expect(dev.getByRole('dialog')).toContainText('Delete Billing?');
  await dev.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(dev.getByRole('heading', { name: 'My Apps' })).toBeVisible();
  await expect(dev.getByText('No applications yet')).toBeVisible();
});

test('a disabled credential type is not offered and the server refuses it', async ({ page, browser }) => {
  const developer = await newDeveloper(browser, 'types');
  await signInToConsole(page, admin.email, admin.password);
  await approveDeveloper(page, developer.email);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('checkbox', { name: 'oauth2' }).uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved');
  try {
    const dev = developer.page;
    await createApplication(dev, 'Typed');
    const options = await dev.getByLabel('Credential type').locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options).toEqual(['key-auth', 'basic-auth', 'hmac-auth', 'jwt']);
    // Called directly, the server refuses it too.
    const applicationId = new URL(dev.url()).pathname.split('/').pop()!;
    const answer = await dev.evaluate(async (id) => {
      const body = new URLSearchParams({
        application_id: id,
        'credential[kind]': 'oauth2',
        'credential[name]': '',
        'credential[username]': '',
        'credential[public_key]': '',
        'credential[expires_in_days]': '0',
      });
      const response = await fetch('/api/generate_credential', { method: 'POST', body, headers: { Accept: 'application/json' } });
      return { status: response.status, text: await response.text() };
    }, applicationId);
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('not enabled');
  } finally {
    await page.getByRole('checkbox', { name: 'oauth2' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toHaveText('Settings saved');
  }
});

test('pending and revoked developers cannot create applications, even by calling the server', async ({ page, browser }) => {
  const createDirectly = (dev: Page) =>
    dev.evaluate(async () => {
      const body = new URLSearchParams({ name: 'Sneaky', description: '' });
      const response = await fetch('/api/create_application', { method: 'POST', body, headers: { Accept: 'application/json' } });
      return { status: response.status, text: await response.text() };
    });
  const pending = await newDeveloper(browser, 'pending-apps');
  await pending.page.goto('/apps');
  await expect(pending.page.getByText('Pending', { exact: true })).toBeVisible();
  await expect(pending.page.getByRole('button', { name: 'Create application' })).toHaveCount(0);
  const refused = await createDirectly(pending.page);
  expect(refused.status).toBe(403);
  expect(refused.text).toContain('only approved developers');

  await signInToConsole(page, admin.email, admin.password);
  await approveDeveloper(page, pending.email);
  await createApplication(pending.page, 'Before revocation');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Developers' }).click();
  await page.getByRole('searchbox', { name: 'Search developers' }).fill(pending.email);
  await page.getByRole('searchbox', { name: 'Search developers' }).press('Enter');
  await page.getByRole('row').filter({ hasText: pending.email }).getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('status')).toHaveText('Developer revoked');
  const afterRevoke = await createDirectly(pending.page);
  expect(afterRevoke.status).toBe(403);
  await pending.page.goto('/apps');
  await expect(pending.page.getByText('Revoked', { exact: true })).toBeVisible();
});
