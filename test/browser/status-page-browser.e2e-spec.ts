import type { INestApplication } from '@nestjs/common';
import { UnitOfWork } from '@firebreak/incident';
import { saveWriteUp } from '@firebreak/incident/testing';
import type { Browser, BrowserContext } from 'playwright-core';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BEARER, startGateway, TempDatabase } from '../support/gateway-app.js';
import { baseUrlOf, settle, startStatusPage } from '../support/status-page-app.js';
import {
  axeViolations,
  chromiumAvailability,
  launchChromium,
  screenshot,
  watchPolicyViolations,
} from './browser.js';

const HOUR = 3_600_000;
const availability = chromiumAvailability();

describe.skipIf(!availability.run)(
  'status page in a real browser (Debian chromium + playwright-core)',
  () => {
    const database = new TempDatabase();
    let gateway: INestApplication;
    let statusPage: INestApplication;
    let browser: Browser;
    let context: BrowserContext;
    let base: string;
    let violations: string[];
    const api = (method: 'post' | 'put', path: string) =>
      request(gateway.getHttpServer())[method](path).set('Authorization', BEARER);

    beforeAll(async () => {
      gateway = await startGateway(database.url);
      statusPage = await startStatusPage(database.url);
      base = await baseUrlOf(statusPage);
      await api('post', '/api/v1/components')
        .send({ name: 'API', group: 'Core', description: 'Public REST API' })
        .expect(201);
      await api('post', '/api/v1/components').send({ name: 'Dashboard', group: 'Core' }).expect(201);
      await api('post', '/api/v1/components').send({ name: 'Webhooks' }).expect(201);
      await api('post', '/api/v1/incidents')
        .send({ title: 'Elevated API errors', publicTitle: 'Elevated API errors', severity: 'major' })
        .expect(201);
      await api('put', '/api/v1/components/api/status')
        .send({ status: 'partial_outage', incident: 'INC-1' })
        .expect(200);
      await api('post', '/api/v1/incidents/INC-1/updates')
        .send({ body: 'We are investigating <b>errors</b> on the API.' })
        .expect(201);
      const now = Date.now();
      await api('post', '/api/v1/maintenances')
        .send({
          title: 'Webhook queue migration',
          body: 'Deliveries may be delayed.',
          components: ['webhooks'],
          scheduledFor: new Date(now + 2 * HOUR).toISOString(),
          scheduledUntil: new Date(now + 3 * HOUR).toISOString(),
        })
        .expect(201);
      await saveWriteUp(statusPage.get(UnitOfWork), {
        slug: 'api-errors-in-march',
        incidentRef: null,
        title: 'API errors in March',
        markdown:
          '# Summary\n\nA config change.\n\n## What we changed\n\n- Canary deploys\n- Better alerts\n\n```\nretry: 3\n```',
        state: 'published',
        publishedAt: new Date(now - HOUR),
        createdAt: new Date(now - 2 * HOUR),
        updatedAt: new Date(now - HOUR),
      });
      await settle(statusPage);
      browser = await launchChromium();
      context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
      violations = await watchPolicyViolations(context);
    });

    // Live updates, local times and tooltips all run under the page's Content-Security-Policy.
    afterEach(() => {
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await statusPage?.close();
      await gateway?.close();
      database.remove();
    });

    it('shows an update published through the gateway API live, without reloading', async () => {
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.waitForSelector('body[data-live-connected="true"]');
      await page.evaluate('window.loadedOnce = true');
      await screenshot(page, 'home-before-live-update');

      await api('post', '/api/v1/incidents/INC-1/updates')
        .send({ body: 'Fix deployed, monitoring <i>recovery</i>.' })
        .expect(201);
      await page.getByText('Fix deployed, monitoring <i>recovery</i>.').waitFor({ timeout: 10_000 });
      await api('put', '/api/v1/components/api/status')
        .send({ status: 'major_outage', incident: 'INC-1' })
        .expect(200);
      await page
        .locator('[data-component="api"] .chip', { hasText: 'Major outage' })
        .waitFor({ timeout: 10_000 });

      expect(await page.evaluate('window.loadedOnce')).toBe(true);
      const updates = await page.locator('#incident-INC-1 .update .body').allTextContents();
      expect(updates).toEqual([
        'Fix deployed, monitoring <i>recovery</i>.',
        'We are investigating <b>errors</b> on the API.',
      ]);
      expect(await page.locator('h1#overall-status').textContent()).toMatch(/Outage|Operational/);
      await screenshot(page, 'home-after-live-update');
      await page.close();
    });

    it('updates an open incident page live when the incident is resolved', async () => {
      const page = await context.newPage();
      await page.goto(`${base}/incidents/INC-1`);
      await page.waitForSelector('body[data-live-connected="true"]');
      await api('post', '/api/v1/incidents/INC-1/status').send({ status: 'resolved' }).expect(200);
      await page
        .locator('[data-live-region="status-INC-1"]', { hasText: 'Resolved' })
        .waitFor({ timeout: 10_000 });
      await api('post', '/api/v1/incidents/INC-1/updates').send({ body: 'All clear.' }).expect(201);
      await page.locator('.update .body', { hasText: 'All clear.' }).waitFor({ timeout: 10_000 });
      await screenshot(page, 'incident-live-resolved');
      await page.close();
    });

    it('shows times in the viewer’s zone once the script runs, and UTC in the markup', async () => {
      const page = await context.newPage();
      await page.goto(`${base}/incidents/INC-1`);
      const time = page.locator('.update time').first();
      expect(await time.getAttribute('datetime')).toMatch(/Z$/);
      await expect.poll(() => time.textContent()).toMatch(/E[SD]T/);
      expect(await page.locator('[data-zone]').textContent()).toBe('America/New_York');
      await page.close();
    });

    it('shows an uptime tooltip on keyboard focus', async () => {
      const page = await context.newPage();
      await page.goto(`${base}/`);
      const notable = page.locator('[data-component="api"] .bar[tabindex="0"]').last();
      await notable.focus();
      const tip = notable.locator('.tip');
      const clip = await tip.evaluate(
        (element) =>
          (globalThis as unknown as { getComputedStyle(node: unknown): { clip: string } }).getComputedStyle(
            element,
          ).clip,
      );
      expect(clip).toBe('auto');
      expect(await tip.textContent()).toContain('INC-1: Elevated API errors');
      await page.close();
    });

    const PAGES = [
      '/',
      '/incidents/INC-1',
      '/history',
      '/blog',
      '/blog/api-errors-in-march',
      '/no-such-page',
    ];
    for (const scheme of ['light', 'dark'] as const)
      it(`has no axe-core violations on any page (${scheme} scheme)`, async () => {
        const page = await context.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        for (const path of PAGES) {
          await page.goto(`${base}${path}`);
          const violations = await axeViolations(page);
          expect(violations, `${path} (${scheme}): ${JSON.stringify(violations, null, 2)}`).toEqual([]);
          await screenshot(page, `${scheme}${path === '/' ? '-home' : path.replace(/\//g, '-')}`);
        }
        await page.close();
      });

    it('enforces its Content-Security-Policy: the browser refuses an image from an unlisted host and an inline script', async () => {
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.waitForSelector('body[data-live-connected="true"]');
      await page.evaluate(`document.body.insertAdjacentHTML('beforeend',
        '<img alt="" src="https://tracker.example.net/pixel.gif">');
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.append(script);`);
      await expect.poll(() => violations.length).toBeGreaterThanOrEqual(2);
      expect(violations.join('\n')).toContain('tracker.example.net');
      expect(violations.join('\n')).toMatch(/inline script|script-src/);
      expect(await page.evaluate('window.inlineRan === true')).toBe(false);
      violations.length = 0;
      await page.close();
    });

    it('fits a 320 px wide screen without horizontal scrolling', async () => {
      const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
      await watchPolicyViolations(narrow, violations);
      const page = await narrow.newPage();
      for (const path of PAGES) {
        await page.goto(`${base}${path}`);
        const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
        expect(width, path).toBeLessThanOrEqual(320);
      }
      await page.goto(`${base}/`);
      await screenshot(page, 'narrow-320-home');
      await narrow.close();
    });

    it('works without JavaScript: content is server-rendered', async () => {
      const noScript = await browser.newContext({ javaScriptEnabled: false });
      await watchPolicyViolations(noScript, violations);
      const page = await noScript.newPage();
      await page.goto(`${base}/`);
      expect(await page.locator('h1#overall-status').textContent()).toMatch(/Outage|Operational/);
      expect(await page.locator('h2', { hasText: 'Scheduled maintenance' }).count()).toBe(1);
      expect(await page.locator('[data-component="webhooks"]').count()).toBe(1);
      await page.goto(`${base}/incidents/INC-1`);
      expect(await page.locator('.update .body').first().textContent()).toBe('All clear.');
      expect(await page.locator('.update time').first().textContent()).toMatch(/UTC$/);
      await noScript.close();
    });
  },
);
