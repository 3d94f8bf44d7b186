import path from 'node:path';
import { DEMO_LOGIN } from '@temops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './browser.ts';

describe('bill ingestion in Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('uploads an EDI 811 and a broken file, then reads the invoice down to its charges', async () => {
    const { page } = h;
    await page.goto(`${h.url}/login`);
    await page.getByLabel('E-mail').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/t\/demo\//);

    await page.goto(`${h.url}/t/demo/imports`);
    await page
      .getByTestId('import-file-input')
      .setInputFiles([
        path.resolve('fixtures/x12/att-like-4010.edi'),
        path.resolve('fixtures/x12/truncated-mid-segment.edi'),
      ]);
    const good = page.locator('[data-testid="import-result"][data-file="att-like-4010.edi"]');
    const bad = page.locator('[data-testid="import-result"][data-file="truncated-mid-segment.edi"]');
    await good.and(page.locator('[data-status="imported"]')).waitFor({ timeout: 20_000 });
    await bad.and(page.locator('[data-status="rejected"]')).waitFor({ timeout: 20_000 });
    expect(await bad.getByTestId('import-error').textContent()).toMatch(/segment 8/);
    await h.shot('10-imports');

    await good.getByTestId('import-invoices').getByRole('link').first().click();
    await page.getByTestId('totals-check').waitFor();
    const check = await page.getByTestId('totals-check').textContent();
    expect(check).toMatch(/544\.21/);
    await page.getByTestId('charges-by-service').waitFor();
    await page.getByTestId('charge-lines').locator('tbody tr').first().waitFor();
    await h.shot('11-invoice-detail');

    await page.goto(`${h.url}/t/demo/invoices`);
    await page.getByTestId('invoice-table').locator('tbody tr').first().waitFor();
    // The demo tenant carries three months of carrier bills; the search narrows to the upload.
    await page.getByPlaceholder('Invoice or account number').fill('ATT2503015551');
    await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(1);
    await h.shot('12-invoice-list');
  });
});
