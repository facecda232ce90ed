// Visual references: the credential moment and the console on a phone (360×780), compared
// with the pictures checked in beside this file (tests/visual.spec.ts-snapshots/). What
// differs from run to run (secrets, names with a timestamp, form values) is masked. After a
// deliberate change of design, renew them with `npx playwright test visual --update-snapshots`
// and look at them before committing.
import { expect, test } from '@playwright/test';
import { admin } from '../playwright.config';
import { approvedDeveloper, post, signInToConsole } from './helpers';

const PHONE = { width: 360, height: 780 };
/** A few pixels of font smoothing may differ between runs (0.2 %); a layout change may not. */
const TOLERANCE = { maxDiffPixelRatio: 0.002, animations: 'disabled' as const, caret: 'hide' as const };

test('the credential moment on a phone looks as designed', async ({ browser, baseURL }) => {
  const base = baseURL!;
  const owner = await browser.newContext({ baseURL: base });
  await post(owner.request, base, 'sign_in', { email: admin.email, password: admin.password, realm: 'console' });
  const stamp = Date.now();
  const service = `Visual ${stamp}`;
  await post(owner.request, base, 'save_service', {
    'form[id]': '', 'form[name]': service, 'form[version]': '1.0', 'form[description]': 'Looked at.',
    'form[route_prefix]': `/visual${stamp}`, 'form[host]': '', 'form[acl_groups]': '', 'form[openapi]': '',
  });
  const services: { id: string; name: string }[] = await post(owner.request, base, 'list_services', {});
  const serviceId = services.find((s) => s.name === service)!.id;
  const dev = await browser.newContext({ baseURL: base, viewport: PHONE });
  const email = await approvedDeveloper(owner.request, dev.request, base, 'visual', 'Vera Visual');
  const appId: string = await post(dev.request, base, 'create_application', { name: 'Visual app', description: '' });
  await post(dev.request, base, 'register_application', { application_id: appId, service_id: serviceId });
  const registrations = await post(owner.request, base, 'registration_requests', { 'query[search]': email });
  await post(owner.request, base, 'act_on_registration', {
    registration_id: registrations.rows[0].id, action: 'approve', expected: 'pending',
  });

  const page = await dev.newPage();
  await page.goto(`/apps/${appId}`);
  await page.getByRole('button', { name: 'Generate credential' }).click();
  const moment = page.getByRole('region', { name: /^Credential created/ });
  await expect(moment).toBeFocused();
  await expect(moment).toHaveScreenshot('credential-moment-360.png', {
    ...TOLERANCE,
    mask: [page.getByTestId('new-secret'), page.getByTestId('call-example')],
  });
});

test('the console on a phone looks as designed', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signInToConsole(page, admin.email, admin.password);
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page).toHaveScreenshot('console-settings-360.png', {
    ...TOLERANCE,
    mask: [page.locator('input')],
  });
});
