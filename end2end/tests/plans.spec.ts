// Plans: an admin adds a service's default plan on the console's Plans page (a bad limit is
// named beside its field), the gateway counts an application's requests against it, and the
// developer sees the plan, today's use and the chart on the application's page, at a phone's
// width too; the admin gives the registration another plan on the developer's page.
import { expect, test } from '@playwright/test';
import { admin } from '../playwright.config';
import { approvedDeveloper, post, signInToConsole, uniqueEmail } from './helpers';

test('a default plan limits an application, and its developer sees the use and the chart', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const base = baseURL!;
  const stamp = Date.now();
  const owner = await browser.newContext({ baseURL: base });
  await post(owner.request, base, 'sign_in', { email: admin.email, password: admin.password, realm: 'console' });
  const service = `Metered ${stamp}`;
  const prefix = `/metered${stamp}`;
  await post(owner.request, base, 'save_service', {
    'form[id]': '', 'form[name]': service, 'form[version]': '1.0', 'form[description]': 'Sold by plan.',
    'form[route_prefix]': prefix, 'form[host]': '', 'form[acl_groups]': '', 'form[openapi]': '',
  });
  const services: { id: string; name: string }[] = await post(owner.request, base, 'list_services', {});
  const serviceId = services.find((s) => s.name === service)!.id;

  // The admin adds the plan on the Plans page.
  const adminPage = await owner.newPage();
  await signInToConsole(adminPage, admin.email, admin.password);
  await adminPage.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Plans' }).click();
  await expect(adminPage.getByRole('heading', { name: 'Plans', level: 1 })).toBeVisible();
  await adminPage.getByLabel('Service', { exact: true }).selectOption({ label: service });
  await adminPage.getByLabel('Name', { exact: true }).fill('Starter');
  await adminPage.getByLabel('Requests per day (UTC)').fill('0');
  await adminPage.getByRole('button', { name: 'Add plan' }).click();
  await expect(adminPage.getByText('A limit of 0 would refuse every request')).toBeVisible();
  await adminPage.getByLabel('Requests per day (UTC)').fill('5');
  await adminPage.getByLabel(/The service's default plan/).check();
  await adminPage.getByRole('button', { name: 'Add plan' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'Plan Starter added' })).toBeVisible();
  const plans = adminPage.getByRole('region', { name: `Plans of ${service}` });
  await expect(plans.getByRole('row').filter({ hasText: 'Starter' })).toContainText('5 per day');
  await expect(plans.getByRole('row').filter({ hasText: 'Starter' })).toContainText('Default');

  // A developer's application, approved, with a key that calls the service seven times.
  const dev = await browser.newContext({ baseURL: base });
  const email = uniqueEmail('plan');
  await post(dev.request, base, 'sign_up', { full_name: 'Plan Reader', email, password: 'a long enough password' });
  const queue = await post(owner.request, base, 'developer_requests', { 'query[search]': email });
  const developerId: string = queue.rows.find((r: { email: string }) => r.email === email).id;
  await post(owner.request, base, 'act_on_developer', { developer_id: developerId, action: 'approve', expected: 'pending' });
  const appId: string = await post(dev.request, base, 'create_application', { name: 'Metered app', description: '' });
  await post(dev.request, base, 'register_application', { application_id: appId, service_id: serviceId });
  const registrations = await post(owner.request, base, 'registration_requests', { 'query[search]': email });
  const registrationId: string = registrations.rows[0].id;
  await post(owner.request, base, 'act_on_registration', { registration_id: registrationId, action: 'approve', expected: 'pending' });
  const key: string = (await post(dev.request, base, 'generate_credential', {
    application_id: appId, 'credential[kind]': 'key-auth', 'credential[name]': '', 'credential[username]': '',
    'credential[public_key]': '', 'credential[expires_in_days]': '0',
  })).secret;
  const verify = () => dev.request.get('/gateway/verify', {
    headers: { 'X-Original-URI': `${prefix}/things`, 'X-Original-Method': 'GET', 'X-Forwarded-Host': 'api.example', apikey: key },
  });
  await expect.poll(async () => (await verify()).headers()['ratelimit-policy'], { timeout: 5_000 }).toContain('"day";q=5');
  for (let i = 0; i < 6; i += 1) await verify();

  // The developer reads it at a phone's width.
  const page = await dev.newPage();
  await page.setViewportSize({ width: 360, height: 780 });
  await expect(async () => {
    // A refused call also lets the gateway send its counts (a Worker's isolate does so after
    // its requests, at most every 100 ms).
    await verify();
    await page.goto(`/apps/${appId}`);
    await expect(page.getByText('5 of 5 today (UTC)')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  const usage = page.getByRole('region', { name: 'Plan and usage' });
  await expect(usage).toContainText('Starter (the service\'s default plan) — 5 per day');
  await expect(usage.getByRole('img', { name: `Requests per day to ${service}` })).toBeVisible();
  const table = usage.getByRole('table', { name: `Requests per day to ${service}` });
  await expect(table.getByRole('row').last().getByRole('cell').first()).toHaveText('5');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await usage.screenshot({ path: test.info().outputPath('usage-360.png') });

  // The admin gives the registration another plan on the developer's page.
  await post(owner.request, base, 'save_plan', {
    'plan[id]': '', 'plan[service_id]': serviceId, 'plan[name]': 'Bigger', 'plan[per_second]': '',
    'plan[per_minute]': '', 'plan[per_day]': '1000', 'plan[per_month]': '',
  });
  await adminPage.goto(`/admin/developers/${developerId}`);
  const card = adminPage.getByRole('article', { name: 'Application Metered app' });
  await card.getByLabel(`Plan of Metered app → ${service}`).selectOption({ label: 'Bigger — 1,000 per day' });
  await card.getByRole('button', { name: 'Set plan' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'Plan changed' })).toBeVisible();
  await expect.poll(async () => (await verify()).status(), { timeout: 5_000 }).toBe(200);
});

test('an admin gives a plan at approval, sees each service\'s usage and chooses how long usage is kept', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const base = baseURL!;
  const stamp = Date.now();
  const owner = await browser.newContext({ baseURL: base });
  await post(owner.request, base, 'sign_in', { email: admin.email, password: admin.password, realm: 'console' });
  const service = `Tiered ${stamp}`;
  const prefix = `/tiered${stamp}`;
  await post(owner.request, base, 'save_service', {
    'form[id]': '', 'form[name]': service, 'form[version]': '1.0', 'form[description]': 'Two tiers.',
    'form[route_prefix]': prefix, 'form[host]': '', 'form[acl_groups]': '', 'form[openapi]': '',
  });
  const services: { id: string; name: string }[] = await post(owner.request, base, 'list_services', {});
  const serviceId = services.find((s) => s.name === service)!.id;
  for (const [name, perMinute, isDefault] of [['Free', '60', 'on'], ['Pro', '600', '']]) {
    await post(owner.request, base, 'save_plan', {
      'plan[id]': '', 'plan[service_id]': serviceId, 'plan[name]': name, 'plan[per_second]': '',
      'plan[per_minute]': perMinute, 'plan[per_day]': '', 'plan[per_month]': '',
      ...(isDefault ? { 'plan[is_default]': isDefault } : {}),
    });
  }
  const dev = await browser.newContext({ baseURL: base });
  const email = await approvedDeveloper(owner.request, dev.request, base, 'tier', 'Tier Buyer');
  const appId: string = await post(dev.request, base, 'create_application', { name: 'Tiered app', description: '' });
  await post(dev.request, base, 'register_application', { application_id: appId, service_id: serviceId });

  // On the Requests page the registration is approved with the Pro plan.
  const page = await owner.newPage();
  await signInToConsole(page, admin.email, admin.password);
  await page.goto(`/admin/requests?tab=applications&q=${encodeURIComponent(email)}`);
  await expect(page.getByText(/^1–1 of 1 application requests$/)).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: email });
  await row.getByLabel(`Plan for Tiered app → ${service}`).selectOption({ label: 'Pro — 600 per minute' });
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toHaveText('Registration approved');

  const key: string = (await post(dev.request, base, 'generate_credential', {
    application_id: appId, 'credential[kind]': 'key-auth', 'credential[name]': '', 'credential[username]': '',
    'credential[public_key]': '', 'credential[expires_in_days]': '0',
  })).secret;
  const verify = () => dev.request.get('/gateway/verify', {
    headers: { 'X-Original-URI': `${prefix}/x`, 'X-Original-Method': 'GET', 'X-Forwarded-Host': 'api.example', apikey: key },
  });
  await expect.poll(async () => (await verify()).headers()['ratelimit-policy'], { timeout: 5_000 }).toContain('"minute";q=600');

  // The Plans page charts the service's requests from every application.
  await expect(async () => {
    await verify();
    await page.goto('/admin/plans');
    const section = page.getByRole('region', { name: service, exact: true });
    await expect(section.getByRole('img', { name: `Requests per day to ${service}` })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  const table = page.getByRole('region', { name: service, exact: true }).getByRole('table', { name: `Requests per day to ${service}` });
  expect(Number(await table.getByRole('row').last().getByRole('cell').first().textContent())).toBeGreaterThan(0);

  // The audit log reads the plan given in words.
  await page.goto('/admin/audit?action=registration.plan_changed');
  await expect(page.getByRole('row').filter({ hasText: 'Pro' }).first()).toContainText('Plan of registration changed');

  // Usage is kept as long as the owner chooses; a bad number is refused beside its field.
  await page.goto('/admin/settings');
  const keep = page.getByLabel('Keep usage for (days)');
  await expect(keep).toHaveValue(/^\d+$/);
  const kept = await keep.inputValue();
  await keep.fill('0');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Enter a number of days from 1 to 3650.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Keep usage for (days)')).toHaveValue(kept);
  await page.getByLabel('Keep usage for (days)').fill('30');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Keep usage for (days)')).toHaveValue('30');
  await page.getByLabel('Keep usage for (days)').fill(kept);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
});
