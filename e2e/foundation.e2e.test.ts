import {
  DEMO_LOGIN,
  entityByPlural,
  getTenantBySlug,
  listEntities,
  systemActor,
  systemClock,
} from '@temops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SCREENSHOTS, startHarness } from './browser.ts';

describe('web UI in Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('signs in, switches tenant, creates a cost center and finds it in the list', async () => {
    const { page } = h;
    await page.goto(`${h.url}/t/demo/vendors`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('E-mail').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByText('Wrong e-mail or password').waitFor();
    await h.shot('01-login-error');

    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/t\/demo\/vendors/);
    const table = page.getByTestId('entity-table');
    await table.getByText('Verizon Wireless').first().waitFor();
    await h.shot('02-vendors-northwind');

    await page.getByTestId('tenant-switcher').click();
    await page.getByRole('option', { name: /Globex Logistics/ }).click();
    await page.waitForURL(/\/t\/globex\/vendors/);
    await page.getByRole('link', { name: 'Cost centers' }).click();
    await page.waitForURL(/\/t\/globex\/cost-centers/);
    await table.locator('tbody tr').first().waitFor();
    await h.shot('03-cost-centers-globex');

    await page.getByTestId('new-entity').click();
    await page.locator('input[name="code"]').fill('7777');
    await page.getByTestId('save-entity').click();
    await page.getByText('required').first().waitFor();
    await h.shot('04-form-validation');
    await page.locator('input[name="name"]').fill('Fleet Telematics');
    await page.getByTestId('save-entity').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByPlaceholder(/search/i).fill('Fleet');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 5000 }).toBe(1);
    await table.getByText('Fleet Telematics').waitFor();
    await h.shot('05-cost-center-created');

    // The row landed in Globex, audited, and not in Northwind.
    const ctxFor = async (slug: string) => ({
      db: h.store.db,
      engine: h.store.engine,
      tenantId: (await getTenantBySlug(h.store, slug)).id,
      actor: systemActor('e2e'),
      clock: systemClock,
    });
    const cc = entityByPlural('cost-centers')!;
    expect((await listEntities(await ctxFor('globex'), cc, { q: 'Fleet Telematics' })).total).toBe(1);
    expect((await listEntities(await ctxFor('demo'), cc, { q: 'Fleet Telematics' })).total).toBe(0);
  });

  it('serves interactive API docs without any network beyond the server', async () => {
    const page = await h.browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(h.url) && !r.url().startsWith('data:')) external.push(r.url());
    });
    await page.goto(`${h.url}/api/docs`);
    await page.getByText('TEMOps API').first().waitFor();
    await page.locator('.opblock-tag', { hasText: 'Cost center' }).first().click();
    await page.getByText('/api/t/{tenant}/cost-centers').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/06-api-docs.png` });
    expect(external).toEqual([]);
    await page.close();
  });
});
