// Shared steps: unique addresses, signing up and in, finding a developer, reading mail.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { maildir } from '../playwright.config';

let counter = 0;
export function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}.${Date.now()}.${counter}@example.com`;
}

/**
 * For the tests of what a page does once its script runs (answering in place, without a
 * reload): waits until the WASM app has taken the page over, then leaves a marker that only
 * survives if the next actions do not reload the document. Ordinary tests act as a person
 * does, without waiting for this.
 */
export async function markNoReload(page: Page): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
}

export async function expectNoReload(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
}

export async function signUp(page: Page, name: string, email: string, password: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
}

export async function signInToConsole(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Requests' })).toBeVisible();
}

/** Signs a new developer up in a page of its own and leaves it signed in. */
export async function newDeveloper(browser: Browser, label: string): Promise<{ page: Page; email: string }> {
  const page = await browser.newPage();
  const email = uniqueEmail(label);
  await signUp(page, `${label} Developer`, email, 'a long password');
  await expect(page.getByRole('status')).toContainText('pending approval');
  return { page, email };
}

/** Opens the Developers page on a status tab, searching for one email. */
export async function findDeveloper(page: Page, tab: string, email: string): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Developers' }).click();
  await page.getByRole('tab', { name: tab }).click();
  await page.getByRole('searchbox', { name: 'Search developers' }).fill(email);
  await page.getByRole('searchbox', { name: 'Search developers' }).press('Enter');
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toBeVisible();
  return row;
}

/** Decodes quoted-printable text (long lines such as links arrive that way). */
function decodeQuotedPrintable(raw: string): string {
  if (!raw.includes('Content-Transfer-Encoding: quoted-printable')) return raw;
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

/** Every message to `recipient` whose subject contains `subject`, as delivered over SMTP. */
export function mailsTo(recipient: string, subject: string): string[] {
  const dir = path.join(maildir, 'new');
  return fs
    .readdirSync(dir)
    .map((file) => decodeQuotedPrintable(fs.readFileSync(path.join(dir, file), 'utf8')))
    .filter((text) => text.includes(`To: ${recipient}`) && text.includes(`Subject: ${subject}`));
}

/** Waits for the message to `recipient` whose subject contains `subject`. */
export async function waitForMail(recipient: string, subject: string): Promise<string> {
  await expect.poll(() => mailsTo(recipient, subject).length, { timeout: 15_000 }).toBeGreaterThan(0);
  return mailsTo(recipient, subject)[0];
}

/** The first link in a message that starts with `prefix` (a path of the portal). */
export function linkIn(message: string, pathPrefix: string): string {
  const match = message.match(new RegExp(`https?://\\S+${pathPrefix.replace(/[?]/g, '\\?')}\\S*`));
  if (!match) throw new Error(`no ${pathPrefix} link in:\n${message}`);
  return match[0];
}

/** Calls a server function as a script would (a form post from the portal's origin). */
export async function post(request: APIRequestContext, baseURL: string, fn: string, form: Record<string, string>) {
  const response = await request.post(`/api/${fn}`, { headers: { Origin: baseURL }, form });
  expect(response.ok(), `${fn}: ${await response.text()}`).toBe(true);
  return response.json();
}

/** Signs a new developer up through `dev` and approves them through `owner`; their email. */
export async function approvedDeveloper(owner: APIRequestContext, dev: APIRequestContext, baseURL: string, label: string, name: string): Promise<string> {
  const email = uniqueEmail(label);
  await post(dev, baseURL, 'sign_up', { full_name: name, email, password: 'a long enough password' });
  const queue = await post(owner, baseURL, 'developer_requests', { 'query[search]': email });
  const developerId: string = queue.rows.find((r: { email: string }) => r.email === email).id;
  await post(owner, baseURL, 'act_on_developer', { developer_id: developerId, action: 'approve', expected: 'pending' });
  return email;
}
