// End-to-end tests: the release server on a fresh database (a SQLite file, or the PostgreSQL
// database E2E_DATABASE_URL names), driven in Debian's Chromium.
import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.E2E_PORT ?? 3917);
const baseURL = `http://127.0.0.1:${port}`;
// Made once by the runner; its workers load this file again and inherit the same directory.
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-'));
const dataDir = process.env.E2E_DATA_DIR;
const root = path.resolve(__dirname, '..');

export const admin = { email: 'owner@example.com', password: 'owner password e2e' };
/** The server's database, for tests that use the `gatehouse` command line beside it. */
export const databaseUrl = process.env.E2E_DATABASE_URL ?? `sqlite://${dataDir}/gatehouse.db`;
/** What every process on the database needs: on PostgreSQL, the shared sealing key. */
export const databaseEnv: Record<string, string> = databaseUrl.startsWith('postgres')
  ? { GATEHOUSE_DATABASE_URL: databaseUrl, GATEHOUSE_SECRET_KEY: '5e'.repeat(32) }
  : { GATEHOUSE_DATABASE_URL: databaseUrl };
export const gatehouseBinary = `${process.env.CARGO_TARGET_DIR ?? `${root}/target`}/release/gatehouse`;
/** Where the test SMTP server (aiosmtpd) stores what Gatehouse sends: a Maildir. */
export const maildir = path.join(dataDir, 'mail');
for (const sub of ['tmp', 'new', 'cur']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
const smtpPort = port + 1;

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `python3 -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox ${maildir}`,
      port: smtpPort,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
    command: `${gatehouseBinary} serve`,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    env: {
      GATEHOUSE_LISTEN: `127.0.0.1:${port}`,
      ...databaseEnv,
      // One browser signs the same admin in for every test from one address; the limits
      // themselves are tested by the integration suite.
      GATEHOUSE_SIGN_UPS_PER_HOUR: '1000',
      GATEHOUSE_SIGN_IN_ATTEMPTS_PER_MINUTE: '1000',
      GATEHOUSE_SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE: '1000',
      GATEHOUSE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      GATEHOUSE_ADMIN_EMAIL: admin.email,
      GATEHOUSE_ADMIN_PASSWORD: admin.password,
      GATEHOUSE_PUBLIC_URL: baseURL,
      LEPTOS_SITE_ROOT: `${root}/target/site`,
      RUST_LOG: 'info',
    },
    },
  ],
});
