import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentService } from '@firebreak/incident';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';
import { settle, STATUS_PAGE_TEST_URL, startStatusPage } from './support/status-page-app.js';

const INTERNAL_PIN = 'Bob pasted the prod DB password here: hunter2';

describe('a post-incident write-up published from the gateway, on the public status page', () => {
  const database = new TempDatabase();
  let gateway: INestApplication;
  let statusPage: INestApplication;
  const command = (text: string) =>
    request(gateway.getHttpServer())
      .post('/api/v1/commands')
      .set('Authorization', BEARER)
      .send({ text })
      .expect(200);
  const page = (path: string) => request(statusPage.getHttpServer()).get(path);

  beforeAll(async () => {
    gateway = await startGateway(database.url, { STATUS_PAGE_URL: `${STATUS_PAGE_TEST_URL}/` });
    statusPage = await startStatusPage(database.url);
    await command('declare Login failures');
    await command('public-title INC-1 --confirm');
    await command('lead INC-1');
    await gateway.get(IncidentService).execute(
      {
        kind: 'pin',
        ref: 'INC-1',
        message: {
          platform: 'discord',
          messageId: '99',
          link: 'https://discord.com/channels/1/2/99',
          author: { id: 'discord:2', displayName: 'Bob' },
          text: INTERNAL_PIN,
          postedAt: new Date(),
        },
      },
      { actor: { id: 'discord:3', displayName: 'Scribe Sam' }, location: null },
    );
    await command('update INC-1 We are investigating login failures.');
    await command('resolve INC-1');
    await command('review INC-1 summary Logins failed for 20 minutes.');
  });

  afterAll(async () => {
    await statusPage?.close();
    await gateway?.close();
    database.remove();
  });

  it('keeps a draft off the blog', async () => {
    const preview = await request(gateway.getHttpServer())
      .get('/api/v1/incidents/INC-1/write-up')
      .set('Authorization', BEARER)
      .expect(200);
    expect(preview.body.markdown).not.toContain('hunter2');
    await settle(statusPage);
    await page(`/blog/${preview.body.slug}`).expect(404);
  });

  it('shows only the public document, sanitized, once published', async () => {
    await request(gateway.getHttpServer())
      .put('/api/v1/incidents/INC-1/write-up')
      .set('Authorization', BEARER)
      .send({
        markdown:
          '## What happened\n\nLogins failed for 20 minutes.\n\n<script>alert(1)</script>\n\n<iframe src="https://evil.example"></iframe>\n\n[x](javascript:alert(2))',
      })
      .expect(200);
    const published = await command('publish INC-1 confirm');
    expect(published.body.message.text).toBe(`Published: ${STATUS_PAGE_TEST_URL}/blog/inc-1-login-failures`);
    await settle(statusPage);

    const post = await page('/blog/inc-1-login-failures').expect(200);
    expect(post.text).toContain('Logins failed for 20 minutes.');
    for (const leaked of [
      'hunter2',
      'Bob',
      'Scribe Sam',
      '<script>alert(1)',
      '<iframe',
      'javascript:alert',
    ]) {
      expect(post.text).not.toContain(leaked);
    }
    const incident = await page('/incidents/INC-1').expect(200);
    expect(incident.text).toContain('/blog/inc-1-login-failures');
    const feed = await page('/blog.rss').expect(200);
    expect(feed.text).toContain('inc-1-login-failures');
  });

  it('takes it down again when unpublished', async () => {
    await command('unpublish INC-1');
    await settle(statusPage);
    await page('/blog/inc-1-login-failures').expect(404);
  });
});
