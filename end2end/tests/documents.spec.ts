// Large API documents: an owner uploads an OpenAPI file on the service's page in the console
// (a bad one is refused beside the form, and the old document stays), reads the reference in
// the portal a tag at a time, at a phone's width too, and finally removes the document.
import { expect, test } from '@playwright/test';
import { admin } from '../playwright.config';
import { post, signInToConsole } from './helpers';

/** An OpenAPI 3.1 document with `tags` tags of 20 operations each (40 make about 340 KB, more than the edit form takes back). */
function taggedDocument(tags: number): string {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (let t = 0; t < tags; t++) {
    schemas[`Order${t}`] = {
      type: 'object', required: ['id'],
      properties: { id: { type: 'integer' }, note: { type: ['string', 'null'], description: 'A note the buyer left.' } },
    };
    for (let o = 0; o < 20; o++) {
      paths[`/area${t}/orders${o}/{orderId}`] = {
        get: {
          tags: [`Area ${t}`], summary: `Read order ${o} of area ${t}`,
          description: 'Returns the order with its lines, as the buyer placed it and as it changed since.',
          parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': { description: 'The order', content: { 'application/json': { schema: { $ref: `#/components/schemas/Order${t}` } } } } },
        },
      };
    }
  }
  return JSON.stringify({
    openapi: '3.1.0', info: { title: 'Orders', version: '2.0' },
    tags: Array.from({ length: tags }, (_, t) => ({ name: `Area ${t}`, description: `Orders of area ${t}.` })),
    paths, components: { schemas },
  });
}

test('an uploaded document is read in the portal one tag at a time', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const base = baseURL!;
  const stamp = Date.now();
  const owner = await browser.newContext({ baseURL: base });
  await post(owner.request, base, 'sign_in', { email: admin.email, password: admin.password, realm: 'console' });
  const service = `Orders ${stamp}`;
  await post(owner.request, base, 'save_service', {
    'form[id]': '', 'form[name]': service, 'form[version]': '2.0', 'form[description]': 'Orders, by area.',
    'form[route_prefix]': `/orders${stamp}`, 'form[host]': '', 'form[acl_groups]': '', 'form[openapi]': '',
  });
  const services: { id: string; name: string }[] = await post(owner.request, base, 'list_services', {});
  const serviceId = services.find((s) => s.name === service)!.id;

  const page = await owner.newPage();
  await signInToConsole(page, admin.email, admin.password);
  await page.goto(`/admin/services?edit=${serviceId}`);
  const panel = page.getByRole('region', { name: 'API document' });
  // A document that is not OpenAPI is refused beside the form.
  await panel.getByLabel('OpenAPI file').setInputFiles({ name: 'swagger.json', mimeType: 'application/json', buffer: Buffer.from('{"swagger": "2.0"}') });
  await panel.getByRole('button', { name: 'Save document' }).click();
  await expect(panel.getByRole('alert')).toContainText('Swagger 2.0');
  // The real one is saved.
  const document = taggedDocument(40);
  await panel.getByLabel('OpenAPI file').setInputFiles({ name: 'orders.json', mimeType: 'application/json', buffer: Buffer.from(document) });
  await panel.getByRole('button', { name: 'Save document' }).click();
  await expect(panel.getByRole('status')).toHaveText('Document saved');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(page).not.toHaveURL(/document_saved/);
  await expect(panel.getByRole('link', { name: 'Download the current document' })).toBeVisible();
  // Too large to come back in the text area: kept, and said so.
  await expect(page.getByText(/The current document \(Orders, \d+ KB, 800 operations\) is kept/)).toBeVisible();

  for (const size of [{ width: 1280, height: 900 }, { width: 360, height: 780 }]) {
    await page.setViewportSize(size);
    const response = await page.goto(`/services/${serviceId}`);
    const html = await response!.text();
    expect(html.length).toBeLessThan(300_000);
    const sections = page.getByRole('navigation', { name: 'Sections' });
    await expect(sections.getByRole('link')).toHaveCount(40);
    await expect(page.getByText('Open a section to read its operations and schemas.')).toBeVisible();
    await sections.getByRole('link', { name: 'Area 7', exact: true }).click();
    await expect(page).toHaveURL(/\?tag=area-7/);
    await expect(page.getByRole('heading', { name: 'Area 7', level: 2 })).toBeVisible();
    await expect(page.getByRole('heading', { name: /GET \/area7\/orders19\/\{orderId\}/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: /Order7/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: /\/area6\// })).toHaveCount(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
  // Without JavaScript the tag's page is whole too.
  const plain = await browser.newContext({ baseURL: base, javaScriptEnabled: false });
  const reader = await plain.newPage();
  await reader.goto(`/services/${serviceId}?tag=area-3`);
  await expect(reader.getByRole('heading', { name: /GET \/area3\/orders0\/\{orderId\}/ })).toBeVisible();
  await plain.close();

  // Unticking "Keep the current document" and saving removes it.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/admin/services?edit=${serviceId}`);
  await page.getByLabel(/Keep the current document \(Orders/).uncheck();
  await page.getByRole('button', { name: 'Save service' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Service ${service} saved` })).toBeVisible();
  await page.goto(`/services/${serviceId}`);
  await expect(page.getByText('No API documentation yet')).toBeVisible();
  await owner.close();
});
