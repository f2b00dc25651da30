import type { INestApplication } from '@nestjs/common';
import { UnitOfWork, type WriteUp } from '@firebreak/incident';
import { saveWriteUp } from '@firebreak/incident/testing';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';
import { settle, startStatusPage, STATUS_PAGE_TEST_URL } from './support/status-page-app.js';

const XSS = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';
const INTERNAL_NOTE = 'INTERNAL-TIMELINE-NOTE: the root password is hunter2';
const SECRET_PERSON = 'Dana Secretperson';
const HOUR = 3_600_000;

const PAGE_KEYS = ['id', 'name', 'url', 'time_zone', 'updated_at'];
const COMPONENT_KEYS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'position',
  'description',
  'showcase',
  'start_date',
  'group_id',
  'page_id',
  'group',
  'only_show_if_degraded',
];
const INCIDENT_KEYS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'monitoring_at',
  'resolved_at',
  'impact',
  'shortlink',
  'started_at',
  'page_id',
  'incident_updates',
  'components',
  'reminder_intervals',
];
const UPDATE_KEYS = [
  'id',
  'status',
  'body',
  'incident_id',
  'created_at',
  'updated_at',
  'display_at',
  'affected_components',
  'deliver_notifications',
  'custom_tweet',
  'tweet_id',
];
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('status page on the gateway database', () => {
  const database = new TempDatabase();
  let gateway: INestApplication;
  let statusPage: INestApplication;
  const api = (method: 'get' | 'post' | 'put' | 'delete' | 'patch', path: string) =>
    request(gateway.getHttpServer())[method](path).set('Authorization', BEARER);
  const page = () => request(statusPage.getHttpServer());
  const json = async (path: string) => (await page().get(`/api/v2/${path}`).expect(200)).body;

  beforeAll(async () => {
    gateway = await startGateway(database.url);
    statusPage = await startStatusPage(database.url);
    await api('post', '/api/v1/components').send({ name: 'CDN' }).expect(201);
    await api('post', '/api/v1/components').send({ name: 'API', group: 'Core' }).expect(201);
    await api('post', '/api/v1/components').send({ name: 'Web', group: 'Core' }).expect(201);
    await api('post', '/api/v1/incidents')
      .send({
        title: 'Checkout errors',
        publicTitle: 'Checkout errors',
        publicImpact: 'major',
        severity: 'major',
      })
      .expect(201);
    await api('put', '/api/v1/incidents/INC-1/roles/lead')
      .send({ user: 'discord:42', displayName: SECRET_PERSON })
      .expect(200);
    await api('post', '/api/v1/incidents/INC-1/timeline').send({ text: INTERNAL_NOTE }).expect(201);
    await api('put', '/api/v1/components/api/status')
      .send({ status: 'major_outage', incident: 'INC-1' })
      .expect(200);
    await api('post', '/api/v1/incidents/INC-1/updates')
      .send({ body: `Investigating. ${XSS}` })
      .expect(201);
    await api('post', '/api/v1/incidents/INC-1/status').send({ status: 'identified' }).expect(200);
    await api('post', '/api/v1/incidents/INC-1/updates')
      .send({ body: 'Cause identified: a bad deploy.' })
      .expect(201);
    await api('post', '/api/v1/incidents').send({ title: 'Internal only: never published' }).expect(201);
    await settle(statusPage);
  });

  afterAll(async () => {
    await statusPage?.close();
    await gateway?.close();
    database.remove();
  });

  describe('Statuspage v2 JSON', () => {
    it('answers status.json with the page and the indicator derived from components', async () => {
      const body = await json('status.json');
      expect(Object.keys(body)).toEqual(['page', 'status']);
      expect(Object.keys(body.page)).toEqual(PAGE_KEYS);
      expect(body.page).toMatchObject({
        id: 'acme',
        name: 'Acme Status',
        url: STATUS_PAGE_TEST_URL,
        time_zone: 'Etc/UTC',
      });
      expect(body.page.updated_at).toMatch(ISO_MS);
      expect(body.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    });

    it('lists components flat, groups as rows with their children ids, children with group_id', async () => {
      const { components } = await json('components.json');
      expect(components.map((row: { id: string }) => row.id)).toEqual(['cdn', 'group-core', 'api', 'web']);
      for (const row of components.filter((each: { group: boolean }) => !each.group))
        expect(Object.keys(row)).toEqual(COMPONENT_KEYS);
      const group = components[1];
      expect(group).toMatchObject({
        group: true,
        status: 'major_outage',
        components: ['api', 'web'],
        page_id: 'acme',
      });
      expect(components[2]).toMatchObject({
        id: 'api',
        name: 'API',
        status: 'major_outage',
        group_id: 'group-core',
        group: false,
      });
      expect(components[0]).toMatchObject({ id: 'cdn', status: 'operational', group_id: null });
      expect(components[2].created_at).toMatch(ISO_MS);
    });

    it('shows public incidents only, with updates newest first in the exact shape', async () => {
      const { incidents } = await json('incidents.json');
      expect(incidents.map((incident: { id: string }) => incident.id)).toEqual(['INC-1']);
      const [incident] = incidents;
      expect(Object.keys(incident)).toEqual(INCIDENT_KEYS);
      expect(incident).toMatchObject({
        name: 'Checkout errors',
        status: 'identified',
        impact: 'major',
        resolved_at: null,
        shortlink: `${STATUS_PAGE_TEST_URL}/incidents/INC-1`,
        page_id: 'acme',
      });
      expect(incident.components.map((component: { id: string }) => component.id)).toEqual(['api']);
      expect(incident.incident_updates.map((update: { status: string }) => update.status)).toEqual([
        'identified',
        'investigating',
      ]);
      const oldest = incident.incident_updates[1];
      expect(Object.keys(oldest)).toEqual(UPDATE_KEYS);
      expect(oldest.body).toBe(`Investigating. ${XSS}`);
      expect(oldest.affected_components).toEqual([
        { code: 'api', name: 'API', old_status: 'major_outage', new_status: 'major_outage' },
      ]);
      for (const key of ['created_at', 'updated_at', 'display_at']) expect(oldest[key]).toMatch(ISO_MS);
      const text = JSON.stringify(incidents);
      for (const secret of [SECRET_PERSON, INTERNAL_NOTE, 'discord:42', 'Internal only'])
        expect(text).not.toContain(secret);
    });

    it('gives the summary with unresolved incidents and the same lists as the other documents', async () => {
      const summary = await json('summary.json');
      expect(Object.keys(summary)).toEqual([
        'page',
        'status',
        'components',
        'incidents',
        'scheduled_maintenances',
      ]);
      expect(summary.incidents).toEqual((await json('incidents/unresolved.json')).incidents);
      expect(summary.components).toEqual((await json('components.json')).components);
    });

    it('answers HEAD, sends CORS to any origin, and 404s for unknown paths', async () => {
      const head = await page().head('/api/v2/summary.json').expect(200);
      expect(head.headers['access-control-allow-origin']).toBe('*');
      expect(head.headers['content-type']).toContain('application/json');
      const preflight = await page().options('/api/v2/summary.json').expect(204);
      expect(preflight.headers['access-control-allow-methods']).toContain('GET');
      for (const path of [
        '/api/v2/nothing.json',
        '/api/v2/incidents/INC-1.json',
        '/api/v2/',
        '/api/v1/incidents',
      ])
        await page().get(path).expect(404);
      await page().get('/no/such/page').set('Accept', 'text/html').expect(404).expect('content-type', /html/);
    });
  });

  describe('scheduled maintenance through the gateway API', () => {
    const now = Date.now();
    it('validates the window and components with problem documents', async () => {
      const backwards = await api('post', '/api/v1/maintenances')
        .send({
          title: 'x',
          body: 'y',
          components: ['API'],
          scheduledFor: new Date(now + 2 * HOUR).toISOString(),
          scheduledUntil: new Date(now + HOUR).toISOString(),
        })
        .expect(400);
      expect(backwards.headers['content-type']).toContain('application/problem+json');
      expect(backwards.body.errors).toEqual([
        { field: 'scheduledUntil', message: 'must be after scheduledFor' },
      ]);
      const unknown = await api('post', '/api/v1/maintenances')
        .send({
          title: 'x',
          body: 'y',
          components: ['Billing'],
          scheduledFor: new Date(now + HOUR).toISOString(),
          scheduledUntil: new Date(now + 2 * HOUR).toISOString(),
        })
        .expect(404);
      expect(unknown.body.code).toBe('component_not_found');
      await request(gateway.getHttpServer()).post('/api/v1/maintenances').send({}).expect(401);
      await api('get', '/api/v1/maintenances/999').expect(404);
    });

    it('shows an active maintenance as in progress with its components under maintenance, and an upcoming one', async () => {
      const active = await api('post', '/api/v1/maintenances')
        .send({
          title: 'CDN cache rebuild',
          body: 'Rebuilding caches.',
          components: ['cdn'],
          scheduledFor: new Date(now - HOUR).toISOString(),
          scheduledUntil: new Date(now + HOUR).toISOString(),
        })
        .expect(201);
      expect(active.body).toMatchObject({
        id: 1,
        status: 'in_progress',
        components: ['cdn'],
        cancelledAt: null,
      });
      const upcoming = await api('post', '/api/v1/maintenances')
        .send({
          title: 'Web upgrade',
          body: 'New web servers.',
          components: ['Web'],
          scheduledFor: new Date(now + 24 * HOUR).toISOString(),
          scheduledUntil: new Date(now + 25 * HOUR).toISOString(),
        })
        .expect(201);
      expect(upcoming.body.status).toBe('scheduled');
      await settle(statusPage);

      const { scheduled_maintenances: activeList } = await json('scheduled-maintenances/active.json');
      expect(activeList.map((each: { id: string }) => each.id)).toEqual(['MNT-1']);
      expect(activeList[0]).toMatchObject({
        status: 'in_progress',
        impact: 'maintenance',
        name: 'CDN cache rebuild',
      });
      expect(Object.keys(activeList[0])).toEqual([
        ...INCIDENT_KEYS.slice(0, -1),
        'scheduled_for',
        'scheduled_until',
        'reminder_intervals',
      ]);
      expect(activeList[0].scheduled_for).toMatch(ISO_MS);
      const { scheduled_maintenances: upcomingList } = await json('scheduled-maintenances/upcoming.json');
      expect(upcomingList.map((each: { id: string; status: string }) => [each.id, each.status])).toEqual([
        ['MNT-2', 'scheduled'],
      ]);
      expect((await json('scheduled-maintenances.json')).scheduled_maintenances).toHaveLength(2);
      const summary = await json('summary.json');
      expect(summary.scheduled_maintenances.map((each: { id: string }) => each.id)).toEqual([
        'MNT-1',
        'MNT-2',
      ]);
      expect(summary.components.find((row: { id: string }) => row.id === 'cdn').status).toBe(
        'under_maintenance',
      );
    });

    it('cancels a maintenance, which then disappears from the page', async () => {
      const cancelled = await api('delete', '/api/v1/maintenances/2').expect(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect((await api('get', '/api/v1/maintenances').expect(200)).body).toHaveLength(2);
      await settle(statusPage);
      expect((await json('scheduled-maintenances/upcoming.json')).scheduled_maintenances).toEqual([]);
    });
  });

  describe('pages', () => {
    it('renders the home page with the banner, grouped components, uptime bars, the open incident and maintenance', async () => {
      const html = (
        await page()
          .get('/')
          .expect(200)
          .expect('content-type', /text\/html/)
      ).text;
      expect(html).toContain('Partial System Outage');
      expect(html).toContain('<details open>');
      expect(html).toMatch(/<ol class="bars" aria-label="API: uptime per day over the last 90 days">/);
      expect(html.match(/class="bar bar-/g)!.length).toBe(90 * 4);
      expect(html).toContain('Checkout errors');
      expect(html).toContain('CDN cache rebuild');
      expect(html).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z">/);
      expect(html).toContain('rel="alternate" type="application/rss+xml"');
      expect(html).toContain('rel="alternate" type="application/atom+xml"');
      expect(html).toContain('href="https://support.example.test/"');
      expect(html.indexOf('Cause identified')).toBeLessThan(html.indexOf('Investigating. '));
    });

    it('escapes an XSS payload in an update and shows no internal timeline text or people', async () => {
      for (const path of ['/', '/incidents/INC-1', '/history']) {
        const html = (await page().get(path).expect(200)).text;
        expect(html).not.toContain('<script>alert');
        expect(html).not.toContain('<img src=x');
        for (const secret of [INTERNAL_NOTE, SECRET_PERSON, 'discord:42', 'Internal only'])
          expect(html).not.toContain(secret);
      }
      const incident = (await page().get('/incidents/INC-1').expect(200)).text;
      expect(incident).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    });

    it('404s for incidents that are not public', async () => {
      await page().get('/incidents/INC-2').expect(404);
      await page().get('/incidents/INC-99').expect(404);
    });

    it('lists history by month with pages', async () => {
      const html = (await page().get('/history').expect(200)).text;
      const month = new Date().toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
      expect(html).toContain(month);
      expect(html).toContain('Page 1 of 1');
      await page().get('/history?page=0').expect(404);
      expect((await page().get('/history?page=2').expect(200)).text).toContain('No incidents reported.');
    });
  });

  describe('write-ups', () => {
    const published: WriteUp = {
      slug: 'inc-1-checkout-errors',
      incidentRef: 'INC-1',
      title: 'Checkout errors on a Tuesday',
      markdown:
        '# What happened\n\nA **bad deploy**.\n\n<script>alert(1)</script><iframe src="https://evil.example"></iframe>\n\n[click](javascript:alert(1)) <a href="https://example.com" onclick="x()">ok</a>',
      state: 'published',
      publishedAt: new Date('2026-01-05T10:00:00.000Z'),
      createdAt: new Date('2026-01-05T09:00:00.000Z'),
      updatedAt: new Date('2026-01-05T10:00:00.000Z'),
    };

    beforeAll(async () => {
      const unitOfWork = statusPage.get(UnitOfWork);
      await saveWriteUp(unitOfWork, published);
      await saveWriteUp(unitOfWork, {
        ...published,
        slug: 'draft-not-yet',
        title: 'Secret draft',
        state: 'draft',
        publishedAt: null,
      });
      await settle(statusPage);
    });

    it('renders a published write-up from sanitized Markdown', async () => {
      const html = (await page().get('/blog/inc-1-checkout-errors').expect(200)).text;
      expect(html).toContain('<h2>What happened</h2>');
      expect(html).toContain('<strong>bad deploy</strong>');
      expect(html).not.toMatch(/<script>alert|<iframe|javascript:|onclick/);
      expect((await page().get('/blog').expect(200)).text).toContain('Checkout errors on a Tuesday');
    });

    it('answers 404 for a draft and never lists it', async () => {
      await page().get('/blog/draft-not-yet').expect(404);
      for (const path of ['/blog', '/blog.rss', '/'])
        expect((await page().get(path).expect(200)).text).not.toContain('Secret draft');
    });
  });

  describe('feeds', () => {
    const parser = new XMLParser({ ignoreAttributes: false });

    it('publishes incident updates as valid RSS 2.0 and Atom 1.0', async () => {
      const rss = await page()
        .get('/history.rss')
        .expect(200)
        .expect('content-type', /application\/rss\+xml/);
      expect(XMLValidator.validate(rss.text)).toBe(true);
      const channel = parser.parse(rss.text).rss.channel;
      expect(parser.parse(rss.text).rss['@_version']).toBe('2.0');
      expect(channel.title).toBe('Acme Status — incident history');
      expect(channel.item).toHaveLength(2);
      expect(channel.item[0].title).toBe('Checkout errors — Identified');
      expect(channel.item[1].description).toBe(`Investigating. ${XSS}`);
      expect(new Date(channel.item[0].pubDate).toString()).not.toBe('Invalid Date');

      const atom = await page()
        .get('/history.atom')
        .expect(200)
        .expect('content-type', /application\/atom\+xml/);
      expect(XMLValidator.validate(atom.text)).toBe(true);
      const feed = parser.parse(atom.text).feed;
      expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
      expect(feed.entry).toHaveLength(2);
      expect(feed.entry[0].id).toMatch(/^https:\/\/status\.example\.test\/incidents\/INC-1#update-\d+$/);
      expect(feed.entry[0].updated).toMatch(ISO_MS);
      for (const text of [rss.text, atom.text]) expect(text).not.toContain(INTERNAL_NOTE);
    });

    it('publishes write-ups as valid RSS 2.0 with sanitized HTML', async () => {
      const rss = await page().get('/blog.rss').expect(200);
      expect(XMLValidator.validate(rss.text)).toBe(true);
      const item = parser.parse(rss.text).rss.channel.item;
      expect(item.title).toBe('Checkout errors on a Tuesday');
      expect(item.link).toBe(`${STATUS_PAGE_TEST_URL}/blog/inc-1-checkout-errors`);
      expect(item.description).toContain('<strong>bad deploy</strong>');
      expect(item.description).not.toContain('<script');
    });
  });

  describe('HTTP caching', () => {
    const paths = [
      '/',
      '/incidents/INC-1',
      '/history',
      '/blog',
      '/blog/inc-1-checkout-errors',
      '/history.rss',
      '/history.atom',
      '/blog.rss',
      '/api/v2/summary.json',
      '/api/v2/status.json',
    ];

    it('sends ETag and Cache-Control everywhere and answers 304 to If-None-Match', async () => {
      for (const path of paths) {
        const first = await page().get(path).expect(200);
        expect(first.headers.etag, path).toMatch(/^"[\w-]+"$/);
        expect(first.headers['cache-control'], path).toBe('public, max-age=0, must-revalidate');
        const again = await page().get(path).set('If-None-Match', first.headers.etag!).expect(304);
        expect(again.text).toBe('');
        await page().get(path).set('If-None-Match', '"something-else"').expect(200);
      }
    });

    it('answers from the render cache with the same bytes and headers as the full stack, HEAD without a body', async () => {
      await api('post', '/api/v1/components').send({ name: 'Search' }).expect(201);
      await settle(statusPage);
      for (const path of ['/api/v2/summary.json', '/', '/history.atom']) {
        const rendered = await page().get(path).set('Accept-Encoding', 'gzip').expect(200);
        const cached = await page().get(path).set('Accept-Encoding', 'gzip').expect(200);
        expect(cached.text, path).toBe(rendered.text);
        for (const header of [
          'etag',
          'cache-control',
          'content-type',
          'content-encoding',
          'content-length',
          'vary',
          'access-control-allow-origin',
        ])
          expect(cached.headers[header], `${path} ${header}`).toBe(rendered.headers[header]);
        const head = await page().head(path).set('Accept-Encoding', 'gzip').expect(200);
        expect(head.headers.etag).toBe(rendered.headers.etag);
        expect(head.text ?? '').toBe('');
      }
    });

    it('sends pages and JSON gzip-compressed to clients that accept it, the same content to those that do not', async () => {
      for (const path of ['/', '/api/v2/summary.json', '/history.rss']) {
        const plain = await page().get(path).set('Accept-Encoding', 'identity').expect(200);
        expect(plain.headers['content-encoding'], path).toBeUndefined();
        expect(plain.headers.vary, path).toBe('Accept-Encoding');
        const gzip = await page().get(path).set('Accept-Encoding', 'gzip, deflate, br').expect(200);
        expect(gzip.headers['content-encoding'], path).toBe('gzip');
        expect(gzip.headers.vary, path).toBe('Accept-Encoding');
        expect(Number(gzip.headers['content-length']), path).toBeLessThan(
          Number(plain.headers['content-length']),
        );
        expect(gzip.text, path).toBe(plain.text);
        expect(gzip.headers.etag, path).not.toBe(plain.headers.etag);
        // Each representation revalidates against its own ETag.
        await page()
          .get(path)
          .set('Accept-Encoding', 'gzip')
          .set('If-None-Match', gzip.headers.etag!)
          .expect(304);
        await page()
          .get(path)
          .set('Accept-Encoding', 'identity')
          .set('If-None-Match', plain.headers.etag!)
          .expect(304);
      }
    });

    it('serves new bytes and a new ETag once something is published (the outbox invalidates the cache)', async () => {
      const before = await page().get('/api/v2/summary.json').expect(200);
      await api('post', '/api/v1/incidents/INC-1/updates')
        .send({ body: 'A fix is rolling out.' })
        .expect(201);
      await settle(statusPage);
      const after = await page()
        .get('/api/v2/summary.json')
        .set('If-None-Match', before.headers.etag!)
        .expect(200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      expect(after.body.incidents[0].incident_updates[0].body).toBe('A fix is rolling out.');
    });
  });

  describe('resolution', () => {
    it('marks a resolved incident resolved, with resolved_at, out of the unresolved list', async () => {
      await api('post', '/api/v1/incidents/INC-1/status').send({ status: 'resolved' }).expect(200);
      await api('put', '/api/v1/components/api/status')
        .send({ status: 'operational', incident: 'INC-1' })
        .expect(200);
      await api('post', '/api/v1/incidents/INC-1/updates').send({ body: 'Resolved.' }).expect(201);
      await settle(statusPage);
      expect((await json('incidents/unresolved.json')).incidents).toEqual([]);
      const [incident] = (await json('incidents.json')).incidents;
      // A published write-up turns a resolved incident into a postmortem.
      expect(incident.status).toBe('postmortem');
      expect(incident.resolved_at).toMatch(ISO_MS);
      expect((await json('status.json')).status.indicator).toBe('maintenance');
    });
  });
});

describe('the home page banner above an incident whose components were not marked', () => {
  const database = new TempDatabase();
  let gateway: INestApplication;
  let statusPage: INestApplication;

  beforeAll(async () => {
    gateway = await startGateway(database.url);
    statusPage = await startStatusPage(database.url);
    const api = (path: string) => request(gateway.getHttpServer()).post(path).set('Authorization', BEARER);
    await api('/api/v1/components').send({ name: 'API' }).expect(201);
    await api('/api/v1/incidents')
      .send({
        title: 'Login is slow',
        publicTitle: 'Login is slow',
        publicImpact: 'major',
        severity: 'major',
      })
      .expect(201);
    await api('/api/v1/incidents/INC-1/updates')
      .send({ body: 'We are looking into slow logins.' })
      .expect(201);
    await settle(statusPage);
  });

  afterAll(async () => {
    await statusPage?.close();
    await gateway?.close();
    database.remove();
  });

  it('shows the open incident’s impact on the page, while status.json stays component-based', async () => {
    const html = (await request(statusPage.getHttpServer()).get('/').expect(200)).text;
    expect(html).toMatch(
      /<section class='banner banner-major'[^>]*>\s*<h1 id='overall-status'>Partial System Outage<\/h1>/,
    );
    expect(html).not.toContain('All Systems Operational');
    const status = (await request(statusPage.getHttpServer()).get('/api/v2/status.json').expect(200)).body;
    expect(status.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });
});
