// End-to-end tests: the release server on a fresh database (a SQLite file, or the PostgreSQL
// database E2E_DATABASE_URL names), driven in Debian's Chromium. With E2E_TARGET=workers, the
// same tests drive the Worker (scripts/build-worker) under `wrangler dev` on a fresh local D1.
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

/** Which server the tests drive: the native binary, or the Cloudflare Worker. */
export const onWorkers = process.env.E2E_TARGET === 'workers';
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
/** What every server is started with, whichever its target. */
const serverEnv: Record<string, string> = {
  GATEHOUSE_LISTEN: `127.0.0.1:${port}`,
  // One browser signs the same admin in for every test from one address; the limits
  // themselves are tested by the integration suite.
  GATEHOUSE_SIGN_UPS_PER_HOUR: '1000',
  GATEHOUSE_SIGN_IN_ATTEMPTS_PER_MINUTE: '1000',
  GATEHOUSE_SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE: '1000',
  GATEHOUSE_ADMIN_EMAIL: admin.email,
  GATEHOUSE_ADMIN_PASSWORD: admin.password,
  GATEHOUSE_PUBLIC_URL: baseURL,
};
const nativeServers = [
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
    stdout: 'pipe' as const,
    env: {
      ...serverEnv,
      ...databaseEnv,
      GATEHOUSE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      LEPTOS_SITE_ROOT: `${root}/target/site`,
      RUST_LOG: 'info',
    },
  },
];
// The Worker sends e-mail to an HTTP API: a sink storing it in the same Maildir.
const workerServers = [
  {
    command: `python3 ${root}/end2end/mail_api_sink.py ${smtpPort} ${maildir}`,
    url: `http://127.0.0.1:${smtpPort}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  {
    command: `${root}/scripts/serve-worker`,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe' as const,
    env: {
      ...serverEnv,
      GATEHOUSE_WORKER_STATE: `${dataDir}/worker`,
      GATEHOUSE_MAIL_API_URL: `http://127.0.0.1:${smtpPort}/emails`,
      // /__test/panic, for the test that a panic does not break the isolate.
      GATEHOUSE_TEST_ROUTES: '1',
    },
  },
];

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
  webServer: onWorkers ? workerServers : nativeServers,
});
