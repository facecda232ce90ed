// The console's Webhooks page: an endpoint added (its secret shown once where the form was), a
// test event delivered to a real receiver and shown in the log, and the endpoint removed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { admin } from '../playwright.config';
import { signInToConsole } from './helpers';

test('an owner adds an endpoint, sends a test event that arrives, and removes it', async ({ page }) => {
  const received: { id: string; body: string }[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ id: String(request.headers['webhook-id']), body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${Date.now()}`;
  try {
    await signInToConsole(page, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();

    // A URL the rules refuse is named beside its field, and nothing is added.
    await page.getByLabel('Endpoint URL').fill('ftp://hooks.example.com');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(page.getByText('Use an http:// or https:// URL.')).toBeVisible();

    await page.getByLabel('Endpoint URL').fill(url);
    await page.getByLabel(/^Services:/).uncheck();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const heading = page.getByRole('heading', { name: 'Endpoint added' });
    await expect(heading).toBeVisible();
    await expect(heading).toBeFocused();
    const secret = (await page.getByTestId('new-webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I have saved it' }).click();

    const row = page.getByRole('region', { name: 'Webhook endpoints' }).getByRole('row').filter({ hasText: url });
    await expect(row).toContainText('developer, application, registration, credential');
    await expect(row).not.toContainText('service');
    await row.getByRole('button', { name: 'Send test event' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Test event queued' })).toBeVisible();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(JSON.parse(received[0].body).type).toBe('webhook.test');

    const log = page.getByRole('region', { name: 'Delivery log' });
    await expect(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(log.getByRole('row').filter({ hasText: url }).first()).toContainText('Delivered', { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    const delivered = log.getByRole('row').filter({ hasText: received[0].id });
    await expect(delivered).toContainText('HTTP 204');

    await row.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Endpoint removed' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Webhook endpoints' }).getByText(url)).toHaveCount(0);
  } finally {
    receiver.close();
  }
});
