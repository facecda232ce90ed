// The pages a developer meets first stay light: each fetches at most 300 KB (gzipped) of
// WASM and JavaScript before it works, and none of them fetches the console's bundle.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { signUp, uniqueEmail } from './helpers';
import { onWorkers } from '../playwright.config';

const siteRoot = path.resolve(__dirname, '..', '..', 'target', 'site');

/** 300 KB: gzipped bytes of WASM and JS a first page may fetch. */
const BUDGET = 300_000;

/** Every error a page throws (a WASM bundle that fails to hydrate its page throws one). */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Opens `path` in a fresh page and adds up the WASM and JS it fetched, gzipped. */
async function firstLoad(page: Page, path: string): Promise<{ bytes: number; files: string[] }> {
  const sizes: Promise<[string, number]>[] = [];
  page.on('response', (response) => {
    const file = new URL(response.url()).pathname;
    if (/\.(wasm|js)$/.test(file)) {
      sizes.push(response.body().then((body) => [file, zlib.gzipSync(body, { level: 9 }).length]));
    }
  });
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  const fetched = await Promise.all(sizes);
  return { bytes: fetched.reduce((sum, [, size]) => sum + size, 0), files: fetched.map(([file]) => file) };
}

for (const path of ['/', '/signup', '/login']) {
  test(`${path} fetches at most 300 KB of WASM and JS, and works`, async ({ page }) => {
    const errors = pageErrors(page);
    const { bytes, files } = await firstLoad(page, path);
    test.info().annotations.push({ type: 'first load', description: `${bytes} bytes gzipped: ${files.join(', ')}` });
    expect(files.filter((file) => file.endsWith('.wasm'))).toEqual(['/pkg/gatehouse-welcome.wasm']);
    expect(bytes).toBeLessThanOrEqual(BUDGET);
    expect(errors).toEqual([]);
  });
}

test('/apps fetches at most 300 KB of WASM and JS for a signed-in developer', async ({ page, browser }) => {
  const email = uniqueEmail('first.load');
  await signUp(page, 'First Load', email, 'a long password');
  await expect(page.getByRole('status')).toContainText('pending approval');
  const apps = await browser.newPage({ storageState: await page.context().storageState() });
  const errors = pageErrors(apps);
  const { bytes, files } = await firstLoad(apps, '/apps');
  await expect(apps.getByRole('heading', { name: 'Hello, First Load', level: 1 })).toBeVisible();
  test.info().annotations.push({ type: 'first load', description: `${bytes} bytes gzipped: ${files.join(', ')}` });
  expect(files.filter((file) => file.endsWith('.wasm'))).toEqual(['/pkg/gatehouse-apps.wasm']);
  expect(bytes).toBeLessThanOrEqual(BUDGET);
  expect(errors).toEqual([]);
  await apps.close();
});

test('a link from a first page to a page of another bundle opens that page, working', async ({ page }) => {
  const errors = pageErrors(page);
  const wasm: string[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.wasm')) wasm.push(new URL(response.url()).pathname);
  });
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in to the developer portal' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  await expect.poll(() => wasm).toContain('/pkg/gatehouse-portal.wasm');
  await page.getByLabel('Email').fill(uniqueEmail('nobody'));
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await expect(page.getByRole('heading', { name: 'Sign in to the developer portal' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the bundles are sent brotli-compressed to a browser that takes it, and decode to the built file', async ({ request }) => {
  const file = path.join(siteRoot, 'pkg', 'gatehouse-welcome.wasm');
  const built = fs.readFileSync(file);
  const brotli = await request.get('/pkg/gatehouse-welcome.wasm', { headers: { 'Accept-Encoding': 'br' } });
  expect(brotli.headers()['content-encoding']).toBe('br');
  expect(brotli.headers()['content-type']).toBe('application/wasm');
  if (!onWorkers) {
    // The form the build wrote (quality 11), not one compressed on the fly. (Workers Assets
    // compress files themselves and do not serve the build's .br files.)
    expect(Number(brotli.headers()['content-length'])).toBe(fs.statSync(`${file}.br`).size);
    expect(brotli.headers()['vary']).toContain('accept-encoding');
  }
  expect(Buffer.compare(await brotli.body(), built)).toBe(0);
  const gzip = await request.get('/pkg/gatehouse-welcome.wasm', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(gzip.headers()['content-encoding']).toBe('gzip');
  expect(Buffer.compare(await gzip.body(), built)).toBe(0);
});
