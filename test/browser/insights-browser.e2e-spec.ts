import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IncidentError, IncidentService, type CommandContext } from '@firebreak/incident';
import { FixedClock } from '@firebreak/incident/testing';
import {
  INSIGHTS_STYLESHEET,
  insightsCsv,
  insightsCsvFilename,
  InsightsReader,
  insightsSectionHtml,
  parseMeasure,
} from '@firebreak/insights';
import { TypeOrmUnitOfWork } from '@firebreak/persistence';
import { TemporarySqliteDatabase } from '@firebreak/persistence/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  chromiumAvailability,
  launchChromium,
  screenshot,
  watchPolicyViolations,
} from './browser.js';

const availability = chromiumAvailability();
const NOW = new Date('2026-03-15T12:00:00.000Z');
/** A page like the site's: its own stylesheet only, no inline style or script allowed. */
const POLICY = "default-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; base-uri 'none'";
const PAGE_STYLE = `
:root { color-scheme: light dark; --text: #111827; --bg: #ffffff; --link: #1d4ed8; }
@media (prefers-color-scheme: dark) { :root { --text: #e5e7eb; --bg: #0b1220; --link: #93c5fd; } }
body { font-family: system-ui, sans-serif; color: var(--text); background: var(--bg); margin: 1rem; }
a { color: var(--link); }
${INSIGHTS_STYLESHEET}`;

/**
 * The insights section as the site will mount it (a page at /insights, its CSV at /insights.csv), on a SQLite
 * file filled through the domain, checked in Debian's chromium: accessibility in both colour schemes, a
 * 320 px screen, the keyboard, the filter form and the CSV link.
 */
describe.skipIf(!availability.run)('the insights section in a real browser', () => {
  const database = new TemporarySqliteDatabase();
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let violations: string[];

  beforeAll(async () => {
    const unitOfWork = new TypeOrmUnitOfWork(await database.open());
    const clock = new FixedClock(NOW);
    await seed(new IncidentService(unitOfWork, clock), clock);
    clock.set(NOW);
    const reader = new InsightsReader(unitOfWork, clock);
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://insights.test');
      response.setHeader('Content-Security-Policy', POLICY);
      const answer = async () => {
        if (url.pathname === '/insights.css') return ['text/css', PAGE_STYLE] as const;
        const report = await reader.reportFor(url.searchParams);
        if (url.pathname === '/insights.csv') {
          const measure = parseMeasure(url.searchParams.get('measure') ?? undefined);
          response.setHeader(
            'Content-Disposition',
            `attachment; filename="${insightsCsvFilename(report, measure)}"`,
          );
          return ['text/csv; charset=utf-8', insightsCsv(report, measure)] as const;
        }
        const section = insightsSectionHtml(report, { page: '/insights', csv: '/insights.csv' });
        return ['text/html; charset=utf-8', pageOf(section)] as const;
      };
      answer().then(
        ([type, body]) => response.writeHead(200, { 'Content-Type': type }).end(body),
        (error: unknown) =>
          response
            .writeHead(error instanceof IncidentError ? 400 : 500, { 'Content-Type': 'text/plain' })
            .end(error instanceof Error ? error.message : 'error'),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = await browser.newContext();
    violations = await watchPolicyViolations(context);
  });

  afterEach(() => {
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await database.remove();
  });

  const open = async (page: Page, path = '/insights?from=2026-01&to=2026-03') => {
    const response = await page.goto(`${base}${path}`);
    expect(response?.status()).toBe(200);
  };

  for (const scheme of ['light', 'dark'] as const)
    it(`has no axe-core violations and draws its charts in the text colour (${scheme} scheme)`, async () => {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await open(page);
      expect(await axeViolations(page)).toEqual([]);
      const colours = (await page.evaluate(`(() => {
        const chart = document.querySelector('#insights-time-to-acknowledge-by-month-title').closest('svg');
        const bar = chart.querySelector('rect.insights-series-1:not([y="6"])');
        return [getComputedStyle(document.body).color, getComputedStyle(chart).color, getComputedStyle(bar).fill];
      })()`)) as string[];
      expect(colours[1]).toBe(colours[0]);
      expect(colours[2]).toBe(colours[0]);
      expect(colours[0]).toBe(scheme === 'dark' ? 'rgb(229, 231, 235)' : 'rgb(17, 24, 39)');
      await screenshot(page, `insights-${scheme}`);
      await page.close();
    });

  it('names each chart for assistive technology and shows the same numbers in the table beside it', async () => {
    const page = await context.newPage();
    await open(page);
    const chart = page.getByRole('img', { name: 'Time to resolve per month' });
    expect(await chart.count()).toBe(1);
    expect(await chart.getAttribute('aria-labelledby')).toBe(
      'insights-time-to-resolve-by-month-title insights-time-to-resolve-by-month-desc',
    );
    const table = page
      .getByRole('region', { name: 'Time to resolve per month: the figures' })
      .getByRole('table');
    expect(await table.getByRole('row').allInnerTexts()).toEqual([
      'Month\tIncidents\tMedian\t90th percentile',
      'Jan 2026\t2\t2 h 30 min\t1 d 2 h',
      'Feb 2026\t0\t—\t—',
      'Mar 2026\t0\t—\t—',
    ]);
    expect(await chart.locator('text').allTextContents()).toEqual(
      expect.arrayContaining(['2 h 30 min', '1 d 2 h', 'no incidents']),
    );
    expect(
      await page.getByRole('img', { name: 'Incidents per component' }).locator('text').allTextContents(),
    ).toContain('<b>Payments<…');
    const clipped = await page.evaluate(`[...document.querySelectorAll('svg.insights-chart text')]
      .filter((text) => { const box = text.getBBox(); return box.x < 0 || box.x + box.width > text.ownerSVGElement.viewBox.baseVal.width; })
      .map((text) => text.textContent)`);
    expect(clipped, 'chart texts cut off at an edge').toEqual([]);
    await page.close();
  });

  it('fits a 320 px screen: the page never scrolls sideways, a wide table scrolls in its own box', async () => {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
    await watchPolicyViolations(narrow, violations);
    const page = await narrow.newPage();
    await open(page);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    const box = `document.querySelector('[aria-labelledby="insights-incidents-by-component-table"]')`;
    expect(await page.evaluate(`${box}.scrollWidth > ${box}.clientWidth`)).toBe(true);
    await screenshot(page, 'insights-narrow-320');
    await narrow.close();
  });

  it('can be used by keyboard alone: the filter, the CSV links and every table box take focus in order', async () => {
    const page = await context.newPage();
    await open(page);
    const reached: string[] = [];
    for (let press = 0; press < 60; press += 1) {
      await page.keyboard.press('Tab');
      const focused = (await page.evaluate(
        `(({ name, type, value, textContent }, labelledBy) => labelledBy || (type === 'checkbox' ? value : name) ||
          textContent.trim())(document.activeElement, document.activeElement.getAttribute('aria-labelledby'))`,
      )) as string;
      // A month field takes one Tab per part (month, year): count the field once.
      if (reached.at(-1) !== focused) reached.push(focused);
    }
    expect(reached.slice(0, 7)).toEqual([
      'from',
      'to',
      'critical',
      'major',
      'minor',
      'Show',
      'Download the time to acknowledge figures (CSV)',
    ]);
    expect(reached).toContain('insights-time-to-acknowledge-by-month-table');
    expect(reached).toContain('insights-follow-ups-table');
    await page.close();
  });

  it('filters by severity and period through the form, without JavaScript', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    await watchPolicyViolations(noScript, violations);
    const page = await noScript.newPage();
    await open(page);
    expect(await page.locator('.insights-scope').textContent()).toMatch(
      /^3 incidents started from Jan 2026 to Mar 2026/,
    );
    await page.getByLabel('major').uncheck();
    await page.getByLabel('minor').uncheck();
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/severity=critical/);
    expect(await page.locator('.insights-scope').textContent()).toMatch(
      /^1 incident started from Jan 2026 to Mar 2026 \(UTC months\), severity critical\./,
    );
    await noScript.close();
  });

  it('downloads a measure as CSV from its link, with the filter of the page', async () => {
    const page = await context.newPage();
    await open(page, '/insights?from=2026-01&to=2026-02&severity=critical&severity=major');
    const href = await page
      .getByRole('link', { name: 'Download the follow-ups figures (CSV)' })
      .getAttribute('href');
    expect(href).toBe(
      '/insights.csv?measure=follow-ups&from=2026-01&to=2026-02&severity=critical&severity=major',
    );
    const response = await page.request.get(`${base}${href}`);
    expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(await response.text()).toBe('month,opened,closed,overdue\r\n2026-01,2,0,0\r\n2026-02,0,1,1\r\n');
    const refused = await page.request.get(`${base}/insights.csv?measure=everything`);
    expect([refused.status(), await refused.text()]).toEqual([
      400,
      '"everything" is not a measure. Measures: time-to-acknowledge, time-to-mitigate, time-to-resolve, ' +
        'incidents-by-severity, incidents-by-component, follow-ups.',
    ]);
    await page.close();
  });
});

/** Three incidents with known times in January, through the commands responders type. */
async function seed(service: IncidentService, clock: FixedClock): Promise<void> {
  const zoe: CommandContext = {
    actor: { id: 'discord:1', displayName: 'Zoë Ødegård' },
    location: null,
    privileged: true,
    mentioned: { 'teams:29:jose': 'José Núñez 🚒' },
  };
  const at = async (iso: string, text: string) => {
    clock.set(new Date(iso));
    await service.run(text, zoe);
  };
  await service.createComponent({ name: '<b>Payments</b> & "EU"' });
  await at('2026-01-05T10:00:00.000Z', 'declare Card payments fail for customers in São Paulo');
  await at('2026-01-05T10:02:00.000Z', 'sev INC-1 critical');
  await at('2026-01-05T10:07:00.000Z', 'lead INC-1');
  await at('2026-01-05T10:09:00.000Z', 'component INC-1 <b>Payments</b> & "EU" major_outage');
  await at('2026-01-05T10:40:00.000Z', 'status INC-1 monitoring');
  await at('2026-01-05T12:30:00.000Z', 'resolve INC-1');
  await at(
    '2026-01-05T13:00:00.000Z',
    'followup INC-1 Alert on the provider’s error rate <@teams:29:jose> due 2026-02-01',
  );
  await at('2026-01-20T08:00:00.000Z', 'declare Search results are stale by several hours');
  await at('2026-01-20T08:15:00.000Z', 'lead INC-2 <@teams:29:jose>');
  await at('2026-01-21T10:00:00.000Z', 'resolve INC-2');
  await at(
    '2026-01-21T11:00:00.000Z',
    'followup INC-2 Reindex nightly, with an alert when it lags due 2026-02-15',
  );
  await at('2026-02-03T09:00:00.000Z', 'done 2');
  await at('2026-01-28T16:00:00.000Z', 'declare Push notifications arrive twice');
  await at('2026-01-28T16:01:00.000Z', 'sev INC-3 minor');
}

function pageOf(section: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Insights — Firebreak</title>' +
    '<link rel="stylesheet" href="/insights.css"></head>' +
    `<body><main><h1>Insights</h1>${section}</main></body></html>`
  );
}
