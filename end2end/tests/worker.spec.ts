// What only the Cloudflare Worker has: an isolate that must survive a Rust panic, and a Cron
// Trigger (run here through wrangler's /__scheduled).
import { expect, test } from '@playwright/test';
import { onWorkers } from '../playwright.config';

test.skip(!onWorkers, 'these are the Worker\'s own: run with E2E_TARGET=workers');

test('a panic answers 500 and the next request is served by a fresh instance', async ({ page, request }) => {
  const panicked = await request.get('/__test/panic');
  expect(panicked.status()).toBe(500);
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in to the developer portal' })).toBeVisible();
  // Server functions work too: a wrong password is told as such.
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
});

test('the Cron Trigger runs the housekeeping and the outbox without an error', async ({ request }) => {
  for (const minute of ['*+*+*+*+*', '*/5+*+*+*+*']) {
    const ran = await request.get(`/__scheduled?cron=${minute}`);
    expect(ran.status()).toBe(200);
    expect(await ran.text()).toContain('Ran scheduled event');
  }
});
