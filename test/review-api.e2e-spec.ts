import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

describe('post-incident review through the HTTP API', () => {
  const database = new TempDatabase();
  let app: INestApplication;
  const command = (text: string) =>
    request(app.getHttpServer()).post('/api/v1/commands').set('Authorization', BEARER).send({ text });
  const get = (path: string) => request(app.getHttpServer()).get(path).set('Authorization', BEARER);
  const put = (path: string) => request(app.getHttpServer()).put(path).set('Authorization', BEARER);

  beforeAll(async () => {
    app = await startGateway(database.url);
    await command('declare Search is slow').expect(200);
    await command('summary INC-1 Search latency rose to 8 s').expect(200);
    await command('action INC-1 Scaled the search cluster').expect(200);
    await command('followup INC-1 Load-test search before releases').expect(200);
  });

  afterAll(async () => {
    await app?.close();
    database.remove();
  });

  it('has no review while the incident is active', async () => {
    const response = await get('/api/v1/incidents/INC-1/review').expect(404);
    expect(response.body.detail).toBe(
      'INC-1 has no review yet: it is drafted when the incident is resolved.',
    );
  });

  it('drafts the review on resolve and serves it as a Markdown download', async () => {
    await command('resolve INC-1').expect(200);
    const response = await get('/api/v1/incidents/INC-1/review.md').expect(200);
    expect(response.headers['content-type']).toContain('text/markdown');
    expect(response.headers['content-disposition']).toBe('attachment; filename="INC-1-review.md"');
    expect(response.text).toContain('## Timeline');
    expect(response.text).toContain('Action: Scaled the search cluster');
    expect(response.text).toContain('- [ ] #2 Load-test search before releases');
  });

  it('edits sections from commands and refuses a stale replacement with a clear message', async () => {
    await command('review INC-1 rca The index lost its warm cache after a deploy').expect(200);
    const current = await get('/api/v1/incidents/INC-1/review').expect(200);
    expect(current.body.revision).toBe(2);
    const replaced = await put('/api/v1/incidents/INC-1/review')
      .send({ markdown: `${current.body.markdown}\nExtra note`, revision: 2 })
      .expect(200);
    expect(replaced.body.revision).toBe(3);
    const stale = await put('/api/v1/incidents/INC-1/review')
      .send({ markdown: '# Lost edit', revision: 2 })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'conflict', field: 'revision' });
    expect(stale.body.detail).toContain('is at revision 3, not 2');
    const revisions = await get('/api/v1/incidents/INC-1/review/revisions').expect(200);
    expect(revisions.body.map((revision: { revision: number }) => revision.revision)).toEqual([1, 2, 3]);
  });

  it('validates the replacement body', async () => {
    const response = await put('/api/v1/incidents/INC-1/review').send({ markdown: '' }).expect(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'markdown',
      'revision',
    ]);
  });

  it('keeps the incident resolved until the review is done and follow-ups are closed, or overridden', async () => {
    const refused = await command('close INC-1').expect(409);
    expect(refused.body.detail).toBe(
      'INC-1 stays resolved: its post-incident review is still a draft (finish it with `review done`) and 1 follow-up is still open (#2). To close anyway: `close --override <reason>`.',
    );
    await command('review INC-1 done').expect(200);
    const closed = await command('close INC-1 --override load test booked for next sprint').expect(200);
    expect(closed.body.incident.status).toBe('closed');
  });
});
