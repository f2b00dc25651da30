import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

const CALLERS = 6;

/** Realistic, distinct texts: each caller must get back the record made from its own. */
const texts = (what: string) =>
  Array.from(
    { length: CALLERS },
    (_, n) =>
      `${what} ${n + 1}: la réplica de París 🇫🇷 responde otra vez tras reiniciar el balanceador; seguimos midiendo la latencia.`,
  );

describe('answers of creating endpoints under concurrent callers', () => {
  const database = new TempDatabase();
  let app: INestApplication;
  const post = (path: string, body: object) =>
    request(app.getHttpServer()).post(path).set('Authorization', BEARER).send(body);

  beforeAll(async () => {
    app = await startGateway(database.url);
    await post('/api/v1/incidents', { title: 'Pagos con tarjeta fallan — Zoë investiga' }).expect(201);
    // Updates are published only once customers have a name for the incident.
    await request(app.getHttpServer())
      .patch('/api/v1/incidents/INC-1')
      .set('Authorization', BEARER)
      .send({ publicTitle: 'Pagos con tarjeta' })
      .expect(200);
    await post('/api/v1/components', { name: 'Réplica París' }).expect(201);
  });

  afterAll(async () => {
    await app?.close();
    database.remove();
  });

  /** Sends every body at once and returns the answers in the order the bodies were given. */
  async function allAtOnce(path: string, bodies: object[], status = 201) {
    const answers = await Promise.all(bodies.map((body) => post(path, body)));
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    return answers.map((answer) => answer.body as Record<string, unknown>);
  }

  const distinct = (values: unknown[]) => new Set(values).size;

  it('answers each declaration with its own incident', async () => {
    const titles = texts('Incidente').map((text) => text.slice(0, 60));
    const answers = await allAtOnce(
      '/api/v1/incidents',
      titles.map((title) => ({ title })),
    );
    expect(answers.map((answer) => answer['title'])).toEqual(titles);
    expect(distinct(answers.map((answer) => answer['ref']))).toBe(CALLERS);
  });

  it('answers each note, action, follow-up and public update with its own record', async () => {
    const notes = texts('Nota');
    const noted = await allAtOnce(
      '/api/v1/incidents/INC-1/timeline',
      notes.map((text) => ({ text })),
    );
    expect(noted.map((entry) => entry['text'])).toEqual(notes);

    const followups = texts('Seguimiento');
    const added = await allAtOnce(
      '/api/v1/incidents/INC-1/actions',
      followups.map((text, n) => ({ kind: 'followup', text, due: `2026-12-${String(n + 10)}` })),
    );
    expect(added.map((item) => item['text'])).toEqual(followups);
    expect(added.map((item) => item['dueAt'])).toEqual(
      followups.map((_, n) => `2026-12-${String(n + 10)}T23:59:59.000Z`),
    );
    expect(distinct(added.map((item) => item['id']))).toBe(CALLERS);

    const bodies = texts('Actualización');
    const published = await allAtOnce(
      '/api/v1/incidents/INC-1/updates',
      bodies.map((body) => ({ body })),
    );
    expect(published.map((update) => update['body'])).toEqual(bodies);
    expect(distinct(published.map((update) => update['id']))).toBe(CALLERS);
  });

  it('answers each scheduled update and each draft with its own, and each approval with its own update', async () => {
    const later = texts('Programada');
    const scheduled = await allAtOnce(
      '/api/v1/incidents/INC-1/scheduled-updates',
      later.map((body, n) => ({ body, in: `${n + 10}m` })),
    );
    expect(scheduled.map((each) => each['body'])).toEqual(later);
    const delays = scheduled.map((each) => Date.parse(String(each['publishAt'])));
    expect(delays.slice(1).every((at, n) => at > delays[n]!)).toBe(true);

    const proposals = texts('Borrador');
    const drafts = await allAtOnce(
      '/api/v1/incidents/INC-1/update-drafts',
      proposals.map((body) => ({ body })),
    );
    expect(drafts.map((draft) => draft['body'])).toEqual(proposals);

    const approved = await Promise.all(
      drafts.map((draft) =>
        request(app.getHttpServer())
          .post(`/api/v1/update-drafts/${String(draft['id'])}/approve`)
          .set('Authorization', BEARER)
          .expect(200),
      ),
    );
    expect(approved.map((answer) => answer.body.body)).toEqual(proposals);
  });

  it('answers a component change by id with that component', async () => {
    const [component] = (
      await request(app.getHttpServer()).get('/api/v1/components').set('Authorization', BEARER).expect(200)
    ).body as { id: string; name: string }[];
    const changed = await request(app.getHttpServer())
      .put(`/api/v1/components/${component!.id}/status`)
      .set('Authorization', BEARER)
      .send({ status: 'partial_outage', incident: 'INC-1' })
      .expect(200);
    expect(changed.body).toMatchObject({
      id: component!.id,
      name: 'Réplica París',
      status: 'partial_outage',
    });
  });
});
