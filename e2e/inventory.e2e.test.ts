import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_LOGIN } from '@temops/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './browser.ts';

const NEW_LINES = 25;

/** A carrier's new-activation report: 25 lines nobody has been assigned to yet. */
function activationFile(): string {
  const rows = Array.from(
    { length: NEW_LINES },
    (_, i) => `wireless,(312) 555-${String(7000 + i)},VZW,Smartphone (new hire),active,2026-11-02`,
  );
  const file = path.join(tmpdir(), `temops-e2e-activations-${process.pid}.csv`);
  // "Line Kind" is no header the import knows: the analyst maps it by hand.
  writeFileSync(
    file,
    `Line Kind,Wireless Number,Carrier,Description,Status,Activation Date\n${rows.join('\n')}\n`,
  );
  return file;
}

async function ruleFailing(page: Page, rule: string): Promise<number> {
  const cell = page.locator(
    `[data-testid="dq-rule-row"][data-rule="${rule}"] [data-testid="dq-rule-failing"]`,
  );
  await cell.waitFor();
  return Number((await cell.textContent())!.replace(/\D/g, ''));
}

async function overall(page: Page): Promise<number> {
  const text = await page.getByTestId('dq-overall-score').textContent();
  return Number(text!.replace('%', ''));
}

describe('inventory and data quality in Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('imports new lines, sees the score fall, assigns an owner in bulk and sees it rise', async () => {
    const { page } = h;
    page.setDefaultTimeout(15_000);
    await page.goto(`${h.url}/login`);
    await page.getByLabel('E-mail').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/t\/demo\//);

    await page.goto(`${h.url}/t/demo/data-quality`);
    const ownerless = await ruleFailing(page, 'no_owner');
    const before = await overall(page);
    expect(before).toBeGreaterThan(50);
    expect(before).toBeLessThan(100);

    // Import: the dry run shows what would change, nothing is written until Apply.
    await page.goto(`${h.url}/t/demo/services`);
    await page.getByTestId('service-row').first().waitFor();
    await h.shot('20-inventory');
    await page.getByTestId('services-import').click();
    await page.getByTestId('services-file').setInputFiles(activationFile());
    await page.getByText(/missing column\(s\) type/).waitFor();
    await page.getByTestId('map-type').click();
    await page.getByRole('option', { name: 'Line Kind' }).click();
    await page.getByTestId('import-summary').waitFor();
    expect(await page.getByTestId('import-summary').textContent()).toMatch(
      new RegExp(`${NEW_LINES}\\s*creates?`, 'i'),
    );
    await h.shot('21-inventory-import-dry-run');
    await page.getByTestId('import-apply').click();
    await page.getByTestId('import-summary').getByText('applied').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByPlaceholder(/number, description/i).fill('+1312555700');
    await expect.poll(() => page.getByTestId('service-row').count()).toBe(10);

    await page.goto(`${h.url}/t/demo/data-quality`);
    await expect.poll(() => ruleFailing(page, 'no_owner')).toBe(ownerless + NEW_LINES);
    const afterImport = await overall(page);
    expect(afterImport).toBeLessThan(before);

    // Fix: drill into "No owner", select the page, give the lines an owner in one action.
    await page.locator('[data-testid="dq-rule-row"][data-rule="no_owner"]').getByText('Drill down').click();
    const drawer = page.getByTestId('dq-drilldown');
    await drawer.getByTestId('dq-item-row').first().waitFor();
    await drawer.getByTestId('dq-select-all').check();
    const selected = await drawer.getByTestId('dq-item-select').count();
    expect(selected).toBeGreaterThan(0);
    // Someone still employed: giving the lines to a leaver would only move them to "Owner has left".
    const staff = await h.store.db
      .selectFrom('people')
      .select(['name', 'employee_id'])
      .where('leaver_date', 'is', null)
      .orderBy('employee_id')
      .executeTakeFirstOrThrow();
    await drawer.getByTestId('dq-bulk-owner').click();
    await drawer.getByTestId('dq-bulk-owner').fill(staff.employee_id);
    await page
      .getByRole('option', { name: new RegExp(staff.name) })
      .first()
      .click();
    await h.shot('22-dq-drilldown-fix');
    await drawer.getByTestId('dq-apply-fix').click();
    await page.getByTestId('dq-fix-done').waitFor();
    await page.keyboard.press('Escape');

    await expect.poll(() => ruleFailing(page, 'no_owner')).toBe(ownerless + NEW_LINES - selected);
    await expect.poll(() => overall(page)).toBeGreaterThan(afterImport);
    await h.shot('23-dq-after-fix');
  }, 120_000);
});
