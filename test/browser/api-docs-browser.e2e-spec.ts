import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TempDatabase } from '../support/gateway-app.js';
import { chromiumAvailability, launchChromium, watchPolicyViolations } from './browser.js';

const availability = chromiumAvailability();

describe.skipIf(!availability.run)('gateway API docs in a real browser (Debian chromium)', () => {
  const database = new TempDatabase();
  let gateway: INestApplication;
  let browser: Browser;

  beforeAll(async () => {
    gateway = await startGateway(database.url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    database.remove();
  });

  it('renders Swagger UI under the docs policy without a Content-Security-Policy violation', async () => {
    const context = await browser.newContext();
    const violations = await watchPolicyViolations(context);
    const page = await context.newPage();
    const base = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
    const answer = await page.goto(`${base}/api/docs`);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock', { hasText: '/api/v1/commands' }).first().waitFor({ timeout: 15_000 });
    expect(violations).toEqual([]);
    await context.close();
  });
});
