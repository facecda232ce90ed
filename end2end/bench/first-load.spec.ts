// First load under a "Fast 3G" network (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up;
// Chrome DevTools Protocol emulation), for /, /login, /apps and /admin/requests: the WASM and
// JS fetched before the page works (gzipped) and the time until it works (the app has
// hydrated), each page loaded cold in a fresh context. Measured twice in the same run: with
// the page's own bundle (now), and with every page asking for the whole app's bundle, as
// before the split (the baseline). Prints a table; asserts nothing about time.
import zlib from 'node:zlib';
import { request, test, type Browser, type BrowserContext } from '@playwright/test';
import { admin } from '../playwright.config';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FAST_3G = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 };

type Sample = { bytes: number; transferred: number; interactiveMs: number };
type Signed = { storageState?: Awaited<ReturnType<BrowserContext['storageState']>> };

async function coldLoad(browser: Browser, signed: Signed, page: string, wholeApp: boolean): Promise<Sample> {
  const context = await browser.newContext(signed);
  if (wholeApp) {
    // The baseline: every bundle request goes to the whole app's files (over the network).
    await context.route(/\/pkg\/gatehouse-[a-z]+\.(js|wasm)$/, (route) =>
      route.continue({ url: route.request().url().replace(/gatehouse-[a-z]+\./, 'gatehouse.') }),
    );
  }
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  // What crossed the network for the WASM and JS, as sent (brotli when the browser takes it).
  const bundleRequests = new Set<string>();
  let transferred = 0;
  cdp.on('Network.responseReceived', (event) => {
    if (/\.(wasm|js)$/.test(new URL(event.response.url).pathname)) bundleRequests.add(event.requestId);
  });
  cdp.on('Network.loadingFinished', (event) => {
    if (bundleRequests.has(event.requestId)) transferred += event.encodedDataLength;
  });
  const sizes: Promise<number>[] = [];
  tab.on('response', (response) => {
    if (/\.(wasm|js)$/.test(new URL(response.url()).pathname)) {
      sizes.push(response.body().then((body) => zlib.gzipSync(body, { level: 9 }).length));
    }
  });
  await tab.goto(page, { waitUntil: 'commit' });
  // The app marks the page once it has taken it over: from then on it answers clicks.
  await tab.waitForFunction(() => document.body?.dataset.hydrated === 'true', null, { timeout: 120_000, polling: 20 });
  const interactiveMs = await tab.evaluate(() => performance.now());
  const bytes = (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0);
  await context.close();
  return { bytes, transferred, interactiveMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

test('first load under Fast 3G', async ({ browser, baseURL }) => {
  // A signed-in developer (for /apps) and the owner (for /admin/requests).
  const developerApi = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
  const email = `bench.${Date.now()}@example.com`;
  const signUp = await developerApi.post('/api/sign_up', { form: { full_name: 'Bench Developer', email, password: 'a long password' } });
  if (!signUp.ok()) throw new Error(`sign-up failed: ${signUp.status()} ${await signUp.text()}`);
  const ownerApi = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
  const signIn = await ownerApi.post('/api/sign_in', { form: { email: admin.email, password: admin.password, realm: 'console' } });
  if (!signIn.ok()) throw new Error(`owner sign-in failed: ${signIn.status()}`);
  const pages: [string, Signed][] = [
    ['/', {}],
    ['/login', {}],
    ['/apps', { storageState: await developerApi.storageState() }],
    ['/admin/requests', { storageState: await ownerApi.storageState() }],
  ];

  const rows: string[] = [];
  for (const [page, signed] of pages) {
    const before: Sample[] = [];
    const now: Sample[] = [];
    for (let run = 0; run < RUNS; run++) {
      before.push(await coldLoad(browser, signed, page, true));
      now.push(await coldLoad(browser, signed, page, false));
    }
    const kb = (samples: Sample[]) => median(samples.map((s) => s.bytes)) / 1000;
    const sent = (samples: Sample[]) => median(samples.map((s) => s.transferred)) / 1000;
    const seconds = (samples: Sample[]) => median(samples.map((s) => s.interactiveMs)) / 1000;
    const cells = (samples: Sample[]) => `${kb(samples).toFixed(0)} KB | ${sent(samples).toFixed(0)} KB | ${seconds(samples).toFixed(2)} s`;
    rows.push(`| \`${page}\` | ${cells(before)} | ${cells(now)} | ${(seconds(now) / seconds(before)).toFixed(2)} |`);
  }
  console.log(
    [
      `\nFirst load under Fast 3G (median of ${RUNS} cold loads): WASM + JS gzipped and as sent, time until interactive`,
      '| page | one bundle: gzipped | sent | interactive | split: gzipped | sent | interactive | interactive, split / one |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
  await developerApi.dispose();
  await ownerApi.dispose();
});
