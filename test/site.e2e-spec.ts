import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentService } from '@firebreak/incident';
import { SiteSessions } from '../apps/gateway/src/site/site-sessions.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

/** The browser's side of a session: its cookies, and the CSRF token of the last page it read. */
class Browser {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly app: INestApplication) {}

  get cookie(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(path: string, expected = 200) {
    const response = await request(this.app.getHttpServer())
      .get(path)
      .set('Cookie', this.cookie)
      .expect(expected);
    this.remember(response);
    return response;
  }

  async post(path: string, form: Record<string, string>, expected?: number) {
    const response = await request(this.app.getHttpServer())
      .post(path)
      .set('Cookie', this.cookie)
      .type('form')
      .send(form);
    if (expected !== undefined) expect(response.status, response.text.slice(0, 2000)).toBe(expected);
    this.remember(response);
    return response;
  }

  /** Opens a one-time link and presses its button. */
  async signInWith(link: string) {
    const url = new URL(link);
    const page = await this.get(`${url.pathname}${url.search}`);
    expect(page.text).toContain('Sign in as the local administrator');
    return this.post('/site/sign-in/link', { token: url.searchParams.get('token')! }, 303);
  }

  private remember(response: request.Response) {
    const setCookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    for (const header of setCookies) {
      const [pair] = header.split(';');
      const equals = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, equals), pair!.slice(equals + 1)];
      if (/Max-Age=0/.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.text ?? '');
    if (token) this.csrf = token[1]!;
  }
}

describe("The responders' site, signed in with a one-time link", () => {
  const database = new TempDatabase();
  const siteUrl = 'https://firebreak.example.com';
  let app: INestApplication;
  let admin: Browser;

  beforeAll(async () => {
    app = await startGateway(database.url, { SITE_BASE_URL: siteUrl });
    admin = new Browser(app);
    await admin.signInWith(await app.get(SiteSessions).createSignInLink());
  });

  afterAll(async () => {
    await app?.close();
    database.remove();
  });

  it('sends a visitor without a session to sign in, and shows them no incident', async () => {
    const visitor = new Browser(app);
    const list = await visitor.get('/site/incidents', 303);
    expect(list.headers.location).toBe('/site/sign-in');
    expect((await visitor.get('/site/incidents/INC-1', 303)).headers.location).toBe('/site/sign-in');
    const signIn = await visitor.get('/site/sign-in');
    expect(signIn.text).toContain('No sign-in provider is configured');
    expect((await visitor.post('/site/commands', { text: 'declare Sneaky', _csrf: 'x' })).status).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie under /site, and a link works once', async () => {
    const link = await app.get(SiteSessions).createSignInLink();
    const first = new Browser(app);
    const response = await first.signInWith(link);
    expect(response.headers['set-cookie']?.[0]).toMatch(
      /^firebreak_site=[\w-]{43}; Path=\/site; Max-Age=43200; SameSite=Lax; HttpOnly; Secure$/,
    );
    const again = await new Browser(app).post(
      '/site/sign-in/link',
      { token: new URL(link).searchParams.get('token')! },
      400,
    );
    expect(again.text).toContain('expired or was already used');
  });

  it('declares from the command box as the signed-in person, with the reply chat gives', async () => {
    await admin.get('/site/incidents');
    const answer = await admin.post(
      '/site/commands',
      { _csrf: admin.csrf, text: 'declare Checkout fails for Zoë’s café 🍰' },
      200,
    );
    expect(answer.text).toContain('Declared INC-1.');
    expect(answer.text).toContain('href="/site/incidents/INC-1"');
    const list = await admin.get('/site/incidents');
    expect(list.text).toMatch(
      /<a href="\/site\/incidents\/INC-1">INC-1<\/a><\/th>\s*<td>Checkout fails for Zoë’s café 🍰<\/td>/,
    );
  });

  it("links the incident's JSON to its page on the site", async () => {
    const incident = await request(app.getHttpServer())
      .get('/api/v1/incidents/INC-1')
      .set('Authorization', BEARER)
      .expect(200);
    expect(incident.body.documentUrl).toBe(`${siteUrl}/site/incidents/INC-1`);
  });

  it('refuses a form without the session’s CSRF token, changing nothing', async () => {
    const refused = await admin.post('/site/commands', { _csrf: 'forged', text: 'declare Forged' }, 403);
    expect(refused.text).toContain('did not come from your current session');
    const listed = await request(app.getHttpServer()).get('/api/v1/incidents').set('Authorization', BEARER);
    expect(listed.body.map((incident: { title: string }) => incident.title)).not.toContain('Forged');
  });

  it('runs commands on the incident of the page, and shows refusals as chat words them', async () => {
    await admin.get('/site/incidents/INC-1');
    const lead = await admin.post(
      '/site/commands',
      { _csrf: admin.csrf, ref: 'INC-1', text: 'lead me' },
      200,
    );
    expect(lead.text).toMatch(/Incident Lead<\/dt><dd>Local administrator/);
    const bad = await admin.post(
      '/site/commands',
      { _csrf: admin.csrf, ref: 'INC-1', text: 'sev apocalyptic' },
      400,
    );
    expect(bad.text).toContain('Check the command');
    expect(bad.text).toContain('value="sev apocalyptic"');
  });

  it('escapes what people typed', async () => {
    await admin.post(
      '/site/commands',
      { _csrf: admin.csrf, ref: 'INC-1', text: 'note <script>alert(1)</script> & <b>bold</b>' },
      200,
    );
    const page = await admin.get('/site/incidents/INC-1');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('ticks a follow-up done with a form post', async () => {
    await admin.post(
      '/site/commands',
      { _csrf: admin.csrf, ref: 'INC-1', text: 'followup Add a retry budget to the payment client' },
      200,
    );
    const page = await admin.get('/site/incidents/INC-1');
    const tick = /action="(\/site\/incidents\/INC-1\/items\/(\d+)\/done)"/.exec(page.text);
    expect(tick).not.toBe(null);
    const done = await admin.post(tick![1]!, { _csrf: admin.csrf }, 303);
    expect(done.headers.location).toBe('/site/incidents/INC-1#items-heading');
    const after = await admin.get('/site/incidents/INC-1');
    expect(after.text).toMatch(/<li class="item done">[\s\S]*?Add a retry budget/);
  });

  it('filters the timeline by kind and shows times in the chosen zone', async () => {
    const notes = await admin.get('/site/incidents/INC-1?kind=notes&tz=Asia%2FTokyo');
    expect(notes.text).toContain('&lt;script&gt;');
    expect(notes.text).not.toContain('Incident declared by');
    expect(notes.text).toMatch(/<time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d GMT\+9<\/time>/);
    expect(notes.headers['set-cookie']?.[0]).toMatch(/^firebreak_tz=Asia%2FTokyo;/);
  });

  it("serves pages under the site's Content-Security-Policy: scripts from itself only", async () => {
    const page = await admin.get('/site/incidents');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('shows the insights with a CSV of each measure, to signed-in people only', async () => {
    const page = await admin.get('/site/insights');
    expect(page.text).toContain('<section class="insights"');
    expect(page.text).toContain('href="/site/insights.csv?measure&#x3D;time-to-resolve');
    const csv = await admin.get('/site/insights.csv?measure=time-to-resolve');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect((await new Browser(app).get('/site/insights.csv', 303)).headers.location).toBe('/site/sign-in');
  });

  it('edits the review with a preview and refuses a stale edit, keeping both texts', async () => {
    expect((await admin.get('/site/incidents/INC-1/review')).text).toContain('has no review yet');
    await admin.post('/site/commands', { _csrf: admin.csrf, ref: 'INC-1', text: 'resolve' }, 200);
    const first = await admin.get('/site/incidents/INC-1/review');
    const revision = /name="revision" value="(\d+)"/.exec(first.text)![1]!;
    const preview = await admin.post(
      '/site/incidents/INC-1/review',
      {
        _csrf: admin.csrf,
        revision,
        intent: 'preview',
        markdown: '## What happened\n\nThe café’s **till** <script>x</script>',
      },
      200,
    );
    expect(preview.text).toContain('<h4>What happened</h4>');
    expect(preview.text).toContain('<strong>till</strong> &lt;script&gt;x&lt;/script&gt;');
    const saved = await admin.post(
      '/site/incidents/INC-1/review',
      { _csrf: admin.csrf, revision, intent: 'save', markdown: 'Mine, first.' },
      303,
    );
    expect(saved.headers.location).toBe('/site/incidents/INC-1/review');
    const stale = await admin.post(
      '/site/incidents/INC-1/review',
      { _csrf: admin.csrf, revision, intent: 'save', markdown: 'Theirs, later.' },
      409,
    );
    expect(stale.text).toContain(`while you edited revision ${revision}`);
    expect(stale.text).toContain('Theirs, later.</textarea>');
    expect(stale.text).toContain('<p>Mine, first.</p>');
  });

  it('publishes and unpublishes the public write-up', async () => {
    // A write-up is published only once customers have a name for the incident.
    await app.get(IncidentService).run('public-title INC-1 --confirm', {
      actor: { id: 'api:e2e', displayName: 'e2e' },
      location: null,
      privileged: true,
    });
    const published = await admin.post(
      '/site/incidents/INC-1/write-up',
      { _csrf: admin.csrf, intent: 'publish' },
      303,
    );
    expect(published.headers.location).toBe('/site/incidents/INC-1/review#write-up-heading');
    expect((await admin.get('/site/incidents/INC-1/review')).text).toContain(
      'Published at <a href="http://localhost:3000/blog/',
    );
    await admin.post('/site/incidents/INC-1/write-up', { _csrf: admin.csrf, intent: 'unpublish' }, 303);
    expect((await admin.get('/site/incidents/INC-1/review')).text).toContain('A draft, not published.');
  });

  it('signs out: the session no longer opens pages', async () => {
    const browser = new Browser(app);
    await browser.signInWith(await app.get(SiteSessions).createSignInLink());
    await browser.get('/site/incidents');
    const cookie = browser.cookie;
    await browser.post('/site/sign-out', { _csrf: browser.csrf }, 303);
    const replay = await request(app.getHttpServer()).get('/site/incidents').set('Cookie', cookie);
    expect(replay.status).toBe(303);
  });
});
