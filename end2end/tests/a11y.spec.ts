// Accessibility: axe-core on every page, signed out, as a developer and as the owner, at a
// desktop and a phone width. No serious or critical violation is allowed. On the phone, no
// page is wider than the screen and the first row's actions are on it.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { admin } from '../playwright.config';
import { post, uniqueEmail } from './helpers';

const WIDTHS = [1280, 360];

/** Opens each page at each width and runs axe once its heading is there. */
async function check(page: Page, paths: string[]): Promise<void> {
  const found: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of paths) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      if (width === 360) {
        const wider = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (wider > 0) found.push(`${path} @360px: the page is ${wider}px wider than the screen`);
        const offScreen = await page.evaluate(() =>
          [...document.querySelectorAll('tbody tr:first-child .row-actions')]
            .flatMap((actions) => [...actions.querySelectorAll('button, a')])
            .filter((action) => {
              const box = action.getBoundingClientRect();
              return box.width > 0 && (box.right > window.innerWidth + 1 || box.left < 0);
            })
            .map((action) => action.textContent?.trim()),
        );
        if (offScreen.length > 0) found.push(`${path} @360px: row actions off the screen: ${offScreen.join(', ')}`);
      }
      for (const violation of results.violations) {
        if (violation.impact === 'serious' || violation.impact === 'critical') {
          const where = violation.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
          found.push(`${path} @${width}px: ${violation.id} (${violation.impact}): ${violation.help} — ${where}`);
        }
      }
    }
  }
  expect(found, found.join('\n')).toEqual([]);
}

test('every page passes axe and fits a phone: signed out, as a developer and as the owner', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const base = baseURL!;
  const owner = await browser.newContext({ baseURL: base });
  await post(owner.request, base, 'sign_in', { email: admin.email, password: admin.password, realm: 'console' });
  const service = `Axe ${Date.now()}`;
  await post(owner.request, base, 'save_service', {
    'form[id]': '', 'form[name]': service, 'form[version]': '1.0', 'form[description]': 'Checked by axe.',
    'form[route_prefix]': `/axe${Date.now()}`, 'form[host]': '', 'form[acl_groups]': '', 'form[openapi]': '',
  });
  const services: { id: string; name: string }[] = await post(owner.request, base, 'list_services', {});
  const serviceId = services.find((s) => s.name === service)!.id;

  const dev = await browser.newContext({ baseURL: base });
  const email = uniqueEmail('axe');
  await post(dev.request, base, 'sign_up', { full_name: 'Axel Checker', email, password: 'a long enough password' });
  const queue = await post(owner.request, base, 'developer_requests', { 'query[search]': email });
  const developerId: string = queue.rows.find((r: { email: string }) => r.email === email).id;
  await post(owner.request, base, 'act_on_developer', { developer_id: developerId, action: 'approve', expected: 'pending' });
  const appId: string = await post(dev.request, base, 'create_application', { name: 'Axe app', description: 'For the checks.' });
  await post(dev.request, base, 'register_application', { application_id: appId, service_id: serviceId });
  await post(dev.request, base, 'generate_credential', {
    application_id: appId, 'credential[kind]': 'key-auth', 'credential[name]': '', 'credential[username]': '',
    'credential[public_key]': '', 'credential[expires_in_days]': '0',
  });

  const visitor = await browser.newContext({ baseURL: base });
  await check(await visitor.newPage(), ['/', '/signup', '/login', '/forgot-password', '/signup/confirm-again', `/services/${serviceId}`, '/admin/login']);
  await check(await dev.newPage(), ['/apps', `/apps/${appId}`, `/apps/${appId}?dialog=register`, '/settings']);
  await check(await owner.newPage(), [
    '/admin/requests', '/admin/requests?tab=applications', '/admin/developers', `/admin/developers/${developerId}`,
    '/admin/services', `/admin/services?edit=${serviceId}`, '/admin/settings', '/admin/audit', '/admin/emails', '/admin/admins',
    '/admin/tokens', '/admin/webhooks', '/admin/plans',
  ]);
});
