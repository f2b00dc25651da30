import type { INestApplication } from '@nestjs/common';
import { UnitOfWork } from '@firebreak/incident';
import { saveWriteUp } from '@firebreak/incident/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusSite } from '../apps/status-page/src/site/status-site.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';
import { settle, startStatusPage, STATUS_PAGE_TEST_URL } from './support/status-page-app.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const UPDATE =
  'Wir haben die Ursache gefunden: ein fehlerhaftes Zertifikat am Lastverteiler in Zürich 🔐. Zahlungen von ' +
  'Kundinnen wie Zoë und Łucja schlagen deshalb seit 14:02 fehl; der Austausch läuft, die nächste Meldung folgt ' +
  'in dreißig Minuten oder sobald sich etwas ändert.';

/** The Content-Security-Policy as a map of directive → sources. */
function directivesOf(policy: string | undefined): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const part of (policy ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(' ');
    if (name) directives[name] = sources;
  }
  return directives;
}

function expectHygiene(response: request.Response, referrerPolicy: string): Record<string, string[]> {
  const label = `${response.status} ${response.headers['content-type'] ?? ''}`;
  expect(response.headers['x-content-type-options'], label).toBe('nosniff');
  expect(response.headers['x-frame-options'], label).toBe('DENY');
  expect(response.headers['referrer-policy'], label).toBe(referrerPolicy);
  const directives = directivesOf(response.headers['content-security-policy']);
  expect(directives['frame-ancestors'], label).toEqual(["'none'"]);
  return directives;
}

describe('security headers of the status page', () => {
  const database = new TempDatabase();
  let gateway: INestApplication;
  let statusPage: INestApplication;
  const page = () => request(statusPage.getHttpServer());
  const api = (method: 'post' | 'put', path: string) =>
    request(gateway.getHttpServer())[method](path).set('Authorization', BEARER);

  beforeAll(async () => {
    gateway = await startGateway(database.url);
    statusPage = await startStatusPage(database.url, {
      STATUS_PAGE_IMAGE_HOSTS: 'images.example.test, CDN.example.test:8443',
      STATUS_PAGE_LOGO_URL: 'https://brand.example.test/logo.svg',
      STATUS_PAGE_SUBSCRIBE_URL: 'https://gateway.example.test/api/v1/subscriptions',
    });
    await api('post', '/api/v1/components').send({ name: 'Zahlungen 💳' }).expect(201);
    await api('post', '/api/v1/incidents')
      .send({ title: 'Zahlungen schlagen fehl', publicTitle: 'Zahlungen schlagen fehl' })
      .expect(201);
    await api('post', '/api/v1/incidents/INC-1/updates').send({ body: UPDATE }).expect(201);
    await saveWriteUp(statusPage.get(UnitOfWork), {
      slug: 'inc-1-zahlungen',
      incidentRef: 'INC-1',
      title: 'Zahlungen: was geschah',
      markdown: [
        '## Ablauf',
        UPDATE,
        '![Fehlerrate](https://images.example.test/inc-1/errors.png "Fehlerrate")',
        '![Latenz](https://cdn.example.test:8443/latency.png)',
        '![Zeitleiste](/assets/timeline.png) ![Karte](karte.png)',
        `![Absolut](${STATUS_PAGE_TEST_URL}/blog/absolut.png)`,
        '![Tracker](https://tracker.example.net/pixel.gif) ![Klartext](http://images.example.test/plain.png)',
        '![Protokoll](//tracker.example.net/relative.gif) ![Daten](data:image/png;base64,iVBORw0KGgo=)',
        '<img src="https://tracker.example.net/raw.gif" alt="roh"> <img src="https://images.example.test/raw.png" alt="erlaubt">',
      ].join('\n\n'),
      state: 'published',
      publishedAt: new Date('2026-03-02T10:00:00.000Z'),
      createdAt: new Date('2026-03-02T09:00:00.000Z'),
      updatedAt: new Date('2026-03-02T10:00:00.000Z'),
    });
    await settle(statusPage);
  });

  afterAll(async () => {
    await statusPage?.close();
    await gateway?.close();
    database.remove();
  });

  it('states the policy: scripts, styles and the rest from the page, images from it and the listed hosts', async () => {
    const directives = expectHygiene(await page().get('/'), 'strict-origin-when-cross-origin');
    expect(directives).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': [
        "'self'",
        STATUS_PAGE_TEST_URL,
        'https://images.example.test',
        'https://cdn.example.test:8443',
        'https://brand.example.test',
      ],
      'connect-src': ["'self'", 'wss://status.example.test'],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'", 'https://gateway.example.test'],
      'frame-ancestors': ["'none'"],
    });
  });

  it('sends the headers on every kind of answer, the render cache fast path included', async () => {
    const answers: request.Response[] = [];
    const paths = [
      '/',
      '/incidents/INC-1',
      '/history',
      '/history?page=2',
      '/blog',
      '/blog/inc-1-zahlungen',
      '/history.rss',
      '/history.atom',
      '/blog.rss',
      '/api/v2/summary.json',
      '/api/v2/incidents/unresolved.json',
    ];
    for (const path of paths) answers.push(await page().get(path).expect(200));
    // Rendered once through Nest above: now every one of them is answered from the cache before Express.
    const site = statusPage.get(StatusSite);
    expect(site.peek('page:/')).not.toBeNull();
    expect(site.peek('api:summary.json')).not.toBeNull();
    for (const path of paths) answers.push(await page().get(path).set('Accept-Encoding', 'gzip').expect(200));
    const home = answers[0]!;
    answers.push(await page().get('/').set('If-None-Match', home.headers['etag']!).expect(304));
    answers.push(await page().head('/api/v2/status.json').expect(200));
    answers.push(await page().options('/api/v2/summary.json').expect(204));
    answers.push(await page().get('/no/such/page').set('Accept', BROWSER_ACCEPT).expect(404));
    answers.push(await page().get('/no/such/page').expect(404));
    answers.push(await page().get('/api/v2/nothing.json').expect(404));
    answers.push(await page().post('/').send({ text: UPDATE }).expect(404));
    answers.push(await page().get('/assets/status.css').expect(200));
    answers.push(await page().get('/assets/status.js').expect(200));
    answers.push(await page().get('/assets/brand.css').expect(200));
    answers.push(await page().get('/assets/nothing.png').expect(404));
    answers.push(await page().get('/socket.io/socket.io.min.js').expect(200));
    answers.push(await page().get('/socket.io/?EIO=4&transport=carrier-pigeon').expect(400));
    answers.push(await page().get('/healthz').expect(200));
    answers.push(await page().get('/readyz').expect(200));
    answers.push(await page().get('/metrics').expect(200));
    for (const answer of answers) {
      const directives = expectHygiene(answer, 'strict-origin-when-cross-origin');
      expect(directives['script-src']).toEqual(["'self'"]);
    }
    expect(answers).toHaveLength(paths.length * 2 + 16);
  });

  it('renders pages without any inline script, style or event handler, the accent colours in a stylesheet', async () => {
    for (const path of ['/', '/incidents/INC-1', '/history', '/blog', '/blog/inc-1-zahlungen']) {
      const html = (await page().get(path).set('Accept', BROWSER_ACCEPT).expect(200)).text;
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, path).toMatch(/\ssrc="[^"]+"/);
      expect(html, path).not.toContain('<style');
      expect(html, path).not.toMatch(/\sstyle=/);
      expect(html, path).not.toMatch(/\son[a-z]+=/);
      expect(html, path).toContain('<link rel="stylesheet" href="/assets/brand.css">');
    }
    const brand = await page().get('/assets/brand.css').expect(200);
    expect(brand.headers['content-type']).toMatch(/^text\/css/);
    expect(brand.text).toContain('--accent: #1d4ed8;');
    expect(brand.text).toContain('--accent: #93c5fd;');
  });

  it('shows write-up images only from the page itself or the listed hosts, on the page and in the feed', async () => {
    const html = (await page().get('/blog/inc-1-zahlungen').expect(200)).text;
    const prose = html.slice(html.indexOf("<div class='prose'>"));
    const sources = [...prose.matchAll(/<img [^>]*src="([^"]*)"/g)].map((match) => match[1]);
    expect(sources).toEqual([
      'https://images.example.test/inc-1/errors.png',
      'https://cdn.example.test:8443/latency.png',
      '/assets/timeline.png',
      'karte.png',
      `${STATUS_PAGE_TEST_URL}/blog/absolut.png`,
      'https://images.example.test/raw.png',
    ]);
    expect(html).toContain('Zürich 🔐');
    const feed = (await page().get('/blog.rss').expect(200)).text;
    expect(feed).toContain('images.example.test/inc-1/errors.png');
    expect(feed).not.toContain('tracker.example.net');
    expect(feed).not.toContain('data:image');
  });
});

describe('security headers of the gateway', () => {
  const database = new TempDatabase();
  let gateway: INestApplication;
  const api = () => request(gateway.getHttpServer());

  beforeAll(async () => {
    gateway = await startGateway(database.url);
  });

  afterAll(async () => {
    await gateway?.close();
    database.remove();
  });

  it('sends nosniff, no framing, no referrer and a policy that allows no script on its JSON and HTML answers', async () => {
    const webhook = await api()
      .post('/api/v1/subscriptions')
      .send({ webhook: 'https://hooks.example.com/firebreak' })
      .expect(202);
    const answers = [
      await api().get('/healthz').expect(200),
      await api().get('/api/v1/incidents').set('Authorization', BEARER).expect(200),
      await api()
        .post('/api/v1/incidents')
        .set('Authorization', BEARER)
        .send({ title: UPDATE.slice(0, 80) }),
      await api().get('/api/v1/incidents').expect(401),
      await api().get('/api/v1/nothing').set('Authorization', BEARER).expect(404),
      await api().get('/api/v1/subscriptions/unsubscribe/a-token-from-an-email').expect(404),
      await api()
        .get(`/api/v1/subscriptions/unsubscribe/${webhook.body.unsubscribeToken as string}`)
        .expect(200),
      await api().post('/api/v1/subscriptions').type('form').send({ email: 'zoë@example.test' }),
      await api().get('/readyz').expect(200),
    ];
    for (const answer of answers) {
      expect(expectHygiene(answer, 'no-referrer')).toEqual({
        'default-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      });
    }
    expect(answers[6]!.headers['content-type']).toMatch(/^text\/html/);
  });

  it('lets the API docs load their own scripts, and nothing from elsewhere', async () => {
    for (const path of ['/api/docs', '/api/docs/swagger-ui-init.js', '/api/docs/openapi.json']) {
      const directives = expectHygiene(await api().get(path).expect(200), 'no-referrer');
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['default-src']).toEqual(["'self'"]);
    }
  });
});
