import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_LOGIN, ruleByCode } from '@temops/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './browser.ts';

/** "1,234.50 USD" → 123450n (cents), for comparing the money column without floats. */
function cents(text: string): bigint {
  const m = /(-?)([\d,]+)\.(\d{2})/.exec(text);
  if (!m) throw new Error(`no amount in ${JSON.stringify(text)}`);
  const n = BigInt(m[2]!.replace(/,/g, '') + m[3]);
  return m[1] ? -n : n;
}

/** A full-page picture from the top: scrolled, the fixed header would be painted mid-page. */
async function shot(h: Harness, name: string) {
  await h.page.evaluate(() => window.scrollTo(0, 0));
  await h.shot(name);
}

/** Waits like the page does: the server answers slowly while the machine is busy. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });

/** The N of "1–25 of N" under a paged table. */
async function rangeTotal(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  return Number(/of ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
}

async function varianceColumn(page: Page): Promise<bigint[]> {
  const cells = await page.getByTestId('exception-variance').allTextContents();
  return cells.map(cents);
}

async function signIn(h: Harness) {
  const { page } = h;
  await page.goto(`${h.url}/login`);
  await page.getByLabel('E-mail').fill(DEMO_LOGIN.email);
  await page.getByLabel('Password').fill(DEMO_LOGIN.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/t\/demo\//);
}

async function transition(page: Page, to: string, reason: string) {
  await page.getByTestId(`transition-${to}`).click();
  const modal = page.getByTestId('transition-modal');
  await modal.getByTestId('transition-reason').fill(reason);
  await modal.getByTestId('transition-submit').click();
  await page.locator(`[data-testid="exception-detail"][data-state="${to}"]`).waitFor();
  await modal.waitFor({ state: 'detached' });
}

describe('exceptions, approval and audit settings in Chromium', () => {
  let h: Harness;
  // The demo load runs the import-time audit over every bill: slower than the other suites' setup.
  beforeAll(async () => {
    h = await startHarness();
    await signIn(h);
  }, 240_000);
  afterAll(() => h?.close());

  it('runs the audit from the runs page and shows its per-rule figures', async () => {
    const { page } = h;
    page.setDefaultTimeout(30_000);
    await page.getByTestId('nav-audit/runs').click();
    await page.getByTestId('run-row').first().waitFor();
    const before = await rangeTotal(page, 'runs-range');
    await page.getByTestId('run-audit').click();
    await page.getByTestId('run-period').waitFor();
    await shot(h, '28-audit-run-modal');
    await page.getByTestId('run-submit').click();
    await page.getByTestId('run-done').waitFor();
    await poll(() => rangeTotal(page, 'runs-range')).toBe(before + 1);
    // The new run opens expanded, with one line per rule.
    const breakdown = page.getByTestId('run-breakdown').first();
    await breakdown.waitFor();
    expect(await breakdown.locator('tbody tr').count()).toBeGreaterThan(3);
    await shot(h, '29-audit-runs');
  }, 120_000);

  it('works the largest exception from the queue to resolved', async () => {
    const { page } = h;
    page.setDefaultTimeout(15_000);

    await page.getByTestId('nav-exceptions').click();
    await page.getByTestId('exception-row').first().waitFor();
    expect(await rangeTotal(page, 'exceptions-range')).toBeGreaterThan(0);
    await shot(h, '30-exception-queue');

    // A charge-level rule, so the exception has a billed service to chart: the rule of the
    // active finding with the most money at stake among those naming a service on an invoice.
    const target = await h.store.db
      .selectFrom('findings')
      .innerJoin('tenants', 'tenants.id', 'findings.tenant_id')
      .select('findings.rule')
      .where('tenants.slug', '=', 'demo')
      .where('findings.state', 'in', ['open', 'in_progress', 'disputed'])
      .where('findings.service_identifier', 'is not', null)
      .where('findings.invoice_id', 'is not', null)
      .orderBy('findings.variance_nanos', 'desc')
      .executeTakeFirstOrThrow();
    const ruleName = ruleByCode(target.rule)!.name;
    await page.getByTestId('filter-rule').click();
    await page.getByTestId('filter-rule').fill(ruleName);
    await page.getByRole('option', { name: ruleName, exact: true }).click();
    await poll(async () => [...new Set(await page.getByTestId('exception-rule').allTextContents())]).toEqual([
      ruleName,
    ]);
    const activeBefore = await rangeTotal(page, 'exceptions-range');

    // Sort by age first, then by money at stake: the first click on a money column is largest first.
    await page.getByTestId('sort-age').click();
    await poll(() => page.getByTestId('sort-age').getAttribute('data-active')).toBe('true');
    await page.getByTestId('sort-variance').click();
    await poll(() => page.getByTestId('sort-variance').getAttribute('data-dir')).toBe('desc');
    await poll(async () => {
      const v = await varianceColumn(page);
      return v.length > 0 && v.every((x, i) => i === 0 || v[i - 1]! >= x);
    }).toBe(true);
    const top = page.getByTestId('exception-row').first();
    const id = (await top.getAttribute('data-id'))!;
    const topVariance = cents((await top.getByTestId('exception-variance').textContent())!);
    await shot(h, '31-exception-queue-by-money');

    // The top exception: its money, evidence and the billed-by-month chart.
    await top.getByTestId('exception-link').click();
    await page.locator(`[data-testid="exception-detail"][data-id="${id}"]`).waitFor();
    expect(cents((await page.getByTestId('money-variance').textContent())!)).toBe(topVariance);
    const evidence = page.getByTestId('exception-evidence');
    expect(await evidence.getByTestId('evidence-row').count()).toBeGreaterThan(0);
    const chart = page.getByTestId('exception-chart');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    // The month the exception is about stands out.
    expect(await chart.getByTestId('chart-highlight').count()).toBe(1);
    await page.mouse.move(0, 0); // no tooltip over the chart in the picture
    await shot(h, '32-exception-detail');

    // Assign to self, start work, comment, resolve.
    await page.getByTestId('assign-me').click();
    await poll(() => page.getByTestId('exception-owner').textContent()).toContain('Demo Administrator');
    await transition(page, 'in_progress', 'Checking the contract rate with the vendor');
    await page.getByTestId('comment-input').fill('Vendor confirmed the overcharge; credit requested.');
    await page.getByTestId('comment-add').click();
    await page.getByTestId('comment-body').filter({ hasText: 'credit requested' }).waitFor();
    const reply = path.join(tmpdir(), `temops-e2e-vendor-reply-${process.pid}.txt`);
    writeFileSync(reply, 'We will credit the AVPN charge on the next bill.\n');
    await page.getByTestId('attachment-upload-input').setInputFiles(reply);
    const download = page.getByTestId('attachment-download').filter({ hasText: path.basename(reply) });
    await download.waitFor();
    const file = await page.request.get(new URL((await download.getAttribute('href'))!, h.url).toString());
    expect(await file.text()).toContain('credit the AVPN charge');
    await shot(h, '33-exception-in-progress');

    // Now it is on "My work"; back to the exception from there.
    await page.getByTestId('nav-my-work').click();
    await page.locator(`[data-testid="exception-row"][data-id="${id}"]`).waitFor();
    await shot(h, '34-my-work');
    await page.goBack();
    await page.locator(`[data-testid="exception-detail"][data-id="${id}"]`).waitFor();

    await page.getByTestId('transition-resolved_corrected').click();
    await page.getByTestId('transition-reason').waitFor();
    await shot(h, '35-exception-resolve-modal');
    await page.getByTestId('transition-reason').fill('Credit memo CM-4471 received for the full amount');
    await page.getByTestId('transition-submit').click();
    await page.locator('[data-testid="exception-detail"][data-state="resolved_corrected"]').waitFor();
    await poll(() => page.getByTestId('resolution-reason').textContent()).toContain('Credit memo CM-4471');
    expect(await page.getByTestId('history-event').count()).toBeGreaterThanOrEqual(4);
    await shot(h, '36-exception-resolved');

    // Back to the same filtered queue: one fewer active, and the exception is not in it.
    await page.getByTestId('back-to-queue').click();
    await page.getByTestId('exception-row').first().waitFor();
    await poll(() => rangeTotal(page, 'exceptions-range')).toBe(activeBefore - 1);
    expect(await page.locator(`[data-testid="exception-row"][data-id="${id}"]`).count()).toBe(0);

    // Under "All" it is listed with its resolution.
    const { service_identifier } = await h.store.db
      .selectFrom('findings')
      .select('service_identifier')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await page.getByTestId('filter-state-set').getByText('All', { exact: true }).click();
    await page.getByTestId('filter-q').fill(service_identifier!);
    await poll(async () => {
      const shown = await page.getByTestId('exception-link').allTextContents();
      return shown.length > 0 && shown.every((t) => t.includes(service_identifier!));
    }).toBe(true);
    const row = page.locator(`[data-testid="exception-row"][data-id="${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('resolved_corrected');
    expect(await row.getByTestId('state-badge').textContent()).toMatch(/corrected/i);
    await shot(h, '37-exception-queue-all');

    const stored = await h.store.db
      .selectFrom('findings')
      .select(['state', 'resolution_reason', 'closed_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.state).toBe('resolved_corrected');
    expect(stored.resolution_reason).toContain('CM-4471');
    expect(stored.closed_at).not.toBeNull();
  }, 120_000);

  it('assigns a page of exceptions and waives them in bulk', async () => {
    const { page } = h;
    page.setDefaultTimeout(15_000);
    await page.goto(`${h.url}/t/demo/exceptions?severity=low&pageSize=25`);
    await page.getByTestId('exception-row').first().waitFor();
    const before = await rangeTotal(page, 'exceptions-range');
    await page.getByTestId('select-page').check();
    await poll(() => page.getByTestId('selection-count').textContent()).toBe('25 selected');

    await page.getByTestId('bulk-assign').click();
    await page.getByTestId('assign-owner').click();
    await page.getByRole('option', { name: /\(me\)/ }).click();
    await page.getByTestId('assign-submit').click();
    await poll(() => page.getByTestId('bulk-result').textContent()).toMatch(/^25 exceptions updated/);
    await poll(async () => new Set(await page.getByTestId('exception-owner').allTextContents())).toEqual(
      new Set(['Demo Administrator']),
    );

    await page.getByTestId('select-page').check();
    await page.getByTestId('bulk-transition').click();
    await page.getByTestId('transition-to').click();
    await page.getByRole('option', { name: 'Waived' }).click();
    await page.getByTestId('transition-reason').fill('Low-usage lines kept on purpose for the winter season');
    await shot(h, '38-exceptions-bulk-waive');
    await page.getByTestId('transition-submit').click();
    await poll(() => page.getByTestId('bulk-result').textContent()).toMatch(/^25 exceptions updated/);
    await poll(() => rangeTotal(page, 'exceptions-range')).toBe(before - 25);
  }, 120_000);

  it('refuses full approval while a blocking exception is open, approves partially', async () => {
    const { page } = h;
    page.setDefaultTimeout(15_000);
    // The demo's rules open nothing blocking, and a run keeps an open finding's blocking flag as
    // it was opened; so this test marks one high-severity finding blocking, as the rule
    // "Billed after disconnect" would have opened it.
    const blocked = await h.store.db
      .selectFrom('findings')
      .innerJoin('tenants', 'tenants.id', 'findings.tenant_id')
      .innerJoin('invoices', 'invoices.id', 'findings.invoice_id')
      .select(['findings.id', 'findings.invoice_id as invoiceId'])
      .where('tenants.slug', '=', 'demo')
      .where('findings.severity', '=', 'high')
      .where('findings.state', '=', 'open')
      .where('invoices.status', 'in', ['received', 'audited', 'in_review', 'on_hold'])
      .orderBy('findings.variance_nanos', 'desc')
      .executeTakeFirstOrThrow();
    await h.store.db.updateTable('findings').set({ blocking: 1 }).where('id', '=', blocked.id).execute();
    await page.goto(`${h.url}/t/demo/invoices/${blocked.invoiceId}`);
    const bar = page.getByTestId('approval-bar');
    await bar.waitFor();
    expect(await bar.getByTestId('approval-counts').textContent()).toMatch(/[1-9]\d* blocking/);
    const panel = page.getByTestId('invoice-exceptions');
    await panel.getByTestId('invoice-exception-row').first().waitFor();

    await bar.getByTestId('approve-full').click();
    await page.getByTestId('approval-submit').click();
    await page.getByTestId('approval-refused').waitFor();
    expect(await page.getByTestId('approval-refused').textContent()).toMatch(/blocking exception/i);
    await shot(h, '40-invoice-approval-refused');

    await bar.getByTestId('approve-partial').click();
    await page.getByTestId('approval-text').fill('Pay the undisputed part');
    await page.getByTestId('approval-submit').click();
    await poll(() => bar.getByTestId('approval-status').textContent()).toMatch(/approved partial/i);
    await bar.getByTestId('approval-approved').waitFor();
    await shot(h, '41-invoice-approved-partially');
    const stored = await h.store.db
      .selectFrom('invoices')
      .select(['status', 'approved_nanos', 'current_charges_nanos'])
      .where('id', '=', blocked.invoiceId!)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('approved_partial');
    expect(stored.approved_nanos!).toBeLessThan(stored.current_charges_nanos);
  }, 120_000);

  it('changes a rule, a service level and adds a routing rule', async () => {
    const { page } = h;
    page.setDefaultTimeout(15_000);
    await page.getByTestId('nav-audit/rules').click();
    const card = page.locator('[data-testid="rule-card"][data-rule="billed_after_disconnect"]');
    await card.waitFor();
    await card.getByTestId('param-minAmount').fill('5');
    await card.getByTestId('rule-save').click();
    await card.getByTestId('rule-saved').waitFor();
    await shot(h, '42-audit-rules');
    const setting = await h.store.db
      .selectFrom('audit_rule_settings')
      .innerJoin('tenants', 'tenants.id', 'audit_rule_settings.tenant_id')
      .select('audit_rule_settings.params_json')
      .where('tenants.slug', '=', 'demo')
      .where('audit_rule_settings.rule', '=', 'billed_after_disconnect')
      .where('audit_rule_settings.vendor_key', '=', '')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(setting.params_json)).toMatchObject({
      minAmount: expect.stringMatching(/^5(\.0+)?$/),
    });

    await page.getByTestId('tab-sla').click();
    const high = page.locator('[data-testid="sla-row"][data-severity="high"]').getByTestId('sla-days');
    await high.fill('3');
    await page.getByTestId('sla-save').click();
    await page.getByTestId('sla-saved').waitFor();
    await shot(h, '43-audit-sla');

    await page.getByTestId('tab-routing').click();
    await page.getByTestId('routing-add').click();
    await page.getByTestId('routing-name').fill('Large disputes to AP');
    await page.getByTestId('routing-min-variance').fill('1000');
    await page.getByTestId('routing-queue').fill('accounts-payable');
    await page.getByTestId('routing-save').click();
    const route = page.getByTestId('routing-row').filter({ hasText: 'Large disputes to AP' });
    await route.waitFor();
    expect(await route.textContent()).toContain('1,000.00');
    await shot(h, '44-audit-routing');
  }, 120_000);
});
