/**
 * The portal in a real browser: Debian's Chromium (headless, driven by playwright-core with `executablePath`;
 * nothing downloads a browser) against the local runtime `npm start` runs (default components, the portal at
 * `/`). One browser, one context in Tokyo time (the tenant is in Rome: the deadline must show in the viewer's
 * zone), one page per person. Each flow saves a screenshot under test-artifacts/portal/ and runs axe-core on
 * the page: no serious or critical violation.
 *
 * Interzen (Italian, Mon-Fri 09:00-13:00 + 14:30-18:30 Europe/Rome, Italian holidays). The clock starts on
 * Monday 7 December 2026, 16:00 in Rome; a `high` request's first response (4 working hours) counts 2.5 h on
 * Monday, skips Tuesday 8 December (Immacolata Concezione) and the night, and is due Wednesday 9 December at
 * 10:30 in Rome = 18:30 in Tokyo. At 19:00 in Rome that evening 1.5 working hours are left, and stay so
 * until Wednesday's opening.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRejectionLog } from '../../shared/adapters/dynamodb/rejection-log.js';
import { type RuntimeDriver, startRuntimeDriver } from './support/local-runtime.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'portal');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let driver: RuntimeDriver;
let browser: Browser;
let context: BrowserContext;
const pages: Record<string, Page> = {};
let ticketId = '';
let reference = '';

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  driver = await startRuntimeDriver({ start: '2026-12-07T15:00:00Z' });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  context = await browser.newContext({
    timezoneId: 'Asia/Tokyo',
    locale: 'en-GB',
    viewport: { width: 1100, height: 900 },
  });
  // Fail within a test's time with the locator named, rather than at vitest's timeout.
  context.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await driver?.stop();
});

/** Polls a page value: the portal redraws after each API answer, which takes a moment on a busy machine. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 100 });

async function signIn(name: string, tenant: string, as: string): Promise<Page> {
  const page = await context.newPage();
  pages[name] = page;
  await page.goto(`${driver.runtime.apiUrl}/`);
  await page.getByLabel('Tenant').selectOption(tenant);
  await page.getByLabel('Sign in as').selectOption(as);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signed in (in the tenant's language) once the header offers to sign out.
  await page.getByRole('button', { name: /^(Sign out|Esci)$/ }).waitFor();
  return page;
}

/** Shows the page in English (the switch), whatever the tenant's language. */
async function english(page: Page): Promise<void> {
  await page.locator('#lang').selectOption('en');
}

async function screenshotAndAxe(page: Page, flow: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${flow}.png`), fullPage: true });
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
  expect(violations, `axe on ${flow}`).toEqual([]);
}

// A flow is a few page loads and clicks, each a redraw after API calls: more than the default 30 s on 2 busy cores.
describe('the portal in Chromium', { timeout: 120_000 }, () => {
  it('a customer opens a request and sees its deadline in their zone', async () => {
    const page = await signIn('ada', 'interzen', 'customer-a');
    // The tenant's language first (Interzen: Italian), then the switch.
    await poll(() => page.locator('h1').textContent()).toBe('Le mie richieste');
    await english(page);
    await page.getByRole('link', { name: 'Open a request' }).click();
    await page.getByLabel('Subject').fill('The CSV export fails');
    await page.getByLabel('Description').fill('Every export to CSV fails with an error since this morning.');
    await page.getByLabel('Priority').fill('high');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/#\/tickets\//);
    ticketId = decodeURIComponent(page.url().split('#/tickets/')[1] ?? '');
    const first = page.locator('li[data-milestone="firstResponse"]');
    await poll(() => first.textContent()).toMatch(
      /due Wed 9 Dec, 18:30 \(Tokyo time\): .* of working time left/,
    );
    reference = ((await page.locator('h1').textContent()) ?? '').split(' · ')[0] ?? '';
    expect(reference).toMatch(/^[A-Z0-9]+-\d+$/);
    await page.getByRole('link', { name: 'My requests' }).click();
    await poll(() => page.locator(`li[data-ticket="${ticketId}"]`).count()).toBe(1);
    // Monday 19:00 in Rome: after hours, the working-time countdown stands still and says so.
    await driver.moveClock({ set: '2026-12-07T18:00:00Z' });
    await page.getByRole('link', { name: 'Open a request' }).click();
    await page.getByRole('link', { name: 'My requests' }).click();
    await poll(() =>
      page.locator(`li[data-ticket="${ticketId}"] li[data-milestone="firstResponse"]`).textContent(),
    ).toMatch(/: 1 h 30 min of working time left — clock stopped: outside working hours$/);
    await screenshotAndAxe(page, '1-customer-request');
  });

  it('an agent finds it at the top of the queue, replies, and the customer sees the reply', async () => {
    // A later deadline in the same queue: low priority, first response within 16 working hours.
    const ada = await driver.token({
      tenant: 'interzen',
      role: 'customer',
      email: 'ada@example.org',
      sub: 'local-customer-ada',
    });
    const other = await driver.call('POST', '/tickets', ada, {
      subject: 'A question about invoices',
      description: 'When is the next invoice due?',
      priority: 'low',
    });
    expect(other.status).toBe(201);
    // A stranger wrote on it: refused and recorded (as the inbound handler does), shown to staff on the ticket.
    await new DynamoRejectionLog(driver.runtime.dynamoDb, driver.runtime.tableName).record('interzen', {
      reason: 'not-a-participant',
      details: `eve@stranger.example is neither on ticket ${reference} nor staff: nothing was posted`,
      sesMessageId: 'portal-refused-1',
      from: 'eve@stranger.example',
      recipients: ['interzen@support.localhost'],
      receivedAt: '2026-12-07T15:30:00Z',
      ticketId,
      ticketReference: reference,
    });
    const page = await signIn('agent', 'interzen', 'agent');
    await english(page);
    await poll(() => page.locator('table.queue tbody tr').first().getAttribute('data-ticket')).toBe(ticketId);
    await page.locator('table.queue tbody tr').first().getByRole('link').click();
    await poll(() => page.locator('ul.refused').textContent()).toContain('eve@stranger.example');
    await page.getByLabel('Your reply').fill('We are looking into the export now.');
    await page.getByRole('button', { name: 'Reply' }).click();
    await poll(() => page.locator('.conversation').textContent()).toContain(
      'We are looking into the export now.',
    );
    await page.getByLabel('Your reply').fill('Probably the new CSV library.');
    await page.getByLabel('Internal note (not shown to the customer)').check();
    await page.getByRole('button', { name: 'Reply' }).click();
    await poll(() => page.locator('.comment.internal').count()).toBe(1);
    await screenshotAndAxe(page, '2-agent-ticket');

    const customer = pages.ada as Page;
    await customer.goto(`${driver.runtime.apiUrl}/#/tickets/${encodeURIComponent(ticketId)}`);
    await customer.reload();
    // A reload forgets the in-memory token: sign in again, then open the request.
    await customer.getByLabel('Tenant').selectOption('interzen');
    await customer.getByRole('button', { name: /Sign in|Accedi/ }).click();
    await customer.getByRole('button', { name: /^(Sign out|Esci)$/ }).waitFor();
    await english(customer);
    await customer.goto(`${driver.runtime.apiUrl}/#/tickets/${encodeURIComponent(ticketId)}`);
    await poll(() => customer.locator('.conversation').textContent()).toContain(
      'We are looking into the export now.',
    );
    expect(await customer.locator('.conversation').textContent()).not.toContain('CSV library');
    expect(await customer.locator('ul.refused').count()).toBe(0);
    await screenshotAndAxe(customer, '2-customer-sees-reply');
  });

  it('the receipt timeline shows a holiday by its name', async () => {
    const page = pages.agent as Page;
    await page.goto(`${driver.runtime.apiUrl}/#/tickets/${encodeURIComponent(ticketId)}`);
    const timeline = page.locator('svg.timeline');
    await poll(() => timeline.count()).toBe(1);
    // The gap before Wednesday's opening: the evening, the holiday by its name, the night.
    const labels = await timeline.locator('text.tl-gap-label').allTextContents();
    expect(
      labels.some((label) => label.includes('Immacolata Concezione')),
      labels.join(' | '),
    ).toBe(true);
    await timeline.scrollIntoViewIfNeeded();
    await screenshotAndAxe(page, '3-receipt-timeline');
  });

  it("the local clock moves past a deadline and the agent's queue shows it breached", async () => {
    // Resolution of a `high` request: 2 working days (16 h), due Thursday 10 December 16:00 in Rome.
    await driver.moveClock({ set: '2026-12-11T09:00:00Z' });
    const page = pages.agent as Page;
    await page.goto(`${driver.runtime.apiUrl}/#/queue`);
    await page.getByLabel('Breached only').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    const row = page.locator(`table.queue tbody tr[data-ticket="${ticketId}"]`);
    await poll(() => row.getAttribute('class')).toBe('breached');
    expect(await row.textContent()).toContain('breached');
    await screenshotAndAxe(page, '4-queue-breached');
  });

  it("a second customer of the tenant cannot see the first one's request", async () => {
    const page = await signIn('bruno', 'interzen', 'customer-b');
    await english(page);
    await poll(() => page.locator('h1').textContent()).toBe('My requests');
    expect(await page.locator(`li[data-ticket="${ticketId}"]`).count()).toBe(0);
    await page.goto(`${driver.runtime.apiUrl}/#/tickets/${encodeURIComponent(ticketId)}`);
    await poll(() => page.locator('[role="alert"]').textContent()).toContain('Not found');
    await screenshotAndAxe(page, '5-other-customer-not-found');
  });

  it("an admin reads compliance (or that reports are not available) and the tenant's calendar as a week", async () => {
    const page = await signIn('admin', 'interzen', 'admin');
    await english(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    await poll(() => page.locator('svg.week rect.open').count()).toBeGreaterThan(0);
    expect(await page.locator('h2').first().textContent()).toContain('interzen-working');
    await screenshotAndAxe(page, '6-admin-settings');
    await page.getByRole('link', { name: 'Compliance' }).click();
    await poll(() => page.locator('main table, main .unavailable').count()).toBe(1);
    await screenshotAndAxe(page, '6-admin-compliance');
  });

  it('the local sign-in names the field it refuses', async () => {
    const res = await fetch(`${driver.runtime.apiUrl}/_local/portal/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'nobody', as: 'agent' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^tenant: must be one of/,
    );
  });
});
